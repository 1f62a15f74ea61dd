"""`statusgen notify`: one message per change, to real receivers on 127.0.0.1.

An HTTP server stands in for Slack, Discord, Teams and a signed webhook; aiosmtpd stands
in for the mail server. The site on disk changes between runs as an author's would.
"""

from __future__ import annotations

import base64
import email.utils
import errno
import hashlib
import html
import json
import os
import re
import shutil
import signal
import socket
import string
import subprocess
import sys
import threading
import time
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from lockholder import held_elsewhere
from notifyhelpers import (
    COMPONENTS,
    SECRET,
    Gate,
    Site,
    free_port,
    http_receiver,
    self_signed_certificate,
    smtp_server,
)
from probeservers import HTTP_MONITOR, http_server
from sitefiles import pin_clock, statusgen_refused_writes

import statusgen
from statusgen import folderlock, write
from statusgen.authoring import save
from statusgen.authoring.edit import message_text
from statusgen.cli import cli
from statusgen.errors import StatusgenError
from statusgen.folderlock import folder_lock
from statusgen.ingest.rules import escape_markdown
from statusgen.notify import messages
from statusgen.notify import run as notify_run
from statusgen.notify.changes import LEFT_KEPT_FOR, Affected, Change
from statusgen.notify.deliver import Transient, attempt, post_json
from statusgen.notify.report import summary as notify_summary
from statusgen.notify.run import HELD, NextState, notify
from statusgen.render.api import api_id
from statusgen.render.markdown import render_markdown, unescape_markdown

FIXTURES = Path(__file__).parent / "fixtures" / "notify"
LIMITS = json.loads((FIXTURES / "limits.json").read_text())
WEBHOOK_KEYS = json.loads((FIXTURES / "statuspage-webhook-keys.json").read_text())
NOW = datetime(2026, 11, 22, 18, 0, tzinfo=timezone.utc)

HTTP_CHANNELS = """\
notify:
  retries: 2
  timeout: 2
  channels:
    - type: slack
      url_env: SLACK_URL
    - type: discord
      url_env: DISCORD_URL
    - type: teams
      url_env: TEAMS_URL
    - type: webhook
      url_env: HOOK_URL
      secret_env: HOOK_SECRET
"""

HOSTILE_TITLE = 'Pay @everyone <!channel> @here "}]} \u202eevil \\u0000 </script>'
HOSTILE_MESSAGE = (
    "@everyone <!channel> <!here> <@U123> [phish](https://evil.example) ```\n"
    '"},{"type":"section"}]} \u202e <script>alert(1)</script>\n'
    "**bold** ~~x~~ # heading\n> quote"
)


def run(site: Site, moment: datetime = NOW) -> Any:
    return notify(site.root, now=moment, backoff=0.01)


def open_after_baseline(site: Site, **incident: Any) -> Any:
    """The result of a run after a first (recording) run and one new incident."""
    run(site)
    values: dict[str, Any] = {"components": "api: operational", **incident}
    site.incident(
        "x", "Down", "investigating", [("investigating", "2026-11-22 17:50", "x")], **values
    )
    return run(site)


@pytest.fixture
def receiver(monkeypatch: pytest.MonkeyPatch) -> Any:
    with http_receiver() as server:
        for name, path in (
            ("SLACK_URL", "slack"),
            ("DISCORD_URL", "discord"),
            ("TEAMS_URL", "teams"),
            ("HOOK_URL", "signed"),
        ):
            monkeypatch.setenv(name, server.url(path))
        monkeypatch.setenv("HOOK_SECRET", SECRET)
        yield server


def bodies(receiver: Any, path: str) -> list[dict[str, Any]]:
    return [json.loads(hit.body) for hit in receiver.delivered(path)]


def incident_bodies(receiver: Any) -> list[dict[str, Any]]:
    """The webhook's bodies of messages about an incident or a window, in order."""
    return [b for b in bodies(receiver, "signed") if "incident" in b]


def events(receiver: Any) -> list[str]:
    return [hit.headers["X-Statusgen-Event"] for hit in receiver.delivered("signed")]


# --- what is told, once ---------------------------------------------------------------


def test_first_run_records_the_present_and_a_second_sends_nothing(
    tmp_path: Path, receiver: Any
) -> None:
    site = Site(tmp_path, HTTP_CHANNELS)
    site.incident(
        "old", "Old trouble", "investigating", [("investigating", "2026-11-22 10:00", "x")]
    )
    first = run(site)
    assert first.baseline
    assert [] == receiver.hits
    site.incident(
        "new",
        "Checkout failing",
        "investigating",
        [("investigating", "2026-11-22 17:50", "Errors.")],
    )
    second = run(site)
    assert ["incident_opened"] == [c.kind for c in second.changes]
    for path in ("slack", "discord", "teams", "signed"):
        assert 1 == len(receiver.delivered(path)), path
    third = run(site)
    assert [] == third.changes
    assert 4 == len(receiver.hits)  # nothing more: the same state tells nothing twice


def test_every_kind_of_change_in_the_order_it_happened(tmp_path: Path, receiver: Any) -> None:
    site = Site(
        tmp_path,
        HTTP_CHANNELS.replace("    - type: slack", "    - type: slack\n      changes: [incident]"),
    )
    story = [("investigating", "2026-11-22 10:00", "Slow.")]

    def database(state: str, *updates: tuple[str, str, str]) -> None:
        story.extend(updates)
        site.incident("db", "Database slow", state, story, components="api: degraded_performance")

    run(site, NOW - timedelta(days=2))
    database("investigating")
    site.maintenance(
        "upgrade",
        "2026-11-22 20:00",
        "2026-11-22 22:00",
        [("scheduled", "2026-11-22 10:05", "Soon.")],
    )
    run(site, NOW)
    database(
        "resolved",
        ("identified", "2026-11-22 18:10", "Found it."),
        ("resolved", "2026-11-22 18:20", "Fixed."),
    )
    run(site, NOW + timedelta(minutes=30))
    run(site, NOW + timedelta(hours=2, minutes=30))  # the window opened at 20:00
    database("postmortem", ("postmortem", "2026-11-22 21:00", "What happened."))
    run(site, NOW + timedelta(hours=5))  # and closed at 22:00
    # The API went degraded with the incident at 10:00: its change comes before the
    # window announced at 10:05, which changed nothing of it.
    assert [
        "incident_opened",
        "component_changed",
        "maintenance_scheduled",
        "incident_updated",
        "incident_resolved",
        "component_changed",
        "maintenance_started",
        "component_changed",
        "postmortem_published",
        "maintenance_completed",
        "component_changed",
    ] == events(receiver)
    # The Slack channel asked for incidents only.
    assert ["Incident opened", "Incident update", "Incident resolved", "Postmortem published"] == [
        b["text"].split(":")[0] for b in bodies(receiver, "slack")
    ]


def test_incidents_opened_in_one_minute_are_told_in_the_order_they_were_opened(
    tmp_path: Path, receiver: Any
) -> None:
    """Four incidents opened within one minute (one alert storm) went out newest file
    first, "Burst 4" to "Burst 1", as the history lists them; a channel reads them as
    they were opened: by their first update, then by file name."""
    site = Site(tmp_path, HTTP_CHANNELS)
    run(site)
    for number in (3, 1, 4, 2):
        site.incident(
            f"2026-11-22-burst-{number}",
            f"Burst {number}",
            "investigating",
            [("investigating", "2026-11-22 17:50", "Errors.")],
        )

    told = run(site)

    opened = ["Burst 1", "Burst 2", "Burst 3", "Burst 4"]
    assert opened == [c.title for c in told.changes if c.kind == "incident_opened"]
    assert opened == [b["incident"]["name"] for b in bodies(receiver, "signed") if "incident" in b]


def test_channels_are_limited_to_components_and_kinds(tmp_path: Path, receiver: Any) -> None:
    site = Site(
        tmp_path,
        """\
notify:
  channels:
    - type: webhook
      name: web-only
      url_env: HOOK_URL
      secret_env: HOOK_SECRET
      components: [web]
    - type: slack
      url_env: SLACK_URL
      changes: [component_changed, maintenance_started]
""",
    )
    run(site)
    site.incident("a", "API down", "investigating", [("investigating", "2026-11-22 17:50", "x")])
    site.incident(
        "b",
        "Site slow",
        "investigating",
        [("investigating", "2026-11-22 17:55", "y")],
        components="web: degraded_performance",
    )
    run(site)
    hooks = bodies(receiver, "signed")
    assert [("incident_opened", "Site slow"), ("component_changed", "Website")] == [
        (b["meta"]["event"], b.get("incident", b.get("component", {})).get("name")) for b in hooks
    ]
    assert ["Status changed: API", "Status changed: Website"] == [
        b["blocks"][0]["text"]["text"] for b in bodies(receiver, "slack")
    ]


def test_a_backfilled_old_incident_is_not_news(tmp_path: Path, receiver: Any) -> None:
    site = Site(tmp_path, HTTP_CHANNELS)
    run(site)
    site.incident(
        "last-month",
        "Old",
        "resolved",
        [("investigating", "2026-10-01 10:00", "a"), ("resolved", "2026-10-01 11:00", "b")],
    )
    site.incident(
        "short",
        "Short blip",
        "resolved",
        [("investigating", "2026-11-22 17:00", "a"), ("resolved", "2026-11-22 17:20", "b")],
    )
    run(site)
    assert ["incident_resolved"] == events(receiver)
    assert "Short blip" == bodies(receiver, "signed")[0]["incident"]["name"]


BACKFILLED = [
    ("investigating", "2026-01-14 22:30", "We are investigating errors from the database."),
    ("resolved", "2026-01-15 02:15", "The database is back."),
]
YEAR_ON = datetime(2026, 12, 1, 12, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    "edited",
    [
        pytest.param(
            [BACKFILLED[0], ("resolved", "2026-01-15 03:15", "Back.")], id="resolved-moved"
        ),
        pytest.param(
            [BACKFILLED[0], ("identified", "2026-01-15 01:00", "A full disk."), BACKFILLED[1]],
            id="update-added",
        ),
        pytest.param(
            [("investigating", "2026-01-14 22:10", "Investigating."), BACKFILLED[1]],
            id="opening-moved",
        ),
    ],
)
def test_an_old_incident_edited_before_its_resolution_is_not_news(
    tmp_path: Path, receiver: Any, edited: list[tuple[str, str, str]]
) -> None:
    """docs/notifications.md: a year of history entered by hand is not news. An incident
    recorded resolved 11 months ago, its timeline completed since, was told as updated
    ("We are investigating…", status Resolved) or resolved again to every channel."""
    site = Site(tmp_path, HTTP_CHANNELS)
    site.incident("2026-01-14-db", "Database down", "resolved", BACKFILLED)
    assert run(site, YEAR_ON).baseline
    site.incident("2026-01-14-db", "Database down", "resolved", edited)

    assert [] == run(site, YEAR_ON + timedelta(minutes=20)).changes
    assert [] == run(site, YEAR_ON + timedelta(minutes=40)).changes  # recorded as told
    assert [] == receiver.hits


@pytest.mark.parametrize(
    ("edited", "told"),
    [
        pytest.param(
            [*BACKFILLED, ("investigating", "2026-12-01 12:10", "It is down again.")],
            ["incident_updated"],
            id="reopened",
        ),
        pytest.param(BACKFILLED[:1], ["incident_updated"], id="resolution-removed"),
        pytest.param(
            [*BACKFILLED, ("postmortem", "2026-01-20 09:00", "What happened.")],
            ["postmortem_published"],
            id="postmortem-added",
        ),
        pytest.param(
            [
                BACKFILLED[0],
                ("identified", "2026-01-15 01:00", "A full disk."),
                BACKFILLED[1],
                ("postmortem", "2026-01-20 09:00", "What happened."),
            ],
            ["postmortem_published"],
            id="postmortem-and-backfill-added",
        ),
    ],
)
def test_news_of_an_old_incident_is_still_news(
    tmp_path: Path, receiver: Any, edited: list[tuple[str, str, str]], told: list[str]
) -> None:
    site = Site(tmp_path, HTTP_CHANNELS)
    site.incident("2026-01-14-db", "Database down", "resolved", BACKFILLED)
    run(site, YEAR_ON)
    state = "postmortem" if told == ["postmortem_published"] else "investigating"
    site.incident("2026-01-14-db", "Database down", state, edited)

    result = run(site, YEAR_ON + timedelta(minutes=20))
    assert told == [c.kind for c in result.changes if c.kind != "component_changed"]


RESOLVED_DAYS_AGO = [
    ("investigating", "2026-12-01 12:00", "The API is down."),
    ("resolved", "2026-12-01 14:00", "The API is back."),
]
TWO_DAYS_ON = datetime(2026, 12, 3, 12, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("resolution", "dry"),
    [
        pytest.param("2026-12-01 14:00", True, id="dry-runs"),
        pytest.param("2026-12-01 14:40", True, id="resolution-moved"),
        pytest.param("2026-12-01 14:00", False, id="recorded"),
    ],
)
def test_reopening_an_old_incident_tells_none_of_the_updates_written_before_its_end(
    tmp_path: Path, receiver: Any, resolution: str, dry: bool
) -> None:
    """docs/notifications.md: updates written by hand before an old resolution are no news.
    Reopened, an incident resolved two days before sent its hand-written `Monitoring`
    update ("Posted: Dec 1, 2026, 13:30 UTC") with the reopening, and its resolution moved
    since as "Incident resolved" again, to every channel."""
    site = Site(tmp_path, HTTP_CHANNELS)
    site.incident("2026-12-01-api", "API down", "resolved", RESOLVED_DAYS_AGO)
    assert run(site, TWO_DAYS_ON).baseline
    backfilled = [
        RESOLVED_DAYS_AGO[0],
        ("monitoring", "2026-12-01 13:30", "A fix is rolling out."),
        ("resolved", resolution, "The API is back."),
    ]
    site.incident("2026-12-01-api", "API down", "resolved", backfilled)
    assert [] == notify(site.root, now=TWO_DAYS_ON, dry_run=dry, backoff=0.01).changes
    reopening = ("investigating", "2026-12-03 12:10", "It is back.")
    site.incident("2026-12-01-api", "API down", "investigating", [*backfilled, reopening])

    result = notify(site.root, now=TWO_DAYS_ON + timedelta(minutes=10), dry_run=True)
    assert [("incident_updated", "It is back.")] == [
        (c.kind, c.message) for c in result.changes if c.kind != "component_changed"
    ]


def test_an_old_window_given_its_updates_by_hand_is_not_news(tmp_path: Path, receiver: Any) -> None:
    """A February window recorded with its announcement alone, its work written down in
    December, was told as two `maintenance_updated` messages."""
    site = Site(tmp_path, HTTP_CHANNELS)
    plan = ("scheduled", "2026-02-13 10:00", "We will patch the database.")
    site.maintenance("2026-02-20-patch", "2026-02-20 02:00", "2026-02-20 04:00", [plan])
    assert run(site, YEAR_ON).baseline
    work = [
        ("in progress", "2026-02-20 02:00", "Patching."),
        ("completed", "2026-02-20 03:30", "Done."),
    ]
    site.maintenance("2026-02-20-patch", "2026-02-20 02:00", "2026-02-20 04:00", [plan, *work])

    assert [] == run(site, YEAR_ON + timedelta(minutes=20)).changes
    assert [] == run(site, YEAR_ON + timedelta(minutes=40)).changes
    assert [] == receiver.hits


def test_a_window_ended_within_a_day_given_its_updates_is_still_news(
    tmp_path: Path, receiver: Any
) -> None:
    site = Site(tmp_path, HTTP_CHANNELS)
    plan = ("scheduled", "2026-11-30 10:00", "We will patch the database.")
    site.maintenance("2026-12-01-patch", "2026-12-01 02:00", "2026-12-01 04:00", [plan])
    run(site, YEAR_ON)
    work = [("in progress", "2026-12-01 02:00", "Patching.")]
    site.maintenance("2026-12-01-patch", "2026-12-01 02:00", "2026-12-01 04:00", [plan, *work])

    assert ["maintenance_updated"] == [
        c.kind for c in run(site, YEAR_ON + timedelta(minutes=20)).changes
    ]


def test_an_incident_first_seen_with_its_postmortem_is_told_resolved_then_the_postmortem(
    tmp_path: Path, receiver: Any
) -> None:
    """docs/notifications.md: an incident first seen when it is already over is told as
    resolved. One published with its postmortem already written was told only as
    postmortem_published, which a channel hearing of resolutions never hears."""
    site = Site(tmp_path, HTTP_CHANNELS)
    run(site)
    site.incident(
        "blip",
        "Short blip",
        "postmortem",
        [
            ("investigating", "2026-11-22 16:00", "Down."),
            ("resolved", "2026-11-22 16:30", "Fixed."),
            ("postmortem", "2026-11-22 17:00", "What happened."),
        ],
    )
    run(site)
    assert ["incident_resolved", "postmortem_published"] == events(receiver)
    run(site, NOW + timedelta(minutes=5))
    assert 2 == len(events(receiver))


@pytest.mark.parametrize("seen_open", [False, True], ids=["first-seen-over", "seen-open"])
def test_an_incident_ended_by_its_postmortem_is_told_resolved_then_the_postmortem(
    tmp_path: Path, receiver: Any, seen_open: bool
) -> None:
    """Closed by `update --status postmortem` with no `resolve`: first seen over, it was told
    once as incident_resolved saying `postmortem`; seen open, only as postmortem_published,
    which a channel hearing of resolutions never hears. Either way it is told as `resolve`
    then a postmortem are: resolved, then the postmortem."""
    site = Site(tmp_path, HTTP_CHANNELS)
    run(site, NOW - timedelta(hours=1))
    opening = [("investigating", "2026-11-22 16:00", "Down.")]
    if seen_open:
        site.incident("blip", "Short blip", "investigating", opening)
        run(site, NOW - timedelta(minutes=30))
    seen = len(incident_bodies(receiver))
    site.incident(
        "blip",
        "Short blip",
        "postmortem",
        [*opening, ("postmortem", "2026-11-22 17:00", "What happened.")],
    )

    run(site)

    told = [
        (body["meta"]["event"], body["incident"]["status"]) for body in incident_bodies(receiver)
    ]
    assert [("incident_resolved", "resolved"), ("postmortem_published", "postmortem")] == told[
        seen:
    ]
    run(site, NOW + timedelta(minutes=5))
    assert seen + 2 == len(incident_bodies(receiver))


def test_an_incident_first_seen_resolved_after_its_postmortem_is_told_as_the_page_shows_it(
    tmp_path: Path, receiver: Any
) -> None:
    """A postmortem followed by a resolution (a correction) was told as incident_resolved
    with the postmortem's body, and the resolution never: each is told by its own kind, the
    one the page shows last."""
    site = Site(tmp_path, HTTP_CHANNELS)
    run(site)
    site.incident(
        "blip",
        "Short blip",
        "resolved",
        [
            ("investigating", "2026-11-22 16:00", "Down."),
            ("postmortem", "2026-11-22 16:30", "Postmortem: root cause."),
            ("resolved", "2026-11-22 16:35", "Correction: resolved."),
        ],
    )
    run(site)
    assert ["postmortem_published", "incident_resolved"] == events(receiver)
    told = [body["incident"] for body in bodies(receiver, "signed")]
    assert [("postmortem", "Postmortem: root cause."), ("resolved", "Correction: resolved.")] == [
        (incident["status"], incident["incident_updates"][0]["body"]) for incident in told
    ]


WEBHOOK_TOO = """\
    - type: webhook
      url_env: HOOK_URL
      secret_env: HOOK_SECRET
"""


def test_an_update_written_down_late_leaves_its_readers_at_the_state_the_page_shows(
    tmp_path: Path, receiver: Any
) -> None:
    """An update forgotten, then written in its place in time after the resolution was
    told, was sent last saying the incident as of itself (monitoring, the API down): a
    receiver reopened it, and nothing closed it again."""
    with smtp_server() as box:
        site = Site(tmp_path, email_channel(box.port, "none", WEBHOOK_TOO))
        run(site, NOW - timedelta(hours=1))
        told = [
            ("investigating", "2026-11-22 17:10", "Down."),
            ("resolved", "2026-11-22 17:30", "Fixed."),
        ]
        site.incident("login", "Login failures", "resolved", told)
        run(site, NOW - timedelta(minutes=20))
        assert ["incident_resolved"] == events(receiver)
        forgotten = ("monitoring", "2026-11-22 17:20", "A fix is out; watching.")
        site.incident("login", "Login failures", "resolved", [told[0], forgotten, told[1]])
        run(site)

    assert ["incident_resolved", "incident_updated"] == events(receiver)
    last = incident_bodies(receiver)[-1]
    incident = last["incident"]
    assert ("resolved", "none") == (incident["status"], last["page"]["status_indicator"])
    assert incident["resolved_at"] is not None
    assert [("API", "operational")] == [(c["name"], c["status"]) for c in incident["components"]]
    # The late update is there, in its place among the others.
    assert ["Fixed.", "A fix is out; watching.", "Down."] == [
        u["body"] for u in incident["incident_updates"]
    ]
    mail = box.messages[-1][2].get_body(("plain",)).get_content()
    assert "Status: Resolved" in mail
    assert "A fix is out; watching." in mail
    assert "Posted: Nov 22, 2026, 17:20 UTC" in mail


def test_a_window_s_update_written_down_after_its_end_leaves_it_completed(
    tmp_path: Path, receiver: Any
) -> None:
    """An update made during the work, written down once the window was told completed,
    was sent last saying the window in progress and its components under maintenance."""
    site = Site(tmp_path, HTTP_CHANNELS)
    run(site, NOW - timedelta(hours=4))
    plan = ("scheduled", "2026-11-22 14:00", "We will upgrade the database.")
    site.maintenance("db", "2026-11-22 16:00", "2026-11-22 17:00", [plan])
    for minutes in (170, 110, 50):  # announced, started, completed
        run(site, NOW - timedelta(minutes=minutes))
    assert ["maintenance_scheduled", "maintenance_started", "maintenance_completed"] == [
        b["meta"]["event"] for b in incident_bodies(receiver)
    ]
    late = ("in progress", "2026-11-22 16:30", "Half way; on track.")
    site.maintenance("db", "2026-11-22 16:00", "2026-11-22 17:00", [plan, late])
    run(site)

    last = incident_bodies(receiver)[-1]
    assert "maintenance_updated" == last["meta"]["event"]
    window = last["incident"]
    assert ("completed", "none") == (window["status"], last["page"]["status_indicator"])
    assert [("API", "operational")] == [(c["name"], c["status"]) for c in window["components"]]
    assert "Half way; on track." in [u["body"] for u in window["incident_updates"]]


def test_an_update_dated_ahead_is_told_when_the_page_shows_it(
    tmp_path: Path, receiver: Any
) -> None:
    """An update written ahead of time (a resolution prepared at 18:30) is not on the page
    before 18:30: it is not told before either, and is told once it is."""
    site = Site(tmp_path, HTTP_CHANNELS)
    run(site)
    site.incident(
        "db",
        "Database slow",
        "resolved",
        [("investigating", "2026-11-22 17:50", "Slow."), ("resolved", "2026-11-22 18:30", "Ok.")],
    )
    run(site)
    assert ["incident_opened", "component_changed"] == events(receiver)
    run(site, NOW + timedelta(hours=1))
    assert ["incident_resolved", "component_changed"] == events(receiver)[2:]


def test_a_run_behind_the_state_s_clock_tells_nothing_again(tmp_path: Path, receiver: Any) -> None:
    """An older CI job re-run with a newer state restored: its clock is behind the state's.
    Its readers were told everything up to the later moment; going back would tell them
    again (a window "scheduled" after it was "started")."""
    site = Site(tmp_path, HTTP_CHANNELS)
    site.maintenance("db", "2026-11-22 20:00", "2026-11-22 21:00", [])
    state = site.root / ".statusgen-notify.json"

    def at(clock: str, *options: str) -> Any:
        args = ["-C", str(site.root), "notify", "--now", f"2026-11-22T{clock}:00Z", *options]
        return CliRunner().invoke(cli, args)

    at("17:00")
    site.maintenance("upgrade", "2026-11-22 19:00", "2026-11-22 20:00", [])
    at("18:00")
    at("19:30")
    told = events(receiver)
    assert ["maintenance_scheduled", "maintenance_started", "component_changed"] == told
    kept = state.read_bytes()

    for options in [(), ("--dry-run",)]:
        replay = at("18:30", *options)
        assert (0, "") == (replay.exit_code, replay.stdout), replay.output
        line = replay.stderr
        assert 1 == line.count("\n") and line.endswith("\n")
        assert "2026-11-22T19:30:00+00:00" in line and "2026-11-22T18:30:00+00:00" in line
        assert "run with --now 2026-11-22T19:30:00+00:00 or later" in line
    assert told == events(receiver)
    assert kept == state.read_bytes()
    at("19:40")
    assert told == events(receiver)  # the window started at 19:00 was told once


def test_a_now_far_ahead_of_the_clock_is_told_at_once(
    tmp_path: Path, receiver: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A year mistyped in --now: saved, its time holds back every later run, real outages
    too, until that date. The run says so while the typo can still be set right; a dry run,
    which remembers nothing, and a minute of another clock's drift say nothing."""
    monkeypatch.setattr("statusgen.cli.wall_clock", lambda: NOW)
    site = Site(tmp_path, HTTP_CHANNELS)
    run(site, NOW - timedelta(hours=1))
    typo = notify_cli(site, now="2027-11-22T18:00:00Z")
    assert 0 == typo.exit_code, typo.output
    assert "ahead of this machine's clock" in typo.stderr, typo.stderr
    assert "2027-11-22T18:00:00+00:00" in typo.stderr
    dry = notify_cli(site, "--dry-run", now="2027-11-22T19:00:00Z")
    assert "ahead of this machine's clock" not in dry.stderr, dry.stderr
    drift = notify_cli(site, now="2027-11-22T19:04:00Z")
    assert "ahead of this machine's clock" in drift.stderr  # still a year ahead
    monkeypatch.setattr(
        "statusgen.cli.wall_clock", lambda: datetime(2027, 11, 22, 19, 1, tzinfo=timezone.utc)
    )
    assert "ahead of" not in notify_cli(site, now="2027-11-22T19:05:00Z").stderr


def test_a_state_written_ahead_says_how_to_recover(tmp_path: Path, receiver: Any) -> None:
    # A state saved by a run from the future (an earlier release, or an edit): the line
    # says how to set it right, not only to wait or give a later --now.
    site = Site(tmp_path, HTTP_CHANNELS)
    state = site.root / ".statusgen-notify.json"
    run(site, NOW + timedelta(days=365))
    replay = notify_cli(site)
    assert 0 == replay.exit_code, replay.output
    assert "notified_at" in replay.stderr and "delete" in replay.stderr, replay.stderr
    assert state.exists()


def test_a_run_on_an_older_checkout_tells_nothing_and_keeps_the_state(
    tmp_path: Path, receiver: Any
) -> None:
    """An older commit's deploy re-run after a newer one told more: its clock is fresh, so
    only its files show it is behind. It told the outage over as begun again ("operational
    → major_outage"), saved that, and the next deploy told the resolution a second time."""
    site = Site(tmp_path, HTTP_CHANNELS)
    state = site.root / ".statusgen-notify.json"
    opened = [("investigating", "2026-11-22 17:50", "Down.")]
    resolved = [*opened, ("resolved", "2026-11-22 18:10", "Fixed.")]
    run(site, NOW - timedelta(hours=1))
    site.incident("x", "API down", "investigating", opened)
    run(site, NOW)
    site.incident("x", "API down", "resolved", resolved)
    run(site, NOW + timedelta(minutes=30))
    told = events(receiver)
    assert [
        "incident_opened",
        "component_changed",
        "incident_resolved",
        "component_changed",
    ] == told
    kept = state.read_bytes()

    site.incident("x", "API down", "investigating", opened)  # the older commit's file
    for options in [(), ("--dry-run",)]:
        replay = notify_cli(site, *options, now="2026-11-22T19:00:00Z")
        assert (0, "") == (replay.exit_code, replay.stdout), replay.output
        assert "content/incidents/x.md" in replay.stderr
        assert "2026-11-22T18:10:00+00:00" in replay.stderr  # the newest update told
        assert "older than what was last told" in replay.stderr
    assert told == events(receiver)
    assert kept == state.read_bytes()

    site.incident("x", "API down", "resolved", resolved)  # the next deploy, from main
    assert [] == run(site, NOW + timedelta(hours=1, minutes=30)).changes
    assert told == events(receiver)


def test_an_update_removed_among_others_is_no_older_checkout(tmp_path: Path, receiver: Any) -> None:
    # A corrected story (an update taken out, or one added after the newest removed) is
    # the author's: told as usual, and never taken for an older commit.
    site = Site(tmp_path, HTTP_CHANNELS)
    first = ("investigating", "2026-11-22 17:50", "Down.")
    wrong = ("identified", "2026-11-22 17:55", "Wrong.")
    run(site, NOW - timedelta(hours=1))
    site.incident(
        "x", "API down", "identified", [first, wrong, ("identified", "2026-11-22 17:58", "Found.")]
    )
    run(site, NOW)
    site.incident(
        "x", "API down", "identified", [first, ("identified", "2026-11-22 17:58", "Found.")]
    )
    assert [] == run(site, NOW + timedelta(minutes=5)).changes
    site.incident(
        "x", "API down", "monitoring", [first, ("monitoring", "2026-11-22 18:10", "Fix out.")]
    )
    assert ["incident_updated"] == [c.kind for c in run(site, NOW + timedelta(minutes=15)).changes]


def test_a_newest_update_taken_back_never_holds_back_another_event_s_news(
    tmp_path: Path, receiver: Any
) -> None:
    # A premature "Resolved" taken out, and a new incident opened meanwhile: no older
    # commit holds an incident the state never told, so the new one is told, not held back.
    site = Site(tmp_path, HTTP_CHANNELS)
    opened = [("investigating", "2026-11-22 17:50", "Down.")]
    run(site, NOW - timedelta(hours=1))
    site.incident("x", "API down", "resolved", [*opened, ("resolved", "2026-11-22 17:55", "Ok.")])
    run(site, NOW)
    site.incident("x", "API down", "investigating", opened)
    site.incident("y", "Web down", "investigating", [("investigating", "2026-11-22 18:05", "Web.")])
    result = run(site, NOW + timedelta(minutes=10))
    assert not result.older
    assert "incident_opened" in [c.kind for c in result.changes]


def test_an_older_checkout_holding_an_incident_since_withdrawn_tells_nothing(
    tmp_path: Path, receiver: Any
) -> None:
    # The newer commit resolved one incident and withdrew another: the older checkout holds
    # the withdrawn one, which the state no longer records, but it is no news (dated before
    # the run that told the rest), so the run is still known for an older commit's.
    site = Site(tmp_path, HTTP_CHANNELS)
    opened = [("investigating", "2026-11-22 17:50", "Down.")]
    beta = [("investigating", "2026-11-22 17:52", "Web.")]
    run(site, NOW - timedelta(hours=1))
    site.incident("x", "API down", "investigating", opened)
    site.incident("y", "Web down", "investigating", beta)
    run(site, NOW)
    site.incident("x", "API down", "resolved", [*opened, ("resolved", "2026-11-22 18:10", "Ok.")])
    (site.root / "content" / "incidents" / "y.md").unlink()
    run(site, NOW + timedelta(minutes=30))
    told = events(receiver)
    site.incident("x", "API down", "investigating", opened)  # the older commit's files
    site.incident("y", "Web down", "investigating", beta)
    result = run(site, NOW + timedelta(hours=1))
    assert ["content/incidents/x.md"] == list(result.older)
    assert told == events(receiver)


def committed(root: Path, message: str) -> None:
    """Commit every file of the site in `root` (a repository made on the first call)."""
    identity = ["-c", "user.name=T", "-c", "user.email=t@example.org"]
    if not (root / ".git").exists():
        (root / ".gitignore").write_text(".statusgen-notify.json\n.statusgen-cache/\n")
        subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    for args in (["add", "-A"], ["commit", "-q", "--allow-empty", "-m", message]):
        subprocess.run(["git", *identity, *args], cwd=root, check=True, capture_output=True)


def test_an_older_commit_without_the_incident_tells_nothing_and_keeps_the_state(
    tmp_path: Path, receiver: Any
) -> None:
    """A deploy of a commit from before an incident, re-run after a newer one told it: its
    files lack the incident entirely, which looks like the incident withdrawn. The re-run
    told "major_outage → operational" during the outage, and the next deploy told it again."""
    site = Site(tmp_path, HTTP_CHANNELS)
    state = site.root / ".statusgen-notify.json"
    committed(site.root, "A")
    run(site, NOW - timedelta(hours=1))
    site.incident("x", "API down", "investigating", [("investigating", "2026-11-22 17:50", "x")])
    committed(site.root, "B")
    run(site)
    told = events(receiver)
    assert ["incident_opened", "component_changed"] == told
    kept = state.read_bytes()

    subprocess.run(["git", "checkout", "-q", "HEAD~1"], cwd=site.root, check=True)
    for options in [(), ("--dry-run",)]:
        replay = notify_cli(site, *options, now="2026-11-22T18:20:00Z")
        assert (0, "") == (replay.exit_code, replay.stdout), replay.output
        assert "older than" in replay.stderr, replay.stderr
    assert told == events(receiver)
    assert kept == state.read_bytes()

    subprocess.run(["git", "checkout", "-q", "-"], cwd=site.root, check=True)
    assert [] == run(site, NOW + timedelta(minutes=30)).changes
    # Withdrawn in a newer commit (a false alarm), the incident's end is told: over, and
    # its component recovered.
    (site.root / "content" / "incidents" / "x.md").unlink()
    committed(site.root, "C")
    assert ["incident_resolved", "component_changed"] == [
        c.kind for c in run(site, NOW + timedelta(hours=1)).changes
    ]


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=root, check=True, capture_output=True, text=True
    ).stdout.strip()


def test_a_commit_undone_by_a_reset_holds_back_nothing_once_no_branch_holds_it(
    tmp_path: Path, receiver: Any
) -> None:
    """A false alarm committed, told, then undone (`git reset --hard`, a force-push): the
    checkout is an ancestor of the commit told from, which no branch holds any more. It is
    no re-run of an older deploy, and every later run sent nothing, the outage's end too."""
    site = Site(tmp_path, HTTP_CHANNELS)
    committed(site.root, "A")
    run(site, NOW - timedelta(hours=1))
    site.incident("x", "API down", "investigating", [("investigating", "2026-11-22 17:50", "x")])
    committed(site.root, "T")
    run(site)
    told = git(site.root, "rev-parse", "HEAD")
    git(site.root, "reset", "-q", "--hard", "HEAD~1")
    # Not force-pushed yet: the remote's branch, as this clone last fetched it, still
    # holds the commit told from, and the run says which branch does.
    git(site.root, "update-ref", "refs/remotes/origin/main", told)
    held = notify_cli(site, now="2026-11-22T18:20:00Z")
    assert (0, "") == (held.exit_code, held.stdout), held.output
    assert "older than" in held.stderr and "origin/main" in held.stderr, held.stderr
    assert ["incident_opened", "component_changed"] == events(receiver)

    git(site.root, "update-ref", "-d", "refs/remotes/origin/main")  # force-pushed
    result = run(site, NOW + timedelta(minutes=30))
    assert result.older_commit is None
    assert ["incident_resolved", "component_changed"] == [c.kind for c in result.changes]
    recovery = bodies(receiver, "signed")[-1]["component_update"]
    assert ("major_outage", "operational") == (recovery["old_status"], recovery["new_status"])
    assert [] == run(site, NOW + timedelta(hours=1)).changes


@pytest.mark.parametrize("pruned", [False, True])
def test_a_commit_rewritten_away_holds_back_nothing_once_no_branch_holds_it(
    tmp_path: Path, receiver: Any, pruned: bool
) -> None:
    """An update committed, told, then dropped by rewriting history (`git rebase`, then a
    force-push): the checkout descends from a commit before it, not from the one told from.
    Every later run sent nothing, a new outage too, until someone wrote a new update."""
    site = Site(tmp_path, HTTP_CHANNELS)
    committed(site.root, "A")
    run(site, NOW - timedelta(hours=1))
    first = ("investigating", "2026-11-22 17:50", "x")
    site.incident("x", "API slow", "investigating", [first], "api: degraded_performance")
    committed(site.root, "B")
    run(site, NOW - timedelta(minutes=5))
    second = ("identified", "2026-11-22 17:55", "down")
    site.incident("x", "API slow", "identified", [first, second])
    committed(site.root, "C")
    (site.root / "content" / "components.yaml").write_text(COMPONENTS + "# tweak\n")
    committed(site.root, "D")
    run(site)
    told = events(receiver)
    git(site.root, "branch", "side")  # a deploy of a side branch: still held back
    git(
        site.root,
        "-c",
        "user.name=T",
        "-c",
        "user.email=t@example.org",
        "rebase",
        "-q",
        "--onto",
        "HEAD~2",
        "HEAD~1",
    )
    held = notify_cli(site, now="2026-11-22T18:20:00Z")
    assert (0, "") == (held.exit_code, held.stdout), held.output
    assert "older than" in held.stderr and "side still holds" in held.stderr, held.stderr
    assert told == events(receiver)

    git(site.root, "branch", "-q", "-D", "side")  # rewritten away: no branch holds it
    if pruned:  # nor is it in the repository any more, as in a fresh clone
        git(site.root, "reflog", "expire", "--expire=now", "--all")
        git(site.root, "gc", "-q", "--prune=now")
    result = run(site, NOW + timedelta(minutes=30))
    assert not result.older and result.older_commit is None
    assert ["component_changed"] == [c.kind for c in result.changes]
    change = bodies(receiver, "signed")[-1]["component_update"]
    assert ("major_outage", "degraded_performance") == (change["old_status"], change["new_status"])
    # A new outage committed later is told as ever.
    (site.root / "content" / "components.yaml").write_text(
        COMPONENTS.replace("name: Website", "name: Website\n  status: major_outage")
    )
    committed(site.root, "E")
    assert ["component_changed"] == [c.kind for c in run(site, NOW + timedelta(hours=1)).changes]


@pytest.mark.parametrize("single_branch", [False, True])
def test_a_side_branch_deployed_from_a_clone_lacking_the_commit_told_from_is_held_back(
    tmp_path: Path, receiver: Any, single_branch: bool
) -> None:
    """A deploy of an older side branch from a clone of that branch alone (`git clone
    --single-branch`) lacks the commit told from only because it never fetched it, not
    because history was rewritten: it told an outage over on main as begun again."""
    site = Site(tmp_path / "site", HTTP_CHANNELS)
    committed(site.root, "A")
    git(site.root, "branch", "-M", "main")
    run(site, NOW - timedelta(hours=1))
    first = ("investigating", "2026-11-22 17:50", "x")
    site.incident("x", "API down", "investigating", [first])
    committed(site.root, "B")
    git(site.root, "branch", "preview")
    run(site, NOW - timedelta(minutes=5))
    second = ("monitoring", "2026-11-22 17:55", "fixed")
    site.incident("x", "API down", "monitoring", [first, second], "api: operational")
    committed(site.root, "C")
    run(site)
    told = events(receiver)
    origin = tmp_path / "origin.git"
    git(tmp_path, "clone", "-q", "--bare", str(site.root), str(origin))
    only = ["--single-branch"] if single_branch else []
    ci = tmp_path / "ci"
    git(tmp_path, "clone", "-q", *only, "--branch", "preview", origin.as_uri(), str(ci))

    state = site.root / ".statusgen-notify.json"
    kept = state.read_bytes()
    result = notify(ci, now=NOW + timedelta(minutes=10), state_path=state, backoff=0.01)
    # Held back: by git in the full clone, by the files in the other (an update missing).
    assert result.older_commit or list(result.older) == ["content/incidents/x.md"]
    assert told == events(receiver)
    assert kept == state.read_bytes()


def test_a_branch_cut_before_an_incident_holds_back_while_a_branch_holds_the_commit_told(
    tmp_path: Path, receiver: Any
) -> None:
    """A hotfix branch cut before an incident, a window cherry-picked onto it: the incident's
    file is missing only because the branch predates it. Told over from there, it would be
    told open again back on main."""
    site = Site(tmp_path, HTTP_CHANNELS)
    committed(site.root, "A")
    git(site.root, "branch", "-M", "main")
    run(site, NOW - timedelta(hours=1))
    site.incident("x", "API down", "investigating", [("investigating", "2026-11-22 17:50", "x")])
    committed(site.root, "Open")
    site.maintenance("up", "2026-11-22 19:00", "2026-11-22 20:00", [])
    committed(site.root, "Window")
    run(site)
    told = events(receiver)
    state = site.root / ".statusgen-notify.json"
    kept = state.read_bytes()
    git(site.root, "checkout", "-q", "-b", "hotfix", "HEAD~2")
    git(site.root, "-c", "user.name=T", "-c", "user.email=t@example.org", "cherry-pick", "main")

    for options in [("--dry-run",), ()]:
        held = notify_cli(site, *options, now="2026-11-22T18:20:00Z")
        assert (0, "") == (held.exit_code, held.stdout), held.output
        assert "content/incidents/x.md (told up to" in held.stderr, held.stderr
        assert "main still holds" in held.stderr, held.stderr
    assert told == events(receiver)
    assert kept == state.read_bytes()

    # Deleted on a branch cut after it (a false alarm), it is the author's: told over.
    git(site.root, "checkout", "-q", "-b", "withdrawn", "main~1")
    git(site.root, "-c", "user.name=T", "-c", "user.email=t@example.org", "cherry-pick", "main")
    (site.root / "content" / "incidents" / "x.md").unlink()
    committed(site.root, "False alarm")
    result = run(site, NOW + timedelta(minutes=30))
    assert not result.older and result.older_commit is None
    assert "incident_resolved" in [c.kind for c in result.changes]


def test_an_update_whose_time_was_corrected_earlier_holds_back_no_news(
    tmp_path: Path, receiver: Any
) -> None:
    # The newest update's time corrected from 17:50 to 17:45: the file lacks a key the
    # state told, but holds as many updates as were told, so it is no older checkout.
    site = Site(tmp_path, HTTP_CHANNELS)
    run(site, NOW - timedelta(hours=1))
    site.incident("x", "API slow", "investigating", [("investigating", "2026-11-22 17:50", "x")])
    site.maintenance("up", "2026-11-22 19:00", "2026-11-22 20:00", [])
    run(site)
    site.incident("x", "API slow", "investigating", [("investigating", "2026-11-22 17:45", "x")])
    result = run(site, NOW + timedelta(hours=1, minutes=5))
    assert not result.older
    assert "maintenance_started" in [c.kind for c in result.changes]


# --- what the monitors measure ----------------------------------------------------------


def probe(site: Site) -> None:
    done = CliRunner().invoke(cli, ["-C", str(site.root), "probe"])
    assert 0 == done.exit_code, done.output


def clock() -> datetime:
    """The machine's clock: probes record their runs at it, and stale runs count for nothing."""
    return datetime.now(timezone.utc)


def test_an_outage_the_monitors_measure_is_told_once_and_so_is_its_recovery(
    tmp_path: Path, receiver: Any
) -> None:
    site = Site(tmp_path, HTTP_CHANNELS)
    with http_server() as api:
        api.mode = "failing"
        (site.root / "content" / "monitors.yaml").write_text(HTTP_MONITOR.format(port=api.port))
        assert run(site, clock()).baseline
        for _ in range(3):
            probe(site)
        down = run(site, clock())
        api.mode = "healthy"
        for _ in range(5):  # the last five runs all up: operational again
            probe(site)
        up = run(site, clock())
        again = run(site, clock())
    assert [["component_changed"], ["component_changed"], []] == [
        [c.kind for c in r.changes] for r in (down, up, again)
    ]
    # What the page shows (declared operational, measured down) is what the readers hear.
    outage, recovery = bodies(receiver, "signed")
    assert ("API", "major_outage") == (outage["component"]["name"], outage["component"]["status"])
    assert ("operational", "major_outage") == (
        outage["component_update"]["old_status"],
        outage["component_update"]["new_status"],
    )
    assert ("major_outage", "operational") == (
        recovery["component_update"]["old_status"],
        recovery["component_update"]["new_status"],
    )
    assert "operational" == recovery["component"]["status"]
    assert "none" != outage["page"]["status_indicator"]
    assert "none" == recovery["page"]["status_indicator"]
    # The chat messages say the checks measured it, nobody declared it.
    assert [
        ["Status: Operational → Major outage", "Checks: Major outage"],
        ["Status: Major outage → Operational", "Checks: Operational"],
    ] == [[f["text"] for f in b["blocks"][-2]["fields"]] for b in bodies(receiver, "slack")]
    assert [("Status", "Operational → Major outage"), ("Checks", "Major outage")] == [
        (f["name"], f["value"]) for f in bodies(receiver, "discord")[0]["embeds"][0]["fields"]
    ]


def test_checks_that_stop_leave_the_declared_status_and_say_so(
    tmp_path: Path, receiver: Any
) -> None:
    site = Site(tmp_path, HTTP_CHANNELS)
    with http_server() as api:
        api.mode = "failing"
        (site.root / "content" / "monitors.yaml").write_text(HTTP_MONITOR.format(port=api.port))
        run(site, clock())
        for _ in range(3):
            probe(site)
        run(site, clock())
    # No run for three intervals: the checks know nothing, the page shows what was declared.
    run(site, clock() + timedelta(hours=1))
    assert [
        ["Status: Operational → Major outage", "Checks: Major outage"],
        ["Status: Major outage → Operational", "Checks: Unknown"],
    ] == [[f["text"] for f in b["blocks"][-2]["fields"]] for b in bodies(receiver, "slack")]


def test_a_recovery_by_stale_checks_carries_the_page_status_after_it(
    tmp_path: Path, receiver: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A heartbeat down five times, then silent: three intervals after its last run it goes
    # stale, and the API is operational again. The webhook dated then must say the page
    # is, as api/v2 built for that moment does, not that it was still down.
    site = Site(tmp_path, WEBHOOK_ONLY)
    (site.root / "content" / "monitors.yaml").write_text(
        "- id: job\n  component: api\n  type: heartbeat\n  interval: 10\n"
    )
    run(site, datetime(2026, 12, 5, 8, 0, tzinfo=timezone.utc))
    pin_clock(monkeypatch, datetime(2026, 12, 5, 9, 20, tzinfo=timezone.utc))
    for minute in (0, 5, 10, 15, 20):
        at = f"2026-12-05T09:{minute:02d}:00Z"
        done = CliRunner().invoke(
            cli, ["-C", str(site.root), "record", "job", "--down", "--at", at]
        )
        assert 0 == done.exit_code, done.output
    run(site, datetime(2026, 12, 5, 9, 21, tzinfo=timezone.utc))
    run(site, datetime(2026, 12, 5, 10, 0, tzinfo=timezone.utc))
    told = [
        (
            b["component_update"]["old_status"],
            b["component_update"]["new_status"],
            b["component_update"]["created_at"],
            b["page"]["status_indicator"],
        )
        for b in bodies(receiver, "signed")
    ]
    assert [
        ("operational", "major_outage", "2026-12-05T09:00:00.000Z", "major"),
        ("major_outage", "operational", "2026-12-05T09:50:00.000Z", "none"),
    ] == told


def test_a_monitoring_update_lists_its_component_as_the_checks_measure_it_everywhere(
    tmp_path: Path, receiver: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Six failures opened the incident; three answers wrote `monitoring` with the API
    # operational, but two failures remain among the last five runs: Degraded performance,
    # as the webhook and api/v2 say. Every channel's "Affected" row must say it too.
    site = Site(tmp_path, HTTP_CHANNELS)
    (site.root / "content" / "monitors.yaml").write_text(
        HTTP_MONITOR.format(port=9) + "  interval: 1\n"
    )
    run(site, datetime(2026, 12, 5, 9, 0, tzinfo=timezone.utc))
    pin_clock(monkeypatch, datetime(2026, 12, 5, 9, 10, tzinfo=timezone.utc))
    for minute, result in enumerate("ddddddduuu"[1:]):
        at = f"2026-12-05T09:{minute:02d}:30Z"
        flag = "--up" if result == "u" else "--down"
        done = CliRunner().invoke(
            cli, ["-C", str(site.root), "record", "api-health", flag, "--at", at]
        )
        assert 0 == done.exit_code, done.output
    (site.root / "content" / "incidents" / "x.md").write_text(
        "---\ntitle: API is not responding\nstatus: monitoring\nimpact: critical\n"
        "components:\n  api: operational\n---\n"
        "## Investigating at 2026-12-05 09:05:40 +00:00\nComponents: api=major_outage\n\n"
        "Failing.\n\n"
        "## Monitoring at 2026-12-05 09:08:40 +00:00\nComponents: api=operational\n\n"
        "Answering again.\n"
    )
    result = run(site, datetime(2026, 12, 5, 9, 9, tzinfo=timezone.utc))
    # What the email's rows are made of, as every channel's.
    (update,) = [c for c in result.changes if c.kind == "incident_updated"]
    assert (Affected("API", "degraded_performance"),) == update.affected
    (hook,) = [b for b in incident_bodies(receiver) if b["meta"]["event"] == "incident_updated"]
    (told,) = hook["incident"]["incident_updates"][0]["affected_components"]
    assert "degraded_performance" == told["new_status"]
    (slack,) = [b for b in bodies(receiver, "slack") if "(Monitoring)" in b["text"]]
    slack_rows = [f["text"] for f in slack["blocks"][2]["fields"]]
    assert "Affected: API (Degraded performance)" in slack_rows
    discord = [e for b in bodies(receiver, "discord") for e in b["embeds"]]
    assert ("Affected", "API (Degraded performance)") in [
        (f["name"], f["value"]) for e in discord for f in e.get("fields", [])
    ]
    teams = [
        fact
        for b in bodies(receiver, "teams")
        for fact in b["attachments"][0]["content"]["body"][1]["facts"]
    ]
    assert {"title": "Affected", "value": "API (Degraded performance)"} in teams


def test_advisory_monitors_change_no_status_and_tell_nothing(tmp_path: Path, receiver: Any) -> None:
    site = Site(tmp_path, HTTP_CHANNELS)
    with http_server() as api:
        api.mode = "failing"
        monitor = HTTP_MONITOR.format(port=api.port) + "  advisory: true\n"
        (site.root / "content" / "monitors.yaml").write_text(monitor)
        run(site, clock())
        for _ in range(3):
            probe(site)
        result = run(site, clock())
    assert [] == result.changes
    assert [] == receiver.hits


# --- the generic webhook ----------------------------------------------------------------


def test_webhook_is_signed_and_in_statuspage_shape(tmp_path: Path, receiver: Any) -> None:
    site = Site(tmp_path, HTTP_CHANNELS)
    run(site)
    site.incident(
        "x", "Checkout failing", "investigating", [("investigating", "2026-11-22 17:50", "Errors.")]
    )
    run(site)
    incident_hit, component_hit = receiver.delivered("signed")
    assert [True, True] == [incident_hit.signed, component_hit.signed]
    incident, component = json.loads(incident_hit.body), json.loads(component_hit.body)
    assert set(WEBHOOK_KEYS["incident"]) == set(incident)
    assert set(WEBHOOK_KEYS["component"]) == set(component)
    assert set(WEBHOOK_KEYS["meta"]) <= set(incident["meta"])
    assert set(WEBHOOK_KEYS["page"]) == set(incident["page"])
    assert set(WEBHOOK_KEYS["component_update"]) <= set(component["component_update"])
    # The same objects as the published API, so Statuspage clients read them unchanged.
    assert "investigating" == incident["incident"]["status"]
    assert ("operational", "major_outage") == (
        component["component_update"]["old_status"],
        component["component_update"]["new_status"],
    )
    # A receiver can drop a repeated delivery by its id.
    assert (
        incident_hit.headers["X-Statusgen-Delivery"]
        != component_hit.headers["X-Statusgen-Delivery"]
    )


def test_a_change_told_again_keeps_its_delivery_id(tmp_path: Path, receiver: Any) -> None:
    # A run whose state was not saved (its job stopped, its cache not saved) is followed by
    # one that tells the same changes again, later: the receiver must know them by their ids.
    site = Site(tmp_path, WEBHOOK_ONLY)
    run(site)
    site.incident("x", "Down", "investigating", [("investigating", "2026-11-22 17:50", "x")])
    state = site.root / ".statusgen-notify.json"
    saved = state.read_bytes()
    run(site)
    state.write_bytes(saved)
    run(site, NOW + timedelta(minutes=5))
    told = [
        (
            hit.headers["X-Statusgen-Event"],
            hit.headers["X-Statusgen-Delivery"],
            json.loads(hit.body).get("component_update", {}).get("id"),
        )
        for hit in receiver.delivered("signed")
    ]
    assert ["incident_opened", "component_changed"] * 2 == [event for event, _, _ in told]
    assert told[:2] == told[2:]


def test_two_pages_telling_the_same_change_send_different_delivery_ids(
    tmp_path: Path, receiver: Any
) -> None:
    # Ingest names the same alert's file alike on every site it is routed to: a receiver
    # shared by two pages that drops deliveries it has seen must not drop the second outage.
    told = []
    for name, base_url in (
        ("one", "https://status.example.com/"),
        ("other", "https://status.other-product.example/"),
    ):
        site = Site(tmp_path / name, WEBHOOK_ONLY)
        config = site.root / "statusgen.yaml"
        config.write_text(config.read_text().replace("https://status.example.com/", base_url))
        run(site)
        site.incident("x", "Down", "investigating", [("investigating", "2026-11-22 17:50", "x")])
        run(site)
        told.append(
            [
                (hit.headers["X-Statusgen-Event"], hit.headers["X-Statusgen-Delivery"])
                for hit in receiver.delivered("signed")[len(told and told[0]) :]
            ]
        )
    one, other = told
    assert ["incident_opened", "component_changed"] == [kind for kind, _ in one]
    assert [kind for kind, _ in one] == [kind for kind, _ in other]
    assert not {delivery for _, delivery in one} & {delivery for _, delivery in other}


def test_a_component_update_is_dated_when_the_status_changed(tmp_path: Path, receiver: Any) -> None:
    """As Statuspage's subscriber webhooks and api/v2 say it: the change's moment, not the
    moment notify ran."""
    site = Site(tmp_path, HTTP_CHANNELS)
    run(site)
    site.incident(
        "x",
        "Down",
        "investigating",
        [("investigating", "2026-11-22 17:50", "x")],
        components="web: major_outage",
    )
    site.maintenance("db", "2026-11-22 19:00", "2026-11-22 20:00", [])  # on the API
    run(site)  # at 18:00
    run(site, NOW + timedelta(hours=1, minutes=1))  # the window started at 19:00
    updates = [
        (b["component"]["updated_at"], b["component_update"]["created_at"])
        for b in bodies(receiver, "signed")
        if "component_update" in b
    ]
    assert [
        ("2026-11-22T17:50:00.000Z", "2026-11-22T17:50:00.000Z"),
        ("2026-11-22T19:00:00.000Z", "2026-11-22T19:00:00.000Z"),
    ] == updates


def test_a_recovery_in_the_minute_of_its_outage_is_dated_and_told_by_the_files(
    tmp_path: Path, receiver: Any
) -> None:
    # An incident resolved in the minute it opened held its status for no time: the
    # recovery is still the files' 18:00, told before the next incident, not at the run.
    site = Site(tmp_path, HTTP_CHANNELS)
    run(site, NOW - timedelta(minutes=1))
    down = [("investigating", "2026-11-22 18:00", "x")]
    site.incident("x", "Down", "investigating", down)
    run(site, NOW + timedelta(seconds=40))
    site.incident("x", "Down", "resolved", [*down, ("resolved", "2026-11-22 18:00", "x")])
    site.incident(
        "y",
        "Slow",
        "investigating",
        [("investigating", "2026-11-22 18:02", "y")],
        components="web: major_outage",
    )
    run(site, NOW + timedelta(minutes=5))
    told = [
        (b["component_update"]["new_status"], b["component_update"]["created_at"])
        if "component_update" in b
        else (b["incident"]["name"], b["incident"]["updated_at"])
        for b in bodies(receiver, "signed")
    ]
    assert [
        ("Down", "2026-11-22T18:00:00.000Z"),
        ("major_outage", "2026-11-22T18:00:00.000Z"),
        ("Down", "2026-11-22T18:00:00.000Z"),
        ("operational", "2026-11-22T18:00:00.000Z"),
        ("Slow", "2026-11-22T18:02:00.000Z"),
        ("major_outage", "2026-11-22T18:02:00.000Z"),
    ] == told


def test_a_component_added_already_down_is_told_before_its_recovery(
    tmp_path: Path, receiver: Any
) -> None:
    # The page shows the new component's outage from the build after it is added: its
    # subscribers hear of it then, not only of its recovery.
    site = Site(tmp_path, HTTP_CHANNELS)
    run(site)
    components = site.root / "content" / "components.yaml"
    components.write_text(
        components.read_text() + "- id: pay\n  name: Payments\n  status: partial_outage\n"
    )
    run(site)
    components.write_text(components.read_text().replace("  status: partial_outage\n", ""))
    run(site, NOW + timedelta(minutes=5))
    told = [
        (b["component_update"]["old_status"], b["component_update"]["new_status"])
        for b in bodies(receiver, "signed")
        if "component_update" in b
    ]
    assert [("operational", "partial_outage"), ("partial_outage", "operational")] == told


def test_each_change_of_a_status_written_in_components_yaml_is_a_delivery_of_its_own(
    tmp_path: Path, receiver: Any
) -> None:
    # A `status:` in components.yaml has no time in the files. Its second partial →
    # degraded change is news again: a receiver dropping the ids it has seen (as the docs
    # advise) must not drop it, nor read that it happened when the site began.
    site = Site(tmp_path, "start_date: 2026-01-01\n" + WEBHOOK_ONLY)
    components = site.root / "content" / "components.yaml"

    def api(status: str) -> None:
        components.write_text(COMPONENTS.replace("name: API\n", f"name: API\n  status: {status}\n"))

    api("degraded_performance")
    run(site)
    state = site.root / ".statusgen-notify.json"
    for hours, status in enumerate(["partial_outage", "degraded_performance"] * 2, 1):
        saved = state.read_bytes()
        api(status)
        run(site, NOW + timedelta(hours=hours))
    # The last run's state lost (its job stopped): the run after tells its change again,
    # under the same ids.
    state.write_bytes(saved)
    run(site, NOW + timedelta(hours=4, minutes=5))

    hits = receiver.delivered("signed")
    ids = [hit.headers["X-Statusgen-Delivery"] for hit in hits]
    updates = [json.loads(hit.body)["component_update"] for hit in hits]
    assert [
        ("degraded_performance", "partial_outage"),
        ("partial_outage", "degraded_performance"),
        ("degraded_performance", "partial_outage"),
        ("partial_outage", "degraded_performance"),
        ("partial_outage", "degraded_performance"),
    ] == [(u["old_status"], u["new_status"]) for u in updates]
    assert 4 == len(set(ids[:4])), "two changes share a delivery id"
    assert 4 == len({u["id"] for u in updates[:4]}), "two changes share a component_update id"
    assert (ids[3], updates[3]["id"]) == (ids[4], updates[4]["id"])
    # Dated when notify first saw each, not when the site began.
    assert [
        "2026-11-22T19:00:00.000Z",
        "2026-11-22T20:00:00.000Z",
        "2026-11-22T21:00:00.000Z",
        "2026-11-22T22:00:00.000Z",
        "2026-11-22T22:05:00.000Z",
    ] == [u["created_at"] for u in updates]


def test_a_component_down_up_and_down_again_within_a_minute_is_a_delivery_each_time(
    tmp_path: Path, receiver: Any
) -> None:
    # The files keep an update's time to the minute: the API's second recovery and third
    # outage read alike to the first ones. A receiver dropping the ids it has seen (as the
    # docs advise) must still hear each, or it takes the API for up while it is down.
    site = Site(tmp_path, WEBHOOK_ONLY)
    state = site.root / ".statusgen-notify.json"
    run(site, datetime(2026, 12, 6, 10, 0, tzinfo=timezone.utc))
    steps = [
        ["new", "incident", "First", "-c", "api=major_outage", "-m", "Down."],
        ["resolve", "first"],
        ["new", "incident", "Second", "-c", "api=major_outage", "-m", "Down again."],
        ["resolve", "second"],
        ["new", "incident", "Third", "-c", "api=major_outage", "-m", "Down a third time."],
    ]
    for second, step in enumerate(steps, 1):
        at = datetime(2026, 12, 6, 10, 0, second * 10, tzinfo=timezone.utc)
        written = CliRunner().invoke(
            cli, ["-C", str(site.root), *step, "--now", (at - timedelta(seconds=5)).isoformat()]
        )
        assert 0 == written.exit_code, written.output
        saved = state.read_bytes()
        run(site, at)
    # The last run's state lost: the run after tells its change again, under the same id.
    state.write_bytes(saved)
    run(site, datetime(2026, 12, 6, 10, 1, tzinfo=timezone.utc))

    hits = [h for h in receiver.delivered("signed") if "component_update" in json.loads(h.body)]
    updates = [json.loads(hit.body)["component_update"] for hit in hits]
    down, up = ("operational", "major_outage"), ("major_outage", "operational")
    assert [down, up, down, up, down, down] == [(u["old_status"], u["new_status"]) for u in updates]
    ids = [hit.headers["X-Statusgen-Delivery"] for hit in hits]
    assert 5 == len(set(ids[:5])), "two changes share a delivery id"
    assert 5 == len({u["id"] for u in updates[:5]}), "two changes share a component_update id"
    assert (ids[4], updates[4]["id"]) == (ids[5], updates[5]["id"])


def test_a_wrong_signature_is_refused_by_the_documented_check(
    tmp_path: Path, receiver: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOOK_SECRET", "another-secret")
    site = Site(tmp_path, HTTP_CHANNELS)
    result = open_after_baseline(site, components="api: major_outage")
    assert [False] == sorted({h.signed for h in receiver.hits if h.path == "/signed"})
    # The channel refused, not the message: each is tried, and kept for the next run.
    assert ["HTTP 401", "HTTP 401"] == [d.outcome.error for d in result.failed]
    assert [None, None] == [d.outcome.left for d in result.failed]


# --- failures -----------------------------------------------------------------------


def test_500_then_200_is_retried_and_delivered_once(tmp_path: Path, receiver: Any) -> None:
    receiver.script["discord"] = [500, 200]
    site = Site(
        tmp_path,
        HTTP_CHANNELS.replace(
            "    - type: webhook\n      url_env: HOOK_URL\n      secret_env: HOOK_SECRET\n", ""
        ),
    )
    result = open_after_baseline(site)
    assert [] == result.failed
    assert [500, 200] == [h.status for h in receiver.hits if h.path == "/discord"]
    assert 1 == len(receiver.delivered("discord"))
    assert [2] == [d.outcome.attempts for d in result.deliveries if d.channel == "discord"]


def test_a_run_being_stopped_tries_no_message_again() -> None:
    # Its message in flight failed for now: kept for the next run, not retried for a minute.
    tries: list[float] = []

    def no_answer() -> None:
        tries.append(time.monotonic())
        raise Transient("no answer within 10 s")

    stop = threading.Event()
    stop.set()
    outcome = attempt(no_answer, 5, backoff=30.0, stop=stop)
    assert (False, 1, True) == (outcome.ok, outcome.attempts, outcome.passing)
    assert time.monotonic() - tries[0] < 5


def test_a_channel_that_times_out_stops_no_other_and_is_retried_next_run(
    tmp_path: Path, receiver: Any
) -> None:
    receiver.script["teams"] = [1.5]
    site = Site(
        tmp_path,
        HTTP_CHANNELS.replace("  timeout: 2\n", "  timeout: 0.3\n").replace(
            "retries: 2", "retries: 1"
        ),
    )
    result = open_after_baseline(site)
    assert [("teams", 2)] == [(d.channel, d.outcome.attempts) for d in result.failed]
    assert "no answer" in result.failed[0].outcome.error
    for path in ("slack", "discord", "signed"):
        assert 1 == len(receiver.delivered(path))
    # Kept for the next run, which delivers it once the service answers again.
    receiver.script["teams"] = [200]
    again = run(site, NOW + timedelta(minutes=10))
    assert [] == again.failed
    assert ["incident_opened"] == [d.change.kind for d in again.deliveries]
    assert 1 == len(receiver.delivered("teams"))
    assert 1 == len(receiver.delivered("slack"))  # and nobody else hears it twice


def monitored_then_resolved_in_one_run(site: Site) -> Any:
    """An incident opened and told, then its monitoring update and its resolution told in
    one run (10:21): that run's result."""
    run(site, datetime(2026, 12, 4, 10, 0, tzinfo=timezone.utc))
    story = [("investigating", "2026-12-04 10:01", "Looking.")]
    site.incident("checkout", "Checkout errors", "investigating", story)
    run(site, datetime(2026, 12, 4, 10, 2, tzinfo=timezone.utc))
    story += [("monitoring", "2026-12-04 10:10", "Fixed."), ("resolved", "2026-12-04 10:20", "")]
    site.incident("checkout", "Checkout errors", "resolved", story)
    return run(site, datetime(2026, 12, 4, 10, 21, tzinfo=timezone.utc))


def test_messages_after_a_failed_one_wait_to_follow_it(tmp_path: Path, receiver: Any) -> None:
    # The webhook fails the monitoring update: the resolution waits behind it, so the next
    # run tells both in order and the newest message says "resolved". Slack is not held up.
    site = Site(
        tmp_path,
        WEBHOOK_ONLY
        + "      changes: [incident]\n"
        + "    - type: slack\n      url_env: SLACK_URL\n      changes: [incident]\n",
    )
    receiver.script["signed"] = [200, 500, 200]
    failing = monitored_then_resolved_in_one_run(site)
    assert [("incident_updated", "HTTP 500"), ("incident_resolved", HELD)] == [
        (d.change.kind, d.outcome.error) for d in failing.failed
    ]
    assert ["incident_opened"] == events(receiver)
    assert 3 == len(receiver.delivered("slack"))
    again = run(site, datetime(2026, 12, 4, 10, 30, tzinfo=timezone.utc))
    assert [] == again.failed
    assert ["incident_opened", "incident_updated", "incident_resolved"] == events(receiver)
    assert 3 == len(receiver.delivered("slack"))  # nobody else hears anything twice


@pytest.mark.parametrize("code", [400, 413, 422])
def test_a_message_refused_for_good_holds_none_back(
    tmp_path: Path, receiver: Any, code: int
) -> None:
    # A 4xx for one payload would be refused again: waiting behind it, the channel would
    # hear nothing more for a day. The resolution goes out; the refused update is given
    # up on, or the next run would tell "Monitoring" after "Resolved".
    site = Site(tmp_path, WEBHOOK_ONLY + "      changes: [incident]\n")
    receiver.script["signed"] = [200, code, 200]
    failing = monitored_then_resolved_in_one_run(site)
    assert [("incident_updated", f"HTTP {code}")] == [
        (d.change.kind, d.outcome.error) for d in failing.failed
    ]
    assert f"1 failed (HTTP {code} after 1 attempt): not sent again\n" in notify_summary(failing)
    again = run(site, datetime(2026, 12, 4, 10, 30, tzinfo=timezone.utc))
    assert [] == again.deliveries
    assert ["incident_opened", "incident_resolved"] == events(receiver)


@pytest.mark.parametrize(
    ("code", "check"),
    [
        (401, "check the token in HOOK_URL and the secret in HOOK_SECRET"),
        (403, "check the token in HOOK_URL and the secret in HOOK_SECRET"),
        (404, "check the URL in HOOK_URL"),
        (407, "HTTPS_PROXY"),
        (410, "check the URL in HOOK_URL"),
    ],
)
def test_a_webhook_refusing_its_token_or_address_keeps_the_messages(
    tmp_path: Path, receiver: Any, code: int, check: str
) -> None:
    # A wrong or rotated token, or a hook moved: every message of the channel is refused
    # alike, none for its payload. Kept, the next run after the fix tells them in order.
    site = Site(tmp_path, WEBHOOK_ONLY + "      changes: [incident]\n")
    receiver.script["signed"] = [200, code]
    failing = monitored_then_resolved_in_one_run(site)
    assert [("incident_updated", f"HTTP {code}"), ("incident_resolved", f"HTTP {code}")] == [
        (d.change.kind, d.outcome.error) for d in failing.failed
    ]
    told = notify_summary(failing)
    assert f"2 failed (HTTP {code} after 1 attempt; hint: " in told
    assert check in told
    assert "statusgen.yaml:" in told and "): kept for the next run\n" in told
    assert "127.0.0.1" not in told  # the URL is a secret: its variable is named instead
    receiver.script["signed"] = [200]
    again = run(site, datetime(2026, 12, 4, 10, 30, tzinfo=timezone.utc))
    assert [] == again.failed
    assert ["incident_opened", "incident_updated", "incident_resolved"] == events(receiver)


def test_an_e_mail_refused_for_good_is_not_sent_after_newer_ones(tmp_path: Path) -> None:
    # A 554 to one message's data: the next run must not send it after the component's
    # newer change, which would leave its readers with the older news last.
    with smtp_server() as box:
        site = Site(tmp_path, email_channel(box.port, "none"))
        box.refuse_data["Incident opened"] = "554 5.6.0 rejected"
        failing = open_after_baseline(site, components="api: major_outage")
        assert [("incident_opened", "SMTP 554")] == [
            (d.change.kind, d.outcome.error) for d in failing.failed
        ]
        del box.refuse_data["Incident opened"]
        again = run(site, NOW + timedelta(minutes=10))
    assert [] == again.deliveries
    assert 1 == len(box.messages)  # the component's change alone


def test_retries_stop_when_the_run_s_time_to_send_is_up(tmp_path: Path, receiver: Any) -> None:
    # Without the budget, 5xx then back-off 0.4, 0.8, 1.6 s: past 2.8 s for one message.
    receiver.script["slack"] = [503]
    site = Site(tmp_path, HTTP_CHANNELS.replace("retries: 2", "retries: 3"))
    run(site)
    site.incident("x", "Down", "investigating", [("investigating", "2026-11-22 17:50", "x")])
    started = time.monotonic()
    result = notify(site.root, now=NOW, backoff=0.4, budget=1.0)
    assert time.monotonic() - started < 2.0
    slack = [d for d in result.deliveries if d.channel == "slack"]
    assert all(not d.outcome.ok and d.outcome.passing for d in slack)
    assert 2 >= len([h for h in receiver.hits if h.path == "/slack"])
    # Kept for the next run, which sends them.
    receiver.script["slack"] = [200]
    again = run(site, NOW + timedelta(minutes=10))
    assert len(slack) == len([d for d in again.deliveries if d.channel == "slack"])
    assert all(d.outcome.ok for d in again.deliveries)


@contextmanager
def trickling_server(
    lines: int,
    gap: float,
    *,
    first: bytes = b"HTTP/1.1 200 OK\r\n",
    line: bytes = b"X-Slow: 1\r\n",
    last: bytes = b"Content-Length: 0\r\n\r\n",
    reads: bool = True,
) -> Iterator[int]:
    """A server on 127.0.0.1 that answers 200 one header line every `gap` seconds, each
    gap shorter than a read's timeout (or, without `reads`, speaks first: an SMTP
    greeting of `first`, `line`s and `last`); it stops with the test."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    listener.settimeout(10)
    done = threading.Event()

    def serve() -> None:
        try:
            connection, _ = listener.accept()
        except OSError:
            return
        with connection:
            if reads:
                connection.recv(65536)
            try:
                connection.sendall(first)
                for _ in range(lines):
                    if done.wait(gap):
                        return
                    connection.sendall(line)
                connection.sendall(last)
            except OSError:
                return

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        done.set()
        listener.close()
        thread.join(timeout=5)


def test_an_attempt_is_bounded_by_the_timeout_as_a_whole() -> None:
    # Each read comes within the timeout; the answer as a whole would take 6 s. Bounded
    # by the 1 s timeout, the attempt ends long before (4 s: room for a loaded machine).
    with trickling_server(lines=20, gap=0.3) as port:
        started = time.monotonic()
        with pytest.raises(Transient, match="no answer within 1 s"):
            post_json(f"http://127.0.0.1:{port}/hook", {}, 1.0)
        assert time.monotonic() - started < 4.0


@pytest.mark.parametrize("retries", [0, 1])
def test_an_smtp_attempt_is_bounded_by_the_timeout_greeting_included(retries: int) -> None:
    # A greeting of `220-` lines, each within a read's timeout, then `220 ok` after 6 s:
    # the attempt ends at its 1 s timeout, and so does each retry.
    from statusgen.notify.deliver import send_mail
    from statusgen.notify.settings import Channel

    with trickling_server(
        lines=20, gap=0.3, first=b"", line=b"220-hi\r\n", last=b"220 ok\r\n", reads=False
    ) as port:
        channel = Channel(
            type="email",
            name="mail",
            line=1,
            host="127.0.0.1",
            port=port,
            security="none",
            sender="status@example.com",
            recipients=("ops@example.com",),
            timeout=1,
            retries=retries,
        )
        started = time.monotonic()
        outcome = attempt(lambda: send_mail(channel, EmailMessage()), retries, backoff=0.01)
        assert (False, "no answer within 1 s") == (outcome.ok, outcome.error)
        assert time.monotonic() - started < 4.0


def test_a_read_smtplib_says_closed_for_a_timeout_is_told_as_no_answer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """smtplib turns a read that timed out into "Connection unexpectedly closed: timed out";
    when it comes before the attempt's own watch runs out (a slow machine), it is still
    the server not answering, and said so."""
    import smtplib

    from statusgen.notify.deliver import send_mail
    from statusgen.notify.settings import Channel

    def timed_out(self: smtplib.SMTP, *args: object, **kwargs: object) -> None:
        try:
            raise TimeoutError("timed out")
        except TimeoutError as error:
            # As smtplib raises it: the timeout kept only as the context.
            raise smtplib.SMTPServerDisconnected(f"Connection unexpectedly closed: {error}")  # noqa: B904

    monkeypatch.setattr(smtplib.SMTP, "getreply", timed_out)
    with socket.socket() as listener:  # connected to by the backlog, never answered
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        channel = Channel(
            type="email",
            name="mail",
            line=1,
            host="127.0.0.1",
            port=listener.getsockname()[1],
            security="none",
            sender="status@example.com",
            recipients=("ops@example.com",),
            timeout=30,
            retries=0,
        )
        outcome = attempt(lambda: send_mail(channel, EmailMessage()), 0, backoff=0.01)
    assert (False, "no answer within 30 s") == (outcome.ok, outcome.error)


def test_messages_beyond_the_time_budget_wait_for_the_next_run(
    tmp_path: Path, receiver: Any
) -> None:
    # Slack's first answer comes after the budget (and within its timeout), which leaves
    # the quick channels ample time even on a loaded machine (0.1 s was not, now and then).
    receiver.script["slack"] = [1.0, 200]
    site = Site(tmp_path, HTTP_CHANNELS)
    run(site)
    site.incident("x", "Down", "investigating", [("investigating", "2026-11-22 17:50", "x")])
    result = notify(site.root, now=NOW, backoff=0.01, budget=0.5)
    # Slack's first message took longer than the budget: its second one waits, untried;
    # the quick channels sent both.
    assert [("slack", "component_changed", 0)] == [
        (d.channel, d.change.kind, d.outcome.attempts) for d in result.failed
    ]
    assert 2 == len(receiver.delivered("discord"))
    again = run(site, NOW + timedelta(minutes=10))
    assert [("slack", "component_changed")] == [
        (d.channel, d.change.kind) for d in again.deliveries
    ]
    assert 2 == len(receiver.delivered("slack"))


@pytest.mark.parametrize(
    ("path", "body", "told"),
    [
        ("slack", b"channel_is_archived", "HTTP 410: channel_is_archived"),
        (
            "discord",
            b'{"message": "Invalid Form Body", "code": 50035}',
            "HTTP 410: Invalid Form Body",
        ),
        ("slack", b"\x1b[31mbad\x07 thing\r\nsecond line", "HTTP 410: [31mbad thing"),
        ("slack", b"x" * 500, "HTTP 410: " + "x" * 99 + "\u2026"),
        ("discord", b"[" * 4000, "HTTP 410: " + "[" * 99 + "\u2026"),
    ],
    ids=["slack", "discord", "controls", "long", "nested-too-deeply"],
)
def test_a_refusal_tells_the_reason_the_service_gave(
    tmp_path: Path, receiver: Any, path: str, body: bytes, told: str
) -> None:
    receiver.script[path] = [(410, body)]
    result = open_after_baseline(Site(tmp_path, HTTP_CHANNELS))
    assert [told] == [d.outcome.error for d in result.failed]


def test_a_refusal_that_repeats_the_webhook_token_is_told_without_it(
    tmp_path: Path, receiver: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SLACK_URL", receiver.url("services/T0123/B0456/tok3nS3cret"))
    receiver.script["services/T0123/B0456/tok3nS3cret"] = [(404, b"no hook tok3nS3cret")]
    result = open_after_baseline(Site(tmp_path, HTTP_CHANNELS))
    assert ["HTTP 404"] == [d.outcome.error for d in result.failed]


@pytest.mark.parametrize(
    ("ahead", "waits"), [(-60, (0.0, 0.0)), (5, (3.0, 5.0)), (3600, (30.0, 30.0))]
)
def test_a_retry_after_given_as_a_date_is_waited_for(
    receiver: Any, ahead: int, waits: tuple[float, float]
) -> None:
    # RFC 9110 allows an HTTP date as well as seconds; capped as seconds are (30 s).
    when = email.utils.formatdate(time.time() + ahead, usegmt=True)
    receiver.script["hook"] = [(503, b"", {"Retry-After": when})]
    with pytest.raises(Transient) as failed:
        post_json(receiver.url("hook"), {}, 5.0)
    low, high = waits
    assert failed.value.retry_after is not None
    assert low <= failed.value.retry_after <= high


@pytest.mark.parametrize(
    ("login", "fragment", "said"),
    [
        ("user:hooksecretPW@", "", b"invalid token hooksecretPW supplied"),
        ("user:hooksecretPW@", "", b"invalid token hooksecret"),
        ("deployer:pw@", "", b"no such user deployer"),
        ("", "#access_token=fragm3ntS3cret", b"bad access_token fragm3ntS3cret"),
    ],
    ids=["password", "part-of-the-password", "user", "fragment"],
)
def test_a_refusal_that_repeats_the_login_or_fragment_is_told_without_it(
    tmp_path: Path,
    receiver: Any,
    monkeypatch: pytest.MonkeyPatch,
    login: str,
    fragment: str,
    said: bytes,
) -> None:
    url = receiver.url("hook").replace("http://", f"http://{login}") + fragment
    monkeypatch.setenv("SLACK_URL", url)
    receiver.script["hook"] = [(403, said)]
    result = open_after_baseline(Site(tmp_path, HTTP_CHANNELS))
    assert ["HTTP 403"] == [d.outcome.error for d in result.failed]
    assert said.decode().split()[-1] not in notify_summary(result)


def test_cli_summary_and_exit_status(
    tmp_path: Path, receiver: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    receiver.script["slack"] = [404]
    site = Site(tmp_path, HTTP_CHANNELS.replace("retries: 2", "retries: 0"))
    runner = CliRunner()
    args = ["-C", str(site.root), "notify", "--now", "2026-11-22T18:00:00Z"]
    assert 0 == runner.invoke(cli, args).exit_code
    site.incident(
        "x",
        "Down",
        "investigating",
        [("investigating", "2026-11-22 17:50", "x")],
        components="api: operational",
    )
    done = runner.invoke(cli, [*args, "--strict"])
    assert 2 == done.exit_code, done.output
    assert (
        "slack 'slack': 0 sent, 1 failed (HTTP 404 after 1 attempt; hint: no webhook at "
        "that address (deleted, or its channel archived): check the URL in SLACK_URL"
    ) in done.output
    assert "discord 'discord': 1 sent" in done.output
    monkeypatch.delenv("DISCORD_URL")
    site.incident(
        "y",
        "Down too",
        "investigating",
        [("investigating", "2026-11-22 17:55", "y")],
        components="web: operational",
    )
    lenient = runner.invoke(cli, args)
    assert 0 == lenient.exit_code
    assert "the environment variable DISCORD_URL (discord webhook URL) is not set" in lenient.output
    assert "127.0.0.1" not in lenient.output  # webhook URLs are secrets: never printed


def test_a_state_the_file_system_refuses_stops_the_run_before_anything_is_sent(
    tmp_path: Path, receiver: Any
) -> None:
    site = Site(tmp_path, HTTP_CHANNELS)
    run(site)
    state = site.root / ".statusgen-notify.json"
    before = state.read_bytes()
    site.incident(
        "x",
        "Down",
        "investigating",
        [("investigating", "2026-11-22 17:50", "x")],
        components="api: operational",
    )

    # No file past 16 bytes: the state file's next version is refused.
    done = statusgen_refused_writes(site.root, "notify", "--now", "2026-11-22T18:00:00Z", limit=16)

    assert 1 == done.returncode, done.stderr
    assert "Traceback" not in done.stderr
    assert (
        f".statusgen-notify.json: cannot write the notification state: "
        f"{os.strerror(errno.EFBIG)}; nothing was sent"
    ) in done.stderr
    assert "raise it and run notify again" in done.stderr
    # Sent once the state can be saved, and not before: never told twice for one save.
    assert [] == receiver.hits
    assert before == state.read_bytes()
    assert [".statusgen-notify.json"] == [p.name for p in site.root.glob(".*notify*")]
    assert 1 == len(run(site).changes)
    assert 4 == len(receiver.hits)


def test_a_state_refused_after_sending_says_the_next_run_sends_it_again(
    tmp_path: Path, receiver: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = Site(tmp_path, HTTP_CHANNELS)
    run(site)
    state = site.root / ".statusgen-notify.json"
    before = state.read_bytes()
    site.incident(
        "x",
        "Down",
        "investigating",
        [("investigating", "2026-11-22 17:50", "x")],
        components="api: operational",
    )
    refusing = [True]
    real_save = NextState.save

    def disk_filled_meanwhile(self: NextState, data: bytes) -> None:
        if refusing.pop():
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_save(self, data)

    monkeypatch.setattr(NextState, "save", disk_filled_meanwhile)
    args = ["-C", str(site.root), "notify", "--now", "2026-11-22T18:00:00Z"]
    done = CliRunner().invoke(cli, args)

    assert 1 == done.exit_code, done.output
    assert done.exception is None or isinstance(done.exception, SystemExit)
    assert "slack 'slack': 1 sent" in done.output
    assert (
        f"cannot write the notification state: {os.strerror(errno.ENOSPC)}; what this run "
        "sent is not recorded: the next run sends it again"
    ) in done.output
    assert "hint: the disk is full: free some space and run notify again" in done.output
    assert before == state.read_bytes()
    # At least once: told again by the next run, under the same delivery id.
    refusing.append(False)
    assert 0 == CliRunner().invoke(cli, args).exit_code
    assert 2 == len(receiver.delivered("slack"))
    ids = {hit.headers["X-Statusgen-Delivery"] for hit in receiver.delivered("signed")}
    assert 1 == len(ids)


# --- a run stopped from outside (a CI job cancelled, or out of time) ---------------------

SLACK_ONLY = """\
notify:
  retries: 0
  timeout: 10
  channels:
    - type: slack
      url_env: SLACK_URL
"""


def notify_files(root: Path) -> list[str]:
    """The names of what notify keeps in the site folder."""
    return sorted(p.name for p in root.glob(".*notify*"))


@contextmanager
def sending_elsewhere(
    root: Path, now: str, log: Path, state_folder: Path | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    """`statusgen notify` in a child process, held in the middle of sending by a receiver
    that does not answer yet (the test sets that up); its output goes to `log`. Its state
    file is in `state_folder` (default: `root`)."""
    state_folder = state_folder or root
    before = notify_files(state_folder)
    with log.open("wb") as out:
        child = subprocess.Popen(
            [sys.executable, "-m", "statusgen", "-C", str(root), "notify", "--now", now],
            stdout=out,
            stderr=subprocess.STDOUT,
            # The statusgen these tests import, wherever they are run from.
            env={**os.environ, "PYTHONPATH": str(Path(statusgen.__file__).parents[1])},
        )
    try:
        deadline = time.monotonic() + 30
        # Its next state is written beside the state file before anything is sent.
        while notify_files(state_folder) == before:
            assert child.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "the run never started sending"
            time.sleep(0.02)
        yield child
    finally:
        if child.poll() is None:
            child.kill()
        child.wait(timeout=30)


def killed_while_sending(root: Path, receiver: Any, log: Path) -> list[str]:
    """Kill a run of the site at `root` in the middle of sending a new incident; what it
    left in the site folder."""
    before = notify_files(root)
    gate = Gate()  # answered once the run is gone
    receiver.script["slack"] = [gate]
    with sending_elsewhere(root, "2026-11-22T18:00:00Z", log) as child:
        # Killed once its message is on its way: its next state, made before, is then
        # written in full (killed as the file appears, it could be empty).
        assert gate.reached.wait(30), log.read_text()
        os.kill(child.pid, signal.SIGKILL)  # as a job's time limit stops it; SIGTERM too
        child.wait(timeout=30)
    gate.opened.set()
    receiver.script["slack"] = [200]
    return [name for name in notify_files(root) if name not in before]


def test_the_next_run_removes_what_a_run_killed_while_sending_left(
    tmp_path: Path, receiver: Any
) -> None:
    site = Site(tmp_path / "site", SLACK_ONLY)
    run(site)
    site.incident("x", "Down", "investigating", [("investigating", "2026-11-22 17:50", "x")])

    left = killed_while_sending(site.root, receiver, tmp_path / "child.log")
    assert 1 == len(left), left
    # Every message the run was sending, in full.
    assert "Down" in (site.root / left[0]).read_text()
    # A copy of the user's own beside the state is never taken for a run's.
    (site.root / ".statusgen-notify-backup.json").write_text("{}")
    args = ["-C", str(site.root), "notify", "--now", "2026-11-22T18:10:00Z"]
    # Written less than ten minutes ago, it might be a run's still sending (the lock goes
    # with the cache folder, should someone delete that meanwhile): left alone.
    soon = CliRunner().invoke(cli, args)
    assert 0 == soon.exit_code, soon.output
    assert left[0] in notify_files(site.root)
    # The run after, later than any run can last, removes it.
    ten_minutes_ago = time.time() - 601
    os.utime(site.root / left[0], (ten_minutes_ago, ten_minutes_ago))
    done = CliRunner().invoke(cli, args)

    assert 0 == done.exit_code, done.output
    assert [".statusgen-notify-backup.json", ".statusgen-notify.json"] == notify_files(site.root)


@pytest.mark.skipif(
    shutil.which("git") is None and os.environ.get("CI") != "true", reason="needs git"
)
def test_git_never_adds_what_a_run_killed_while_sending_left(tmp_path: Path, receiver: Any) -> None:
    root = tmp_path / "site"
    made = CliRunner().invoke(cli, ["init", str(root), "--now", "2026-11-22T17:00:00Z"])
    assert 0 == made.exit_code, made.output
    with (root / "statusgen.yaml").open("a") as settings:
        settings.write(SLACK_ONLY)
    first = CliRunner().invoke(cli, ["-C", str(root), "notify", "--now", "2026-11-22T17:00:00Z"])
    assert 0 == first.exit_code, first.output
    opened = ["new", "incident", "API down", "-c", "api=major_outage", "-m", "Looking."]
    done = CliRunner().invoke(cli, ["-C", str(root), *opened, "--now", "2026-11-22T17:50:00Z"])
    assert 0 == done.exit_code, done.output
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull}
    subprocess.run(["git", "init", "--quiet"], cwd=root, env=env, check=True)

    left = killed_while_sending(root, receiver, tmp_path / "child.log")
    assert 1 == len(left), left
    added = subprocess.run(
        ["git", "add", "-A", "--dry-run"], cwd=root, env=env, capture_output=True, text=True
    )

    assert 0 == added.returncode, added.stderr
    assert "add 'statusgen.yaml'" in added.stdout
    assert left[0] not in added.stdout


def test_a_run_waits_for_one_sending_and_never_takes_its_next_state_for_a_leftover(
    tmp_path: Path, receiver: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = Site(tmp_path / "site", SLACK_ONLY)
    run(site)
    site.incident("x", "Down", "investigating", [("investigating", "2026-11-22 17:50", "x")])
    monkeypatch.setattr(notify_run, "LOCK_WAIT_SECONDS", 0.2, raising=False)
    receiver.script["slack"] = [2.0]
    log = tmp_path / "child.log"

    with sending_elsewhere(site.root, "2026-11-22T18:00:00Z", log) as child:
        sending = notify_files(site.root)
        args = ["-C", str(site.root), "notify", "--now", "2026-11-22T18:01:00Z"]
        second = CliRunner().invoke(cli, args)
        assert 1 == second.exit_code, second.output
        # The run sending is left alone, and saves what it sent.
        assert sending == notify_files(site.root)
        assert 0 == child.wait(timeout=30), log.read_text()

    assert "another notify run of this site is sending" in second.output
    assert "nothing was sent" in second.output
    assert "slack 'slack': 2 sent" in log.read_text()
    assert 2 == len(receiver.delivered("slack"))  # each told once, not once by each run
    assert [".statusgen-notify.json"] == notify_files(site.root)
    assert [] == run(site, NOW + timedelta(minutes=2)).changes


@contextmanager
def run_waiting(site: Site, now: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """A run of `site` at `now` (a moment or a clock) in a thread, waiting for this one,
    which holds the site's notify lock (as a run sending does) while the block runs; after
    it, the list holds the waiting run's result."""
    at_lock = threading.Event()

    def reaching(*args: Any, **kwargs: Any) -> Any:
        at_lock.set()
        return folder_lock(*args, **kwargs)

    monkeypatch.setattr(notify_run, "folder_lock", reaching)
    done: list[Any] = []
    with folder_lock(site.root / ".statusgen-cache", 30, RuntimeError):
        waiting = threading.Thread(target=lambda: done.append(notify(site.root, now=now)))
        waiting.start()
        assert at_lock.wait(30), "the run never came to the lock"
        time.sleep(0.2)  # waiting on it by now
        yield done
    waiting.join(30)
    assert 1 == len(done), "the waiting run failed"


def test_a_run_that_waited_tells_what_the_files_say_once_its_turn_comes(
    tmp_path: Path, receiver: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = Site(tmp_path / "site", WEBHOOK_ONLY)
    run(site)
    down = [("investigating", "2026-11-22 17:50", "x")]
    site.incident("x", "Down", "investigating", down)
    run(site)  # told: opened, and the API's outage

    with run_waiting(site, NOW + timedelta(minutes=2), monkeypatch) as waited:
        # While it waits, the incident is resolved and the run before it tells that.
        fixed = [*down, ("resolved", "2026-11-22 18:00", "Fixed.")]
        site.incident("x", "Down", "resolved", fixed, components="api: operational")
        assert 2 == len(run(site, NOW + timedelta(minutes=1)).deliveries)

    # Nothing stale (the incident reopened, the API down again), nothing told twice.
    assert [] == waited[0].changes
    told = ["incident_opened", "component_changed", "incident_resolved", "component_changed"]
    assert told == events(receiver)
    assert [] == run(site, NOW + timedelta(minutes=3)).changes


def test_a_run_that_waited_reads_its_clock_once_its_turn_comes(
    tmp_path: Path, receiver: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = Site(tmp_path / "site", WEBHOOK_ONLY)
    run(site)
    clock = [NOW + timedelta(minutes=1)]  # the time it is

    with run_waiting(site, lambda: clock[0], monkeypatch) as waited:
        # While it waits, a run a minute later tells an outage, and another one opens.
        site.incident("x", "Down", "investigating", [("investigating", "2026-11-22 18:01", "x")])
        assert 2 == len(run(site, NOW + timedelta(minutes=2)).deliveries)
        site.incident(
            "y",
            "Slow",
            "investigating",
            [("investigating", "2026-11-22 18:02", "y")],
            components="web: degraded_performance",
        )
        clock[0] = NOW + timedelta(minutes=3)

    # Dated when its turn came, not behind the state the run before it saved: it tells
    # the news since that run, not nothing.
    assert None is waited[0].ahead
    assert ["incident_opened", "component_changed"] == [c.kind for c in waited[0].changes]
    assert 4 == len(receiver.delivered("signed"))


SLACK_AND_DISCORD = SLACK_ONLY + "    - type: discord\n      url_env: DISCORD_URL\n"


def test_a_build_and_an_update_never_wait_for_a_run_sending(
    tmp_path: Path, receiver: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = Site(tmp_path / "site", SLACK_ONLY)
    # Short waits for the locks they take: one held by the run would fail them at once.
    monkeypatch.setattr(write, "LOCK_WAIT_SECONDS", 2.0)
    monkeypatch.setattr(save, "LOCK_WAIT_SECONDS", 2.0)
    gate = Gate()
    log = tmp_path / "child.log"
    run(site)
    site.incident("x", "Down", "investigating", [("investigating", "2026-11-22 17:50", "x")])
    receiver.script["slack"] = [gate, 200]

    try:
        with sending_elsewhere(site.root, "2026-11-22T18:00:00Z", log) as child:
            assert gate.reached.wait(30), log.read_text()
            started = time.monotonic()
            built = CliRunner().invoke(
                cli, ["-C", str(site.root), "build", "--now", "2026-11-22T18:01:00Z"]
            )
            updated = CliRunner().invoke(
                cli,
                [
                    "-C",
                    str(site.root),
                    "update",
                    "x",
                    "-m",
                    "Found it.",
                    "--now",
                    "2026-11-22T18:02:00Z",
                ],
            )
            took = time.monotonic() - started
            assert None is child.poll(), log.read_text()  # still sending meanwhile
            gate.opened.set()
            assert 0 == child.wait(timeout=30), log.read_text()
    finally:
        gate.opened.set()

    assert 0 == built.exit_code, built.output
    assert 0 == updated.exit_code, updated.output
    assert took < 20
    assert "Down" in (site.root / "public" / "index.html").read_text()
    assert "slack 'slack': 2 sent" in log.read_text()


def test_a_run_never_waits_for_a_build_or_an_authoring_command(
    tmp_path: Path, receiver: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = Site(tmp_path / "site", SLACK_ONLY)
    run(site)
    site.incident("x", "Down", "investigating", [("investigating", "2026-11-22 17:50", "x")])
    monkeypatch.setattr(notify_run, "LOCK_WAIT_SECONDS", 0.2)

    # A build holds the site folder's lock (and the output's parent's, the same here), an
    # authoring command content/'s.
    with held_elsewhere(site.root), held_elsewhere(site.root / "content"):
        args = ["-C", str(site.root), "notify", "--now", "2026-11-22T18:00:00Z"]
        done = CliRunner().invoke(cli, args)

    assert 0 == done.exit_code, done.output
    assert "slack 'slack': 2 sent" in done.output


def test_a_run_waiting_for_another_says_so_once(
    tmp_path: Path, receiver: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Up to a minute in silence behind a run sending looks like a hang in a CI log.
    site = Site(tmp_path / "site", SLACK_ONLY)
    run(site)
    monkeypatch.setattr(notify_run, "LOCK_WAIT_SECONDS", 0.4)
    monkeypatch.setattr(folderlock, "SAY_WAITING_AFTER", 0.1)

    with held_elsewhere(site.root / ".statusgen-cache"):
        args = ["-C", str(site.root), "notify", "--now", "2026-11-22T18:00:00Z"]
        done = CliRunner().invoke(cli, args)

    line = "waiting for another notify run of this site to finish…\n"
    assert 1 == done.exit_code, done.output
    assert 1 == done.stderr.count(line), done.stderr
    assert done.stderr.index(line) < done.stderr.index("is sending; waited 0.4 s")


def test_a_run_leaves_the_next_state_of_another_site_sharing_the_folder_alone(
    tmp_path: Path, receiver: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    sending = Site(tmp_path / "a", SLACK_ONLY)
    other = Site(tmp_path / "b", SLACK_ONLY)
    # Each state file a link into the one shared folder (`state:` stays inside the site),
    # made once the first run has written the file it leads to.
    for site, name in ((sending, "a.json"), (other, "b.json")):
        notify(site.root, now=NOW, state_path=tmp_path / "shared" / name)
        (site.root / ".statusgen-notify.json").symlink_to(Path("..", "shared", name))
    monkeypatch.setattr(notify_run, "LOCK_WAIT_SECONDS", 0.2)
    gate = Gate()
    log = tmp_path / "child.log"
    for site in (sending, other):
        site.incident("x", "Down", "investigating", [("investigating", "2026-11-22 17:50", "x")])
    shared = tmp_path / "shared"
    receiver.script["slack"] = [gate, 200]

    try:
        before = notify_files(shared)
        with sending_elsewhere(sending.root, "2026-11-22T18:00:00Z", log, shared) as child:
            assert gate.reached.wait(30), log.read_text()
            next_state = [name for name in notify_files(shared) if name not in before]
            receiver.script["slack"] = [200]
            done = run(other)
            assert next_state[0] in notify_files(shared)
            gate.opened.set()
            assert 0 == child.wait(timeout=30), log.read_text()
    finally:
        gate.opened.set()

    assert 2 == len(done.deliveries)
    assert "slack 'slack': 2 sent" in log.read_text()
    assert ["a.json", "b.json"] == sorted(p.name for p in shared.iterdir())


@contextmanager
def held_while_sending(
    site: Site, receiver: Any, log: Path
) -> Iterator[tuple[subprocess.Popen[bytes], list[Gate]]]:
    """A run of a new incident (two messages for each channel) in a child process, whose
    first message to each channel the receiver holds until the test opens the gates."""
    run(site)
    site.incident("x", "Down", "investigating", [("investigating", "2026-11-22 17:50", "x")])
    gates = [Gate(), Gate()]
    receiver.script.update(slack=[gates[0], 200], discord=[gates[1], 200])
    try:
        with sending_elsewhere(site.root, "2026-11-22T18:00:00Z", log) as child:
            for gate in gates:
                assert gate.reached.wait(30), log.read_text()
            yield child, gates
    finally:
        for gate in gates:
            gate.opened.set()


@pytest.mark.parametrize(
    ("stops", "gap", "status"),
    [
        ([signal.SIGINT], 0.5, 130),
        ([signal.SIGTERM], 0.5, 143),
        ([signal.SIGINT, signal.SIGTERM], 0.5, 130),
        # GNU `timeout` sends its signal to the run, then to its own process group.
        ([signal.SIGTERM, signal.SIGTERM], 0.05, 143),
        ([signal.SIGINT, signal.SIGINT], 0.05, 130),
    ],
    ids=[
        "ctrl-c",
        "sigterm, a time limit",
        "a cancelled github actions job",
        "timeout -s TERM in a script",
        "timeout -s INT in a script",
    ],
)
def test_a_run_stopped_while_sending_records_what_it_delivered_and_keeps_the_rest(
    tmp_path: Path, receiver: Any, stops: list[signal.Signals], gap: float, status: int
) -> None:
    site = Site(tmp_path / "site", SLACK_AND_DISCORD)
    log = tmp_path / "child.log"

    with held_while_sending(site, receiver, log) as (child, gates):
        for stop in stops:
            os.kill(child.pid, stop)
            time.sleep(gap)
        time.sleep(0.5)  # taken at once; the answers to the messages in flight come after
        for gate in gates:
            gate.opened.set()
        assert status == child.wait(timeout=30), log.read_text()

    said = log.read_text()
    assert "Traceback" not in said
    # The messages in flight are delivered, once; those after them are not started.
    assert [200] == [hit.status for hit in receiver.hits if hit.path == "/slack"]
    assert [200] == [hit.status for hit in receiver.hits if hit.path == "/discord"]
    assert "slack 'slack': 1 sent, 1 failed (not tried: the run was stopped)" in said
    assert (
        f"Stopped by {stops[0].name}: started no message after it, and recorded what was "
        "delivered in the notification state at"
    ) in said
    assert "the next run sends the 2 messages not delivered." in said
    assert [".statusgen-notify.json"] == notify_files(site.root)
    # The next run sends the untried ones alone: each channel hears each message once.
    again = run(site, NOW + timedelta(minutes=10))
    assert [] == again.failed
    assert [("slack", "component_changed"), ("discord", "component_changed")] == [
        (d.channel, d.change.kind) for d in again.deliveries
    ]
    for path in ("slack", "discord"):
        first, second = (hit.body for hit in receiver.delivered(path))
        assert first != second
    assert [] == run(site, NOW + timedelta(minutes=20)).deliveries


def test_a_second_ctrl_c_stops_at_once_and_the_next_run_sends_all_again(
    tmp_path: Path, receiver: Any
) -> None:
    site = Site(tmp_path / "site", SLACK_AND_DISCORD)
    state = site.root / ".statusgen-notify.json"
    log = tmp_path / "child.log"

    with held_while_sending(site, receiver, log) as (child, _):
        before = state.read_bytes()
        os.kill(child.pid, signal.SIGINT)
        time.sleep(1.5)  # the same signal again within a second is the same request
        os.kill(child.pid, signal.SIGINT)
        # Without waiting for the messages in flight.
        assert 130 == child.wait(timeout=30), log.read_text()
        assert [] == receiver.hits

    assert "Interrupted." in log.read_text()
    assert before == state.read_bytes()
    assert [".statusgen-notify.json"] == notify_files(site.root)
    again = run(site, NOW + timedelta(minutes=10))
    assert 4 == len(again.deliveries)


def test_dry_run_prints_every_message_and_changes_nothing(tmp_path: Path, receiver: Any) -> None:
    site = Site(tmp_path, HTTP_CHANNELS)
    run(site)
    state = (site.root / ".statusgen-notify.json").read_bytes()
    site.incident(
        "x", "Checkout failing", "investigating", [("investigating", "2026-11-22 17:50", "Errors.")]
    )
    out = CliRunner().invoke(
        cli, ["-C", str(site.root), "notify", "--dry-run", "--now", "2026-11-22T18:00:00Z"]
    )
    assert 0 == out.exit_code, out.output
    assert 8 == out.output.count("\n--- ") + out.output.startswith("--- ")
    assert [] == receiver.hits
    assert state == (site.root / ".statusgen-notify.json").read_bytes()


# Titles and a channel name whose line breaks would print lines of their own: a CI workflow
# command, a mail header; a C1 control (CSI) that would clear the screen.
FAKE_LINES = (
    "DB slow\r\n::error::fake CI annotation \u009b2J",
    "Line1\r\nBcc: evil@example.com",
)
SHOWN_CHANNELS = """\
notify:
  channels:
    - type: webhook
      name: "hook\\u009b2J\\r\\n::warning::from the settings"
      url: http://127.0.0.1:9/hook
      retries: 0
    - type: email
      host: 127.0.0.1
      port: 9
      security: none
      retries: 0
      from: Example Status <status@example.com>
      to: [ops@example.com]
"""


def shown_not_obeyed(output: str) -> None:
    """No line of `output` starts where a title or name broke it, and no control is raw."""
    for line in output.split("\n"):
        assert not line.startswith(("::", "Bcc:")), output
    for raw in ("\r", "\x9b"):
        assert raw not in output


@pytest.mark.parametrize("title", FAKE_LINES)
def test_a_dry_run_shows_titles_and_names_never_obeys_them(tmp_path: Path, title: str) -> None:
    site = Site(tmp_path, SHOWN_CHANNELS)
    run(site)
    site.incident(
        "x", title, "investigating", [("investigating", "2026-11-22 17:50", "Errors \u009b2J.")]
    )
    out = notify_cli(site, "--dry-run")
    assert 0 == out.exit_code, out.output
    shown = title.replace("\r\n", "\\x0d\\x0a").replace("\u009b", "\\x9b")
    name = "hook\\x9b2J\\x0d\\x0a::warning::from the settings"
    assert f"--- webhook '{name}': incident_opened ({shown})\n" in out.output
    assert f"--- email 'email': incident_opened ({shown})\n" in out.output
    assert "Errors \\x9b2J." in out.output  # the e-mail's text, and the webhook's JSON
    shown_not_obeyed(out.output)


def test_a_dry_run_prints_direction_marks_as_sent_and_overrides_written_out(
    tmp_path: Path,
) -> None:
    # A mark or an isolate is in the text sent (a zone after a right-to-left date, a name
    # kept in its own direction); an override would show the line's letters in reverse.
    site = Site(tmp_path, SHOWN_CHANNELS)
    run(site)
    title = "DB-3 \u2067قاعدة\u2069 \u202eprimary\u202c"
    message = "Since 13:20 \u200e+03\u200f, \u202ereversed"
    site.incident("x", title, "investigating", [("investigating", "2026-11-22 17:50", message)])
    out = notify_cli(site, "--dry-run")
    assert 0 == out.exit_code, out.output
    shown = "DB-3 \u2067قاعدة\u2069 \\u202eprimary\\u202c"
    assert f"--- email 'email': incident_opened ({shown})\n" in out.output
    assert f"Subject: [Example Status] Incident opened: {shown}\n" in out.output
    assert "Since 13:20 \u200e+03\u200f, \\u202ereversed\\u202c" in out.output  # e-mail
    assert '"body": "Since 13:20 \u200e+03\u200f, \\u202ereversed' in out.output  # webhook
    for raw in ("\u202a", "\u202b", "\u202c", "\u202d", "\u202e"):
        assert raw not in out.output


def test_the_sent_and_failed_report_shows_names_never_obeys_them(tmp_path: Path) -> None:
    site = Site(tmp_path, SHOWN_CHANNELS)
    run(site)
    site.incident("x", "Down", "investigating", [("investigating", "2026-11-22 17:50", "x")])
    out = notify_cli(site)
    assert 0 == out.exit_code, out.output
    assert "  webhook 'hook\\x9b2J\\x0d\\x0a::warning::from the settings': 0 sent" in out.output
    shown_not_obeyed(out.output)


def test_built_outputs_do_not_change(tmp_path: Path, receiver: Any) -> None:
    from statusgen.build import build_site

    site = Site(tmp_path, HTTP_CHANNELS)
    site.incident("x", "Down", "investigating", [("investigating", "2026-11-22 17:50", "x")])
    build_site(site.root, now=NOW, use_cache=False)

    def digest() -> dict[str, str]:
        out = site.root / "public"
        return {
            str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.rglob("*"))
            if p.is_file()
        }

    before = digest()
    run(site)
    site.incident("y", "Also down", "investigating", [("investigating", "2026-11-22 17:55", "y")])
    run(site)
    assert before == digest()


# --- untrusted text -------------------------------------------------------------------


MENTIONS = re.compile(r"@(everyone|here|channel)\b|<!(channel|here|everyone)>", re.IGNORECASE)
AT_MENTIONS = re.compile(r"@(everyone|here|channel)\b|<@", re.IGNORECASE)


def test_hostile_text_breaks_no_payload_and_mentions_nobody(tmp_path: Path, receiver: Any) -> None:
    site = Site(tmp_path, HTTP_CHANNELS)
    run(site)
    site.incident(
        "x",
        HOSTILE_TITLE,
        "investigating",
        [("investigating", "2026-11-22 17:50", HOSTILE_MESSAGE)],
    )
    run(site)
    (slack,) = [b for b in bodies(receiver, "slack") if "Incident" in b["text"]]
    (discord,) = [b for b in bodies(receiver, "discord") if "Incident" in b["embeds"][0]["title"]]
    (teams,) = [b for b in bodies(receiver, "teams") if "Incident" in json.dumps(b)]
    (hook,) = [b for b in bodies(receiver, "signed") if "incident" in b]
    # Slack: untrusted text only in plain_text objects; mrkdwn holds our escaped link only.
    text_objects = [
        o
        for b in slack["blocks"]
        for o in [b.get("text"), *b.get("fields", []), *b.get("elements", [])]
        if o
    ]
    for obj in text_objects:
        if obj["type"] == "mrkdwn":
            assert re.fullmatch(r"<https://status\.example\.com/[^<>|]+\|[^<>]+>", obj["text"]), obj
    assert not MENTIONS.search(slack["text"])
    assert "<!" not in slack["text"] and "&lt;" in slack["text"]
    assert len(slack["blocks"]) == 4  # the text did not add or close blocks
    # Discord: pings nobody, and no Markdown link survives.
    assert {"parse": []} == discord["allowed_mentions"]
    embed = discord["embeds"][0]
    assert not AT_MENTIONS.search(json.dumps(embed, ensure_ascii=False).replace("\\\\", ""))
    # A masked link needs its `[` unescaped.
    assert "\\[phish](" in embed["description"]
    assert not re.search(r"(?<!\\)\[", embed["description"])
    # Teams: one card, no mention, no Markdown link.
    card = teams["attachments"][0]["content"]
    card_text = " ".join(b.get("text", "") for b in card["body"])
    assert not MENTIONS.search(card_text)
    assert "](" not in card_text
    # The generic webhook carries the text as data, as written, each override it leaves
    # open closed at its end as in every chat: a receiver shows nothing after it reversed.
    assert HOSTILE_TITLE + "\u202c" == hook["incident"]["name"]
    body = hook["incident"]["incident_updates"][0]["body"]
    assert HOSTILE_MESSAGE.strip() + "\u202c" == body.strip()
    # Every direction override is closed within its own text.
    section = slack["blocks"][1]["text"]["text"]
    assert section.index("\u202e") < section.rindex("\u202c")


def test_the_webhook_closes_the_embeddings_and_overrides_its_text_leaves_open() -> None:
    # Right-to-left override and embedding opened and never closed, in the title, a
    # component's name and an update: each is closed at its own end, as the chats and
    # the page close it; one already closed is left as written.
    incident = {
        "name": "DB-3 \u202eyramirp",
        "components": [{"id": "db", "name": "\u202bقاعدة البيانات"}],
        "incident_updates": [
            {"body": "Failover \u202eyramirp", "status": "investigating"},
            {"body": "Closed \u202eyramirp\u202c here", "status": "investigating"},
        ],
    }
    change = replace(big_change(), statuspage={"incident": incident})
    sent = messages.webhook(change, "2026-11-22T18:00:00Z")["incident"]
    assert "DB-3 \u202eyramirp\u202c" == sent["name"]
    assert "\u202bقاعدة البيانات\u202c" == sent["components"][0]["name"]
    assert ["Failover \u202eyramirp\u202c", "Closed \u202eyramirp\u202c here"] == [
        u["body"] for u in sent["incident_updates"]
    ]
    assert "DB-3 \u202eyramirp" == incident["name"]  # the API's object is shared: untouched


# --- documented limits ----------------------------------------------------------------


def big_change(kind: str = "incident_opened") -> Change:
    return Change(
        kind=kind,
        key="k",
        title="T" * 1000,
        state="investigating",
        message="word " * 5000,
        url="https://status.example.com/incidents/x/",
        at="2026-11-22T18:00:00.000Z",
        components=("api",),
        affected=tuple(Affected(f"Component {'n' * 300} {i}", "major_outage") for i in range(40)),
        impact="critical",
        window=("2026-11-22T18:00:00.000Z", "2026-11-22T20:00:00.000Z"),
        span=("2026-11-22T17:30:00.000Z", None),  # begun early, running on: two rows
        page={"title": "P" * 3000, "id": "abc", "indicator": "major", "description": "x"},
    )


def test_slack_payload_within_block_kit_limits() -> None:
    limit = LIMITS["slack"]
    payload = messages.slack(big_change())
    assert len(payload["blocks"]) <= limit["blocks"]
    for block in payload["blocks"]:
        assert block["type"] in ("header", "section", "context")
        if block["type"] == "header":
            assert "plain_text" == block["text"]["type"]
            assert len(block["text"]["text"]) <= limit["header_text"]
        if block["type"] == "section":
            assert len(block.get("text", {}).get("text", "")) <= limit["section_text"]
            assert len(block.get("fields", [])) <= limit["section_fields"]
            assert all(len(f["text"]) <= limit["field_text"] for f in block.get("fields", []))
        if block["type"] == "context":
            assert len(block["elements"]) <= limit["context_elements"]
    assert len(payload["text"]) <= messages.SLACK_TEXT


def test_discord_payload_within_embed_limits() -> None:
    limit = LIMITS["discord"]
    payload = messages.discord(big_change())
    assert len(payload["embeds"]) <= limit["embeds"]
    embed = payload["embeds"][0]
    assert len(embed["title"]) <= limit["title"]
    assert len(embed["description"]) <= limit["description"]
    assert len(embed["fields"]) <= limit["fields"]
    assert all(
        len(f["name"]) <= limit["field_name"] and len(f["value"]) <= limit["field_value"]
        for f in embed["fields"]
    )
    assert len(embed["footer"]["text"]) <= limit["footer_text"]
    total = (
        len(embed["title"])
        + len(embed["description"])
        + len(embed["footer"]["text"])
        + sum(len(f["name"]) + len(f["value"]) for f in embed["fields"])
    )
    assert total <= limit["total"]
    datetime.fromisoformat(embed["timestamp"].replace("Z", "+00:00"))


def test_teams_payload_is_an_adaptive_card_message() -> None:
    limit = LIMITS["teams"]
    payload = messages.teams(big_change())
    assert "message" == payload["type"]
    (attachment,) = payload["attachments"]
    assert "application/vnd.microsoft.card.adaptive" == attachment["contentType"]
    card = attachment["content"]
    assert "AdaptiveCard" == card["type"]
    assert tuple(map(int, card["version"].split("."))) <= tuple(
        map(int, limit["max_version"].split("."))
    )
    for element in card["body"]:
        assert element["type"] in limit["body_types"]
        if element["type"] == "TextBlock":
            assert isinstance(element["text"], str) and element["text"]
        if element["type"] == "FactSet":
            assert all(
                isinstance(f["title"], str) and isinstance(f["value"], str)
                for f in element["facts"]
            )
    for action in card["actions"]:
        assert action["type"] in limit["action_types"] and action["url"].startswith("https://")
    assert len(messages.json_body(payload)) <= limit["max_bytes"]


JAPANESE = "データベースの応答が遅延しており、一部のお客様で決済が失敗しています。"
LONG_NAMES = "- id: api\n  name: API\n" + "".join(
    f"- id: c{i}\n  name: Zahlungsabwicklung Rechenzentrum Frankfurt am Main Nummer {i}\n"
    for i in range(60)
)

TEAMS_INCIDENTS = """\
notify:
  channels:
    - type: teams
      url_env: TEAMS_URL
      changes: [incident]
"""


@pytest.mark.parametrize(
    ("language", "message", "components", "cut_in"),
    [
        # 10,000 characters of Japanese: 30,000 bytes in UTF-8.
        ("ja", (JAPANESE * 300)[:10_000], "api: major_outage", "message"),
        ("en", "\U0001f525" * 10_000, "api: major_outage", "message"),  # 4 bytes each
        # The components affected, never cut before: 60 with long names.
        ("de", "x", "\n  ".join(f"c{i}: major_outage" for i in range(60)), "Betroffen"),
    ],
    ids=["japanese", "emoji", "many-components"],
)
def test_a_long_teams_card_stays_within_teams_size_limit_as_posted(
    tmp_path: Path, receiver: Any, language: str, message: str, components: str, cut_in: str
) -> None:
    """Teams refuses a message over about 28 KB, counted in the bytes posted (UTF-8):
    the card is cut to fit, with "…", and keeps its link to the whole update."""
    site = Site(tmp_path, f"language: {language}\n" + TEAMS_INCIDENTS)
    (site.root / "content" / "components.yaml").write_text(LONG_NAMES)
    run(site)
    site.incident(
        "x",
        "Down",
        "investigating",
        [("investigating", "2026-11-22 17:50", message)],
        components=components,
    )
    run(site)

    (hit,) = receiver.delivered("teams")
    assert len(hit.body) <= LIMITS["teams"]["max_bytes"]
    card = json.loads(hit.body)["attachments"][0]["content"]
    facts = {fact["title"]: fact["value"] for fact in card["body"][1]["facts"]}
    shown = card["body"][-1]["text"] if cut_in == "message" else facts[cut_in]
    assert shown.endswith("…"), shown[-20:]
    if cut_in == "message":
        assert message.startswith(shown[:-1])
    read_more = {"ja": "詳細を見る", "en": "Read more", "de": "Mehr lesen"}[language]
    url = "https://status.example.com/incidents/x/"
    assert [{"type": "Action.OpenUrl", "title": read_more, "url": url}] == card["actions"]
    # The link closes the body as posted: nothing was cut after it.
    assert hit.body.endswith(messages.json_body(card["actions"]) + b"}}]}")


def test_a_link_reaches_discord_byte_for_byte(tmp_path: Path, receiver: Any) -> None:
    """A backslash in a link leads elsewhere (browsers read it as `/`), and one in a title
    that links shows: Discord gets both as written."""
    site = Site(tmp_path, HTTP_CHANNELS)
    run(site)
    update = "Workaround: https://docs.example.com/run-book_tls#step-2"
    site.incident(
        "tls",
        "TLS errors on api_v2 (eu-west)",
        "investigating",
        [("investigating", "2026-11-22 17:50", update)],
    )
    run(site)

    (embed,) = [
        b["embeds"][0] for b in bodies(receiver, "discord") if "tls" in b["embeds"][0]["url"]
    ]
    assert "Incident opened: TLS errors on api_v2 (eu-west)" == embed["title"]
    assert update == embed["description"]


@pytest.mark.parametrize(
    "written",
    [
        "see <https://a.example/x_y*z> or HTTPS://a.example/~~x~~",
        "api_v2 (eu-west) run-book 1-2 # 3 - 4 > 5 a~b",
    ],
)
def test_discord_leaves_links_and_plain_punctuation_as_written(written: str) -> None:
    embed = messages.discord(replace(big_change(), message=written))["embeds"][0]
    assert written == embed["description"]


@pytest.mark.parametrize(
    ("written", "sent"),
    [
        ("**bold** *it*", r"\*\*bold\*\* \*it\*"),
        ("__under__ _it_ _x ア_イ_ウ", r"\_\_under\_\_ \_it\_ \_x ア\_イ\_ウ"),
        ("~~gone~~ `code` ||spoiler||", r"\~\~gone\~\~ \`code\` \|\|spoiler\|\|"),
        (
            "# heading\n> quote\n  - item\n-# small",
            "\\# heading\n\\> quote\n  \\- item\n\\-# small",
        ),
        (
            "[text](https://evil.example) <#123> <t:0>",
            r"\[text](https://evil.example) \<#123> \<t:0>",
        ),
        # Discord's link ends at `<`: the masked link after it is Markdown there.
        (
            "https://status.example.com/<[reset](https://evil.example/login) x.",
            r"https://status.example.com/\<\[reset](https://evil.example/login) x.",
        ),
        # The page shows `C:\dir *` (`\*` is Markdown's escape): that is what is escaped.
        (r"C:\dir \*", r"C:\\dir \*"),
    ],
)
def test_discord_escapes_what_would_start_formatting(written: str, sent: str) -> None:
    embed = messages.discord(replace(big_change(), message=written))["embeds"][0]
    assert sent == embed["description"]


def test_an_autolink_s_backslash_reaches_every_text_as_written_and_its_link_keeps_the_host() -> (
    None
):
    # An autolink holds no backslash escapes: the `\\` stays, and the page's link (the
    # e-mail's HTML part) reads it as the "/" a browser reads, not moving the host past `@`.
    from statusgen.notify.settings import Channel

    written = "https://status.example.com\\@evil.example/login"
    message = f"Sign in again at <{written}>."
    change = replace(
        big_change(),
        message=message,
        statuspage={"incident": {"incident_updates": [{"body": message}]}},
    )
    channel = Channel(
        type="email", name="mail", line=1, sender="s@example.com", recipients=("r@example.com",)
    )
    mail = messages.email(change, channel, NOW)
    (update,) = messages.webhook(change, "2026-11-22T18:00:00Z")["incident"]["incident_updates"]
    texts = {
        "slack": messages.slack(change)["blocks"][1]["text"]["text"],
        "webhook": update["body"],
        "text": mail.get_body(("plain",)).get_content(),
    }
    for name, text in texts.items():
        assert written in text, name
    hrefs = re.findall(r'href="([^"]*evil[^"]*)"', mail.get_body(("html",)).get_content())
    assert ["https://status.example.com/@evil.example/login"] == [html.unescape(h) for h in hrefs]


def test_relative_links_reach_every_channel_s_readers_as_addresses_they_can_open() -> None:
    # As the e-mail's HTML part resolves them: a path as typed leads nowhere in a chat.
    from statusgen.notify.settings import Channel

    change = replace(
        big_change(),
        message="See a [relative link](/history), [rel](../faq) and ![graph](/static/graph.png).",
    )
    channel = Channel(
        type="email", name="mail", line=1, sender="s@example.com", recipients=("r@example.com",)
    )
    mail = messages.email(change, channel, NOW)
    texts = {
        "slack": messages.slack(change)["blocks"][1]["text"]["text"],
        "discord": messages.discord(change)["embeds"][0]["description"],
        "teams": messages.teams(change)["attachments"][0]["content"]["body"][-1]["text"],
        "text": mail.get_body(("plain",)).get_content(),
        "html": mail.get_body(("html",)).get_content(),
    }
    for name, text in texts.items():
        for address in (
            "https://status.example.com/history",
            "https://status.example.com/incidents/faq",
            "https://status.example.com/static/graph.png",
        ):
            assert address in text, name
    # Escaped and broken up as before: a chat still shows the Markdown, never a masked link.
    assert texts["discord"].startswith(r"See a \[relative link](https://")
    assert "[relative link]\u200b(https://" in texts["teams"]


@pytest.mark.parametrize(
    "message",
    [
        # A code span ends with its paragraph: the backtick is text.
        "Type ` to quote.\n\nSee [the FAQ](/faq/) and `the log`.",
        # Only a run of as many backticks closes one: `` is no end for `.
        "One ` then [the FAQ](/faq/) and ``code``.",
    ],
)
def test_a_backtick_left_open_keeps_later_links_resolved(message: str) -> None:
    sent = messages.slack(replace(big_change(), message=message))["blocks"][1]["text"]["text"]

    assert "https://status.example.com/faq/" in sent


@pytest.mark.parametrize(
    "message",
    [
        # Read as text on the page: no definition (the words after the address are no
        # title), escaped brackets (typed, or an alert's text ingest escaped), indented code.
        "[ERROR]: connection refused on db-2",
        "[NOTE]: Writes pause for 5 minutes.\n[ERROR]: connection refused on db-2",
        "Typed \\[x](y) and handler\\[0\\](ctx) failed",
        "The loop:\n\n    arr[i](x)\n\nends.",
    ],
)
def test_text_that_only_looks_like_a_link_reaches_every_channel_as_written(message: str) -> None:
    change = replace(big_change(), message=message)
    texts = [
        messages.slack(change)["blocks"][1]["text"]["text"],
        messages.teams(change)["attachments"][0]["content"]["body"][-1]["text"],
    ]
    for text in texts:
        assert "https://" not in text, text


def test_links_the_page_shows_are_resolved_beside_text_that_looks_like_one() -> None:
    message = (
        "[ERROR]: see the [runbook](wiki/db), handler\\[0\\](ctx) is text\n\n"
        "Graph: ![load](img/load.png) and [the log][log].\n\n[log]: logs/today"
    )
    sent = messages.slack(replace(big_change(), message=message))["blocks"][1]["text"]["text"]
    assert (
        "[ERROR]: see the [runbook](https://status.example.com/incidents/x/wiki/db), "
        "handler[0](ctx) is text\n\n"
        "Graph: ![load](https://status.example.com/incidents/x/img/load.png) and [the log][log]."
        "\n\n[log]: https://status.example.com/incidents/x/logs/today"
    ) == sent


def test_an_address_with_an_escaped_scheme_reaches_every_channel_as_the_page_leads() -> None:
    # An escape in an address is read as the page reads it: `https\\://` is `https://`,
    # an address of its own, never one relative to the incident's page.
    message = "Details: [dashboard](https\\://grafana.example.com/d/abc?orgId=1), [log](a\\_b)"
    change = replace(
        big_change(),
        message=message,
        statuspage={"incident": {"incident_updates": [{"body": message}]}},
    )
    expected = (
        "Details: [dashboard](https://grafana.example.com/d/abc?orgId=1),"
        " [log](https://status.example.com/incidents/x/a_b)"
    )
    assert expected == messages.slack(change)["blocks"][1]["text"]["text"]
    (update,) = messages.webhook(change, "2026-11-22T18:00:00Z")["incident"]["incident_updates"]
    assert expected == update["body"]


def test_a_link_from_the_root_stays_in_a_site_that_lives_in_a_folder() -> None:
    message = "See [past incidents](/history/)."
    change = replace(
        big_change(),
        message=message,
        url="https://acme.github.io/status/incidents/x/",
        page={**big_change().page, "url": "https://acme.github.io/status/"},
        statuspage={"incident": {"incident_updates": [{"body": message}]}},
    )
    sent = messages.slack(change)["blocks"][1]["text"]["text"]
    assert "See [past incidents](https://acme.github.io/status/history/)." == sent
    (update,) = messages.webhook(change, "2026-11-22T18:00:00Z")["incident"]["incident_updates"]
    assert "See [past incidents](https://acme.github.io/status/history/)." == update["body"]
    from statusgen.notify.settings import Channel

    channel = Channel(
        type="email", name="mail", line=1, sender="s@example.com", recipients=("r@example.com",)
    )
    html = messages.email(change, channel, NOW).get_body(("html",)).get_content()
    assert 'href="https://acme.github.io/status/history/"' in html


def _chat_texts(message: str) -> dict[str, str]:
    """The message's text as Slack, Discord, Teams and the webhook's `body` send it."""
    change = replace(
        big_change(),
        message=message,
        statuspage={"incident": {"incident_updates": [{"body": message}]}},
    )
    (update,) = messages.webhook(change, "2026-11-22T18:00:00Z")["incident"]["incident_updates"]
    return {
        "slack": messages.slack(change)["blocks"][1]["text"]["text"],
        "discord": messages.discord(change)["embeds"][0]["description"],
        "teams": messages.teams(change)["attachments"][0]["content"]["body"][-1]["text"],
        "webhook": update["body"],
    }


def test_a_link_definition_under_a_line_stays_where_it_was_written() -> None:
    texts = _chat_texts("We rolled back [the deploy][d].\n[d]: ../../ci/42\nThe API is back.")
    for name, text in texts.items():
        lines = text.split("\n")
        assert lines[0].startswith("We rolled back"), name
        assert lines[1].endswith("d]: https://status.example.com/ci/42"), name
        assert lines[2] == "The API is back.", name


def test_an_escaped_parenthesis_in_an_address_leads_where_the_page_leads() -> None:
    # The page links .../2026-12-01-db)-report/: a bare `)` would end the link at `db`.
    texts = _chat_texts(r"See [the report](../2026-12-01-db\)-report/).")
    address = "https://status.example.com/incidents/2026-12-01-db%29-report/"
    for name, text in texts.items():
        assert f"({address})." in text, name
    linked = re.findall(r'href="([^"]*)"', render_markdown(texts["webhook"]))
    assert [address] == linked


def test_a_hidden_comment_leaves_one_blank_line_in_a_chat_and_the_webhook() -> None:
    # What the timeline hands over for a comment block and an unused link definition: the
    # lines they held, blank, each at its number in the file.
    message = "Payments fail.\n\n\n\n\n\nNext update in 30 minutes.\n\n```\na\n\n\nb\n```"
    change = replace(
        big_change(),
        message=message,
        statuspage={"incident": {"incident_updates": [{"body": message}]}},
    )
    expected = "Payments fail.\n\nNext update in 30 minutes.\n\n```\na\n\n\nb\n```"
    assert expected == messages.slack(change)["blocks"][1]["text"]["text"]
    (update,) = messages.webhook(change, "2026-11-22T18:00:00Z")["incident"]["incident_updates"]
    assert expected == update["body"]
    assert expected == messages.discord(change)["embeds"][0]["description"].replace("\\", "")
    teams = messages.teams(change)["attachments"][0]["content"]["body"][-1]["text"]
    assert "Payments fail.\n\nNext update" in teams


def test_a_cut_discord_field_ends_in_no_half_escape() -> None:
    embed = messages.discord(replace(big_change(), affected=(Affected("*" * 3000),)))["embeds"][0]
    (affected,) = [f["value"] for f in embed["fields"] if f["name"] == "Affected"]
    assert len(affected) <= LIMITS["discord"]["field_value"]
    assert affected.endswith("\\*…"), affected[-10:]


def test_a_cut_slack_notification_text_ends_in_no_half_entity() -> None:
    payload = messages.slack(replace(big_change(), title="&" * 5000))
    assert len(payload["text"]) <= messages.SLACK_TEXT
    assert re.fullmatch(r"Incident opened: (&amp;)+…", payload["text"]), payload["text"][-12:]


def test_a_cut_title_or_message_closes_the_override_it_keeps_open() -> None:
    # The closer contain_bidi adds at the end was cut off with the end: the "…" and
    # whatever the service shows after it came out reversed.
    change = replace(
        big_change(),
        title="Payments \u202egnilaiF " + "x" * 300,
        message="body \u202e reversed " + "y" * 5000,
        page={**big_change().page, "title": "Example"},
    )
    from statusgen.notify.settings import Channel

    channel = Channel(
        type="email", name="mail", line=1, sender="s@example.com", recipients=("r@example.com",)
    )
    header, section = messages.slack(change)["blocks"][:2]
    embed = messages.discord(change)["embeds"][0]
    cuts = {
        "slack header": (header["text"]["text"], messages.SLACK_HEADER),
        "slack section": (section["text"]["text"], messages.SLACK_SECTION),
        "discord title": (embed["title"], messages.DISCORD_TITLE),
        "discord description": (embed["description"], messages.DISCORD_DESCRIPTION),
        "e-mail subject": (
            str(messages.email(change, channel, NOW)["Subject"]),
            messages.EMAIL_SUBJECT,
        ),
    }
    for field_, (text, limit) in cuts.items():
        assert len(text) <= limit, field_
        assert text.endswith("\u202c…"), (field_, text[-6:])


# --- e-mail ---------------------------------------------------------------------------


def need_certificate(folder: Path) -> tuple[Path, Path]:
    """A test certificate; without the openssl command a skip, or a failure under CI=true."""
    certificate = self_signed_certificate(folder)
    if certificate is None:
        message = "the openssl command is needed to make a test certificate"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return certificate


def email_channel(port: int, security: str, extra: str = "") -> str:
    return f"""\
notify:
  channels:
    - type: email
      host: 127.0.0.1
      port: {port}
      security: {security}
      timeout: 5
      from: Example Status <status@example.com>
      to: [ops@example.com, team@example.com]
      list_unsubscribe: mailto:status-unsubscribe@example.com
{extra}"""


def test_email_over_starttls_with_login(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    certificate = need_certificate(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))
    monkeypatch.setenv("SMTP_PASSWORD", "s3cret")
    with smtp_server(tls=certificate, login=("status", "s3cret")) as box:
        site = Site(
            tmp_path / "site",
            email_channel(
                box.port, "starttls", "      username: status\n      password_env: SMTP_PASSWORD\n"
            ),
        )
        run(site)
        site.incident(
            "x",
            HOSTILE_TITLE,
            "investigating",
            [("investigating", "2026-11-22 17:50", HOSTILE_MESSAGE)],
            components="api: operational",
        )
        result = run(site)
    assert [] == result.failed
    assert [("status", "s3cret")] == box.logins
    assert [True] == box.tls
    ((sender, recipients, message),) = box.messages
    assert "status@example.com" == sender
    assert ["ops@example.com", "team@example.com"] == recipients
    assert "<mailto:status-unsubscribe@example.com>" == message["List-Unsubscribe"]
    assert "\n" not in str(message["Subject"])
    assert str(message["Subject"]).startswith("[Example Status] Incident opened: Pay")
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "https://status.example.com/incidents/x/" in text
    assert not AT_MENTIONS.search(text)
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_a_login_outside_ascii_is_told_without_the_password(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # SMTP's login carries ASCII only: smtplib fails it with a UnicodeEncodeError, which
    # was told as "unexpected UnicodeEncodeError" on every run.
    monkeypatch.setenv("SMTP_PASSWORD", "p\u00e4ssw\u00f6rd")
    login = "      username: status\n      password_env: SMTP_PASSWORD\n"
    with smtp_server(login=("status", "p\u00e4ssw\u00f6rd")) as box:
        result = open_after_baseline(Site(tmp_path, email_channel(box.port, "none", login)))
    assert [] == box.messages
    said = notify_summary(result)
    assert (
        "1 failed (the SMTP login takes ASCII only, and its password holds other characters "
        "after 1 attempt; hint: give the account a password of ASCII characters only and "
        "write it in the environment variable SMTP_PASSWORD (the channel at statusgen.yaml:6))"
    ) in said
    assert "p\u00e4ssw\u00f6rd" not in said


def test_email_shows_chat_mentions_as_plain_text(tmp_path: Path) -> None:
    with smtp_server() as box:
        site = Site(tmp_path, email_channel(box.port, "none"))
        open_after_baseline(site)
        site.incident(
            "x",
            "Down",
            "identified",
            [
                ("investigating", "2026-11-22 17:50", "x"),
                ("identified", "2026-11-22 17:55", "Paged <@U123> and <!channel>, &#64;here."),
            ],
            components="api: operational",
        )
        run(site)
    html = box.messages[-1][2].get_body(("html",)).get_content()
    # Text, neutralised as in every other message; no link made of a user id.
    assert "<p>Paged &lt;\u200b@U123&gt; and &lt;\u200b!channel&gt;, @\u200bhere.</p>" in html
    assert ['href="https://status.example.com/incidents/x/"'] == re.findall(r'href="[^"]*"', html)


def test_email_over_implicit_tls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    certificate = need_certificate(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))
    with smtp_server(tls=certificate, implicit=True) as box:
        result = open_after_baseline(Site(tmp_path / "site", email_channel(box.port, "tls")))
    assert [] == result.failed
    assert 1 == len(box.messages)


def test_an_untrusted_certificate_fails_the_channel(tmp_path: Path) -> None:
    certificate = need_certificate(tmp_path)
    with smtp_server(tls=certificate) as box:  # and SSL_CERT_FILE does not trust it
        result = open_after_baseline(Site(tmp_path / "site", email_channel(box.port, "starttls")))
    assert [] == box.messages
    assert "TLS failed: certificate not trusted: " in result.failed[0].outcome.error
    # The host named, and what to do about a certificate one's own authority signed.
    assert (
        " after 1 attempt; hint: the certificate of 127.0.0.1 is not trusted here: if your "
        "own certificate authority signed it, name that authority's certificate (PEM) in "
        "SSL_CERT_FILE): "
    ) in notify_summary(result)


def test_tls_to_a_port_without_tls_says_which_security_to_use(tmp_path: Path) -> None:
    # `security: tls` to a port that speaks plain SMTP first: OpenSSL's reason alone
    # (WRONG_VERSION_NUMBER) says nothing of the setting to change.
    with smtp_server() as box:
        result = open_after_baseline(Site(tmp_path, email_channel(box.port, "tls")))
    assert [] == box.messages
    assert (
        "  email 'email': 0 sent, 1 failed (TLS failed: wrong version number after 1 attempt; "
        f"hint: port {box.port} of 127.0.0.1 does not speak TLS: use security: starttls "
        "(usually port 587) or the TLS port 465): kept for the next run\n"
    ) in notify_summary(result)


def test_a_refused_smtp_connection_names_the_server_and_its_setting(tmp_path: Path) -> None:
    # Nothing listens on the port: "connection refused" alone says neither where nor what
    # to change, as a port that does not speak TLS does.
    port = free_port()
    result = open_after_baseline(Site(tmp_path, email_channel(port, "none")))
    assert (
        f"  email 'email': 0 sent, 1 failed (connection refused by 127.0.0.1:{port} after "
        "3 attempts; hint: is an SMTP server listening there? Check host: and port: of the "
        "channel at statusgen.yaml:6): kept for the next run\n"
    ) in notify_summary(result)


@pytest.mark.parametrize(
    ("host", "refused"), [("192.0.2.1", True), ("localhost", False), ("::1", False)]
)
def test_a_login_without_tls_goes_to_this_machine_only(
    host: str, refused: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever made the channel (settings are checked before): no password in clear text
    crosses the network. 192.0.2.1 is a documentation address: nothing answers there."""
    from statusgen.notify.run import send
    from statusgen.notify.settings import Channel

    monkeypatch.setenv("SMTP_PASSWORD", "s3cret")
    port = free_port()  # nothing listens there: a local host is tried, and refuses
    channel = Channel(
        type="email",
        name="mail",
        line=1,
        host=host,
        port=port,
        security="none",
        username="status",
        password_env="SMTP_PASSWORD",
        sender="status@example.com",
        recipients=("ops@example.com",),
        timeout=1,
        retries=0,
    )
    change = Change(
        kind="incident_opened",
        key="k",
        title="Down",
        state="investigating",
        message="",
        url="https://status.example.com/incidents/x/",
        at="2026-11-22T17:50:00Z",
        components=(),
        affected=(),
    )
    outcome = send(channel, change, NOW)
    assert not outcome.ok
    said = (f"refused to log in to {host} without TLS", "use security: starttls or tls")
    assert refused == (said == (outcome.error, outcome.hint)), outcome


@pytest.mark.parametrize(
    ("to", "header"),
    [
        (
            ["alice@customer-one.example", "bob@customer-two.example"],
            "undisclosed-recipients:;",
        ),
        (["alice@customer-one.example"], "alice@customer-one.example"),
    ],
)
def test_email_recipients_do_not_see_each_other(tmp_path: Path, to: list[str], header: str) -> None:
    # Each reader of a channel (a customer, say) gets the message without learning who
    # else does: the addresses are in the SMTP envelope, not in the headers.
    with smtp_server() as box:
        site = Site(
            tmp_path,
            email_channel(box.port, "none").replace(
                "to: [ops@example.com, team@example.com]", f"to: [{', '.join(to)}]"
            ),
        )
        assert [] == open_after_baseline(site).failed
    ((_, recipients, message),) = box.messages
    assert to == recipients
    assert header == message["To"]
    assert [header] == message.get_all("To")
    assert None is message["Cc"] and None is message["Bcc"]
    if len(to) > 1:
        assert not [address for address in to if address in message.as_string()]


def test_a_dry_run_says_who_an_email_to_several_would_reach(tmp_path: Path) -> None:
    # The message's own To: names none of them: the dry run says where it would go.
    site = Site(tmp_path, email_channel(9, "none"))
    run(site)
    site.incident(
        "x", "Checkout failing", "investigating", [("investigating", "2026-11-22 17:50", "Errors.")]
    )
    out = CliRunner().invoke(
        cli, ["-C", str(site.root), "notify", "--dry-run", "--now", "2026-11-22T18:00:00Z"]
    )
    assert 0 == out.exit_code, out.output
    assert "To: undisclosed-recipients:;\n" in out.output
    assert "(sent to each of: ops@example.com, team@example.com)\n" in out.output


def test_email_without_a_list_address_has_no_unsubscribe_header(tmp_path: Path) -> None:
    with smtp_server() as box:
        site = Site(
            tmp_path,
            email_channel(box.port, "none").replace(
                "      list_unsubscribe: mailto:status-unsubscribe@example.com\n", ""
            ),
        )
        assert [] == open_after_baseline(site).failed
    ((_, _, message),) = box.messages
    assert None is message["List-Unsubscribe"]
    assert ["text/plain", "text/html"] == [p.get_content_type() for p in message.iter_parts()]


def test_refused_starttls_is_reported_not_raised(tmp_path: Path) -> None:
    with smtp_server() as box:  # offers no STARTTLS
        site = Site(tmp_path, email_channel(box.port, "starttls"))
        result = open_after_baseline(site)
    assert [] == box.messages
    assert ["email"] == [d.channel for d in result.failed]
    # The attempts counted belong to the failure, not to the advice after it.
    assert (
        "  email 'email': 0 sent, 1 failed (the SMTP server offers no STARTTLS after 1 attempt; "
        "hint: use security: tls or another port): kept for the next run\n"
    ) in notify_summary(result)


def test_a_relay_without_login_is_told_as_such(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A local relay that offers no AUTH, given a login: the reason is the login, not a
    # STARTTLS never asked for (smtplib raises one error for both).
    monkeypatch.setenv("SMTP_PASSWORD", "pw")
    login = "      username: status\n      password_env: SMTP_PASSWORD\n"
    with smtp_server() as box:
        site = Site(tmp_path, email_channel(box.port, "none", login))
        result = open_after_baseline(site)
    assert [] == box.messages
    (failed,) = result.failed
    assert "offers no login (AUTH)" in failed.outcome.error
    assert "STARTTLS" not in failed.outcome.error


def notify_cli(site: Site, *options: str, now: str = "2026-11-22T18:00:00Z") -> Any:
    return CliRunner().invoke(cli, ["-C", str(site.root), "notify", "--now", now, *options])


def opened_with_one_refused(tmp_path: Path, box: Any, reply: str) -> tuple[Site, Any]:
    """A site whose e-mail channel's server answers `reply` for team@example.com, and
    `notify --strict` told of an incident opened since its first run."""
    site = Site(tmp_path, email_channel(box.port, "none"))
    run(site)
    box.refuse["team@example.com"] = reply
    site.incident(
        "x",
        "Checkout failing",
        "investigating",
        [("investigating", "2026-11-22 17:50", "x")],
        components="api: operational",
    )
    return site, notify_cli(site, "--strict")


def test_the_summary_tells_the_failure_before_the_messages_it_held_back(tmp_path: Path) -> None:
    with smtp_server() as box:
        site = Site(tmp_path, email_channel(box.port, "none"))
        run(site)
        box.refuse["team@example.com"] = "450 4.2.2 mailbox full"
        for slug in ("a", "b"):
            site.incident(
                slug,
                f"Checkout failing {slug}",
                "investigating",
                [("investigating", "2026-11-22 17:50", "x")],
                components="api: operational",
            )
        told = notify_cli(site)
    assert (
        "  email 'email': 0 sent, 2 failed (the server refused 1 of 2 recipients: "
        "team@example.com (450) after 1 attempt; "
        "not tried: an earlier message to this channel failed): kept for the next run\n"
    ) in told.output, told.output


def test_a_recipient_refused_for_good_is_reported_and_not_sent_again(tmp_path: Path) -> None:
    # The server takes the message for one reader and refuses the other's mailbox: that is
    # a failure to see, and the one who has it does not get it again.
    with smtp_server() as box:
        site, told = opened_with_one_refused(tmp_path, box, "550 5.1.1 mailbox unavailable")
        again = notify_cli(site, now="2026-11-22T18:10:00Z")
    assert 2 == told.exit_code, told.output
    assert (
        "  email 'email': 0 sent, 1 failed (the server refused 1 of 2 recipients: "
        "team@example.com (550) after 1 attempt): not sent again\n"
    ) in told.output
    assert "1 message could not be delivered.\n" in told.output
    assert [["ops@example.com"]] == [to for _, to, _ in box.messages]
    assert 0 == again.exit_code, again.output
    assert "  email 'email': 0 sent\n" in again.output
    assert 1 == len(box.messages)
    state = json.loads((site.root / ".statusgen-notify.json").read_text())
    assert [] == state["pending"]


def test_a_recipient_refused_for_now_gets_the_message_next_run_alone(tmp_path: Path) -> None:
    # A 4xx for one address (a full mailbox, greylisting) is worth another try, to that
    # address only: the other reader has the message already.
    with smtp_server() as box:
        site, told = opened_with_one_refused(tmp_path, box, "450 4.2.2 mailbox full")
        assert 2 == told.exit_code, told.output
        assert (
            "1 failed (the server refused 1 of 2 recipients: team@example.com (450) "
            "after 1 attempt): kept for the next run\n"
        ) in told.output
        # Kept with the change that follows it; the channel's later message waits with it,
        # so that no reader reads them out of order.
        site.incident(
            "x",
            "Checkout failing",
            "resolved",
            [("investigating", "2026-11-22 17:50", "x"), ("resolved", "2026-11-22 18:05", "y")],
            components="api: operational",
        )
        box.refuse.clear()
        retried = notify_cli(site, "--strict", now="2026-11-22T18:10:00Z")
        last = notify_cli(site, "--strict", now="2026-11-22T18:20:00Z")
    assert 0 == retried.exit_code, retried.output
    assert "  email 'email': 2 sent\n" in retried.output
    assert [
        (["ops@example.com"], "[Example Status] Incident opened: Checkout failing"),
        (["team@example.com"], "[Example Status] Incident opened: Checkout failing"),
        (
            ["ops@example.com", "team@example.com"],
            "[Example Status] Incident resolved: Checkout failing",
        ),
    ] == [(to, str(message["Subject"])) for _, to, message in box.messages]
    # The message to one reader names that reader, as one to a single address does.
    assert "team@example.com" == box.messages[1][2]["To"]
    assert 0 == last.exit_code, last.output
    assert 3 == len(box.messages)


def test_an_address_outside_ascii_without_smtputf8_is_told_as_such(tmp_path: Path) -> None:
    with smtp_server(smtputf8=False) as box:
        channel = email_channel(box.port, "none").replace("ops@example.com", "jörg@example.com")
        result = open_after_baseline(Site(tmp_path, channel))
    assert [] == box.messages
    (failed,) = result.failed
    assert "no address outside ASCII (SMTPUTF8)" in failed.outcome.error


# An RFC 2047 encoded word in a title: decoded, its CR/LF would write headers of its own.
ENCODED_TITLE = (
    "Down =?utf-8?q?=0D=0AReply-To:_attacker@evil.example=0D=0AX-Injected:_yes?="
    " =?utf-8?q?=40everyone?="
)


@pytest.mark.parametrize(
    "title", [ENCODED_TITLE, "=?utf-8?q?=40everyone_all_systems_operational?="]
)
def test_an_encoded_word_in_a_title_reaches_the_subject_as_text(tmp_path: Path, title: str) -> None:
    with smtp_server() as box:
        site = Site(tmp_path, email_channel(box.port, "none"))
        run(site)
        site.incident(
            "x",
            title,
            "investigating",
            [("investigating", "2026-11-22 17:50", "x")],
            components="api: operational",
        )
        assert [] == run(site).failed
    ((_, _, message),) = box.messages
    assert None is message["Reply-To"]
    assert None is message["X-Injected"]
    assert f"[Example Status] Incident opened: {title}" == str(message["Subject"])


@pytest.mark.parametrize(
    ("base_url", "domain"),
    [("http://[::1]:8000/", "[::1]"), ("https://status.example.com/", "status.example.com")],
)
def test_the_message_id_names_the_site_host_as_a_valid_domain(
    tmp_path: Path, base_url: str, domain: str
) -> None:
    with smtp_server() as box:
        site = Site(tmp_path, email_channel(box.port, "none"))
        settings = site.root / "statusgen.yaml"
        settings.write_text(settings.read_text().replace("https://status.example.com/", base_url))
        assert [] == open_after_baseline(site).failed
    ((_, _, message),) = box.messages
    assert message["Message-ID"].endswith(f"@{domain}>")


def test_an_e_mail_sent_again_keeps_its_message_id(tmp_path: Path) -> None:
    # A run whose state was not saved is followed by one that sends its e-mail again: the
    # same Message-ID lets mail readers drop the repeat, as X-Statusgen-Delivery does.
    with smtp_server() as box:
        site = Site(tmp_path, email_channel(box.port, "none"))
        run(site)
        state = site.root / ".statusgen-notify.json"
        saved = state.read_bytes()
        site.incident("x", "Down", "investigating", [("investigating", "2026-11-22 17:50", "x")])
        run(site)
        state.write_bytes(saved)
        run(site)
        site.incident("y", "Slow", "investigating", [("investigating", "2026-11-22 17:55", "y")])
        run(site)
    ids = [message["Message-ID"] for _, _, message in box.messages]
    assert 5 == len(ids)  # twice the incident and the API's change, then the second one
    assert ids[:2] == ids[2:4]
    assert 3 == len(set(ids))
    assert all(i.endswith("@status.example.com>") for i in ids)


def test_a_list_unsubscribe_holding_an_encoded_word_is_refused(tmp_path: Path) -> None:
    channel = email_channel(1, "none").replace(
        "mailto:status-unsubscribe@example.com", "'mailto:x=?utf-8?q?=0D=0AX:_y?=@example.com'"
    )
    site = Site(tmp_path, channel)
    with pytest.raises(StatusgenError, match="list_unsubscribe"):
        run(site)


@pytest.mark.parametrize(
    ("sender", "name", "address"),
    [
        # As docs/notifications.md shows it.
        ("Example Status <status@example.com>", "Example Status", "status@example.com"),
        # As `check` says to write a name with a comma: it stays one name.
        ("'\"Acme, Inc.\" <status@example.com>'", "Acme, Inc.", "status@example.com"),
        ("status@example.com", "", "status@example.com"),
        ("Jörg <jörg@example.com>", "Jörg", "jörg@example.com"),  # over SMTPUTF8
    ],
    ids=["documented", "comma-quoted", "address-alone", "outside-ascii"],
)
def test_the_sender_is_one_mailbox_and_the_envelope_names_its_address(
    tmp_path: Path, sender: str, name: str, address: str
) -> None:
    with smtp_server() as box:
        channel = email_channel(box.port, "none").replace(
            "from: Example Status <status@example.com>", f"from: {sender}"
        )
        assert [] == open_after_baseline(Site(tmp_path, channel)).failed
    ((envelope, _, message),) = box.messages
    assert address == envelope
    # The server's parser leaves the bytes of a header sent in UTF-8 as surrogates.
    mailboxes = [(a.display_name, a.addr_spec) for a in message["From"].addresses]
    assert [(name, address)] == [tuple(map(utf8, mailbox)) for mailbox in mailboxes]


def utf8(text: str) -> str:
    return text.encode("utf-8", "surrogateescape").decode("utf-8")


def test_a_sender_that_would_break_its_header_stops_a_dry_run_with_its_line(
    tmp_path: Path,
) -> None:
    channel = email_channel(9, "none").replace(
        "from: Example Status <status@example.com>",
        'from: "Example\\u2028Status <status@example.com>"',
    )
    site = Site(tmp_path, channel)
    out = CliRunner().invoke(
        cli, ["-C", str(site.root), "notify", "--dry-run", "--now", "2026-11-22T18:00:00Z"]
    )
    assert 1 == out.exit_code, out.output
    assert "statusgen.yaml:11:13: 'from' must be an e-mail address" in out.output
    assert "Traceback" not in out.output and isinstance(out.exception, SystemExit)


# --- configuration --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("section", "column"), [("notify: {}\n", 9), ("notify:\n  channels: []\n", 13)]
)
def test_notify_listing_no_channel_is_refused(tmp_path: Path, section: str, column: int) -> None:
    # As `ingest: {}` and `rules: []`: a notify that can tell no one is an error at its line.
    site = Site(tmp_path, section)
    checked = CliRunner().invoke(cli, ["-C", str(site.root), "check"])
    assert 1 == checked.exit_code, checked.output
    assert (
        "lists no channel\n    hint: add a channel below 'channels:', e.g. '- type: slack', "
        "or remove 'notify:' to send no messages\n" in checked.output
    )
    assert re.search(rf"statusgen.yaml:\d+:{column}: '(notify|channels)' lists", checked.output)


@pytest.mark.parametrize(
    ("channel", "line", "words"),
    [
        ("    - type: slack\n      url: https://hooks.slack.com/services/T0/B0/XYZ\n", 7, "secret"),
        ("    - type: discord\n      url_env: discord url\n", 7, "environment variable"),
        ("    - type: webhook\n      url: https://h.example.com/?token=abc\n", 7, "credential"),
        # A name alone before '@' is a token in practice, refused as base_url refuses it.
        ("    - type: webhook\n      url: https://abc123@h.example.com/\n", 7, "credential"),
        # Sent as written, not filled in: a `$NAME` would be the password the hook gets.
        ("    - type: webhook\n      url: https://hook:$TOKEN@h.example.com/\n", 7, "credential"),
        ("    - type: webhook\n      url: https://h.example.com/?token=$TOKEN\n", 7, "credential"),
        (
            "    - type: webhook\n      url: https://h.example.com/\n      secret: abc\n",
            8,
            "secret",
        ),
        (
            "    - type: email\n      host: h\n      from: a@b.example\n      to: [c@d.example]\n"
            "      password: hunter2\n",
            10,
            "secret",
        ),
        ("    - type: slak\n      url_env: X\n", 6, "did you mean 'slack'"),
        (
            "    - type: slack\n      url_env: X\n      changes: [incidents]\n",
            8,
            "did you mean 'incident'",
        ),
        ("    - type: slack\n      url_env: X\n      components: [api, wbe]\n", 8, "'wbe'"),
    ],
    ids=[
        "slack-url",
        "env-name",
        "url-token",
        "url-login",
        "url-login-stand-in",
        "url-token-stand-in",
        "webhook-secret",
        "smtp-password",
        "type",
        "kind",
        "component",
    ],
)
def test_settings_mistakes_are_diagnostics_with_their_line(
    tmp_path: Path, channel: str, line: int, words: str
) -> None:
    site = Site(tmp_path, "notify:\n  channels:\n" + channel)
    with pytest.raises(StatusgenError) as raised:
        run(site)
    (diagnostic,) = raised.value.diagnostics
    assert ("statusgen.yaml", line) == (diagnostic.path, diagnostic.line)
    assert words in str(diagnostic)
    checked = CliRunner().invoke(cli, ["-C", str(site.root), "check"])
    assert 1 == checked.exit_code
    assert f"statusgen.yaml:{line}:" in checked.output


_EMAIL = "    - type: email\n      host: h\n      from: a@b.example\n      to: [c@d.example]\n"


@pytest.mark.parametrize(
    ("channel", "hint"),
    [
        (_EMAIL + "      password_env: {a: b}\n", "e.g. 'password_env: SMTP_PASSWORD'"),
        (_EMAIL + "      username_env: [status]\n", "e.g. 'username_env: SMTP_USERNAME'"),
        (_EMAIL + "      password_env: smtp password\n", "e.g. SMTP_PASSWORD, and set"),
        ("    - type: teams\n      url_env: [x]\n", "e.g. 'url_env: TEAMS_WEBHOOK_URL'"),
        ("    - type: discord\n      url_env: discord url\n", "e.g. DISCORD_WEBHOOK_URL, and"),
        (
            "    - type: webhook\n      url_env: HOOK\n      secret_env: {a: b}\n",
            "e.g. 'secret_env: WEBHOOK_SECRET'",
        ),
        ("    - type: webhook\n      url_env: {a: b}\n", "e.g. 'url_env: WEBHOOK_URL'"),
    ],
    ids=[
        "email-password",
        "email-username",
        "email-password-name",
        "teams",
        "discord",
        "webhook-secret",
        "webhook-url",
    ],
)
def test_a_badly_written_env_key_is_shown_a_name_for_its_own_secret(
    tmp_path: Path, channel: str, hint: str
) -> None:
    # Every `*_env` key was shown `SLACK_WEBHOOK_URL`, a mail password's included.
    site = Site(tmp_path, "notify:\n  channels:\n" + channel)
    checked = CliRunner().invoke(cli, ["-C", str(site.root), "check"])
    assert 1 == checked.exit_code, checked.output
    assert hint in checked.output, checked.output
    assert "SLACK" not in checked.output


@pytest.mark.parametrize(
    ("channel", "problem"),
    [
        (
            "    - type: webhook\n      url:\n        - http://127.0.0.1:9/x\n",
            "statusgen.yaml:8:9: 'url' must be an http(s) URL, not a list",
        ),
        (
            "    - type: webhook\n      url: {a: b}\n",
            "statusgen.yaml:7:12: 'url' must be an http(s) URL, not a mapping",
        ),
        (
            "    - type: webhook\n      url_env: [HOOK]\n",
            "statusgen.yaml:7:16: 'url_env' must be the name of an environment variable, "
            "not a list",
        ),
        (
            "    - type: webhook\n      url_env: hook url\n",
            "statusgen.yaml:7:16: 'url_env' names an environment variable, not 'hook url'",
        ),
        (
            "    - type: slack\n      url_env:\n        - HOOK\n",
            "statusgen.yaml:8:9: 'url_env' must be the name of an environment variable, not a list",
        ),
        (
            _EMAIL + "      username_env: [U]\n",
            "statusgen.yaml:10:21: 'username_env' must be the name of an environment variable, "
            "not a list",
        ),
    ],
    ids=[
        "webhook-url-list",
        "webhook-url-mapping",
        "webhook-url_env-list",
        "webhook-url_env-name",
        "slack-url_env-list",
        "email-username_env-list",
    ],
)
def test_a_channel_key_written_wrongly_is_told_once_not_also_missing(
    tmp_path: Path, channel: str, problem: str
) -> None:
    # A webhook's `url: [...]` was also told it needs one of 'url' and 'url_env': it has it.
    site = Site(tmp_path, "notify:\n  channels:\n" + channel)
    checked = CliRunner().invoke(cli, ["-C", str(site.root), "check"])
    assert 1 == checked.exit_code, checked.output
    said = [line for line in checked.output.splitlines() if line.startswith("statusgen.yaml")]
    assert [problem] == said, checked.output


@pytest.mark.parametrize(
    ("state", "words"),
    [
        ("static/state.json", "'static/state.json' lies in static/"),
        ("public/state.json", "'public/state.json' lies in public/"),
        ("themes/default/static/state.json", "lies in themes/"),
        ("content/incidents/new.md", "'content/incidents/new.md' lies in content/"),
        ("data/monitors/state.json", "'data/monitors/state.json' lies in data/monitors/"),
        ("../../outside-state.json", "must name a file inside the site, not '../../outside"),
        ("{tmp}/state.json", "must name a file inside the site, not '/"),
        ("statusgen.yaml", "'statusgen.yaml' is the site's settings file"),
        ("./statusgen.yaml", "'./statusgen.yaml' is the site's settings file"),
        (".github/notify.json", "'.github/notify.json' lies in .github/"),
    ],
)
def test_a_state_file_that_would_be_published_or_leave_the_site_is_refused(
    tmp_path: Path, receiver: Any, state: str, words: str
) -> None:
    # A pull request changing `state:` must not get what notify told (private pages'
    # incidents) published with the site, read as an incident, or written anywhere.
    state = state.format(tmp=tmp_path.as_posix())
    site = Site(tmp_path / "a" / "site", f"{SLACK_ONLY}  state: {state}\n")
    (site.root / "static").mkdir()

    checked = CliRunner().invoke(cli, ["-C", str(site.root), "check"])
    kept = CliRunner().invoke(cli, ["-C", str(site.root), "notify", "--state-file"])
    sent = CliRunner().invoke(cli, ["-C", str(site.root), "notify", "--now", "2026-11-22T18:00Z"])
    built = CliRunner().invoke(cli, ["-C", str(site.root), "build"])

    assert 1 == checked.exit_code
    assert "statusgen.yaml:10:10: state " in checked.output
    assert words in checked.output
    # What the deploy workflow would cache and restore: refused too, at the same place.
    assert 1 == kept.exit_code
    assert "statusgen.yaml:10:10: state " in kept.output
    assert 1 == sent.exit_code
    assert "statusgen.yaml:10:10: state " in sent.output
    assert 1 == built.exit_code
    assert [] == [
        p for p in tmp_path.rglob("*") if p.suffix in (".json", ".md") and "state" in p.name
    ]


@pytest.mark.parametrize("state", ["data/notify-state.json", "ops/notify/state.json"])
def test_a_state_file_beside_the_monitor_data_is_kept(
    tmp_path: Path, receiver: Any, state: str
) -> None:
    # data/ holds what CI keeps between runs; no build reads or publishes a file there
    # but the monitors' own (data/monitors/), so a state kept beside them is a state.
    site = Site(tmp_path / "site", f"{SLACK_ONLY}  state: {state}\n")

    checked = CliRunner().invoke(cli, ["-C", str(site.root), "check"])
    sent = CliRunner().invoke(cli, ["-C", str(site.root), "notify", "--now", "2026-11-22T18:00Z"])

    assert 0 == checked.exit_code, checked.output
    assert 0 == sent.exit_code, sent.output
    assert (site.root / state).is_file()


def test_a_dry_run_reads_the_default_file_a_moved_state_left_and_moves_nothing(
    tmp_path: Path, receiver: Any
) -> None:
    site = Site(tmp_path / "site", SLACK_ONLY)
    CliRunner().invoke(cli, ["-C", str(site.root), "notify", "--now", "2026-11-22T17:00Z"])
    site.settings(f"{SLACK_ONLY}  state: data/notify.json\n")
    site.incident(
        "new",
        "Checkout failing",
        "investigating",
        [("investigating", "2026-11-22 17:50", "Errors.")],
    )

    shown = CliRunner().invoke(
        cli, ["-C", str(site.root), "notify", "--dry-run", "--now", "2026-11-22T18:00Z"]
    )

    assert 0 == shown.exit_code, shown.output
    assert "2 changes since the last notification." in shown.output
    assert f"a real run would move it to {site.root / 'data/notify.json'}." in shown.output
    assert (site.root / ".statusgen-notify.json").is_file()
    assert not (site.root / "data").exists()
    assert [] == receiver.hits


def _moved_state_site(tmp_path: Path) -> Site:
    """A site whose default state file holds what was told at 17:00, `state:` since moved
    to data/notify.json, and an incident opened meanwhile."""
    site = Site(tmp_path / "site", SLACK_ONLY)
    CliRunner().invoke(cli, ["-C", str(site.root), "notify", "--now", "2026-11-22T17:00Z"])
    site.settings(f"{SLACK_ONLY}  state: data/notify.json\n")
    site.incident(
        "new",
        "Checkout failing",
        "investigating",
        [("investigating", "2026-11-22 17:50", "Errors.")],
    )
    return site


@pytest.mark.parametrize("linked", [False, True])
def test_an_empty_state_file_the_settings_name_carries_on_from_the_default_file(
    tmp_path: Path, receiver: Any, linked: bool
) -> None:
    # The docs' way to start a state kept elsewhere: the file made empty (or a link to an
    # empty one). Empty is no state yet, so the news in the default file is not lost.
    site = _moved_state_site(tmp_path)
    kept = tmp_path / "persist" / "notify.json"
    kept.parent.mkdir()
    kept.touch()
    named = site.root / "data" / "notify.json"
    named.parent.mkdir()
    if linked:
        named.symlink_to(kept)
    else:
        kept.rename(named)

    sent = CliRunner().invoke(cli, ["-C", str(site.root), "notify", "--now", "2026-11-22T18:00Z"])

    assert 0 == sent.exit_code, sent.output
    assert 2 == len(receiver.delivered("slack"))
    assert f"Carried on from the notification state at {site.root / '.statusgen-notify.json'}" in (
        sent.output
    )
    # It was there, empty: said so, not "was not there yet".
    assert f"{Path('data', 'notify.json')}, held no state yet; moved to" in sent.output
    assert not (site.root / ".statusgen-notify.json").exists()
    assert named.is_symlink() is linked
    assert '"notified_at"' in named.read_text()


def test_a_default_file_that_cannot_be_removed_after_carrying_on_is_said(
    tmp_path: Path, receiver: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Left unsaid, the old file would be read again once data/notify.json is deleted to
    # start over, and all told since it would be told again.
    site = _moved_state_site(tmp_path)
    default = site.root / ".statusgen-notify.json"
    unlink = Path.unlink

    def refused(self: Path, missing_ok: bool = False) -> None:
        if self == default:
            raise PermissionError(13, "Permission denied", str(self))
        unlink(self, missing_ok)

    monkeypatch.setattr(Path, "unlink", refused)

    sent = CliRunner().invoke(cli, ["-C", str(site.root), "notify", "--now", "2026-11-22T18:00Z"])

    assert 0 == sent.exit_code, sent.output
    assert 2 == len(receiver.delivered("slack"))
    assert "All 2 messages delivered." in sent.output
    assert f"could not remove {default} (Permission denied): delete it by hand" in sent.output
    assert (site.root / "data" / "notify.json").is_file()


def test_a_run_held_back_names_the_default_file_it_read_and_moves_nothing(
    tmp_path: Path, receiver: Any
) -> None:
    site = _moved_state_site(tmp_path)

    held = CliRunner().invoke(cli, ["-C", str(site.root), "notify", "--now", "2026-11-22T16:00Z"])

    assert 0 == held.exit_code, held.output
    assert f"state at {site.root / '.statusgen-notify.json'} was written" in held.output
    assert "data/notify.json" not in held.output
    assert (site.root / ".statusgen-notify.json").is_file()
    assert not (site.root / "data").exists()
    assert [] == receiver.hits


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("data/notify.json", None),
        ("data/notify.json", "ops/state.json"),
        (None, "data/notify.json"),
    ],
)
def test_a_state_moved_from_either_documented_place_carries_on_from_it(
    tmp_path: Path, receiver: Any, before: str | None, after: str | None
) -> None:
    # `state:` removed (back to the default) or changed: the state left at the other place
    # still holds what was told, and starting over would never tell the incident opened since.
    def settings(state: str | None) -> str:
        return SLACK_ONLY + (f"  state: {state}\n" if state else "")

    site = Site(tmp_path / "site", settings(before))
    CliRunner().invoke(cli, ["-C", str(site.root), "notify", "--now", "2026-11-22T17:00Z"])
    old = site.root / (before or ".statusgen-notify.json")
    new = site.root / (after or ".statusgen-notify.json")
    assert old.is_file()
    site.settings(settings(after))
    site.incident(
        "new",
        "Checkout failing",
        "investigating",
        [("investigating", "2026-11-22 17:50", "Errors.")],
    )

    sent = CliRunner().invoke(cli, ["-C", str(site.root), "notify", "--now", "2026-11-22T18:00Z"])
    again = CliRunner().invoke(cli, ["-C", str(site.root), "notify", "--now", "2026-11-22T18:10Z"])

    assert 0 == sent.exit_code, sent.output
    assert 2 == len(receiver.delivered("slack"))
    assert f"Carried on from the notification state at {old}" in sent.output
    assert f"moved to {new}." in sent.output
    assert (False, True) == (old.exists(), new.is_file())
    assert "0 changes since the last notification." in again.output


def test_a_state_at_both_documented_places_stops_a_run_with_a_new_state_file(
    tmp_path: Path, receiver: Any
) -> None:
    # Which of the two was told last is no guess to make: the older would tell again.
    site = _moved_state_site(tmp_path)
    default = site.root / ".statusgen-notify.json"
    (site.root / "data").mkdir()
    (site.root / "data" / "notify.json").write_bytes(default.read_bytes())
    site.settings(f"{SLACK_ONLY}  state: ops/state.json\n")

    sent = CliRunner().invoke(cli, ["-C", str(site.root), "notify", "--now", "2026-11-22T18:00Z"])

    assert 1 == sent.exit_code, sent.output
    assert "no notification state yet" in sent.output
    assert f"{default}, {site.root / 'data' / 'notify.json'}" in sent.output
    assert "keep the one" in sent.output
    assert [] == receiver.hits
    assert not (site.root / "ops").exists()
    assert default.is_file() and (site.root / "data" / "notify.json").is_file()


def test_the_state_file_option_prints_the_file_the_settings_name(tmp_path: Path) -> None:
    # What the deploy workflow restores and saves: the file `notify` reads, whatever
    # `state:` says.
    site = Site(tmp_path / "site", SLACK_ONLY)
    default = CliRunner().invoke(cli, ["-C", str(site.root), "notify", "--state-file"])
    site.settings(f"{SLACK_ONLY}  state: ./data//notify.json\n")
    moved = CliRunner().invoke(cli, ["-C", str(site.root), "notify", "--state-file"])

    assert (0, ".statusgen-notify.json\n") == (default.exit_code, default.output)
    assert (0, "data/notify.json\n") == (moved.exit_code, moved.output)
    assert [] == notify_files(site.root)


def test_the_default_state_file_linked_into_static_is_refused(tmp_path: Path) -> None:
    # No `state:` written, the default file a link into static/: published with the site,
    # what notify told (private pages' incidents) would go with it, as a `state:` there.
    site = Site(tmp_path / "site", SLACK_ONLY)
    (site.root / "static").mkdir()
    (site.root / "static" / "state.json").write_text("")
    (site.root / ".statusgen-notify.json").symlink_to(Path("static") / "state.json")

    checked = CliRunner().invoke(cli, ["-C", str(site.root), "check"])
    built = CliRunner().invoke(cli, ["-C", str(site.root), "build"])

    assert 1 == checked.exit_code, checked.output
    assert "'.statusgen-notify.json' lies in static/" in checked.output
    assert "'state: .statusgen-notify.json' (the default)" not in checked.output
    assert 1 == built.exit_code
    assert not (site.root / "public" / "state.json").exists()


def test_a_state_refused_in_an_output_names_the_folder_as_a_path(tmp_path: Path) -> None:
    site = Site(
        tmp_path / "site",
        f"output: ./site-out/pub/\n{SLACK_ONLY}  state: site-out/pub/state.json\n",
    )

    checked = CliRunner().invoke(cli, ["-C", str(site.root), "check"])

    assert 1 == checked.exit_code
    assert "state 'site-out/pub/state.json' lies in site-out/pub/, which" in checked.output


@pytest.mark.parametrize(
    ("state", "where"),
    [("static/notify.json", "static/"), ("public/notify.json", "public/")],
)
def test_a_state_option_that_would_be_published_is_refused_as_the_setting_is(
    tmp_path: Path, receiver: Any, monkeypatch: pytest.MonkeyPatch, state: str, where: str
) -> None:
    # `--state` keeps the state outside the site, not in what a build publishes: there it
    # would go out with the site, private pages' incidents and all.
    site = Site(tmp_path / "site", SLACK_ONLY)
    (site.root / "static").mkdir()
    monkeypatch.chdir(site.root)

    sent = CliRunner().invoke(cli, ["notify", "--state", state, "--now", "2026-11-22T18:00Z"])

    assert (
        1,
        [
            f"{state}: --state '{state}' lies in {where}, which a build reads or publishes: what "
            "notify told (private pages' incidents included) would go with it",
            "    hint: keep it in the site's own folder, e.g. '--state .statusgen-notify.json' "
            "(the default), or outside the site",
            "1 problem in 1 file",
        ],
    ) == (sent.exit_code, sent.output.splitlines())
    assert [] == list(tmp_path.rglob("notify.json"))
    # Outside the site it is what the option is for.
    elsewhere = tmp_path / "kept" / "notify.json"
    kept = CliRunner().invoke(
        cli, ["notify", "--state", str(elsewhere), "--now", "2026-11-22T18:00Z"]
    )
    assert (0, True) == (kept.exit_code, elsewhere.is_file())


@pytest.mark.parametrize(
    "url",
    [
        "ftp://hook:hunter2@h.example.com/",
        "hooks.example.com/x?token=hunter2",
        # Without "https://", urlsplit reads "deploy" as the scheme and the login as a path.
        "deploy:hunter2@hooks.example.com/status",
        "hunter2@hooks.example.com/status",
        # A password holding a delimiter: once said as "the port … must be between 1 and
        # 65535, not 'hunter2'".
        "https://deploy:hunter2?x@hooks.example.com/y",
        "https://deploy:hunter2#x@hooks.example.com/y",
        # A token after "#" is never sent, yet as much a secret in the file.
        "https://hooks.example.com/y#access_token=hunter2",
        "https://hooks.example.com/y?jwt=hunter2",
        # A Slack channel's address is a secret also when a generic webhook posts to it.
        "https://hooks.slack.com/services/T0/B0/hunter2",
    ],
)
def test_a_webhook_url_refused_as_a_credential_does_not_repeat_its_secret(
    tmp_path: Path, url: str
) -> None:
    site = Site(tmp_path, f"notify:\n  channels:\n    - type: webhook\n      url: '{url}'\n")
    checked = CliRunner().invoke(cli, ["-C", str(site.root), "check"])
    assert 1 == checked.exit_code
    assert "statusgen.yaml:7:12: " in checked.output
    assert "credential" in checked.output
    assert "hunter2" not in checked.output


@pytest.mark.parametrize(
    "query", ["token_type=bearer", "auth_type=oauth", "signature_required=false"]
)
def test_a_webhook_url_with_a_parameter_about_a_credential_is_taken(
    tmp_path: Path, query: str
) -> None:
    # The parameter says what kind of credential, and holds none: refusing the URL would
    # leave its author no way to write it but an environment variable for no secret.
    url = f"https://hooks.example.com/status?{query}"
    site = Site(tmp_path, f"notify:\n  channels:\n    - type: webhook\n      url: '{url}'\n")
    checked = CliRunner().invoke(cli, ["-C", str(site.root), "check"])
    assert (0, False) == (checked.exit_code, "credential" in checked.output), checked.output


EMAIL = (
    "    - type: email\n      host: mail.example.com\n      from: status@example.com\n"
    "      to: [oncall@example.com]\n"
)


@pytest.mark.parametrize(
    ("notify", "problem", "hint"),
    [
        (
            "notify:\n  channels:\n    - type: slack\n      url_env: X\n      timeout: 0\n",
            "statusgen.yaml:8:16: timeout must be more than 0 and at most 120 seconds",
            "e.g. 'timeout: 10', the default",
        ),
        (
            "notify:\n  timeout: 500\n  channels:\n    - type: slack\n      url_env: X\n",
            "statusgen.yaml:5:12: timeout must be more than 0 and at most 120 seconds",
            "e.g. 'timeout: 120', the nearest value allowed",
        ),
        (
            "notify:\n  channels:\n    - type: webhook\n      url: ftp://hooks.example.com/\n",
            "statusgen.yaml:7:12: 'url' must be an http(s) URL, not 'ftp://hooks.example.com/'",
            "e.g. 'url: https://hooks.example.com/status'",
        ),
        (
            "notify:\n  channels:\n    - type: webhook\n      url: http://127.0.0.1:99999/hook\n",
            "statusgen.yaml:7:12: the port in 'url' is not a number from 1 to 65535",
            "e.g. 'url: https://hooks.example.com:8443/status', or leave the port out for the "
            "scheme's own (80 or 443)",
        ),
        (
            "notify:\n  channels:\n" + EMAIL + "      port: 0\n",
            "statusgen.yaml:10:13: port must be 1 to 65535, not 0",
            "e.g. 'port: 587' for starttls or 'port: 465' for tls; leave it out for that default",
        ),
        (
            "notify:\n  channels:\n" + EMAIL.replace("from: status@example.com", "from: status"),
            "statusgen.yaml:8:13: 'from' must be an e-mail address, not 'status'",
            "e.g. 'from: status@example.com' or 'from: Example Status <status@example.com>'",
        ),
        (
            "notify:\n  channels:\n"
            + EMAIL.replace("from: status@example.com", 'from: "Acme, Inc. <status@example.com>"'),
            "statusgen.yaml:8:13: 'from' must be one e-mail address, not "
            "'Acme, Inc. <status@example.com>'",
            "write from: '\"Acme, Inc.\" <status@example.com>': a name with a comma or another "
            "mark of punctuation goes in double quotes",
        ),
        (
            "notify:\n  channels:\n"
            + EMAIL.replace("status@example.com", "status@example.com, evil@example.net"),
            "statusgen.yaml:8:13: 'from' must be one e-mail address, not "
            "'status@example.com, evil@example.net'",
            "a message comes from one sender: e.g. 'from: status@example.com' or "
            "'from: Example Status <status@example.com>'",
        ),
        (
            "notify:\n  channels:\n"
            + EMAIL.replace("status@example.com", '"Status\\rTeam <status@example.com>"'),
            "statusgen.yaml:8:13: 'from' must be an e-mail address, not "
            "'Status\\rTeam <status@example.com>'",
            "remove U+000D (a control character): a mail header is one line",
        ),
        (
            "notify:\n  channels:\n"
            + EMAIL.replace("status@example.com", '"Status\\u2028Team <status@example.com>"'),
            "statusgen.yaml:8:13: 'from' must be an e-mail address, not "
            "'Status\\u2028Team <status@example.com>'",
            "remove U+2028 (line separator): a mail header is one line",
        ),
        (
            # A name written as an encoded word (RFC 2047) that decodes to a line break.
            "notify:\n  channels:\n"
            + EMAIL.replace("status@example.com", "=?utf-8?q?a=0D=0Ab?= <status@example.com>"),
            "statusgen.yaml:8:13: 'from' must be an e-mail address, not "
            "'=?utf-8?q?a=0D=0Ab?= <status@example.com>'",
            "write the name without '=?': in a mail header it starts an encoded word (RFC 2047), "
            "which readers decode into other text",
        ),
        (
            # Quoted and escaped, it stays as written: the email package, folding the header,
            # decoded it into a line break all the same.
            "notify:\n  channels:\n"
            + EMAIL.replace(
                "from: status@example.com",
                "from: '\"\\=?utf-8?q?a=0D=0Ab?=\" <status@example.com>'",
            ),
            "statusgen.yaml:8:13: 'from' must be an e-mail address, not "
            "'\"\\\\=?utf-8?q?a=0D=0Ab?=\" <status@example.com>'",
            "write the name without '=?': in a mail header it starts an encoded word (RFC 2047), "
            "which readers decode into other text",
        ),
        (
            "notify:\n  channels:\n" + EMAIL.replace("[oncall@example.com]", "[oncall]"),
            "statusgen.yaml:9:12: 'oncall' is not an e-mail address",
            "write each address alone, e.g. 'to: [oncall@example.com, team@example.com]'",
        ),
        (
            "notify:\n  channels:\n"
            + EMAIL
            + "      security: none\n      username: status@example.com\n"
            + "      password_env: SMTP_PASSWORD\n",
            "statusgen.yaml:10:17: security: none would send the SMTP login to mail.example.com "
            "in clear text",
            "use 'security: starttls' (port 587) or 'security: tls' (port 465); 'none' is for a "
            "relay on this machine only (localhost, 127.0.0.1, ::1)",
        ),
        (
            "notify:\n  channels:\n" + EMAIL.replace("[oncall@example.com]", "[]"),
            "statusgen.yaml:9:11: 'to' lists no address",
            "e.g. 'to: [oncall@example.com]'",
        ),
        (
            "notify:\n  channels:\n" + EMAIL.replace(" [oncall@example.com]", ""),
            "statusgen.yaml:9:10: 'to' lists no address",
            "e.g. 'to: [oncall@example.com]'",
        ),
        (
            "notify:\n  channels:\n    - type: slack\n      url_env: X\n      components: []\n",
            "statusgen.yaml:8:19: 'components' lists no component",
            "name the components this channel is told about, e.g. 'components: [api, "
            "checkout]', or remove 'components:' to tell it about every component",
        ),
        (
            "notify:\n  channels:\n    - type: slack\n      url_env: X\n      changes: []\n",
            "statusgen.yaml:8:16: 'changes' lists no kind of change",
            "name the kinds it is sent, e.g. 'changes: [incident, maintenance]', or remove "
            "'changes:' to send it every kind",
        ),
        (
            "notify:\n  channels:\n    - type: slack\n      changes:\n      url_env: X\n",
            "statusgen.yaml:7:15: 'changes' lists no kind of change",
            "name the kinds it is sent, e.g. 'changes: [incident, maintenance]', or remove "
            "'changes:' to send it every kind",
        ),
        (
            "notify:\n  channels:\n"
            + EMAIL
            + "      list_unsubscribe: http://example.com/unsubscribe\n",
            "statusgen.yaml:10:25: 'list_unsubscribe' must be a mailto: or https: URL, not "
            "'http://example.com/unsubscribe'",
            "e.g. mailto:status-announce-unsubscribe@lists.example.com",
        ),
        (
            "notify:\n  channels:\n"
            + EMAIL
            + '      list_unsubscribe: "mailto:unsubscribe@example.com\\rBcc: x@example.com"\n',
            "statusgen.yaml:10:25: 'list_unsubscribe' holds an invisible or control character "
            "(U+000D)",
            "remove it; write a space as %20 if the address really has one",
        ),
    ],
    ids=[
        "timeout-zero",
        "timeout-too-long",
        "webhook-url",
        "webhook-port",
        "port",
        "from",
        "from-comma",
        "from-two-senders",
        "from-carriage-return",
        "from-line-separator",
        "from-encoded-line-break",
        "from-escaped-encoded-word",
        "to",
        "clear-login",
        "to-empty-list",
        "to-left-empty",
        "components-empty",
        "changes-empty",
        "changes-left-empty",
        "unsubscribe-http",
        "unsubscribe-carriage-return",
    ],
)
def test_settings_mistakes_say_how_to_fix_them(
    tmp_path: Path, notify: str, problem: str, hint: str
) -> None:
    site = Site(tmp_path, notify)
    checked = CliRunner().invoke(cli, ["-C", str(site.root), "check"])
    assert 1 == checked.exit_code
    assert f"{problem}\n    hint: {hint}\n" in checked.output, checked.output


_COMMON = "type, name, page, components, changes, timeout, retries"


@pytest.mark.parametrize(
    ("channel", "known"),
    [
        ("    - type: slack\n      urlenv: X\n", f"{_COMMON}, url_env"),
        (
            "    - type: webhook\n      urll: https://h.example.com/\n",
            f"{_COMMON}, url, url_env, secret_env",
        ),
        (
            "    - type: email\n      smtp_host: h\n      from: a@b.example\n"
            "      to: [c@d.example]\n",
            f"{_COMMON}, host, port, security, username, username_env, password_env, from, to, "
            "list_unsubscribe",
        ),
    ],
    ids=["slack", "webhook", "email"],
)
def test_an_unknown_channel_key_lists_the_keys_that_type_accepts(
    tmp_path: Path, channel: str, known: str
) -> None:
    """The list once named `secret`, `password`, `token` and `url`, which are refused
    (secrets written out), and `url` twice on a webhook: a key it lists must work."""
    site = Site(tmp_path, "notify:\n  channels:\n" + channel)

    checked = CliRunner().invoke(cli, ["-C", str(site.root), "check"])

    assert 1 == checked.exit_code, checked.output
    listed = re.search(r"known keys: (.*)\n", checked.output)
    assert listed is not None, checked.output
    assert known == listed.group(1)


@pytest.mark.parametrize(
    ("channels", "problems"),
    [
        (
            "    - type: slack\n      page: public\n      url_env: X\n      timeout: 0\n"
            "    - type: discord\n      page: publik\n      url_env: Y\n"
            "      components: [nope]\n",
            [
                "statusgen.yaml:20:16: timeout must be more than 0",
                "statusgen.yaml:22:13: channel 'discord' names page 'publik', which is not a page",
                "statusgen.yaml:24:20: channel 'discord' is limited to an unknown component 'nope'",
            ],
        ),
        (
            "    - type: slack\n      url: https://hooks.slack.com/services/T0/B0/XYZ\n",
            [
                "statusgen.yaml:18:7: a slack webhook URL is a secret",
                "statusgen.yaml:17:7: channel 'slack' does not say which page's audience it "
                "speaks for",
            ],
        ),
    ],
    ids=["timeout-page-component", "secret-and-no-page"],
)
def test_every_notify_mistake_is_said_in_one_run(
    tmp_path: Path, channels: str, problems: list[str]
) -> None:
    """SPEC: all problems in one run; a channel's own mistake hides nothing it names."""
    site = Site(tmp_path, PAGES + "notify:\n  channels:\n" + channels)
    for command in ("check", "notify"):
        done = CliRunner().invoke(cli, ["-C", str(site.root), command])
        assert 1 == done.exit_code, done.output
        for problem in problems:
            assert problem in done.output, (command, done.output)


@pytest.mark.parametrize(
    ("listed", "problem", "hint"),
    [
        ("components: api, web", "this is one value 'api, web', not 2 components",
         "write a list: [api, web]"),
        ("changes: incident, maintenance",
         "this is one value 'incident, maintenance', not 2 kinds of change",
         "write a list: [incident, maintenance]"),
        # Semicolons too: a hint that kept them gave `website;`, an unknown id.
        ("components: api; web", "this is one value 'api; web', not 2 components",
         "write a list: [api, web]"),
        ("changes: [incident_opened; incident_resolved]",
         "this is one value 'incident_opened; incident_resolved', not 2 kinds of change",
         "write a list: [incident_opened, incident_resolved]"),
    ],
    ids=["components", "changes", "components-semicolon", "changes-semicolon"],
)  # fmt: skip
def test_a_list_written_without_brackets_is_told_to_be_one(
    tmp_path: Path, listed: str, problem: str, hint: str
) -> None:
    # A did-you-mean named one item: following it, the channel quietly heard of less.
    site = Site(
        tmp_path, f"notify:\n  channels:\n    - type: slack\n      url_env: X\n      {listed}\n"
    )
    checked = CliRunner().invoke(cli, ["-C", str(site.root), "check"])
    assert 1 == checked.exit_code
    assert f"{problem}\n    hint: {hint}\n" in checked.output, checked.output
    assert "did you mean" not in checked.output


@pytest.mark.parametrize("given", ["url", "url_env"])
def test_a_webhook_url_outside_ascii_is_posted_to_as_a_browser_sends_it(
    tmp_path: Path, receiver: Any, monkeypatch: pytest.MonkeyPatch, given: str
) -> None:
    # http.client takes ASCII only: every delivery failed with "unexpected
    # UnicodeEncodeError" and the receiver never saw a request.
    url = receiver.url("hooks/statusänderung")
    if given == "url":
        channel = f"    - type: webhook\n      url: {url}\n"
    else:
        monkeypatch.setenv("STATUS_HOOK", url)
        channel = "    - type: webhook\n      url_env: STATUS_HOOK\n"
    site = Site(tmp_path, "notify:\n  channels:\n" + channel)
    checked = CliRunner().invoke(cli, ["-C", str(site.root), "check"])
    assert 0 == checked.exit_code, checked.output

    result = open_after_baseline(site)

    assert [] == result.failed
    assert ["/hooks/status%C3%A4nderung"] == [hit.path for hit in receiver.hits]


@pytest.mark.parametrize("kind", ["webhook", "slack", "discord", "teams"])
def test_a_webhook_url_with_a_login_logs_in_as_curl_does(
    tmp_path: Path, receiver: Any, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    # The login went to the connection as part of the host ("deploy:s3cret@127.0.0.1"):
    # every delivery failed with "name or service not known", retried every run.
    login = "deploy:s3cret%40x%3Ay"  # percent-encoded in a URL, decoded to log in, as curl
    monkeypatch.setenv("STATUSGEN_WEBHOOK_URL", receiver.url("hook").replace("//", f"//{login}@"))
    channel = f"    - type: {kind}\n      name: partners\n      url_env: STATUSGEN_WEBHOOK_URL\n"
    site = Site(tmp_path, "notify:\n  channels:\n" + channel)

    result = open_after_baseline(site)

    assert [] == result.failed
    (hit,) = receiver.delivered("hook")
    basic = base64.b64encode(b"deploy:s3cret@x:y").decode()
    assert f"Basic {basic}" == hit.headers["Authorization"]


def test_a_webhook_url_with_an_impossible_port_fails_at_once_without_an_attempt(
    tmp_path: Path, receiver: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Told "connection refused after 3 attempts", as if the server might come back.
    monkeypatch.setenv("STATUSGEN_WEBHOOK_URL", "http://deploy:s3cret@127.0.0.1:99999/hook")
    site = Site(
        tmp_path,
        "notify:\n  channels:\n    - type: webhook\n      url_env: STATUSGEN_WEBHOOK_URL\n",
    )
    notify_cli(site)
    site.incident("x", "Down", "investigating", [("investigating", "2026-11-22 17:50", "x")])
    told = notify_cli(site, now="2026-11-22T18:05:00Z")

    assert "99999" not in told.output
    assert "s3cret" not in told.output
    # Said once per message, without an attempt: nothing can be connected to, and the
    # channel's other messages are tried, not held behind one that may pass. Each is kept
    # for the next run, as docs/notifications.md says of every failed message.
    assert (
        "webhook 'webhook': 0 sent, 2 failed (the port in the webhook URL is not a number "
        "from 1 to 65535): kept for the next run" in told.output
    )


@pytest.mark.parametrize(
    ("password", "decoded"),
    [
        ("Top%23Secret1", "Top#Secret1"),
        ("Top%3FSecret1", "Top?Secret1"),
        ("Top%2FSecret1", "Top/Secret1"),
    ],
)
def test_a_webhook_password_holding_a_delimiter_is_sent_and_never_printed(
    tmp_path: Path, receiver: Any, monkeypatch: pytest.MonkeyPatch, password: str, decoded: str
) -> None:
    # urlsplit ends the host at "#", "?" or "/": "deploy:Top" was read as host and port,
    # and the failure printed the port, "not 'Top'", in the CI log.
    url = receiver.url("hook").replace("//", f"//deploy:{password}@")
    monkeypatch.setenv("STATUSGEN_WEBHOOK_URL", url)
    channel = "    - type: webhook\n      name: hook\n      url_env: STATUSGEN_WEBHOOK_URL\n"
    site = Site(tmp_path, "notify:\n  channels:\n" + channel)
    notify_cli(site)
    site.incident("x", "Down", "investigating", [("investigating", "2026-11-22 17:50", "x")])
    told = notify_cli(site, now="2026-11-22T18:05:00Z")

    assert "Top" not in told.output and "Secret1" not in told.output
    assert "0 failed" not in told.output and "failed (" not in told.output, told.output
    basic = base64.b64encode(f"deploy:{decoded}".encode()).decode()
    assert [f"Basic {basic}"] * 2 == [h.headers["Authorization"] for h in receiver.hits]


@pytest.mark.parametrize(
    "url",
    [
        "https://deploy:Top#Secret1@hooks.example.com/z",
        "https://deploy:Top?Secret1@hooks.example.com/z",
        "https://hooks.example.com?to=Top@Secret1.example.org",
        # A password holding "@", ":" and "/" ("Top@Sec:ret/1"): no port to tell of.
        "https://deploy:Top@Sec:ret/1@hooks.example.com/z",
        # "Top@127.0.0.1:9/Secret1": HTTP clients would send the rest to 127.0.0.1:9.
        "http://deploy:Top@127.0.0.1:9/Secret1@hooks.example.com/z",
    ],
)
def test_a_webhook_url_whose_host_cannot_be_told_is_never_sent_nor_printed(
    tmp_path: Path, receiver: Any, monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    # Read as written, a login ends at the last "@"; read as HTTP clients read it, the host
    # ends at the "?" or "#". Guessing would send to the wrong host (the last one, to
    # "Secret1.example.org"), or print the password as a port: refused, unprinted.
    monkeypatch.setenv("STATUSGEN_WEBHOOK_URL", url)
    channel = "    - type: webhook\n      name: hook\n      url_env: STATUSGEN_WEBHOOK_URL\n"
    site = Site(tmp_path, "notify:\n  channels:\n" + channel)
    notify_cli(site)
    site.incident("x", "Down", "investigating", [("investigating", "2026-11-22 17:50", "x")])
    told = notify_cli(site, now="2026-11-22T18:05:00Z")

    assert "write them as %3F, %23 and %2F" in told.output
    assert "Top" not in told.output and "Secret1" not in told.output
    assert [] == receiver.hits


def test_a_webhook_password_holding_a_slash_is_never_printed(
    tmp_path: Path, receiver: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # HTTP clients end the host at the "/", a person reads the login up to the "@": as
    # with "?" and "#", refused rather than guessed, and the failure prints none of it.
    monkeypatch.setenv("STATUSGEN_WEBHOOK_URL", "https://deploy:Top/Secret1@hooks.example.com/z")
    channel = "    - type: webhook\n      name: hook\n      url_env: STATUSGEN_WEBHOOK_URL\n"
    site = Site(tmp_path, "notify:\n  channels:\n" + channel)
    notify_cli(site)
    site.incident("x", "Down", "investigating", [("investigating", "2026-11-22 17:50", "x")])
    told = notify_cli(site, now="2026-11-22T18:05:00Z")

    assert "write them as %3F, %23 and %2F" in told.output
    assert [] == receiver.hits
    assert "Top" not in told.output and "Secret1" not in told.output
    assert "deploy" not in told.output


@pytest.mark.parametrize(
    ("character", "code"),
    [("\t", "U+0009"), ("\x7f", "U+007F"), ("\u200b", "U+200B")],
    ids=["tab", "del", "zero-width-space"],
)
def test_a_webhook_url_with_a_control_character_is_refused_without_showing_it(
    tmp_path: Path, receiver: Any, monkeypatch: pytest.MonkeyPatch, character: str, code: str
) -> None:
    url = f"http://hooks.example.com/T0/TOKEN123{character}x"
    written = url.encode("unicode_escape").decode()
    site = Site(tmp_path, f'notify:\n  channels:\n    - type: webhook\n      url: "{written}"\n')
    checked = CliRunner().invoke(cli, ["-C", str(site.root), "check"])
    assert 1 == checked.exit_code
    assert f"statusgen.yaml:7:12: 'url' holds an invisible or control character ({code})" in (
        checked.output
    )
    assert "TOKEN123" not in checked.output

    # From the environment the URL is read only when sent: the channel fails, saying which
    # character, and the others go out.
    monkeypatch.setenv("HOOK_URL", receiver.url(f"signed/TOKEN123{character}x"))
    site.settings(HTTP_CHANNELS)
    result = open_after_baseline(site, components="api: major_outage")
    assert {"webhook"} == {d.channel for d in result.failed}
    errors = [d.outcome.error for d in result.failed]
    assert all(f"invisible or control character ({code})" in e for e in errors), errors
    assert all("TOKEN123" not in e for e in errors)
    assert 2 == len(receiver.delivered("discord"))
    assert [] == receiver.delivered(f"signed/TOKEN123{character}x")


def test_a_malformed_secret_url_fails_its_channel_without_showing_it(
    tmp_path: Path, receiver: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SLACK_URL", "hooks.slack.example/T0/B0/TOKEN123")
    site = Site(tmp_path, HTTP_CHANNELS)
    result = open_after_baseline(site, components="api: major_outage")
    assert {"slack"} == {d.channel for d in result.failed}
    assert all("TOKEN123" not in d.outcome.error for d in result.failed)
    assert 2 == len(receiver.delivered("discord"))  # the others went out


@pytest.mark.parametrize(
    "text",
    [
        "{not json",
        '{"version": 1}',
        '{"version": 1, "snapshot": [], "pending": []}',
        '{"version": 1, "snapshot": {}, "pending": [], "notified_at": "yesterday"}',
        '{"version": 1, "snapshot": {"components": {"api": "sideways"}}, "pending": []}',
        '{"version": 1, "snapshot": {"components": ["api"]}, "pending": []}',
        '{"version": 1, "snapshot": {"components": {"api": []}}, "pending": []}',
    ],
    ids=[
        "not-json",
        "no-snapshot",
        "snapshot-not-a-mapping",
        "notified-at-not-a-time",
        "unknown-status",
        "components-not-a-mapping",
        "status-not-text",
    ],
)
def test_an_unreadable_state_is_a_diagnostic(tmp_path: Path, text: str) -> None:
    """A state without its snapshot would make every status read as new: nothing is sent."""
    site = Site(tmp_path, HTTP_CHANNELS)
    (site.root / ".statusgen-notify.json").write_text(text)
    done = CliRunner().invoke(cli, ["-C", str(site.root), "notify"])
    assert 1 == done.exit_code
    assert ".statusgen-notify.json" in done.output and "delete the file" in done.output
    assert "Traceback" not in done.output


def test_a_state_linked_to_nothing_is_no_first_run(tmp_path: Path) -> None:
    """Read as no state yet, a state kept on a disk not mounted made the run a first one:
    what the page shows was recorded as told, and an outage on it never sent."""
    site = Site(tmp_path, HTTP_CHANNELS)
    state = site.root / ".statusgen-notify.json"
    state.symlink_to("shared/notify.json")
    done = CliRunner().invoke(cli, ["-C", str(site.root), "notify"])
    assert 1 == done.exit_code, done.output
    assert "a symbolic link to shared/notify.json, which does not exist" in done.output
    assert "create it empty to start the state there" in done.output.replace(
        str(site.root / "shared" / "notify.json"), "it"
    )
    assert state.is_symlink() and not state.exists()  # no first run's state in its place


def test_a_state_kept_elsewhere_through_a_link_starts_from_an_empty_file(
    tmp_path: Path, receiver: Any
) -> None:
    """What the docs and the refused `state:` hint advise, in the order they give it: a
    link to nothing is refused (a disk not mounted must not pass for a first run), and
    says how to start; the empty file it leads to is then no state yet, written through."""
    site = Site(tmp_path / "site", f"{HTTP_CHANNELS}  state: ops/link.json\n")
    kept = tmp_path / "persist" / "elsewhere.json"
    kept.parent.mkdir()
    link = site.root / "ops" / "link.json"
    link.parent.mkdir()
    link.symlink_to(kept)

    command = ["-C", str(site.root), "notify", "--now", "2026-11-22T17:00Z"]
    refused = CliRunner().invoke(cli, command)
    kept.touch()
    first = CliRunner().invoke(cli, command)
    site.incident("x", "Down", "investigating", [("investigating", "2026-11-22 17:50", "x")])
    told = run(site)

    assert 1 == refused.exit_code
    assert (
        f"    hint: create {kept} empty to start the state there (an empty state file is no "
        "state yet), or point the link at the state it stands for"
    ) in refused.output.splitlines()
    assert (0, "") == (first.exit_code, "Traceback" * ("Traceback" in first.output))
    assert ([], 8) == (told.failed, len(receiver.hits))  # two messages, four channels
    assert link.is_symlink() and "notified_at" in kept.read_text()


def test_a_state_kept_through_a_link_is_saved_where_the_link_leads(
    tmp_path: Path, receiver: Any
) -> None:
    """A state kept where it outlives the job (a CI cache), linked into the site: a run
    replacing the link by a file of its own left the kept state as it was, and the next
    job, linking it in again, sent every message again."""
    site = Site(tmp_path / "site", HTTP_CHANNELS)
    run(site)  # the baseline
    state = site.root / ".statusgen-notify.json"
    kept = tmp_path / "persist" / "state.json"
    kept.parent.mkdir()
    shutil.move(state, kept)
    kept.chmod(0o640)
    link = Path("..") / "persist" / "state.json"
    state.symlink_to(link)
    site.incident("x", "Down", "investigating", [("investigating", "2026-11-22 17:50", "x")])

    told = run(site)
    sent = len(receiver.hits)
    state.unlink()
    state.symlink_to(link)  # as a fresh job links it in
    again = run(site)

    assert ([], [], 8) == (told.failed, again.failed, sent)  # two messages, four channels
    assert sent == len(receiver.hits)  # nothing told twice
    assert state.is_symlink() and kept == state.resolve()
    assert 0o640 == kept.stat().st_mode & 0o777
    assert [".statusgen-cache", ".statusgen-notify.json", "content", "statusgen.yaml"] == sorted(
        p.name for p in site.root.iterdir()
    )
    assert ["state.json"] == [p.name for p in kept.parent.iterdir()]  # no next state left


@pytest.mark.parametrize(
    ("state", "code", "said"),
    [
        ("statusgen.yaml", 1, "--state 'statusgen.yaml' is the site's settings file"),
        ("package.json", 1, "package.json: this is not a notification state file"),
        ("", 2, "Invalid value for '--state': an empty path"),
        ("content", 2, "Invalid value for '--state'"),
    ],
)
def test_a_state_option_naming_no_state_file_never_advises_deleting_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, state: str, code: int, said: str
) -> None:
    site = Site(tmp_path, HTTP_CHANNELS)
    monkeypatch.chdir(site.root)  # --state is a path from here, as typed in the site
    (site.root / "package.json").write_text('{"name": "status", "version": "1.0.0"}\n')
    before = {p.name: p.read_bytes() for p in site.root.iterdir() if p.is_file()}

    done = CliRunner().invoke(cli, ["notify", "--state", state])

    assert code == done.exit_code, done.output
    assert said in done.output
    assert "delete" not in done.output
    assert before == {p.name: p.read_bytes() for p in site.root.iterdir() if p.is_file()}


@pytest.mark.parametrize(
    "text",
    ["[" * 10_000 + "]" * 10_000, '{"version": ' + "9" * 5_000 + "}"],
    ids=["nested-too-deeply", "long-number"],
)
def test_json_no_statusgen_writes_in_the_state_is_no_state_file(
    tmp_path: Path, receiver: Any, text: str
) -> None:
    site = Site(tmp_path, HTTP_CHANNELS)
    (site.root / ".statusgen-notify.json").write_text(text)

    done = CliRunner().invoke(cli, ["-C", str(site.root), "notify", "--dry-run"])

    assert 1 == done.exit_code, done.output
    assert ".statusgen-notify.json: this is not a notification state file\n    hint: " in (
        done.output
    )
    assert [] == receiver.hits


def test_a_component_status_edited_in_the_state_is_refused_not_told(
    tmp_path: Path, receiver: Any
) -> None:
    site = Site(tmp_path, HTTP_CHANNELS)
    run(site)
    state = site.root / ".statusgen-notify.json"
    state.write_text(state.read_text().replace('"operational"', '"operationl"', 1))
    done = CliRunner().invoke(cli, ["-C", str(site.root), "notify"])
    assert 1 == done.exit_code
    assert (
        ".statusgen-notify.json:7:11: unknown component status 'operationl' for 'api' in the "
        "notification state\n"
        "    hint: did you mean 'operational'? a component status is one of: operational, "
        "degraded_performance, partial_outage, major_outage, under_maintenance; correct it to "
        "the status last told, or delete the file to start over: the next run records the "
        "present and sends nothing\n"
    ) in done.output
    assert [] == receiver.delivered("slack")


@pytest.mark.parametrize(
    ("field", "kind", "said"),
    [
        ("new_status", "component_changed", "unknown component status 'sideways' for 'api'"),
        ("state", "component_changed", "unknown component status 'sideways' for 'api'"),
        ("state", "incident_opened", "unknown state 'sideways' for 'Down'"),
    ],
)
def test_a_status_edited_in_a_kept_message_is_refused_not_told(
    tmp_path: Path, receiver: Any, field: str, kind: str, said: str
) -> None:
    # As in the snapshot: a kept message's status or state edited by hand would be told as
    # written ("Status: Degraded performance → sideways").
    receiver.script["slack"] = [500]
    site = Site(tmp_path, HTTP_CHANNELS)
    open_after_baseline(site, components="api: major_outage")
    state = site.root / ".statusgen-notify.json"
    data = json.loads(state.read_text())
    for entry in data["pending"]:
        if entry["change"]["kind"] == kind:
            entry["change"][field] = "sideways"
    state.write_text(json.dumps(data, indent=1))
    text = state.read_text()
    at = text.index(f'"{field}": "sideways"') + len(f'"{field}": ')
    line, column = text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)

    later = (NOW + timedelta(minutes=10)).isoformat()
    done = CliRunner().invoke(cli, ["-C", str(site.root), "notify", "--dry-run", "--now", later])

    assert 1 == done.exit_code, done.output
    assert f".statusgen-notify.json:{line}:{column}: {said}" in done.output
    assert "correct it to" in done.output and "delete the file to start over" in done.output
    assert "Traceback" not in done.output


def test_a_kept_message_holding_a_key_of_a_later_release_is_still_told(
    tmp_path: Path, receiver: Any
) -> None:
    """A later release may record more of a kept message (as the window's span was
    added): run between two of its runs, this one tells it rather than drop it."""
    receiver.script["slack"] = [500]
    site = Site(tmp_path, HTTP_CHANNELS)
    open_after_baseline(site, components="api: major_outage")
    receiver.script["slack"] = [200]
    state = site.root / ".statusgen-notify.json"
    data = json.loads(state.read_text())
    kept = [entry for entry in data["pending"] if entry["channel"] == "slack"]
    assert kept
    for entry in kept:
        entry["change"]["from_a_later_release"] = [1, 2]
        for affected in entry["change"]["affected"]:
            affected["since"] = "2026-11-22T17:50:00+00:00"
    state.write_text(json.dumps(data, indent=1))
    told = len(receiver.delivered("slack"))

    again = run(site, NOW + timedelta(minutes=10))

    assert not again.failed, [(d.change.kind, d.outcome.error) for d in again.failed]
    assert len(receiver.delivered("slack")) == told + len(kept)


def test_a_state_file_a_merge_stopped_on_names_its_markers(tmp_path: Path) -> None:
    # The state file may be committed (docs/notifications.md): a merge can stop on it.
    site = Site(tmp_path, HTTP_CHANNELS)
    (site.root / ".statusgen-notify.json").write_text(
        '{"version": 1,\n<<<<<<< HEAD\n "notified_at": "a",\n=======\n'
        ' "notified_at": "b",\n>>>>>>> other\n "pending": []}\n'
    )
    done = CliRunner().invoke(cli, ["-C", str(site.root), "notify"])
    assert 1 == done.exit_code
    assert ".statusgen-notify.json:2:1: unresolved merge conflict" in done.output
    assert ".statusgen-notify.json:6:1: unresolved merge conflict" in done.output
    # One JSON object written whole by each run: one side is kept, never the lines of both.
    assert (
        '    hint: resolve the merge: keep the newer side whole (the later "notified_at") and '
        "delete the other side and the marker lines, then commit the file; or delete the file "
        "to start over: the next run records the present and tells nothing of what changed "
        "meanwhile\n"
    ) in done.output


def test_a_state_merged_by_keeping_both_sides_is_refused(tmp_path: Path, receiver: Any) -> None:
    """Both sides' lines give a key twice; read as the last one, an older notified_at would
    let an older run through to tell again what readers were told."""
    site = Site(tmp_path, HTTP_CHANNELS)
    run(site, NOW + timedelta(minutes=30))
    state = site.root / ".statusgen-notify.json"
    newer = f' "notified_at": "{(NOW + timedelta(minutes=30)).isoformat()}",\n'
    older = f' "notified_at": "{(NOW + timedelta(minutes=20)).isoformat()}",\n'
    assert newer in state.read_text()
    state.write_text(state.read_text().replace(newer, newer + older))
    site.incident("x", "Down", "investigating", [("investigating", "2026-11-22 17:50", "x")])

    done = CliRunner().invoke(
        cli,
        ["-C", str(site.root), "notify", "--now", (NOW + timedelta(minutes=25)).isoformat()],
    )

    assert 1 == done.exit_code, done.output
    assert (
        '.statusgen-notify.json: the notification state names "notified_at" twice in one '
        "object, as a merge whose two sides were both kept leaves it\n"
        "    hint: put back the newer side of the merge whole (the one with the later "
        "notified_at), or delete the file to start over"
    ) in done.output
    assert [] == receiver.hits


# --- in the page's language -------------------------------------------------------------


def test_messages_speak_the_page_s_language(tmp_path: Path, receiver: Any) -> None:
    site = Site(tmp_path, "language: de\n" + HTTP_CHANNELS)

    open_after_baseline(site, components="api: major_outage")

    slack = bodies(receiver, "slack")[0]
    assert "Vorfall eröffnet: Down" == slack["blocks"][0]["text"]["text"]
    assert [
        "Status: Wird untersucht",
        "Betroffen: API (Schwerer Ausfall)",
        "Veröffentlicht: 22. Nov. 2026, 17:50 UTC",
    ] == [field["text"] for field in slack["blocks"][2]["fields"]]
    assert [
        {"type": "mrkdwn", "text": "<https://status.example.com/incidents/x/|Mehr auf>"},
        {"type": "plain_text", "text": "Example Status", "emoji": False},
    ] == slack["blocks"][3]["elements"]
    discord = bodies(receiver, "discord")[0]
    assert "Vorfall eröffnet: Down" == discord["embeds"][0]["title"]
    assert [("Status", True), ("Betroffen", False), ("Veröffentlicht", False)] == [
        (field["name"], field["inline"]) for field in discord["embeds"][0]["fields"]
    ]
    card = bodies(receiver, "teams")[0]["attachments"][0]["content"]
    assert "Mehr lesen" == card["actions"][0]["title"]
    # The Statuspage-shaped webhook keeps its API values, in no language.
    hook = bodies(receiver, "signed")[0]
    assert "investigating" == hook["incident"]["status"]


@pytest.mark.parametrize(
    ("language", "posted"),
    [
        ("en", "Posted: Nov 22, 2026, 12:50 EST"),
        ("de", "Veröffentlicht: 22. Nov. 2026, 12:50 EST"),
    ],
)
def test_an_incident_message_says_when_its_update_was_posted(
    tmp_path: Path, receiver: Any, language: str, posted: str
) -> None:
    """As the page dates an update: in the site's timezone and language."""
    with smtp_server() as box:
        site = Site(tmp_path, "")
        (site.root / "statusgen.yaml").write_text(
            "title: Example Status\nbase_url: https://status.example.com/\n"
            f"timezone: America/New_York\nlanguage: {language}\n"
            + HTTP_CHANNELS
            + email_channel(box.port, "none").split("  channels:\n", 1)[1]
        )
        run(site)
        # In the site's zone: 17:50 UTC
        site.incident("x", "Down", "investigating", [("investigating", "2026-11-22 12:50", "x")])
        run(site)
    slack = [f["text"] for f in bodies(receiver, "slack")[0]["blocks"][2]["fields"]]
    discord = [
        f"{f['name']}: {f['value']}" for f in bodies(receiver, "discord")[0]["embeds"][0]["fields"]
    ]
    card = bodies(receiver, "teams")[0]["attachments"][0]["content"]
    # A card's facts are Markdown, escaped so that "22. Nov." starts no list: as Teams shows them.
    teams = [
        re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", f"{f['title']}: {f['value']}")
        for f in card["body"][1]["facts"]
    ]
    email = box.messages[0][2].get_body(("plain",)).get_content().splitlines()
    for shown in (slack, discord, teams, email):
        assert posted in shown, shown


def test_the_affected_components_are_listed_as_the_page_s_language_lists(
    tmp_path: Path, receiver: Any
) -> None:
    site = Site(tmp_path, "language: de\n" + HTTP_CHANNELS)

    open_after_baseline(site, components="api: major_outage\n  web: major_outage")

    fields = [field["text"] for field in bodies(receiver, "slack")[0]["blocks"][2]["fields"]]
    assert "Betroffen: API (Schwerer Ausfall) und Website (Schwerer Ausfall)" == fields[1]


def test_a_maintenance_window_reads_in_the_page_s_language(tmp_path: Path, receiver: Any) -> None:
    site = Site(tmp_path, "language: fr\n" + HTTP_CHANNELS)
    run(site)

    site.maintenance("db", "2026-11-29 02:00", "2026-11-29 04:00", [])
    run(site)

    slack = bodies(receiver, "slack")[0]
    assert "Maintenance planifiée : Database upgrade" == slack["blocks"][0]["text"]["text"]
    fields = [field["text"] for field in slack["blocks"][-2]["fields"]]
    # CLDR's French date and 24-hour clock; the day and the zone said once, as the page does.
    assert "Créneau : 29 nov. 2026, 02:00 – 04:00 TU" == fields[-1]


def test_a_window_is_told_as_its_work_ran_with_its_plan_beside_it(
    tmp_path: Path, receiver: Any
) -> None:
    # Planned 10:00 to 12:00, begun at 09:15, still running at 12:30, completed at 13:10:
    # its page gives 09:15 – 13:10 under "Window" and the plan under "Scheduled", and so
    # do its messages, each as of its own step; the webhook's object keeps Statuspage's
    # fields, the plan under scheduled_for/scheduled_until.
    site = Site(tmp_path, HTTP_CHANNELS)
    site.maintenance(
        "live",
        "2026-12-10 10:00",
        "2026-12-10 12:00",
        [
            ("scheduled", "2026-12-01 10:00", "Planned."),
            ("in progress", "2026-12-10 09:15", "Started early."),
            ("in progress", "2026-12-10 12:30", "Overrunning."),
            ("completed", "2026-12-10 13:10", "Done."),
        ],
    )
    run(site, datetime(2026, 12, 5, tzinfo=timezone.utc))  # announced before this
    run(site, datetime(2026, 12, 10, 13, 20, tzinfo=timezone.utc))

    told = {
        slack["blocks"][0]["text"]["text"].split(":")[0]: [
            field["text"] for field in slack["blocks"][-2]["fields"]
        ][-2:]
        for slack in bodies(receiver, "slack")
    }
    plan = "Scheduled: Dec 10, 2026, 10:00 – 12:00 UTC"
    assert {
        "Maintenance started": ["Window: Dec 10, 2026, 09:15 – 12:00 UTC", plan],
        "Maintenance update": ["Window: Dec 10, 2026, 09:15 UTC – ongoing", plan],
        "Maintenance completed": ["Window: Dec 10, 2026, 09:15 – 13:10 UTC", plan],
    } == told
    completed = incident_bodies(receiver)[-1]["incident"]
    assert ("completed", "2026-12-10T10:00:00.000Z", "2026-12-10T12:00:00.000Z") == (
        completed["status"],
        completed["scheduled_for"],
        completed["scheduled_until"],
    )
    assert "2026-12-10T13:10:00.000Z" == completed["resolved_at"]


def test_a_window_kept_to_its_plan_is_told_without_a_second_span(
    tmp_path: Path, receiver: Any
) -> None:
    site = Site(tmp_path, HTTP_CHANNELS)
    site.maintenance("db", "2026-12-10 10:00", "2026-12-10 12:00", [])
    run(site, datetime(2026, 12, 5, tzinfo=timezone.utc))
    run(site, datetime(2026, 12, 10, 12, 5, tzinfo=timezone.utc))

    told = bodies(receiver, "slack")
    assert ["Maintenance started", "Maintenance completed"] == [
        slack["blocks"][0]["text"]["text"].split(":")[0] for slack in told
    ]
    for slack in told:
        fields = [field["text"] for field in slack["blocks"][-2]["fields"]]
        assert "Window: Dec 10, 2026, 10:00 – 12:00 UTC" == fields[-1]


@pytest.mark.parametrize(
    ("language", "label", "window"),
    [("en", "Window", "Dec 5, 2026, 07:00 – 08:00 EST"), ("de", "Zeitfenster", None)],
)
def test_a_window_reads_in_a_message_as_on_the_page(
    tmp_path: Path, language: str, label: str, window: str | None
) -> None:
    from statusgen.build import build_site

    with smtp_server() as box:
        site = Site(tmp_path, "")
        (site.root / "statusgen.yaml").write_text(
            "title: Example Status\nbase_url: https://status.example.com/\n"
            f"timezone: America/New_York\nlanguage: {language}\n" + email_channel(box.port, "none")
        )
        run(site)
        site.maintenance("db", "2026-12-05 12:00 +00:00", "2026-12-05 13:00 +00:00", [])
        run(site)
    build_site(site.root, now=NOW, use_cache=False)
    page = (site.root / "public" / "incidents" / "db" / "index.html").read_text()
    shown = re.search(r"<dd>(<time[^>]*>[^<]*</time> – <time[^>]*>[^<]*</time>)</dd>", page)
    assert shown is not None
    on_the_page = re.sub(r"<[^>]*>", "", shown[1])
    text = box.messages[0][2].get_body(("plain",)).get_content()
    assert f"{label}: {on_the_page}" in text.splitlines(), text
    if window is not None:
        assert window == on_the_page


def test_email_is_written_in_the_page_s_language_and_direction(tmp_path: Path) -> None:
    with smtp_server() as box:
        site = Site(tmp_path, "language: ar\n" + email_channel(box.port, "none"))
        open_after_baseline(site)
    ((_, _, message),) = box.messages
    assert "ar" == message["Content-Language"]
    assert str(message["Subject"]).startswith("[Example Status] حادث جديد: Down")
    html = message.get_body(("html",)).get_content()
    assert '<html lang="ar" dir="rtl">' in html
    text = message.get_body(("plain",)).get_content()
    assert "اقرأ المزيد: https://status.example.com/incidents/x/" in text


def test_an_update_in_another_language_keeps_its_own_direction_in_an_email(
    tmp_path: Path,
) -> None:
    # As on the pages: an English update on an Arabic page keeps its full stop at its end.
    with smtp_server() as box:
        site = Site(tmp_path, "language: ar\n" + email_channel(box.port, "none"))
        run(site)
        site.incident(
            "x",
            "Down",
            "investigating",
            [("investigating", "2026-11-22 17:50", "The database failed over.")],
            components="api: operational",
        )
        run(site)
    ((_, _, message),) = box.messages
    html = message.get_body(("html",)).get_content()
    assert '<div dir="auto"><p>The database failed over.</p></div>' in html, html


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        (
            "fr",
            [
                "Incident ouvert : Down",
                "État : Opérationnel → Panne majeure",
                "Concernés : API (Panne majeure)",
                "En savoir plus : https://status.example.com/incidents/x/",
            ],
        ),
        ("ar", ["الحالة: من يعمل إلى انقطاع كبير"]),
        ("ja", ["影響範囲：API（大規模な障害）", "text: インシデント発生：Down（調査中）"]),
    ],
)
def test_a_message_joins_its_labels_and_statuses_as_the_page_s_language_does(
    tmp_path: Path, receiver: Any, language: str, shown: list[str]
) -> None:
    """Labels take the language's punctuation (`État : …`, `影響範囲：…`), and a status
    change reads in the language's direction (an arrow reads backwards right to left)."""
    site = Site(
        tmp_path,
        f"language: {language}\n"
        + HTTP_CHANNELS
        + email_channel(1, "none").split("  channels:\n", 1)[1],
    )
    run(site)
    site.incident("x", "Down", "investigating", [("investigating", "2026-11-22 17:50", "x")])
    (site.root / "content" / "components.yaml").write_text(
        "- id: api\n  name: API\n  status: major_outage\n- id: web\n  name: Website\n"
    )
    out = CliRunner().invoke(
        cli, ["-C", str(site.root), "notify", "--dry-run", "--now", "2026-11-22T18:00:00Z"]
    )
    assert 0 == out.exit_code, out.output
    printed = out.output.replace('"', "").replace(",\n", "\n").splitlines()
    for line in shown:
        assert line in [p.strip() for p in printed], out.output


def slack_lines(body: dict[str, Any]) -> list[str]:
    """A Slack message's notification text and its fields, as a reader reads them."""
    return [body["text"], *(f["text"] for f in body["blocks"][-2]["fields"])]


def test_a_message_kept_for_a_retry_is_sent_in_the_page_s_language_then(
    tmp_path: Path, receiver: Any
) -> None:
    # Kept while the page was in English, sent once it is in French: as the page shows
    # it when sent, every word in French, the closing message's worst status too.
    receiver.script["slack"] = [500]
    site = Site(tmp_path, "language: en\n" + HTTP_CHANNELS)
    run(site, NOW - timedelta(minutes=30))
    late = [("investigating", "2026-11-22 17:40", "Late.")]
    site.incident("backups", "Backups late", "investigating", late)
    run(site, NOW - timedelta(minutes=15))
    site.incident(
        "backups", "Backups late", "resolved", [*late, ("resolved", "2026-11-22 17:55", "")]
    )
    run(site)
    assert [] == receiver.delivered("slack")

    receiver.script["slack"] = [200]
    site.settings("language: fr\n" + HTTP_CHANNELS)
    run(site, NOW + timedelta(minutes=10))

    assert [
        [
            "Incident ouvert : Backups late (Enquête en cours)",
            "État : Enquête en cours",
            "Concernés : API (Panne majeure)",
            "Publié : 22 nov. 2026, 17:40 TU",
        ],
        [
            "Incident résolu : Backups late (Résolu)",
            "État : Résolu",
            "Concernés : API (pire état Panne majeure)",
            "Publié : 22 nov. 2026, 17:55 TU",
        ],
    ] == [slack_lines(body) for body in bodies(receiver, "slack")]


def test_a_message_kept_for_a_retry_is_sent_as_the_page_shows_it_then(
    tmp_path: Path, receiver: Any
) -> None:
    # Kept, then the typo in its update corrected and the page renamed, moved and set to
    # another zone: sent with the text, name, links and zone the page has when it is sent,
    # telling what it told (the state, the time of the update) as told.
    receiver.script["slack"] = [500]
    site = Site(tmp_path, HTTP_CHANNELS)
    run(site, NOW - timedelta(minutes=30))
    # Its time says its zone: the page's zone changing moves no update.
    told = ("investigating", "2026-11-22 17:40 +00:00", "We restarted the wrong srever.")
    site.incident("api-down", "API down", "investigating", [told])
    run(site, NOW - timedelta(minutes=15))
    assert [] == receiver.delivered("slack")

    receiver.script["slack"] = [200]
    site.incident("api-down", "API down", "investigating", [(*told[:2], "We restarted a server.")])
    (site.root / "statusgen.yaml").write_text(
        "title: Acme Status\nbase_url: https://status.acme.test/\ntimezone: Europe/Berlin\n"
        + HTTP_CHANNELS
    )
    run(site, NOW)

    opened, changed = bodies(receiver, "slack")
    assert "We restarted a server." == opened["blocks"][1]["text"]["text"]
    assert [
        "Incident opened: API down (Investigating)",
        "Status: Investigating",
        "Affected: API (Major outage)",
        "Posted: Nov 22, 2026, 18:40 CET",
    ] == slack_lines(opened)
    assert [
        ("<https://status.acme.test/incidents/api-down/|Read more on>", "Acme Status"),
        ("<https://status.acme.test/components/api/|Read more on>", "Acme Status"),
    ] == [
        tuple(element["text"] for element in body["blocks"][-1]["elements"])
        for body in (opened, changed)
    ]


def test_a_kept_webhook_body_is_sent_with_the_page_s_id_and_zone_then(
    tmp_path: Path, receiver: Any
) -> None:
    # Kept, then the page moved and set to another zone: every page id in the body is the
    # page's id then, and every time in the zone api/v2 gives it then, nested ones too.
    receiver.script["signed"] = [500]
    site = Site(tmp_path, WEBHOOK_ONLY)
    run(site, NOW - timedelta(minutes=30))
    told = ("investigating", "2026-11-22 17:40 +00:00", "Down.")
    site.incident("api-down", "API down", "investigating", [told])
    run(site, NOW - timedelta(minutes=15))
    assert [] == receiver.delivered("signed")

    receiver.script["signed"] = [200]
    (site.root / "statusgen.yaml").write_text(
        "title: Acme Status\nbase_url: https://status.acme.test/\ntimezone: Europe/Berlin\n"
        + WEBHOOK_ONLY
    )
    run(site, NOW)

    page_id = api_id("page", "https://status.acme.test/")
    for body in bodies(receiver, "signed"):
        assert page_id == body["page"]["id"]
        sent = json.dumps(body)
        assert {page_id} == set(re.findall(r'"page_id": "([^"]*)"', sent)), sent
        # Every time a body carries (meta.generated_at is the run's, in UTC) is Berlin's.
        told_times = re.findall(r'"(?!generated_at)\w+_at": "[^"]*([+-]\d\d:\d\d|Z)"', sent)
        assert told_times, sent
        assert {"+01:00"} == set(told_times), sent
    opened = bodies(receiver, "signed")[0]["incident"]
    assert "2026-11-22T18:40:00.000+01:00" == opened["incident_updates"][0]["created_at"]


def test_a_kept_update_since_deleted_is_dropped_not_sent(tmp_path: Path, receiver: Any) -> None:
    # An update posted to the wrong incident, kept as every delivery failed, then deleted:
    # nobody was told it, and nobody must be, though the opening still goes out.
    receiver.script["slack"] = [500]
    site = Site(tmp_path, SLACK_ONLY)
    run(site, NOW - timedelta(minutes=30))
    first = ("investigating", "2026-11-22 17:40", "We see errors.")
    wrong = ("identified", "2026-11-22 17:45", "Customer Acme's database is down.")
    site.incident("db", "DB errors", "identified", [first, wrong])
    run(site, NOW - timedelta(minutes=10))
    assert [] == receiver.delivered("slack")

    receiver.script["slack"] = [200]
    site.incident("db", "DB errors", "investigating", [first])
    held = notify_cli(site, now="2026-11-22T18:00:00Z")
    # Held back as a possible older checkout, without saying its readers were told.
    assert "already told" not in held.stderr, held.stderr
    assert "told or kept for sending" in held.stderr, held.stderr
    assert [] == receiver.delivered("slack")
    # As the line advises, a new update says the mistake was taken back.
    note = ("investigating", "2026-11-22 18:05", "An update posted here by mistake was removed.")
    site.incident("db", "DB errors", "investigating", [first, note])
    result = run(site, NOW + timedelta(minutes=10))

    sent = json.dumps(bodies(receiver, "slack"))
    assert "Incident opened: DB errors" in sent
    assert "Acme" not in sent
    assert "Identified" not in sent
    assert "An update posted here by mistake was removed." in sent
    assert 1 == result.withdrawn


def test_a_message_kept_in_words_by_an_earlier_release_is_still_sent(
    tmp_path: Path, receiver: Any
) -> None:
    # Earlier releases kept a message's state and components in the words of the page's
    # language then: such a state file still loads, and its message goes out as kept.
    receiver.script["slack"] = [500]
    site = Site(tmp_path, HTTP_CHANNELS)
    open_after_baseline(site, components="api: major_outage")
    state = site.root / ".statusgen-notify.json"
    data = json.loads(state.read_text())
    for entry in data["pending"]:
        change = entry["change"]
        if entry["channel"] == "slack" and change["kind"] == "incident_opened":
            change.update(state="Investigating", affected=["API (Major outage)"])
    state.write_text(json.dumps(data))

    receiver.script["slack"] = [200]
    run(site, NOW + timedelta(minutes=10))

    assert [
        "Incident opened: Down (Investigating)",
        "Status: Investigating",
        "Affected: API (Major outage)",
        "Posted: Nov 22, 2026, 17:50 UTC",
    ] == slack_lines(bodies(receiver, "slack")[0])


# --- a channel speaks for one page's audience ----------------------------------------------

PAGES = """\
pages:
  public:
    base_url: https://status.example.com/
    output: public
    show: [web]
  internal:
    title: Example Internal
    base_url: https://internal.example.com/
    output: internal
    private: true
    language: de
"""

PAGE_CHANNELS = """\
notify:
  channels:
    - type: slack
      page: public
      url_env: SLACK_URL
    - type: webhook
      name: staff
      page: internal
      url_env: HOOK_URL
      secret_env: HOOK_SECRET
"""
# Both channels on the public page, to follow what they are told as its `show:` narrows
# and widens: SHOWN_API shows the API beside the website.
PUBLIC_CHANNELS = PAGE_CHANNELS.replace("page: internal", "page: public")
SHOWN_API = PAGES.replace("show: [web]", "show: [api, web]")


GROUPED = (
    "- id: edge\n  name: Edge\n  components:\n    - id: api\n      name: API\n"
    "    - id: db\n      name: Database\n- id: web\n  name: Website\n"
)


@pytest.mark.parametrize(
    ("pages", "line", "hint"),
    [
        ("", 8, "name its components instead: api, db"),
        # Only those its page shows: the channel is told nothing of another.
        (PAGES.replace("show: [web]", "show: [api, web]"), 20, "name its components instead: api"),
        (PAGES, 20, "page 'public' shows none of its components (api, db): name components"),
    ],
)
def test_a_channel_limited_to_a_group_is_told_to_name_its_components(
    tmp_path: Path, pages: str, line: int, hint: str
) -> None:
    page = "      page: public\n" if pages else ""
    site = Site(
        tmp_path,
        pages
        + f"notify:\n  channels:\n    - type: slack\n{page}      url_env: X\n"
        + "      components: [edge]\n",
    )
    (site.root / "content" / "components.yaml").write_text(GROUPED)
    checked = CliRunner().invoke(cli, ["-C", str(site.root), "check"])
    assert 1 == checked.exit_code
    assert (
        f"statusgen.yaml:{line}:20: channel 'slack' is limited to 'edge', which is a group, "
        "not a component: a channel hears only of the components it names\n"
        f"    hint: {hint}"
    ) in checked.output, checked.output
    assert 1 == checked.output.count("statusgen.yaml:"), checked.output
    if hint.startswith("name its components instead: "):
        named = hint.removeprefix("name its components instead: ")
        site.settings(
            pages
            + f"notify:\n  channels:\n    - type: slack\n{page}      url_env: X\n"
            + f"      components: [{named}]\n"
        )
        followed = CliRunner().invoke(cli, ["-C", str(site.root), "check"])
        assert 0 == followed.exit_code, followed.output  # the hint leads to no other error


def test_a_staff_only_incident_reaches_only_the_staff_page_s_channels(
    tmp_path: Path, receiver: Any
) -> None:
    site = Site(tmp_path, PAGES + PAGE_CHANNELS)
    run(site)
    site.incident(
        "ledger",
        "Ledger migration",
        "investigating",
        [("investigating", "2026-11-22 17:50", "Staff only: the ledger is read-only.")],
        components="api: major_outage\naudiences: [internal]",
    )

    result = run(site)

    assert [] == receiver.delivered("slack")  # the public page does not show it
    hooks = bodies(receiver, "signed")
    assert [("incident_opened", "Ledger migration"), ("component_changed", "API")] == [
        (b["meta"]["event"], b.get("incident", b.get("component", {})).get("name")) for b in hooks
    ]
    assert "https://internal.example.com/incidents/ledger/" == hooks[0]["incident"]["shortlink"]
    assert [] == result.failed
    run(site)  # each page remembers what its channels were told
    assert 2 == len(receiver.hits)


def test_an_incident_reaches_a_page_s_channels_once_an_update_names_what_it_shows(
    tmp_path: Path, receiver: Any
) -> None:
    # The front matter gives the final statuses (the website too); at 18:00 the updates
    # so far name only the API, which the public page does not show.
    site = Site(tmp_path, PAGES + PAGE_CHANNELS)
    run(site)
    (site.root / "content" / "incidents" / "spread.md").write_text(
        "---\ntitle: Ledger slow\nstatus: identified\n"
        "components: {api: major_outage, web: partial_outage}\n---\n"
        "## Investigating at 2026-11-22 17:50\nComponents: api=major_outage\n\nStaff only.\n\n"
        "## Identified at 2026-11-22 18:30\nComponents: web=partial_outage\n\nWebsite too.\n",
        encoding="utf-8",
    )

    run(site)
    assert [] == receiver.delivered("slack")
    assert "incident_opened" == bodies(receiver, "signed")[0]["meta"]["event"]

    run(site, NOW + timedelta(minutes=40))
    slack = bodies(receiver, "slack")
    assert "Incident opened: Ledger slow" == slack[0]["blocks"][0]["text"]["text"]


def test_a_change_two_pages_show_is_counted_once(tmp_path: Path, receiver: Any) -> None:
    """The summary added up each page's changes: one incident on the website, which both
    pages show, read as 4 changes."""
    site = Site(tmp_path, PAGES + PAGE_CHANNELS)
    run(site)
    story = [("investigating", "2026-11-22 18:10", "Pages fail.")]
    site.incident("web", "Website down", "investigating", story, "web: partial_outage")
    result = run(site, NOW + timedelta(minutes=15))
    assert 2 == len(receiver.delivered("slack")) == len(receiver.delivered("signed"))
    assert "2 changes since the last notification." in notify_summary(result)


def test_a_page_shown_more_tells_no_update_it_hid_as_news(tmp_path: Path, receiver: Any) -> None:
    # The public page shows the website only: the API's update was left out of it. An
    # incident on the API alone was not on it at all.
    site = Site(tmp_path, PAGES + PUBLIC_CHANNELS)
    run(site)
    (site.root / "content" / "incidents" / "errors.md").write_text(
        "---\ntitle: Errors\nstatus: resolved\n"
        "components: {web: partial_outage, api: degraded_performance}\n---\n"
        "## Investigating at 2026-11-22 17:20\nComponents: web=partial_outage\n\nSome fail.\n\n"
        "## Investigating at 2026-11-22 17:30\nComponents: api=degraded_performance\n\n"
        "Internal: replica lagging.\n\n"
        "## Resolved at 2026-11-22 17:50\n\nFixed.\n",
        encoding="utf-8",
    )
    site.incident(
        "api-only",
        "API slow",
        "resolved",
        [("investigating", "2026-11-22 17:10", "Slow."), ("resolved", "2026-11-22 17:40", "Ok.")],
    )
    site.incident(
        "api-open",
        "API flaky",
        "identified",
        [
            ("investigating", "2026-11-22 17:15", "Flaky."),
            ("identified", "2026-11-22 17:45", "Cause."),
        ],
    )
    run(site)
    assert [("incident_resolved", "Fixed.")] == [
        (b["meta"]["event"], b["incident"]["incident_updates"][0]["body"])
        for b in incident_bodies(receiver)
    ]

    site.settings(SHOWN_API + PUBLIC_CHANNELS)
    run(site, NOW + timedelta(minutes=20))

    # The open one is told once, as it stands.
    assert [("incident_resolved", "resolved"), ("incident_opened", "identified")] == [
        (b["meta"]["event"], b["incident"]["status"]) for b in incident_bodies(receiver)
    ]
    # An update written since, dated before what was told (a forgotten one), is news,
    # telling the incident as the page shows it: still resolved.
    text = (site.root / "content" / "incidents" / "errors.md").read_text()
    (site.root / "content" / "incidents" / "errors.md").write_text(
        text.replace(
            "## Resolved", "## Monitoring at 2026-11-22 17:40\n\nRecovering.\n\n## Resolved"
        )
    )
    run(site, NOW + timedelta(minutes=30))
    told = incident_bodies(receiver)[2:]
    assert [("incident_updated", "resolved")] == [
        (b["meta"]["event"], b["incident"]["status"]) for b in told
    ]


def test_a_page_shown_more_with_a_new_update_tells_only_that_update_as_news(
    tmp_path: Path, receiver: Any
) -> None:
    # An open incident on the API, which the public page leaves out; one commit widens
    # the page's show: and writes the incident's next update.
    site = Site(tmp_path, PAGES + PUBLIC_CHANNELS)
    run(site, NOW - timedelta(minutes=30))
    told = [
        ("investigating", "2026-11-22 17:00", "Slow."),
        ("identified", "2026-11-22 17:20", "Cause."),
    ]
    site.incident("slow", "API slow", "identified", told, "api: degraded_performance")
    run(site, NOW - timedelta(minutes=20))
    assert [] == incident_bodies(receiver)

    site.settings(SHOWN_API + PUBLIC_CHANNELS)
    written = [("monitoring", "2026-11-22 17:50", "Recovering.")]
    site.incident("slow", "API slow", "monitoring", told + written, "api: degraded_performance")
    run(site)

    # Told once as it stood, its older updates silently, then the update written since;
    # the API's status, older than the page's showing it, is no news either.
    assert [
        ("incident_opened", "identified", "2026-11-22T17:20:00.000Z"),
        ("incident_updated", "monitoring", "2026-11-22T17:50:00.000Z"),
    ] == [
        (b["meta"]["event"], b["incident"]["status"], b["incident"]["updated_at"])
        for b in incident_bodies(receiver)
    ]
    assert ["incident_opened", "incident_updated"] == [k for k, _ in told_events(receiver)]


@pytest.mark.parametrize("run_while_narrowed", [True, False])
def test_a_page_narrowed_and_shown_more_again_tells_the_end_of_what_it_told(
    tmp_path: Path, receiver: Any, run_while_narrowed: bool
) -> None:
    # The public page shows the API, its channels are told it went down; its `show:` is
    # narrowed, the incident resolved, and the page shown more again.
    site = Site(tmp_path, SHOWN_API + PUBLIC_CHANNELS)
    run(site, NOW - timedelta(hours=1))
    opened = [("investigating", "2026-11-22 17:05", "API down.")]
    site.incident("errors", "API errors", "investigating", opened)
    run(site, NOW - timedelta(minutes=50))
    assert ["incident_opened", "component_changed"] == events(receiver)

    site.settings(PAGES + PUBLIC_CHANNELS)
    run(site, NOW - timedelta(minutes=40))
    assert 2 == len(events(receiver))  # the page no longer shows it: nothing to tell
    resolved = [("resolved", "2026-11-22 17:20", "Fixed.")]
    site.incident("errors", "API errors", "resolved", opened + resolved)
    if run_while_narrowed:
        run(site, NOW - timedelta(minutes=30))
    site.settings(SHOWN_API + PUBLIC_CHANNELS)
    run(site)
    run(site, NOW + timedelta(minutes=10))

    # Told once that it began, once that it ended, as one incident.
    told = incident_bodies(receiver)
    assert [("incident_opened", "API down."), ("incident_resolved", "Fixed.")] == [
        (b["meta"]["event"], b["incident"]["incident_updates"][0]["body"]) for b in told
    ]
    assert 1 == len({b["incident"]["id"] for b in told})
    assert 1 == events(receiver).count("incident_opened")
    # Its channels last heard the API was down: they hear it is up again.
    assert [
        ("component_changed", "API", "operational>major_outage"),
        ("component_changed", "API", "major_outage>operational"),
    ] == [t for t in told_changes(receiver) if t[0] == "component_changed"]


def test_a_page_narrowed_and_shown_more_again_tells_a_window_from_where_it_left(
    tmp_path: Path, receiver: Any
) -> None:
    # Announced on the public page; its `show:` narrowed, the work started and went on,
    # and the page shown more again.
    site = Site(tmp_path, SHOWN_API + PUBLIC_CHANNELS)
    run(site, NOW - timedelta(hours=2))
    announced = [("scheduled", "2026-11-22 16:10", "Soon.")]
    site.maintenance("upgrade", "2026-11-22 17:00", "2026-11-22 22:00", announced)
    run(site, NOW - timedelta(minutes=100))
    site.settings(PAGES + PUBLIC_CHANNELS)
    work = [
        ("in_progress", "2026-11-22 17:00", "Started."),
        ("in_progress", "2026-11-22 17:20", "Halfway."),
    ]
    site.maintenance("upgrade", "2026-11-22 17:00", "2026-11-22 22:00", announced + work)
    run(site, NOW - timedelta(minutes=30))
    site.settings(SHOWN_API + PUBLIC_CHANNELS)
    run(site)

    assert [("maintenance_scheduled", "Soon."), ("maintenance_started", "Halfway.")] == [
        (b["meta"]["event"], b["incident"]["incident_updates"][0]["body"])
        for b in incident_bodies(receiver)
    ]
    # Its channels last heard the API was operational: they hear the work took it.
    assert [("component_changed", "API", "operational>under_maintenance")] == [
        t for t in told_changes(receiver) if t[0] == "component_changed"
    ]


@pytest.mark.parametrize(
    "steps",
    [
        # Told the API went down, narrowed, the API back up, widened again.
        [("wide", "down"), ("narrow", "down"), ("narrow", "up"), ("wide", "up")],
        # Narrowed, the API down while off the page, widened, then back up.
        [("narrow", "up"), ("narrow", "down"), ("wide", "down"), ("wide", "up")],
    ],
)
def test_a_page_narrowed_and_shown_more_again_tells_a_component_from_what_it_told(
    tmp_path: Path, receiver: Any, steps: list[tuple[str, str]]
) -> None:
    # Each step a run an hour after the one before; the API's status set in components.yaml.
    down = COMPONENTS.replace("  name: API\n", "  name: API\n  status: major_outage\n")
    site = Site(tmp_path, SHOWN_API + PUBLIC_CHANNELS)
    run(site, NOW - timedelta(hours=len(steps)))
    for hours, (shown, api) in enumerate(steps):
        site.settings((SHOWN_API if shown == "wide" else PAGES) + PUBLIC_CHANNELS)
        (site.root / "content" / "components.yaml").write_text(
            down if api == "down" else COMPONENTS
        )
        run(site, NOW - timedelta(hours=len(steps) - 1 - hours))

    # The outage and its recovery, each once: never a recovery of an outage never told.
    assert [
        ("component_changed", "API", "operational>major_outage"),
        ("component_changed", "API", "major_outage>operational"),
    ] == told_changes(receiver)


def test_a_page_narrowed_with_messages_kept_tells_what_it_never_delivered_when_widened(
    tmp_path: Path, receiver: Any
) -> None:
    # The incident's opening and the API's outage could not be delivered; the page's
    # `show:` narrowed before the next run, which drops them, and widened again.
    site = Site(tmp_path, SHOWN_API + PUBLIC_CHANNELS)
    run(site, NOW - timedelta(hours=1))
    opened = [("investigating", "2026-11-22 17:05", "API down.")]
    site.incident("errors", "API errors", "investigating", opened)
    receiver.script["signed"] = [500]
    assert 2 == len(run(site, NOW - timedelta(minutes=50)).failed)
    receiver.script["signed"] = [200]
    site.settings(PAGES + PUBLIC_CHANNELS)
    run(site, NOW - timedelta(minutes=40))
    assert [] == events(receiver)

    site.settings(SHOWN_API + PUBLIC_CHANNELS)
    run(site, NOW - timedelta(minutes=30))
    resolved = [("resolved", "2026-11-22 17:40", "Fixed.")]
    site.incident("errors", "API errors", "resolved", opened + resolved)
    run(site)

    # Told as it stood when shown again, then its end: never an end alone.
    assert [
        ("incident_opened", "API errors", "investigating"),
        ("component_changed", "API", "operational>major_outage"),
        ("incident_resolved", "API errors", "resolved"),
        ("component_changed", "API", "major_outage>operational"),
    ] == told_changes(receiver)


@pytest.mark.parametrize("resolved_while_away", [False, True])
def test_a_page_narrowed_carries_on_from_an_incident_renamed_while_it_was_left_out(
    tmp_path: Path, receiver: Any, resolved_while_away: bool
) -> None:
    # Told the API went down; the page's `show:` narrowed, the file renamed (`git mv`),
    # maybe resolved, each with a run, and the page shown more again: the same incident.
    site = Site(tmp_path, SHOWN_API + PUBLIC_CHANNELS)
    run(site, NOW - timedelta(hours=1))
    opened = [("investigating", "2026-11-22 17:05", "API down.")]
    site.incident("errors", "API errors", "investigating", opened)
    run(site, NOW - timedelta(minutes=50))
    site.settings(PAGES + PUBLIC_CHANNELS)
    run(site, NOW - timedelta(minutes=40))
    folder = site.root / "content" / "incidents"
    (folder / "errors.md").rename(folder / "2026-11-22-api-errors.md")
    run(site, NOW - timedelta(minutes=35))
    resolved = [("resolved", "2026-11-22 17:20", "Fixed.")] if resolved_while_away else []
    if resolved_while_away:
        site.incident("2026-11-22-api-errors", "API errors", "resolved", opened + resolved)
        run(site, NOW - timedelta(minutes=30))
    site.settings(SHOWN_API + PUBLIC_CHANNELS)
    run(site)
    run(site, NOW + timedelta(minutes=10))

    # Told once that it began and, once over, that it ended: never opened again.
    told = [("incident_opened", "API down.")]
    if resolved_while_away:
        told.append(("incident_resolved", "Fixed."))
    assert told == [
        (b["meta"]["event"], b["incident"]["incident_updates"][0]["body"])
        for b in incident_bodies(receiver)
    ]


def test_a_page_narrowed_tells_the_end_of_a_window_renamed_while_it_was_left_out(
    tmp_path: Path, receiver: Any
) -> None:
    # Announced; the page's `show:` narrowed, the file renamed, the window over by the
    # clock, each with a run, and the page shown more again.
    site = Site(tmp_path, SHOWN_API + PUBLIC_CHANNELS)
    run(site, NOW - timedelta(hours=3))
    announced = [("scheduled", "2026-11-22 15:10", "Soon.")]
    site.maintenance("upgrade", "2026-11-22 16:00", "2026-11-22 17:00", announced)
    run(site, NOW - timedelta(minutes=170))
    site.settings(PAGES + PUBLIC_CHANNELS)
    run(site, NOW - timedelta(minutes=160))
    folder = site.root / "content" / "incidents"
    (folder / "upgrade.md").rename(folder / "2026-11-22-upgrade.md")
    run(site, NOW - timedelta(minutes=150))
    run(site, NOW - timedelta(minutes=30))
    site.settings(SHOWN_API + PUBLIC_CHANNELS)
    run(site)

    assert ["maintenance_scheduled", "maintenance_started", "maintenance_completed"] == [
        b["meta"]["event"] for b in incident_bodies(receiver)
    ]


def test_a_window_moved_while_the_page_left_it_out_is_announced_with_the_move(
    tmp_path: Path, receiver: Any
) -> None:
    # Announced for 20:00; the page's `show:` narrowed, the window moved to 21:00 with an
    # announcement saying so (a run between), and the page shown more again.
    site = Site(tmp_path, SHOWN_API + PUBLIC_CHANNELS)
    run(site, NOW - timedelta(hours=2))
    announced = [("scheduled", "2026-11-22 16:10", "Soon.")]
    site.maintenance("upgrade", "2026-11-22 20:00", "2026-11-22 22:00", announced)
    run(site, NOW - timedelta(minutes=100))
    site.settings(PAGES + PUBLIC_CHANNELS)
    run(site, NOW - timedelta(minutes=90))
    moved = [("scheduled", "2026-11-22 17:40", "Moved to 21:00.")]
    site.maintenance("upgrade", "2026-11-22 21:00", "2026-11-22 23:00", announced + moved)
    run(site, NOW - timedelta(minutes=15))
    site.settings(SHOWN_API + PUBLIC_CHANNELS)
    run(site)

    assert [("maintenance_scheduled", "Soon."), ("maintenance_scheduled", "Moved to 21:00.")] == [
        (b["meta"]["event"], b["incident"]["incident_updates"][0]["body"])
        for b in incident_bodies(receiver)
    ]


@pytest.mark.parametrize(
    ("start", "written", "told"),
    [
        # In progress: told once as started, with its newest update.
        (
            "2026-11-22 17:00",
            [
                ("in_progress", "2026-11-22 17:00", "Started."),
                ("in_progress", "2026-11-22 17:20", "Halfway."),
                ("in_progress", "2026-11-22 17:40", "Almost."),
            ],
            ("maintenance_started", "Almost."),
        ),
        # Scheduled: announced once, with its newest announcement.
        (
            "2026-11-22 20:00",
            [
                ("scheduled", "2026-11-22 17:00", "Soon."),
                ("scheduled", "2026-11-22 17:30", "Longer than planned."),
            ],
            ("maintenance_scheduled", "Longer than planned."),
        ),
    ],
)
def test_a_page_shown_more_tells_a_window_it_left_out_once_as_it_stands(
    tmp_path: Path,
    receiver: Any,
    start: str,
    written: list[tuple[str, str, str]],
    told: tuple[str, str],
) -> None:
    # A window on the API, which the public page leaves out; its `show:` widened later.
    site = Site(tmp_path, PAGES + PUBLIC_CHANNELS)
    run(site, NOW - timedelta(hours=2))
    site.maintenance("upgrade", start, "2026-11-22 22:00", written)
    run(site, NOW - timedelta(minutes=15))
    assert [] == incident_bodies(receiver)

    site.settings(SHOWN_API + PUBLIC_CHANNELS)
    run(site, NOW - timedelta(minutes=10))
    assert [told] == [
        (b["meta"]["event"], b["incident"]["incident_updates"][0]["body"])
        for b in incident_bodies(receiver)
    ]

    # An update written since is news.
    state = written[-1][0]
    site.maintenance(
        "upgrade", start, "2026-11-22 22:00", [*written, (state, "2026-11-22 17:55", "News.")]
    )
    run(site)
    assert [("maintenance_updated", "News.")] == [
        (b["meta"]["event"], b["incident"]["incident_updates"][0]["body"])
        for b in incident_bodies(receiver)[1:]
    ]


def test_a_windows_update_of_only_components_a_page_hides_is_not_told_to_it(
    tmp_path: Path, receiver: Any
) -> None:
    # The public page shows the website only; a window on both goes on, and an update
    # about the API alone is news only to the pages that show the API.
    site = Site(tmp_path, PAGES + PUBLIC_CHANNELS)
    head = (
        "---\ntitle: Upgrade\nscheduled_for: 2026-11-22 17:00\n"
        "scheduled_until: 2026-11-22 20:00\n"
        "components: {web: under_maintenance, api: major_outage}\n---\n"
        "## Scheduled at 2026-11-20 10:00\n\nAnnounced.\n\n"
        "## In progress at 2026-11-22 17:00\nComponents: web=under_maintenance\n\nBegun.\n\n"
    )
    path = site.root / "content" / "incidents" / "upgrade.md"
    path.write_text(head, encoding="utf-8")
    run(site, NOW - timedelta(minutes=30))
    path.write_text(
        head + "## In progress at 2026-11-22 17:50\nComponents: api=major_outage\n\n"
        "Internal: the API is down.\n",
        encoding="utf-8",
    )

    run(site)

    assert [] == incident_bodies(receiver)
    assert [] == receiver.delivered("slack")


def told_changes(receiver: Any) -> list[tuple[str, str, str]]:
    """Each webhook message as (event, what it is about, its update or status change)."""
    told = []
    for b in bodies(receiver, "signed"):
        if "component_update" in b:
            step = b["component_update"]
            change = f"{step['old_status']}>{step['new_status']}"
            told.append((b["meta"]["event"], b["component"]["name"], change))
        else:
            told.append((b["meta"]["event"], b["incident"]["name"], b["incident"]["status"]))
    return told


def test_a_page_shown_more_as_a_status_changes_tells_the_change_before_its_recovery(
    tmp_path: Path, receiver: Any
) -> None:
    # One commit widens the public page's show: to the API and takes the API down in
    # components.yaml, after the run before: its readers hear of the outage, then of the
    # recovery, never of the recovery alone.
    site = Site(tmp_path, PAGES + PUBLIC_CHANNELS)
    run(site, NOW - timedelta(minutes=30))

    site.settings(SHOWN_API + PUBLIC_CHANNELS)
    down = COMPONENTS.replace("  name: API\n", "  name: API\n  status: major_outage\n")
    (site.root / "content" / "components.yaml").write_text(down)
    run(site, NOW - timedelta(minutes=15))
    assert [("component_changed", "API", "operational>major_outage")] == told_changes(receiver)

    (site.root / "content" / "components.yaml").write_text(COMPONENTS)
    run(site)
    assert [
        ("component_changed", "API", "operational>major_outage"),
        ("component_changed", "API", "major_outage>operational"),
    ] == told_changes(receiver)


def test_a_page_shown_more_as_an_update_takes_a_component_down_tells_both(
    tmp_path: Path, receiver: Any
) -> None:
    # An open incident on the website; after the run before, one commit widens the public
    # page to the API and writes the update that takes the API down.
    site = Site(tmp_path, PAGES + PUBLIC_CHANNELS)
    run(site, NOW - timedelta(minutes=30))
    path = site.root / "content" / "incidents" / "errors.md"
    opened = (
        "---\ntitle: Errors\nstatus: {status}\ncomponents: {{web: partial_outage{api}}}\n---\n"
        "## Investigating at 2026-11-22 17:20\nComponents: web=partial_outage\n\nSome fail.\n\n"
    )
    path.write_text(opened.format(status="investigating", api=""), encoding="utf-8")
    run(site, NOW - timedelta(minutes=20))

    site.settings(SHOWN_API + PUBLIC_CHANNELS)
    spread = "## Identified at 2026-11-22 17:50\nComponents: api=major_outage\n\nThe API too.\n\n"
    front = opened.format(status="identified", api=", api: major_outage")
    path.write_text(front + spread, encoding="utf-8")
    run(site)
    path.write_text(
        opened.format(status="resolved", api=", api: major_outage")
        + spread
        + "## Resolved at 2026-11-22 18:10\n\nFixed.\n",
        encoding="utf-8",
    )
    run(site, NOW + timedelta(minutes=15))

    assert [
        ("incident_opened", "Errors", "investigating"),
        ("component_changed", "Website", "operational>partial_outage"),
        ("incident_updated", "Errors", "identified"),
        ("component_changed", "API", "operational>major_outage"),
        ("incident_resolved", "Errors", "resolved"),
        ("component_changed", "API", "major_outage>operational"),
        ("component_changed", "Website", "partial_outage>operational"),
    ] == told_changes(receiver)


def test_each_page_s_channels_hear_its_words_links_and_language(
    tmp_path: Path, receiver: Any
) -> None:
    site = Site(
        tmp_path,
        PAGES
        + PAGE_CHANNELS.replace("type: webhook", "type: discord")
        .replace("url_env: HOOK_URL", "url_env: DISCORD_URL")
        .replace("      secret_env: HOOK_SECRET\n", ""),
    )
    run(site)
    site.incident(
        "web",
        "Website slow",
        "investigating",
        [("investigating", "2026-11-22 17:50", "Pages load slowly.")],
        components="web: degraded_performance",
    )

    run(site)

    slack = bodies(receiver, "slack")
    assert ["Incident opened: Website slow", "Status changed: Website"] == [
        b["blocks"][0]["text"]["text"] for b in slack
    ]
    assert "https://status.example.com/incidents/web/" in json.dumps(slack[0])
    assert "internal.example.com" not in json.dumps(slack)
    discord = [b["embeds"][0] for b in bodies(receiver, "discord")]
    assert ["Vorfall eröffnet: Website slow", "Status geändert: Website"] == [
        e["title"] for e in discord
    ]
    assert "https://internal.example.com/incidents/web/" == discord[0]["url"]
    assert "Example Internal" == discord[0]["footer"]["text"]


@pytest.mark.parametrize(
    ("settings", "problem", "hint"),
    [
        (
            PAGES + PAGE_CHANNELS.replace("      page: public\n", ""),
            "statusgen.yaml:17:7: channel 'slack' does not say which page's audience it speaks for",
            "add 'page:' with one of the pages: public, internal",
        ),
        (
            PAGES + PAGE_CHANNELS.replace("page: public", "page: pubilc"),
            "statusgen.yaml:18:13: channel 'slack' names page 'pubilc', which is not a page",
            "did you mean 'public'? pages: public, internal",
        ),
        (
            PAGE_CHANNELS,
            "statusgen.yaml:7:13: channel 'slack' names page 'public', but this site has no "
            "'pages:'",
            "remove 'page:': without pages every channel speaks for the one page",
        ),
        (
            # Told only of what its page shows, it would never be sent anything.
            PAGES
            + PAGE_CHANNELS.replace("page: public\n", "page: public\n      components: [api]\n"),
            "statusgen.yaml:19:20: channel 'slack' is limited to component 'api', which its "
            "page 'public' does not show: it would never be sent anything",
            "add 'api' to the 'show:' of page 'public', or give the channel a page "
            "that shows it: internal",
        ),
        (
            PAGES.replace("private: true\n", "private: true\n    show: [web]\n")
            + PAGE_CHANNELS.replace("page: public\n", "page: public\n      components: [api]\n"),
            "statusgen.yaml:20:20: channel 'slack' is limited to component 'api', which its "
            "page 'public' does not show: it would never be sent anything",
            "add 'api' to the 'show:' of page 'public'",
        ),
    ],
    ids=["no-page", "unknown-page", "no-pages", "component-not-shown", "component-shown-nowhere"],
)
def test_on_a_site_with_pages_each_channel_names_its_page(
    tmp_path: Path, settings: str, problem: str, hint: str
) -> None:
    site = Site(tmp_path, settings)
    checked = CliRunner().invoke(cli, ["-C", str(site.root), "check"])
    assert 1 == checked.exit_code
    assert f"{problem}\n    hint: {hint}\n" in checked.output, checked.output
    with pytest.raises(StatusgenError):
        run(site)
    assert not (site.root / ".statusgen-notify.json").exists()


def test_a_single_page_site_keeps_its_state_across_the_upgrade(
    tmp_path: Path, receiver: Any
) -> None:
    """A state file written before pages were known to notify is read as it was: nothing
    told before is told again."""
    site = Site(tmp_path, HTTP_CHANNELS)
    site.incident("x", "Down", "investigating", [("investigating", "2026-11-22 17:50", "x")])
    (site.root / ".statusgen-notify.json").write_text(
        json.dumps(
            {
                "version": 1,
                "notified_at": "2026-11-22T17:55:00+00:00",
                "snapshot": {
                    "base_url": "https://status.example.com/",
                    "components": {"api": "major_outage", "web": "operational"},
                    "incidents": {
                        "x": {
                            "state": "investigating",
                            "updates": ["2026-11-22T17:50:00+00:00 investigating"],
                        }
                    },
                    "maintenances": {},
                },
                "pending": [],
            }
        )
    )
    result = run(site)
    assert (False, []) == (result.baseline, result.changes)
    assert [] == receiver.hits


def test_pages_added_later_carry_on_from_the_site_s_state_and_leak_nothing(
    tmp_path: Path, receiver: Any
) -> None:
    """The site before its pages showed everything each page shows, and its channels were
    told that: the first run with pages tells each page's channels what changed since, as
    that page shows it. A page added after that starts afresh."""
    site = Site(tmp_path, HTTP_CHANNELS)
    run(site)
    site.incident(
        "ledger",
        "Ledger migration",
        "investigating",
        [("investigating", "2026-11-22 17:50", "Staff only.")],
        components="api: major_outage\naudiences: [internal]",
    )
    site.settings(PAGES + PAGE_CHANNELS)

    first = run(site)

    assert False is first.baseline
    assert ["incident_opened", "component_changed"] == events(receiver)
    assert [] == receiver.delivered("slack")  # the public page shows neither
    said = notify_summary(first)
    assert "No earlier notification state" not in said
    site.settings(
        PAGES
        + "  partners:\n    base_url: https://partners.example.com/\n    output: partners\n"
        + PAGE_CHANNELS
        + "    - type: teams\n      page: partners\n      url_env: TEAMS_URL\n"
    )
    site.incident(
        "web",
        "Website slow",
        "investigating",
        [("investigating", "2026-11-22 17:55", "Slow.")],
        components="web: degraded_performance",
    )
    done = CliRunner().invoke(cli, ["-C", str(site.root), "notify", "--now", NOW.isoformat()])

    assert 0 == done.exit_code, done.output
    assert (
        "No earlier notification state for page 'partners': recorded what it shows and sent "
        "nothing for it."
    ) in done.output
    assert [] == receiver.delivered("teams")
    assert ["Incident opened: Website slow", "Status changed: Website"] == [
        b["blocks"][0]["text"]["text"] for b in bodies(receiver, "slack")
    ]
    assert ["incident_opened", "component_changed"] * 2 == events(receiver)


ONE_PAGE_CHANNELS = """\
notify:
  retries: 0
  channels:
    - type: slack
      url_env: SLACK_URL
    - type: webhook
      name: staff
      url_env: HOOK_URL
      secret_env: HOOK_SECRET
"""


def test_messages_kept_before_pages_were_added_go_to_their_channel_s_page(
    tmp_path: Path, receiver: Any
) -> None:
    """A message that failed before `pages:` is sent by the first run with pages, to the
    channel as its page now shows it, or dropped, saying so, when its page does not."""
    site = Site(tmp_path, ONE_PAGE_CHANNELS)
    run(site)
    site.incident("down", "API down", "investigating", [("investigating", "2026-11-22 17:50", "x")])
    receiver.script.update(slack=[500, 200], signed=[500, 200])
    failing = run(site)
    assert 4 == len(failing.failed)  # each channel's two, kept for the next run
    site.settings(PAGES + PAGE_CHANNELS.replace("notify:\n", "notify:\n  retries: 0\n"))

    done = CliRunner().invoke(
        cli, ["-C", str(site.root), "notify", "--now", (NOW + timedelta(minutes=10)).isoformat()]
    )

    assert 0 == done.exit_code, done.output
    # The staff page shows the API: its channel hears what it missed, once.
    assert ["incident_opened", "component_changed"] == events(receiver)
    # The public page shows only the website: what the API's messages told is not on it.
    assert [] == receiver.delivered("slack")
    assert "Dropped 2 undelivered messages: what they told is no longer on the page." in done.output
    assert "recorded" not in done.output
    run(site, NOW + timedelta(minutes=20))
    assert 2 == len(events(receiver))


@pytest.mark.parametrize(
    "settings",
    [
        # The page renamed, at the same address.
        PAGES.replace("  public:", "  status:")
        + PAGE_CHANNELS.replace("page: public", "page: status").replace(
            "notify:\n", "notify:\n  retries: 0\n"
        ),
        # `pages:` removed: the site is read at the public page's address.
        ONE_PAGE_CHANNELS,
    ],
    ids=["page-renamed", "pages-removed"],
)
def test_a_page_renamed_or_pages_removed_carry_on_from_the_page_at_that_address(
    tmp_path: Path, receiver: Any, settings: str
) -> None:
    site = Site(tmp_path, PAGES + PAGE_CHANNELS.replace("notify:\n", "notify:\n  retries: 0\n"))
    run(site)
    site.incident(
        "web",
        "Website slow",
        "investigating",
        [("investigating", "2026-11-22 17:50", "Slow.")],
        components="web: degraded_performance",
    )
    receiver.script.update(slack=[500, 200])
    assert 2 == len(run(site).failed)
    site.settings(settings)
    site.incident(
        "cdn",
        "Images missing",
        "investigating",
        [("investigating", "2026-11-22 18:05", "Broken images.")],
        components="web: partial_outage",
    )

    done = CliRunner().invoke(
        cli, ["-C", str(site.root), "notify", "--now", (NOW + timedelta(minutes=10)).isoformat()]
    )

    assert 0 == done.exit_code, done.output
    # The kept messages, then the news; the website's two changes as the one it went through.
    slack = bodies(receiver, "slack")
    assert [
        "Incident opened: Website slow",
        "Incident opened: Images missing",
        "Status changed: Website",
    ] == [b["blocks"][0]["text"]["text"] for b in slack]
    assert "Operational → Partial outage" in json.dumps(slack[-1], ensure_ascii=False)
    assert "recorded" not in done.output


@pytest.mark.parametrize("given", ["option", "environment"])
def test_one_base_url_cannot_stand_for_several_pages(tmp_path: Path, given: str) -> None:
    """A mistake in the command line, as `build` says it: exit 2, a usage message."""
    site = Site(tmp_path, PAGES + PAGE_CHANNELS)
    preview = "https://preview.example.com/"
    args = ["-C", str(site.root), "notify"]
    done = CliRunner().invoke(
        cli,
        [*args, "--base-url", preview] if given == "option" else args,
        env={"STATUSGEN_BASE_URL": preview} if given == "environment" else {},
    )
    built = CliRunner().invoke(cli, ["-C", str(site.root), "build", "--base-url", preview])
    assert (2, 2) == (done.exit_code, built.exit_code), done.output
    assert "Usage: cli notify" in done.stderr
    assert (
        "Error: --base-url (or STATUSGEN_BASE_URL) names one page's address, and the channels "
        "speak for several: leave it out: each page's messages link to its own base_url "
        "(pages: internal, public)\n"
    ) in done.stderr
    # build's words for the same mistake, in the same form
    assert "one page's folder and address: add --page NAME (pages: public, internal)" in (
        built.stderr
    )


def test_the_documented_channels_with_pages_are_valid_settings() -> None:
    from statusgen.config import parse_settings
    from statusgen.notify.settings import channel_pages

    docs = (Path(__file__).resolve().parents[1] / "docs" / "notifications.md").read_text()
    section = docs.split("### A channel speaks for one page", 1)[1]
    example = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    settings, diagnostics = parse_settings(example.encode())
    assert [] == diagnostics
    assert settings is not None and settings.notify is not None
    assert [] == channel_pages("statusgen.yaml", settings.notify, ("public", "internal"))
    assert ["public", "internal"] == [c.page for c in settings.notify.channels]


# --- updates that share their minute ---------------------------------------------------

FLAPPING = [
    ("investigating", "2026-11-22 15:00", "Alert fired."),
    ("monitoring", "2026-11-22 15:00", "Alert cleared."),
]
REOPENED = ("investigating", "2026-11-22 15:00", "Alert fired again.")


def test_a_reopening_in_the_same_minute_is_told(tmp_path: Path, receiver: Any) -> None:
    """An alert that flaps within a minute: ingest writes each heading to the minute."""
    site = Site(tmp_path, HTTP_CHANNELS)
    run(site, NOW - timedelta(hours=4))
    site.incident("flap", "Checkout alert", "monitoring", FLAPPING)
    run(site)
    site.incident("flap", "Checkout alert", "investigating", [*FLAPPING, REOPENED])

    result = run(site, NOW + timedelta(minutes=1))

    assert ["incident_updated"] == [c.kind for c in result.changes]
    assert "Alert fired again." == result.changes[0].message
    assert ["incident_opened", "incident_updated", "incident_updated"] == [
        e for e in events(receiver) if e.startswith("incident")
    ]
    # Each its own delivery id: a receiver dropping repeats keeps all three.
    told = [
        h
        for h in receiver.delivered("signed")
        if h.headers["X-Statusgen-Event"] != "component_changed"
    ]
    assert 3 == len({h.headers["X-Statusgen-Delivery"] for h in told})
    assert [] == run(site, NOW + timedelta(minutes=2)).changes


def _state_before_the_fix(site: Site, updates: list[str]) -> None:
    """The state an earlier release wrote: each update known by its minute and state."""
    (site.root / ".statusgen-notify.json").write_text(
        json.dumps(
            {
                "version": 1,
                "notified_at": "2026-11-22T17:00:00+00:00",
                "snapshot": {
                    "base_url": "https://status.example.com/",
                    "components": {"api": "major_outage", "web": "operational"},
                    "incidents": {
                        "flap": {
                            "state": "investigating",
                            "updates": [f"2026-11-22T15:00:00+00:00 {u}" for u in updates],
                        }
                    },
                    "maintenances": {},
                },
                "pending": [],
            }
        )
    )


@pytest.mark.parametrize(
    ("recorded", "told"),
    [
        (["investigating", "monitoring", "investigating"], []),
        (["investigating", "monitoring"], ["Alert fired again."]),
    ],
    ids=["reopening-recorded", "reopening-new"],
)
def test_a_state_from_before_the_fix_repeats_nothing(
    tmp_path: Path, receiver: Any, recorded: list[str], told: list[str]
) -> None:
    """After the upgrade, what the earlier release recorded counts as told (even a
    reopening it recorded without telling: news hours ago is no news now)."""
    site = Site(tmp_path, HTTP_CHANNELS)
    site.incident("flap", "Checkout alert", "investigating", [*FLAPPING, REOPENED])
    _state_before_the_fix(site, recorded)

    result = run(site)

    assert told == [c.message for c in result.changes]
    assert len(told) * 4 == len(receiver.hits)


def test_a_run_after_a_build_parses_no_incident_file(
    tmp_path: Path, receiver: Any, parsed_files: list[str]
) -> None:
    # The site is read through the build's cache, as the deploy workflow runs notify
    # right after its build: thousands of incidents are not parsed a second time.
    site = Site(tmp_path, HTTP_CHANNELS)
    site.incident(
        "old", "Old trouble", "investigating", [("investigating", "2026-11-22 10:00", "x")]
    )
    built = CliRunner().invoke(
        cli, ["-C", str(site.root), "build", "-q", "--now", "2026-11-22T18:00:00Z"]
    )
    assert 0 == built.exit_code, built.output
    parsed_files.clear()
    assert run(site).baseline
    assert [] == parsed_files


WEBHOOK_ONLY = """\
notify:
  retries: 0
  timeout: 2
  channels:
    - type: webhook
      url_env: HOOK_URL
      secret_env: HOOK_SECRET
"""


@pytest.mark.parametrize("withdraw", ["delete", "draft"])
def test_a_kept_message_of_a_withdrawn_incident_is_dropped_not_sent(
    tmp_path: Path, receiver: Any, withdraw: str
) -> None:
    receiver.script["signed"] = [500]
    site = Site(tmp_path, WEBHOOK_ONLY)
    runner = CliRunner()
    args = ["-C", str(site.root), "notify", "--now"]
    assert 0 == runner.invoke(cli, [*args, "2026-12-05T12:40:00Z"]).exit_code
    site.incident(
        "2026-12-05-mistake",
        "Posted by mistake",
        "investigating",
        [("investigating", "2026-12-05 12:44", "Oops.")],
        components="api: major_outage",
    )
    failing = runner.invoke(cli, [*args, "2026-12-05T12:45:00Z"])
    assert "2 failed" in failing.output, failing.output
    path = site.root / "content" / "incidents" / "2026-12-05-mistake.md"
    if withdraw == "delete":
        path.unlink()
    else:
        path.write_text(path.read_text().replace("---\n", "---\ndraft: true\n", 1))
    receiver.script["signed"] = [200]
    # The dry run previews the drop, as it previews what would be sent.
    preview = runner.invoke(cli, [*args, "2026-12-05T12:50:00Z", "--dry-run"])
    assert "A real run would drop 2 undelivered messages" in preview.output, preview.output
    later = runner.invoke(cli, [*args, "2026-12-05T12:50:00Z"])
    assert 0 == later.exit_code, later.output
    assert [] == receiver.delivered("signed")
    assert "Dropped 2 undelivered messages: what they told is no longer on the page." in (
        later.output
    )


@pytest.mark.parametrize("narrowed", ["changes: [maintenance]", "components: [web]"])
def test_a_kept_message_its_channel_no_longer_wants_is_dropped_not_sent(
    tmp_path: Path, receiver: Any, narrowed: str
) -> None:
    """A message kept for a retry went out after its channel was narrowed to leave it
    out, and the outage's end, filtered, never did: the receiver kept it open forever."""
    receiver.script["signed"] = [500]
    site = Site(tmp_path, WEBHOOK_ONLY)
    runner = CliRunner()
    args = ["-C", str(site.root), "notify", "--now"]
    assert 0 == runner.invoke(cli, [*args, "2026-12-07T09:00:00Z"]).exit_code
    story = [("investigating", "2026-12-07 09:01", "API is down.")]
    site.incident("api", "API outage", "investigating", story)
    failing = runner.invoke(cli, [*args, "2026-12-07T09:05:00Z"])
    assert "2 failed" in failing.output, failing.output
    receiver.script["signed"] = [200]
    site.settings(WEBHOOK_ONLY + f"      {narrowed}\n")

    later = runner.invoke(cli, [*args, "2026-12-07T09:30:00Z"])
    assert 0 == later.exit_code, later.output
    assert [] == receiver.delivered("signed")
    assert "Gave up on 2 undelivered messages" in later.output, later.output
    assert "filters no longer let them through" in later.output
    # Nor does it hear of it later: it was never told the outage began.
    site.incident("api", "API outage", "resolved", [*story, ("resolved", "2026-12-07 10:00", "")])
    assert 0 == runner.invoke(cli, [*args, "2026-12-07T10:05:00Z"]).exit_code
    assert [] == receiver.delivered("signed")


@pytest.mark.parametrize(
    ("resolved", "gives_up", "later"),
    [
        ("2026-12-08 01:00", "2026-12-08T01:05:00Z", "2026-12-08T01:10:00Z"),
        # Resolved before the opening was given up on: its resolution kept for a retry too.
        ("2026-12-07 23:00", "2026-12-08T00:10:00Z", "2026-12-08T00:15:00Z"),
    ],
)
def test_an_incident_whose_opening_was_given_up_on_is_not_told_resolved(
    tmp_path: Path, receiver: Any, resolved: str, gives_up: str, later: str
) -> None:
    """The opening, kept for a retry, was given up on after a day; its resolution went out
    at the next run, an `incident_resolved` for an incident the receiver never saw open."""
    receiver.script["signed"] = [503]
    site = Site(tmp_path, WEBHOOK_ONLY)
    runner = CliRunner()
    args = ["-C", str(site.root), "notify", "--now"]
    assert 0 == runner.invoke(cli, [*args, "2026-12-07T00:00:00Z"]).exit_code
    story = [("investigating", "2026-12-07 00:01", "The website is down.")]
    site.incident("web", "Expiry test", "investigating", story, components="web: major_outage")
    failing = runner.invoke(cli, [*args, "2026-12-07T00:05:00Z"])
    assert "failed" in failing.output, failing.output
    site.incident(
        "web",
        "Expiry test",
        "resolved",
        [*story, ("resolved", resolved, "Back.")],
        components="web: major_outage",
    )
    if resolved < "2026-12-08":
        runner.invoke(cli, [*args, resolved.replace(" ", "T") + ":30Z"])
    given_up = runner.invoke(cli, [*args, gives_up])
    assert "Gave up on" in given_up.output, given_up.output
    receiver.script["signed"] = [200]

    last = runner.invoke(cli, [*args, later])
    assert 0 == last.exit_code, last.output
    told = [b["meta"]["event"] for b in incident_bodies(receiver)]
    assert "incident_resolved" not in told, told


@pytest.mark.parametrize(
    "gone", ["- id: web\n  name: Website\n  retired: true\n", ""], ids=["retired", "removed"]
)
def test_a_component_gone_while_told_down_is_named_for_the_operator(
    tmp_path: Path, receiver: Any, gone: str
) -> None:
    """Retired or removed while down, a component was never told again: its receivers
    kept it in major_outage, and nothing told the operator so."""
    site = Site(tmp_path, WEBHOOK_ONLY)
    components = site.root / "content" / "components.yaml"
    runner = CliRunner()
    args = ["-C", str(site.root), "notify", "--now"]
    assert 0 == runner.invoke(cli, [*args, "2026-12-07T09:00:00Z"]).exit_code
    components.write_text(COMPONENTS + "  status: major_outage\n")
    assert 0 == runner.invoke(cli, [*args, "2026-12-07T09:05:00Z"]).exit_code
    assert 1 == len(bodies(receiver, "signed"))
    components.write_text("- id: api\n  name: API\n" + gone)

    later = runner.invoke(cli, [*args, "2026-12-07T09:10:00Z"])

    assert 0 == later.exit_code, later.output
    named = "'web' (Website)" if gone else "'web'"
    assert f"Note: component {named} is retired or removed" in later.output, later.output
    assert "last told it is major_outage" in later.output
    # Once: the next run has nothing more to say of it.
    again = runner.invoke(cli, [*args, "2026-12-07T09:15:00Z"])
    assert "Note: component" not in again.output, again.output


def test_a_component_retired_as_its_incident_resolves_is_not_said_still_down(
    tmp_path: Path, receiver: Any
) -> None:
    """Resolved and retired in one deploy, a component was told operational by the
    incident's resolution (its affected_components), and the note beside it said its
    channels still saw it down."""
    site = Site(tmp_path, WEBHOOK_ONLY)
    components = site.root / "content" / "components.yaml"
    runner = CliRunner()
    args = ["-C", str(site.root), "notify", "--now"]
    assert 0 == runner.invoke(cli, [*args, "2026-12-01T14:00:00Z"]).exit_code
    opened = [("identified", "2026-12-01 14:05", "Errors")]
    site.incident("api-errors", "API errors", "identified", opened, "api: partial_outage")
    assert 0 == runner.invoke(cli, [*args, "2026-12-01T14:10:00Z"]).exit_code
    resolved = [*opened, ("resolved", "2026-12-01 14:18", "Fixed")]
    site.incident("api-errors", "API errors", "resolved", resolved, "api: partial_outage")
    components.write_text(COMPONENTS.replace("  name: API\n", "  name: API\n  retired: true\n"))

    later = runner.invoke(cli, [*args, "2026-12-01T14:20:00Z"])

    assert 0 == later.exit_code, later.output
    (told,) = [b for b in incident_bodies(receiver) if b["meta"]["event"] == "incident_resolved"]
    (update,) = told["incident"]["incident_updates"][:1]
    assert [("partial_outage", "operational")] == [
        (a["old_status"], a["new_status"]) for a in update["affected_components"]
    ]
    assert "Note: component 'api'" not in later.output, later.output


def test_giving_up_on_a_renamed_channels_messages_says_to_give_its_name_back(
    tmp_path: Path, receiver: Any
) -> None:
    """Renamed with the same URL, a channel lost its kept messages with a line that named
    neither the old name nor the way to deliver them. Once a real run has given them up,
    the old name delivers nothing: it said to give it back all the same."""
    receiver.script["signed"] = [503]
    site = Site(tmp_path, WEBHOOK_ONLY + "      name: hook\n")
    runner = CliRunner()
    args = ["-C", str(site.root), "notify", "--now"]
    assert 0 == runner.invoke(cli, [*args, "2026-12-07T09:00:00Z"]).exit_code
    site.incident("api", "API outage", "investigating", [("investigating", "2026-12-07 09:01", "")])
    assert "failed" in runner.invoke(cli, [*args, "2026-12-07T09:05:00Z"]).output
    receiver.script["signed"] = [200]
    site.settings(WEBHOOK_ONLY + "      name: partners\n")

    preview = runner.invoke(cli, [*args, "2026-12-07T09:10:00Z", "--dry-run"])
    later = runner.invoke(cli, [*args, "2026-12-07T09:10:00Z"])

    for output in (preview.output, later.output):
        assert "channel names no longer in statusgen.yaml: 'hook' (2)" in output, output
    assert "give it back its old name (name: hook) before the real run" in preview.output
    assert "give it back its old name" not in later.output, later.output
    assert "They are gone for good" in later.output
    # Given its old name back, the channel has nothing left to deliver.
    site.settings(WEBHOOK_ONLY + "      name: hook\n")
    sent = len(bodies(receiver, "signed"))
    back = runner.invoke(cli, [*args, "2026-12-07T09:15:00Z"])
    assert 0 == back.exit_code, back.output
    assert sent == len(bodies(receiver, "signed"))


def test_each_component_change_follows_the_incident_that_made_it(
    tmp_path: Path, receiver: Any
) -> None:
    site = Site(tmp_path, WEBHOOK_ONLY)  # components.yaml lists the API, then the website
    run(site, datetime(2026, 12, 5, 9, 0, tzinfo=timezone.utc))
    site.incident(
        "web-down",
        "Website down",
        "investigating",
        [("investigating", "2026-12-05 10:00", "x")],
        components="web: major_outage",
    )
    site.incident(
        "api-down",
        "API down",
        "investigating",
        [("investigating", "2026-12-05 10:05", "x")],
        components="api: major_outage",
    )
    run(site, datetime(2026, 12, 5, 10, 10, tzinfo=timezone.utc))
    told = [
        (b["meta"]["event"], (b.get("incident") or b.get("component", {}))["name"])
        for b in bodies(receiver, "signed")
    ]
    assert [
        ("incident_opened", "Website down"),
        ("component_changed", "Website"),
        ("incident_opened", "API down"),
        ("component_changed", "API"),
    ] == told


def test_a_component_change_is_dated_when_its_status_changed_not_by_a_later_update(
    tmp_path: Path, receiver: Any
) -> None:
    # The API went down at 10:00. Neither its own incident's later update (still down)
    # nor an earlier incident's postmortem on it changed its status: its change is told
    # with the incident that made it, dated 10:00, before the website's incident.
    site = Site(tmp_path, WEBHOOK_ONLY)
    earlier = [("investigating", "2026-12-04 08:00", "x"), ("resolved", "2026-12-04 08:30", "y")]
    site.incident("earlier", "Earlier trouble", "resolved", earlier)
    run(site, datetime(2026, 12, 4, 10, 0, tzinfo=timezone.utc))
    down = [("investigating", "2026-12-04 10:00", "Down."), ("identified", "2026-12-04 10:30", "")]
    site.incident("api-down", "API down", "identified", down)
    slow = [("investigating", "2026-12-04 10:15", "Slow.")]
    site.incident("web-slow", "Website slow", "investigating", slow, "web: degraded_performance")
    postmortem = ("postmortem", "2026-12-04 10:40", "What happened.")
    site.incident("earlier", "Earlier trouble", "postmortem", [*earlier, postmortem])
    run(site, datetime(2026, 12, 4, 10, 45, tzinfo=timezone.utc))
    told = [
        (
            b["meta"]["event"],
            (b.get("incident") or b.get("component", {}))["name"],
            b.get("component_update", {}).get("created_at"),
        )
        for b in bodies(receiver, "signed")
    ]
    assert [
        ("incident_opened", "API down", None),
        ("component_changed", "API", "2026-12-04T10:00:00.000Z"),
        ("incident_opened", "Website slow", None),
        ("component_changed", "Website", "2026-12-04T10:15:00.000Z"),
        ("incident_updated", "API down", None),
        ("postmortem_published", "Earlier trouble", None),
    ] == told


def test_an_incident_s_message_lists_the_statuses_of_the_update_it_tells(
    tmp_path: Path, receiver: Any
) -> None:
    # Down at 10:00; at 10:30 the API recovers a little and the website suffers too.
    channels = HTTP_CHANNELS.replace(
        "    - type: discord\n", "    - type: discord\n      components: [web]\n"
    )
    site = Site(tmp_path, channels)
    run(site, datetime(2026, 12, 4, 10, 0, tzinfo=timezone.utc))
    (site.root / "content" / "incidents" / "api-down.md").write_text(
        "---\ntitle: API down\nstatus: monitoring\n"
        "components: {api: degraded_performance, web: partial_outage}\n---\n"
        "## Investigating at 2026-12-04 10:00\nComponents: api=major_outage\n\nDown.\n\n"
        "## Monitoring at 2026-12-04 10:30\n"
        "Components: api=degraded_performance, web=partial_outage\n\nRecovering.\n",
        encoding="utf-8",
    )
    run(site, datetime(2026, 12, 4, 10, 40, tzinfo=timezone.utc))
    slack = [json.dumps(b) for b in bodies(receiver, "slack")]
    assert "Incident opened: API down" in slack[0]
    assert "Affected: API (Major outage)" in slack[0], slack[0]
    assert "Incident update: API down" in slack[1]
    assert "Affected: API (Degraded performance) and Website (Partial outage)" in slack[1]
    # A channel for the website hears of the incident once an update touches it.
    assert ["Incident update: API down", "Status changed: Website"] == [
        b["embeds"][0]["title"] for b in bodies(receiver, "discord")
    ]


def test_a_window_s_message_lists_the_components_of_the_update_it_tells(
    tmp_path: Path, receiver: Any
) -> None:
    # Announced for the API; a second announcement adds the website. Each is told, each
    # with what it said, though one run sees both.
    site = Site(tmp_path, HTTP_CHANNELS)
    run(site, datetime(2026, 12, 4, 8, 30, tzinfo=timezone.utc))
    (site.root / "content" / "incidents" / "upgrade.md").write_text(
        "---\ntitle: Upgrade\nscheduled_for: 2026-12-04 10:00\n"
        "scheduled_until: 2026-12-04 11:00\ncomponents: [api, web]\n---\n"
        "## Scheduled at 2026-12-04 09:00\nComponents: api=under_maintenance\n\nAPI.\n\n"
        "## Scheduled at 2026-12-04 09:20\nComponents: web=under_maintenance\n\nWebsite.\n",
        encoding="utf-8",
    )
    run(site, datetime(2026, 12, 4, 9, 30, tzinfo=timezone.utc))
    assert ["maintenance_scheduled", "maintenance_updated"] == events(receiver)
    scheduled, updated = (json.dumps(b) for b in bodies(receiver, "slack"))
    assert "Affected: API (Under maintenance)" in scheduled, scheduled
    assert "Affected: API (Under maintenance) and Website (Under maintenance)" in updated
    run(site, datetime(2026, 12, 4, 9, 40, tzinfo=timezone.utc))
    assert 2 == len(events(receiver))  # and never again


def test_each_update_s_webhook_describes_the_incident_as_of_that_update(
    tmp_path: Path, receiver: Any
) -> None:
    site = Site(tmp_path, WEBHOOK_ONLY)
    story = [("investigating", "2026-12-05 10:00", "Slow.")]
    site.incident("db", "Database slow", "investigating", story)
    run(site, datetime(2026, 12, 5, 10, 30, tzinfo=timezone.utc))
    story += [
        ("monitoring", "2026-12-05 10:40", "A fix is out."),
        ("resolved", "2026-12-05 10:50", "Fixed."),
    ]
    site.incident("db", "Database slow", "resolved", story)
    run(site, datetime(2026, 12, 5, 10, 55, tzinfo=timezone.utc))
    told = [
        (
            b["meta"]["event"],
            b["incident"]["status"],
            b["incident"]["resolved_at"],
            b["incident"]["incident_updates"][0]["body"],
        )
        for b in incident_bodies(receiver)
    ]
    assert [
        ("incident_updated", "monitoring", None, "A fix is out."),
        ("incident_resolved", "resolved", "2026-12-05T10:50:00.000Z", "Fixed."),
    ] == told


def test_an_update_s_webhook_gives_the_components_and_page_status_of_its_moment(
    tmp_path: Path, receiver: Any
) -> None:
    # Monitoring (the API degraded) and the resolution, told in one run: the monitoring
    # message's incident lists the API degraded since 10:10, on a page with a minor
    # problem, as its own update and the chat messages say; not operational at 10:20.
    site = Site(tmp_path, WEBHOOK_ONLY)
    run(site, datetime(2026, 12, 4, 10, 0, tzinfo=timezone.utc))
    path = site.root / "content" / "incidents" / "checkout.md"
    opened = (
        "---\ntitle: Checkout errors\nstatus: {state}\ncomponents: {{api: {status}}}\n---\n"
        "## Investigating at 2026-12-04 10:01\n\nLooking.\n\n"
    )
    path.write_text(opened.format(state="investigating", status="major_outage"), encoding="utf-8")
    run(site, datetime(2026, 12, 4, 10, 2, tzinfo=timezone.utc))
    path.write_text(
        opened.format(state="resolved", status="operational")
        + "## Monitoring at 2026-12-04 10:10\nComponents: api=degraded_performance\n\n"
        "Mostly fixed.\n\n## Resolved at 2026-12-04 10:20\nComponents: api=operational\n\n"
        "Fixed.\n",
        encoding="utf-8",
    )
    run(site, datetime(2026, 12, 4, 10, 21, tzinfo=timezone.utc))
    told = [
        (
            b["meta"]["event"],
            [(c["name"], c["status"], c["updated_at"]) for c in b["incident"]["components"]],
            b["page"]["status_indicator"],
        )
        for b in incident_bodies(receiver)
    ]
    assert [
        ("incident_opened", [("API", "major_outage", "2026-12-04T10:01:00.000Z")], "major"),
        (
            "incident_updated",
            [("API", "degraded_performance", "2026-12-04T10:10:00.000Z")],
            "minor",
        ),
        ("incident_resolved", [("API", "operational", "2026-12-04T10:20:00.000Z")], "none"),
    ] == told


def test_a_message_dated_before_a_status_edit_was_seen_gives_the_page_as_told(
    tmp_path: Path, receiver: Any
) -> None:
    # One commit resolves the incident at 17:50 and sets the website down in
    # components.yaml; that edit is dated when notify first sees it, at 18:00.
    site = Site(tmp_path, WEBHOOK_ONLY)
    run(site, NOW - timedelta(minutes=30))
    site.incident("x", "Down", "investigating", [("investigating", "2026-11-22 17:35", "x")])
    run(site, NOW - timedelta(minutes=20))
    site.incident(
        "x",
        "Down",
        "resolved",
        [("investigating", "2026-11-22 17:35", "x"), ("resolved", "2026-11-22 17:50", "Ok.")],
    )
    components = site.root / "content" / "components.yaml"
    components.write_text(
        COMPONENTS.replace("  name: Website\n", "  name: Website\n  status: major_outage\n")
    )

    run(site)

    told = [
        (
            b["meta"]["event"],
            b.get("incident", b.get("component", {}))["name"],
            b["page"]["status_indicator"],
        )
        for b in bodies(receiver, "signed")[2:]
    ]
    assert [
        ("incident_resolved", "Down", "none"),
        ("component_changed", "API", "none"),
        ("component_changed", "Website", "major"),
    ] == told


def test_a_message_dated_before_a_component_was_added_gives_the_page_without_it(
    tmp_path: Path, receiver: Any
) -> None:
    # An incident resolved at 17:50; a later commit adds a component already down, which
    # notify first sees, and tells as changed from operational, at 18:00.
    site = Site(tmp_path, WEBHOOK_ONLY)
    run(site, NOW - timedelta(minutes=30))
    site.incident(
        "x",
        "Down",
        "resolved",
        [("investigating", "2026-11-22 17:35", "x"), ("resolved", "2026-11-22 17:50", "Ok.")],
    )
    components = site.root / "content" / "components.yaml"
    components.write_text(COMPONENTS + "- id: cdn\n  name: CDN\n  status: major_outage\n")

    run(site)

    told = [
        (
            b["meta"]["event"],
            b.get("incident", b.get("component", {}))["name"],
            b["page"]["status_indicator"],
        )
        for b in bodies(receiver, "signed")
    ]
    assert [
        ("incident_resolved", "Down", "none"),
        ("component_changed", "CDN", "major"),
    ] == told


def test_each_window_s_webhook_describes_the_window_as_of_its_own_step(
    tmp_path: Path, receiver: Any
) -> None:
    # An update made during the window and the window's end, told in one run: the
    # update's message says the window was in progress, not already completed.
    site = Site(tmp_path, WEBHOOK_ONLY)
    story = [("scheduled", "2026-12-05 09:00", "Announced.")]
    site.maintenance("db-upgrade", "2026-12-05 10:00", "2026-12-05 11:00", story)
    run(site, datetime(2026, 12, 5, 10, 30, tzinfo=timezone.utc))
    story += [("in_progress", "2026-12-05 10:40", "Halfway.")]
    site.maintenance("db-upgrade", "2026-12-05 10:00", "2026-12-05 11:00", story)
    run(site, datetime(2026, 12, 5, 11, 5, tzinfo=timezone.utc))
    told = [
        (b["meta"]["event"], b["incident"]["status"], b["incident"]["resolved_at"])
        for b in incident_bodies(receiver)
    ]
    assert [
        ("maintenance_updated", "in_progress", None),
        ("maintenance_completed", "completed", "2026-12-05T11:00:00.000Z"),
    ] == told


def test_updates_of_one_minute_each_have_their_own_webhook_body(
    tmp_path: Path, receiver: Any
) -> None:
    # The CLI writes minutes: a fix deployed and the resolution, or two engineers, in one
    # minute. Each message is of the incident as its own update left it (file order
    # decides), not as the later one of that minute did.
    site = Site(tmp_path, WEBHOOK_ONLY)
    run(site, datetime(2026, 12, 5, 10, 0, tzinfo=timezone.utc))
    path = site.root / "content" / "incidents" / "api-down.md"
    opened = (
        "---\ntitle: API down\nstatus: {state}\ncomponents: {{api: {status}}}\n---\n"
        "## Investigating at 2026-12-05 10:10\nComponents: api=major_outage\n\nOpened.\n\n"
    )
    path.write_text(opened.format(state="investigating", status="major_outage"), encoding="utf-8")
    run(site, datetime(2026, 12, 5, 10, 15, tzinfo=timezone.utc))
    path.write_text(
        opened.format(state="resolved", status="operational")
        + "## Identified at 2026-12-05 10:20\n\nAlice: found it.\n\n"
        "## Identified at 2026-12-05 10:20\n\nDave: rolling back.\n\n"
        "## Monitoring at 2026-12-05 10:30\nComponents: api=degraded_performance\n\n"
        "Bob: fix deployed.\n\n"
        "## Resolved at 2026-12-05 10:30\nComponents: api=operational\n\nCarol: resolved.\n",
        encoding="utf-8",
    )
    run(site, datetime(2026, 12, 5, 10, 35, tzinfo=timezone.utc))
    told = [
        (
            b["meta"]["event"],
            b["incident"]["status"],
            b["incident"]["resolved_at"],
            [u["body"] for u in b["incident"]["incident_updates"]][:2],
            [(c["name"], c["status"]) for c in b["incident"]["components"]],
            b["page"]["status_indicator"],
        )
        for b in bodies(receiver, "signed")[1:]
        if "incident" in b
    ]
    outage = [("API", "major_outage")]
    assert [
        ("incident_updated", "identified", None, ["Alice: found it.", "Opened."], outage, "major"),
        (
            "incident_updated",
            "identified",
            None,
            ["Dave: rolling back.", "Alice: found it."],
            outage,
            "major",
        ),
        (
            "incident_updated",
            "monitoring",
            None,
            ["Bob: fix deployed.", "Dave: rolling back."],
            [("API", "degraded_performance")],
            "minor",
        ),
        (
            "incident_resolved",
            "resolved",
            "2026-12-05T10:30:00.000Z",
            ["Carol: resolved.", "Bob: fix deployed."],
            [("API", "operational")],
            "none",
        ),
    ] == told


def test_window_updates_of_one_minute_each_have_their_own_webhook_body(
    tmp_path: Path, receiver: Any
) -> None:
    site = Site(tmp_path, WEBHOOK_ONLY)
    story = [("scheduled", "2026-12-05 09:00", "Announced.")]
    site.maintenance("db-upgrade", "2026-12-05 10:00", "2026-12-05 11:00", story)
    run(site, datetime(2026, 12, 5, 10, 30, tzinfo=timezone.utc))
    story += [
        ("in_progress", "2026-12-05 10:40", "Alice: halfway."),
        ("verifying", "2026-12-05 10:40", "Bob: checking."),
    ]
    site.maintenance("db-upgrade", "2026-12-05 10:00", "2026-12-05 11:00", story)
    run(site, datetime(2026, 12, 5, 10, 45, tzinfo=timezone.utc))
    told = [
        (
            b["meta"]["event"],
            b["incident"]["status"],
            [u["body"] for u in b["incident"]["incident_updates"]][:2],
        )
        for b in incident_bodies(receiver)
    ]
    assert [
        ("maintenance_updated", "in_progress", ["Alice: halfway.", "Announced."]),
        ("maintenance_updated", "verifying", ["Bob: checking.", "Alice: halfway."]),
    ] == told


def announce_upgrade(site: Site) -> None:
    """A first run at 12:00 on 5 Dec, then a window on `api` from 13:00 to 13:30 written
    with no update, told by a run at 12:20."""
    run(site, datetime(2026, 12, 5, 12, 0, tzinfo=timezone.utc))
    site.maintenance("upgrade", "2026-12-05 13:00", "2026-12-05 13:30", [])
    run(site, datetime(2026, 12, 5, 12, 20, tzinfo=timezone.utc))


def test_a_window_announced_by_no_update_is_told_as_scheduled(
    tmp_path: Path, receiver: Any
) -> None:
    site = Site(tmp_path, WEBHOOK_ONLY)
    announce_upgrade(site)
    [told] = [b for b in bodies(receiver, "signed") if "incident" in b]
    # Told when the run saw it, before the window: the window as it stood then.
    assert ("maintenance_scheduled", "scheduled") == (
        told["meta"]["event"],
        told["incident"]["status"],
    )


def test_a_window_that_started_and_ended_between_two_runs_is_told_both(
    tmp_path: Path, receiver: Any
) -> None:
    # As an incident's updates all are, a window's start is told even when its end came
    # before the next run: each message as of its own moment, the start first.
    site = Site(tmp_path, HTTP_CHANNELS)
    announce_upgrade(site)
    assert ["maintenance_scheduled"] == events(receiver)
    run(site, datetime(2026, 12, 5, 13, 45, tzinfo=timezone.utc))
    told = [
        (b["meta"]["event"], b["incident"]["status"], b["incident"]["resolved_at"])
        for b in bodies(receiver, "signed")[1:]
    ]
    assert [
        ("maintenance_started", "in_progress", None),
        ("maintenance_completed", "completed", "2026-12-05T13:30:00.000Z"),
    ] == told
    _, started, completed = (json.dumps(b) for b in bodies(receiver, "slack"))
    assert "Maintenance started" in started and "API (Under maintenance)" in started
    assert "Maintenance completed" in completed
    run(site, datetime(2026, 12, 5, 14, 0, tzinfo=timezone.utc))
    assert 3 == len(bodies(receiver, "signed"))  # and never again


def test_a_window_started_by_an_update_between_two_runs_is_told_started_with_it(
    tmp_path: Path, receiver: Any
) -> None:
    site = Site(tmp_path, WEBHOOK_ONLY)
    announce_upgrade(site)
    story = [
        ("in_progress", "2026-12-05 12:55", "Starting early."),
        ("completed", "2026-12-05 13:25", "All done."),
    ]
    site.maintenance("upgrade", "2026-12-05 13:00", "2026-12-05 13:30", story)
    run(site, datetime(2026, 12, 5, 13, 45, tzinfo=timezone.utc))
    told = [
        (b["meta"]["event"], b["incident"]["status"], b["incident"]["incident_updates"][0]["body"])
        for b in bodies(receiver, "signed")[1:]
    ]
    assert [
        ("maintenance_started", "in_progress", "Starting early."),
        ("maintenance_completed", "completed", "All done."),
    ] == told


def test_a_window_started_and_updated_between_two_runs_is_told_started_with_its_first_step(
    tmp_path: Path, receiver: Any
) -> None:
    # Two `In progress` updates since the last run: the start is told with the one that
    # started the work, the later one as an update, never the other way round.
    site = Site(tmp_path, WEBHOOK_ONLY)
    announce_upgrade(site)
    story = [
        ("in_progress", "2026-12-05 13:00", "Database first."),
        ("in_progress", "2026-12-05 13:10", "Now the API."),
    ]
    site.maintenance("upgrade", "2026-12-05 13:00", "2026-12-05 13:30", story)
    run(site, datetime(2026, 12, 5, 13, 15, tzinfo=timezone.utc))
    told = [
        (
            b["meta"]["event"],
            b["incident"]["incident_updates"][0]["body"],
            b["incident"]["updated_at"],
        )
        for b in incident_bodies(receiver)[1:]
    ]
    assert [
        ("maintenance_started", "Database first.", "2026-12-05T13:00:00.000Z"),
        ("maintenance_updated", "Now the API.", "2026-12-05T13:10:00.000Z"),
    ] == told


def newest_update(body: dict[str, Any]) -> tuple[str, str]:
    """The time and text of the newest update in a message's incident or window."""
    newest = body["incident"]["incident_updates"][0]
    return newest["created_at"], newest["body"]


@pytest.mark.parametrize("minutes", [[25], [5, 25]], ids=["one run", "a run between"])
def test_a_window_the_clock_started_is_told_started_before_a_late_in_progress_update(
    tmp_path: Path, receiver: Any, minutes: list[int]
) -> None:
    # The clock started the window at 13:00; the person's `In progress` at 13:20 says so
    # late. A run at 13:25 tells it as runs at 13:05 and 13:25 do: the start at 13:00,
    # the API's change it made, then the update; never the change before the start.
    site = Site(tmp_path, WEBHOOK_ONLY)
    run(site, datetime(2026, 12, 5, 12, 0, tzinfo=timezone.utc))
    story = [("scheduled", "2026-12-05 12:10", "Upgrading the API.")]
    site.maintenance("upgrade", "2026-12-05 13:00", "2026-12-05 13:30", story)
    run(site, datetime(2026, 12, 5, 12, 20, tzinfo=timezone.utc))
    story.append(("in_progress", "2026-12-05 13:20", "We have started (a bit late)."))
    site.maintenance("upgrade", "2026-12-05 13:00", "2026-12-05 13:30", story)
    for minute in minutes:
        run(site, datetime(2026, 12, 5, 13, minute, tzinfo=timezone.utc))
    told = [
        (b["meta"]["event"], b["component_update"]["created_at"], b["component"]["name"])
        if "component_update" in b
        else (b["meta"]["event"], *newest_update(b))
        for b in bodies(receiver, "signed")[1:]
    ]
    assert [
        # Its newest update then is the announcement: the start carries no update.
        ("maintenance_started", "2026-12-05T12:10:00.000Z", "Upgrading the API."),
        ("component_changed", "2026-12-05T13:00:00.000Z", "API"),
        ("maintenance_updated", "2026-12-05T13:20:00.000Z", "We have started (a bit late)."),
    ] == told
    # Each dated when the clock started it, as docs/notifications.md says, not by the
    # announcement or the late update: a receiver keeping the latest `updated_at` would
    # otherwise file the start before the announcement, or the change after the update.
    dated = [
        (b["meta"]["event"], b["component"]["updated_at"])
        if "component" in b
        else (b["meta"]["event"], b["incident"]["updated_at"])
        for b in bodies(receiver, "signed")[1:]
    ]
    assert [
        ("maintenance_started", "2026-12-05T13:00:00.000Z"),
        ("component_changed", "2026-12-05T13:00:00.000Z"),
        ("maintenance_updated", "2026-12-05T13:20:00.000Z"),
    ] == dated


def started_windows(receiver: Any) -> list[tuple[str, str, list[Any], str]]:
    """Each window's webhook: its event, state, components (name, status) and newest update."""
    return [
        (
            b["meta"]["event"],
            b["incident"]["status"],
            [(c["name"], c["status"]) for c in b["incident"]["components"]],
            b["incident"]["incident_updates"][0]["body"],
        )
        for b in incident_bodies(receiver)
    ]


@pytest.mark.parametrize("started_by", ["update", "clock"])
def test_a_window_announced_and_started_between_two_runs_is_told_started(
    tmp_path: Path, receiver: Any, started_by: str
) -> None:
    # Its announcement is news to no one once the work is under way: one message, as the
    # window stood when it started, never "started" with the announcement's state.
    site = Site(tmp_path, HTTP_CHANNELS)
    run(site, datetime(2026, 12, 5, 12, 0, tzinfo=timezone.utc))
    story = [("scheduled", "2026-12-05 12:10", "Announced.")]
    if started_by == "update":
        story.append(("in_progress", "2026-12-05 12:58", "Starting early."))
    site.maintenance("upgrade", "2026-12-05 13:00", "2026-12-05 14:00", story)
    run(site, datetime(2026, 12, 5, 13, 5, tzinfo=timezone.utc))

    assert ["maintenance_started", "component_changed"] == events(receiver)
    newest = "Starting early." if started_by == "update" else "Announced."
    assert [
        ("maintenance_started", "in_progress", [("API", "under_maintenance")], newest)
    ] == started_windows(receiver)
    slack = json.dumps(bodies(receiver, "slack")[0])
    assert "Maintenance started" in slack and "API (Under maintenance)" in slack
    if started_by == "update":
        assert "Starting early." in slack and "Announced." not in slack
    run(site, datetime(2026, 12, 5, 13, 10, tzinfo=timezone.utc))
    assert 2 == len(events(receiver))  # and never again


def test_a_window_announced_after_its_start_is_told_with_the_page_as_it_was_announced(
    tmp_path: Path, receiver: Any
) -> None:
    # Announced ten minutes into its window, then an incident on the website: the start
    # said the incident's page status, which came later, instead of the maintenance's.
    site = Site(tmp_path, WEBHOOK_ONLY)
    run(site, datetime(2026, 12, 5, 12, 0, tzinfo=timezone.utc))
    story = [("scheduled", "2026-12-05 12:10", "Planned.")]
    site.maintenance("upgrade", "2026-12-05 12:00", "2026-12-05 13:00", story)
    trouble = [("investigating", "2026-12-05 12:20", "Looking.")]
    site.incident("broken", "Website broken", "investigating", trouble, "web: partial_outage")

    result = run(site, datetime(2026, 12, 5, 12, 25, tzinfo=timezone.utc))

    assert [("maintenance_started", "maintenance"), ("incident_opened", "minor")] == [
        (c.kind, c.page["indicator"]) for c in result.changes if c.kind != "component_changed"
    ]


def test_a_window_that_reaches_a_page_as_it_starts_is_told_started_as_it_stood_then(
    tmp_path: Path, receiver: Any
) -> None:
    # Announced for the API, which the public page does not show; the update that starts
    # it takes the website too, which it does. The window will affect the website, so the
    # public page's channels hear it announced, then started with that update and the
    # website under maintenance.
    site = Site(
        tmp_path,
        PAGES
        + "notify:\n  channels:\n"
        + "    - {type: webhook, page: public, url_env: HOOK_URL, secret_env: HOOK_SECRET}\n"
        + "    - {type: slack, page: public, url_env: SLACK_URL}\n",
    )
    run(site, datetime(2026, 12, 3, 15, 0, tzinfo=timezone.utc))
    (site.root / "content" / "incidents" / "network.md").write_text(
        "---\ntitle: Network work\nscheduled_for: 2026-12-03 16:00\n"
        "scheduled_until: 2026-12-03 17:00\ncomponents: [api, web]\n---\n"
        "## Scheduled at 2026-12-03 15:00\nComponents: api=under_maintenance\n\n"
        "Network work on the API.\n\n"
        "## In progress at 2026-12-03 16:00\nComponents: web=under_maintenance\n\n"
        "The website is down during the work.\n",
        encoding="utf-8",
    )
    run(site, datetime(2026, 12, 3, 15, 30, tzinfo=timezone.utc))
    assert ["maintenance_scheduled"] == events(receiver)

    run(site, datetime(2026, 12, 3, 16, 5, tzinfo=timezone.utc))

    assert ["maintenance_scheduled", "maintenance_started", "component_changed"] == events(receiver)
    assert [
        (
            "maintenance_scheduled",
            "scheduled",
            [("Website", "operational")],
            "Network work on the API.",
        ),
        (
            "maintenance_started",
            "in_progress",
            [("Website", "under_maintenance")],
            "The website is down during the work.",
        ),
    ] == started_windows(receiver)
    [_, slack, _] = (json.dumps(b) for b in bodies(receiver, "slack"))
    assert "Maintenance started" in slack and "Website (Under maintenance)" in slack
    assert "The website is down during the work." in slack, slack
    assert "Network work on the API." not in slack


def test_a_window_announced_after_its_start_is_told_started_once(
    tmp_path: Path, receiver: Any
) -> None:
    # Scheduled for today, already running when written: its announcement is no news
    # once the work runs, however late it is dated.
    site = Site(tmp_path, WEBHOOK_ONLY)
    run(site, datetime(2026, 12, 5, 21, 0, tzinfo=timezone.utc))
    story = [("scheduled", "2026-12-05 22:30", "Flushing caches.")]
    site.maintenance("flush", "2026-12-05 22:00", "2026-12-05 23:59", story)
    run(site, datetime(2026, 12, 5, 22, 31, tzinfo=timezone.utc))
    assert ["maintenance_started", "component_changed"] == events(receiver)
    # Each as the page showed it once running: a receiver mirroring the page's status must
    # not end the window at "All Systems Operational" from the component's message.
    pages = [
        (b["page"]["status_indicator"], b["page"]["status_description"])
        for b in bodies(receiver, "signed")
    ]
    assert [("maintenance", "Service Under Maintenance")] * 2 == pages


def restart_upgrade_twice(site: Site, upgraded: str | None = None) -> None:
    """The window of announce_upgrade started by the clock, completed, started again,
    completed again and started a third time, a run after each; with `upgraded` (a step),
    from the run after it on, the state as a release that did not count a window's starts
    and completions wrote it."""
    announce_upgrade(site)
    story: list[tuple[str, str, str]] = []
    steps: list[tuple[str, tuple[str, str, str] | None]] = [
        ("started", None),
        ("completed", ("completed", "2026-12-05 13:10", "Done.")),
        ("restarted", ("in_progress", "2026-12-05 13:15", "Restarted.")),
        ("completed again", ("completed", "2026-12-05 13:20", "Done again.")),
        ("restarted again", ("in_progress", "2026-12-05 13:25", "Restarted again.")),
    ]
    for minute, (step, update) in zip(range(5, 30, 5), steps, strict=True):
        if update is not None:
            story.append(update)
            site.maintenance("upgrade", "2026-12-05 13:00", "2026-12-05 13:30", story)
        run(site, datetime(2026, 12, 5, 13, minute, 30, tzinfo=timezone.utc))
        if step == upgraded:
            state = site.root / ".statusgen-notify.json"
            data = json.loads(state.read_text())
            record = data["snapshot"]["maintenances"]["upgrade"]
            for count in ("started", "completed"):
                record.pop(count, None)
            state.write_text(json.dumps(data))


def test_a_window_started_and_completed_again_gets_a_delivery_id_each_time(
    tmp_path: Path, receiver: Any
) -> None:
    # Receivers drop a delivery whose id they have seen: a window started again after it
    # was completed (`statusgen update SLUG --status in_progress`) must not reuse the id of
    # its first start, nor its second completion that of its first, or nobody hears of them.
    restart_upgrade_twice(Site(tmp_path / "site", WEBHOOK_ONLY))
    told = told_events(receiver)
    assert [
        "maintenance_scheduled",
        "maintenance_started",
        "maintenance_completed",
        "maintenance_started",
        "maintenance_completed",
        "maintenance_started",
    ] == [kind for kind, _ in told]
    assert 6 == len({delivery for _, delivery in told}), told
    # The first start and completion keep the ids earlier releases sent them with, so a
    # receiver that heard them from one is not told them again.
    first = ("1bd93951db8902581e59818724f96d5c", "82a963bca725a8072d36dad8ebe539d5")
    assert first == (told[1][1], told[2][1])
    # A site upgraded from such a release while the window ran, or once it was completed,
    # tells the rest as one that never was.
    for upgraded in ("started", "completed"):
        restart_upgrade_twice(Site(tmp_path / upgraded, WEBHOOK_ONLY), upgraded)
        assert told == told_events(receiver)[-6:], upgraded


def test_a_backdated_incident_s_component_message_carries_the_page_it_made(
    tmp_path: Path, receiver: Any
) -> None:
    # Its `date:` says when the trouble began, before its first update showed it: the
    # component's change is dated then, but the page it tells is the one that showed it.
    site = Site(tmp_path, WEBHOOK_ONLY)
    run(site, datetime(2026, 12, 5, 9, 0, tzinfo=timezone.utc))
    (site.root / "content" / "incidents" / "x.md").write_text(
        "---\ntitle: API down\ndate: 2026-12-05 10:00\nstatus: investigating\n"
        "components:\n  api: major_outage\n---\n## Investigating at 2026-12-05 10:15\n\nDown.\n",
        encoding="utf-8",
    )
    run(site, datetime(2026, 12, 5, 10, 16, tzinfo=timezone.utc))
    told = {
        b["meta"]["event"]: (b["page"]["status_indicator"], b["page"]["status_description"])
        for b in bodies(receiver, "signed")
    }
    assert ("major", "Partial System Outage") == told["component_changed"], told


def test_a_window_held_open_by_an_update_after_its_end_is_told_open_again(
    tmp_path: Path, receiver: Any
) -> None:
    # The clock ended the window; then someone wrote that the work runs on. Its channels
    # hear what the page says: in progress again, then completed at the `Completed` update.
    site = Site(tmp_path, WEBHOOK_ONLY)
    announce_upgrade(site)
    run(site, datetime(2026, 12, 5, 13, 40, tzinfo=timezone.utc))
    story = [("in_progress", "2026-12-05 13:45", "Overrunning, another half hour.")]
    site.maintenance("upgrade", "2026-12-05 13:00", "2026-12-05 13:30", story)
    run(site, datetime(2026, 12, 5, 13, 50, tzinfo=timezone.utc))
    story += [("completed", "2026-12-05 14:10", "Done.")]
    site.maintenance("upgrade", "2026-12-05 13:00", "2026-12-05 13:30", story)
    run(site, datetime(2026, 12, 5, 14, 15, tzinfo=timezone.utc))
    told = [
        (b["meta"]["event"], b["incident"]["status"], b["incident"]["resolved_at"])
        for b in incident_bodies(receiver)
    ]
    assert [
        ("maintenance_scheduled", "scheduled", None),
        ("maintenance_started", "in_progress", None),
        ("maintenance_completed", "completed", "2026-12-05T13:30:00.000Z"),
        ("maintenance_started", "in_progress", None),
        ("maintenance_completed", "completed", "2026-12-05T14:10:00.000Z"),
    ] == told
    api = [
        (b["component_update"]["new_status"], b["component_update"]["created_at"])
        for b in bodies(receiver, "signed")
        if "component_update" in b
    ]
    # The first start and end came between two runs: the API's status did not change.
    assert [
        ("under_maintenance", "2026-12-05T13:45:00.000Z"),
        ("operational", "2026-12-05T14:10:00.000Z"),
    ] == api


def test_a_window_reopened_after_its_end_with_the_key_is_told_open_from_that_update(
    tmp_path: Path, receiver: Any
) -> None:
    # A progress note in the window, told completed at its end; then `update --status
    # in_progress` writes an `In progress` update and the key. The key came with that
    # update: the component is under maintenance again from its time, not from the run.
    site = Site(tmp_path, WEBHOOK_ONLY)
    announce_upgrade(site)
    run(site, datetime(2026, 12, 5, 13, 5, tzinfo=timezone.utc))
    front = "title: Database upgrade\nscheduled_for: 2026-12-05 13:00\n"
    front += "scheduled_until: 2026-12-05 13:30\ncomponents: [api]"
    story = [("in_progress", "2026-12-05 13:15", "Progress note.")]
    site._write("upgrade", front, story)
    run(site, datetime(2026, 12, 5, 13, 40, tzinfo=timezone.utc))
    story += [("in_progress", "2026-12-05 13:45", "Still going.")]
    site._write("upgrade", front + "\nstatus: in_progress", story)
    run(site, datetime(2026, 12, 5, 13, 50, tzinfo=timezone.utc))
    api = [
        (b["component_update"]["new_status"], b["component_update"]["created_at"])
        for b in bodies(receiver, "signed")
        if "component_update" in b
    ]
    assert [
        ("under_maintenance", "2026-12-05T13:00:00.000Z"),
        ("operational", "2026-12-05T13:30:00.000Z"),
        ("under_maintenance", "2026-12-05T13:45:00.000Z"),
    ] == api


def test_a_window_called_off_is_told_as_cancelled_not_as_completed(
    tmp_path: Path, receiver: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # docs/content.md: a `Completed` update before its start calls the window off. Its
    # readers must not read that work was done, nor that the API was under maintenance.
    monkeypatch.setenv("CANCELLED_URL", receiver.url("cancelled"))
    site = Site(
        tmp_path,
        HTTP_CHANNELS
        + "    - type: slack\n      name: cancellations\n      url_env: CANCELLED_URL\n"
        + "      changes: [maintenance_cancelled]\n",
    )
    announce_upgrade(site)
    site.maintenance(
        "upgrade",
        "2026-12-05 13:00",
        "2026-12-05 13:30",
        [("completed", "2026-12-05 12:30", "Not needed after all.")],
    )
    run(site, datetime(2026, 12, 5, 12, 40, tzinfo=timezone.utc))

    assert ["maintenance_scheduled", "maintenance_cancelled"] == events(receiver)
    webhook = bodies(receiver, "signed")[-1]
    assert ("maintenance_cancelled", "completed", "Not needed after all.") == (
        webhook["meta"]["event"],
        webhook["incident"]["status"],
        webhook["incident"]["incident_updates"][0]["body"],
    )
    slack = json.dumps(bodies(receiver, "slack")[-1], ensure_ascii=False)
    assert "Maintenance cancelled: Database upgrade (Cancelled)" in slack
    assert "completed" not in slack.lower()
    # Listed as its page lists them: it held none of them.
    assert '"Affected: API"' in slack
    # A channel that asks for cancellations hears of this one.
    assert 1 == len(receiver.delivered("cancelled"))
    run(site, datetime(2026, 12, 5, 14, 0, tzinfo=timezone.utc))  # past its planned time
    assert 2 == len(bodies(receiver, "signed"))  # and never again


CALLED_OFF = ("completed", "2026-12-05 12:30", "Called off: not neded.")


def test_an_update_after_a_call_off_is_told_as_cancelled(tmp_path: Path, receiver: Any) -> None:
    # As its page and feed say it: cancelled, and the API never under maintenance.
    site = Site(tmp_path, SLACK_ONLY)
    announce_upgrade(site)
    site.maintenance("upgrade", "2026-12-05 13:00", "2026-12-05 13:30", [CALLED_OFF])
    run(site, datetime(2026, 12, 5, 12, 40, tzinfo=timezone.utc))
    later = ("completed", "2026-12-05 12:50", "We will schedule a new window in January.")
    site.maintenance("upgrade", "2026-12-05 13:00", "2026-12-05 13:30", [CALLED_OFF, later])
    run(site, datetime(2026, 12, 5, 12, 55, tzinfo=timezone.utc))

    assert [
        "Maintenance update: Database upgrade (Cancelled)",
        "Status: Cancelled",
        "Affected: API",
    ] == slack_lines(bodies(receiver, "slack")[-1])[:3]


def test_an_update_after_a_window_completed_lists_its_components_as_they_are(
    tmp_path: Path, receiver: Any
) -> None:
    # The window is over: it holds the API no more, so no message says it does.
    site = Site(tmp_path, SLACK_ONLY)
    announce_upgrade(site)
    run(site, datetime(2026, 12, 5, 13, 40, tzinfo=timezone.utc))
    later = ("completed", "2026-12-05 13:50", "All went well.")
    site.maintenance("upgrade", "2026-12-05 13:00", "2026-12-05 13:30", [later])
    run(site, datetime(2026, 12, 5, 13, 55, tzinfo=timezone.utc))

    lines = slack_lines(bodies(receiver, "slack")[-1])
    assert "Maintenance update: Database upgrade (Completed)" == lines[0]
    assert "Affected: API (Operational)" in lines


def test_a_kept_call_off_is_sent_with_its_text_as_corrected_since(
    tmp_path: Path, receiver: Any
) -> None:
    site = Site(tmp_path, SLACK_ONLY)
    announce_upgrade(site)
    receiver.script["slack"] = [500]
    site.maintenance("upgrade", "2026-12-05 13:00", "2026-12-05 13:30", [CALLED_OFF])
    run(site, datetime(2026, 12, 5, 12, 40, tzinfo=timezone.utc))

    receiver.script["slack"] = [200]
    fixed = (*CALLED_OFF[:2], "Called off: not needed.")
    site.maintenance("upgrade", "2026-12-05 13:00", "2026-12-05 13:30", [fixed])
    run(site, datetime(2026, 12, 5, 12, 50, tzinfo=timezone.utc))

    cancelled = bodies(receiver, "slack")[-1]
    assert "Maintenance cancelled: Database upgrade (Cancelled)" == cancelled["text"]
    assert "Called off: not needed." == cancelled["blocks"][1]["text"]["text"]


def test_a_window_deleted_before_it_starts_is_told_nothing(tmp_path: Path, receiver: Any) -> None:
    # Dropped from the record, not called off: nothing to tell (docs/notifications.md).
    site = Site(tmp_path, WEBHOOK_ONLY)
    announce_upgrade(site)
    (site.root / "content/incidents/upgrade.md").unlink()
    run(site, datetime(2026, 12, 5, 12, 40, tzinfo=timezone.utc))
    run(site, datetime(2026, 12, 5, 14, 0, tzinfo=timezone.utc))
    assert ["maintenance_scheduled"] == events(receiver)


def test_a_recovery_is_never_dated_before_the_outage_it_ends(tmp_path: Path, receiver: Any) -> None:
    site = Site(tmp_path, WEBHOOK_ONLY)
    site.incident(
        "earlier",
        "Earlier trouble",
        "resolved",
        [("investigating", "2026-12-04 11:00", "x"), ("resolved", "2026-12-04 11:30", "y")],
    )
    run(site, datetime(2026, 12, 5, 9, 0, tzinfo=timezone.utc))
    site.incident(
        "outage", "API down", "investigating", [("investigating", "2026-12-05 10:00", "x")]
    )
    run(site, datetime(2026, 12, 5, 10, 10, tzinfo=timezone.utc))
    (site.root / "content" / "incidents" / "outage.md").unlink()  # withdrawn
    run(site, datetime(2026, 12, 5, 11, 0, tzinfo=timezone.utc))
    told = [
        (b["component_update"]["new_status"], b["component_update"]["created_at"])
        for b in bodies(receiver, "signed")
        if "component_update" in b
    ]
    assert ["major_outage", "operational"] == [status for status, _ in told]
    (_, down), (_, up) = told
    assert "2026-12-05T10:00:00.000Z" == down
    assert up >= down, "the recovery is dated before the outage it ends"


def test_a_recovery_from_an_outage_the_baseline_saw_is_never_dated_before_it(
    tmp_path: Path, receiver: Any
) -> None:
    # The first run (or one after the state was lost) told nobody of the outage, but it
    # was the status told: its recovery must not take the end of an earlier incident.
    site = Site(tmp_path, WEBHOOK_ONLY)
    site.incident(
        "earlier",
        "Earlier trouble",
        "resolved",
        [("investigating", "2026-12-04 11:00", "x"), ("resolved", "2026-12-04 11:30", "y")],
    )
    site.incident(
        "outage", "API slow", "investigating", [("investigating", "2026-12-05 09:00", "x")]
    )
    assert run(site, datetime(2026, 12, 5, 9, 5, tzinfo=timezone.utc)).baseline
    (site.root / "content" / "incidents" / "outage.md").unlink()  # withdrawn
    run(site, datetime(2026, 12, 5, 9, 30, tzinfo=timezone.utc))
    told = [
        (b["component_update"]["new_status"], b["component_update"]["created_at"])
        for b in bodies(receiver, "signed")
        if "component_update" in b
    ]
    assert [("operational", "2026-12-05T09:30:00.000Z")] == told


def test_a_recovery_in_the_minute_its_status_was_told_to_begin_is_dated_by_the_files(
    tmp_path: Path, receiver: Any
) -> None:
    # Degraded at 12:10 (told at 12:10:30), resolved in the same minute: the recovery is
    # dated 12:10, as api/v2 dates it, and told before the website's later outage, however
    # late notify runs.
    site = Site(tmp_path, WEBHOOK_ONLY)
    run(site, datetime(2026, 12, 5, 12, 0, tzinfo=timezone.utc))
    opened = "## Investigating at 2026-12-05 12:00\nComponents: api=major_outage\n\nDown.\n\n"
    monitoring = (
        "## Monitoring at 2026-12-05 12:10\nComponents: api=degraded_performance\n\nRecovering.\n\n"
    )
    incident = site.root / "content" / "incidents" / "api.md"
    front = "---\ntitle: API down\nstatus: {}\ncomponents: {{api: {}}}\n---\n"
    incident.write_text(front.format("investigating", "major_outage") + opened)
    run(site, datetime(2026, 12, 5, 12, 2, tzinfo=timezone.utc))
    incident.write_text(front.format("monitoring", "degraded_performance") + opened + monitoring)
    run(site, datetime(2026, 12, 5, 12, 10, 30, tzinfo=timezone.utc))
    resolved = "## Resolved at 2026-12-05 12:10\nComponents: api=operational\n\nFixed.\n"
    incident.write_text(front.format("resolved", "operational") + opened + monitoring + resolved)
    slow = [("investigating", "2026-12-05 12:20", "Slow.")]
    site.incident("web-slow", "Website slow", "investigating", slow, "web: partial_outage")
    run(site, datetime(2026, 12, 5, 12, 40, tzinfo=timezone.utc))
    told = [
        (
            b["component"]["name"],
            b["component_update"]["new_status"],
            b["component_update"]["created_at"],
            b["component"]["updated_at"],
        )
        for b in bodies(receiver, "signed")
        if "component_update" in b
    ]
    assert [
        ("API", "major_outage", "2026-12-05T12:00:00.000Z", "2026-12-05T12:00:00.000Z"),
        ("API", "degraded_performance", "2026-12-05T12:10:00.000Z", "2026-12-05T12:10:00.000Z"),
        ("API", "operational", "2026-12-05T12:10:00.000Z", "2026-12-05T12:10:00.000Z"),
        ("Website", "partial_outage", "2026-12-05T12:20:00.000Z", "2026-12-05T12:20:00.000Z"),
    ] == told


# --- which event a file holds -----------------------------------------------------------


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, 5, hour, minute, tzinfo=timezone.utc)


def told_events(receiver: Any) -> list[tuple[str, str]]:
    """Each event's delivery to the webhook (not a component's), as (kind, delivery id)."""
    return [
        (hit.headers["X-Statusgen-Event"], hit.headers["X-Statusgen-Delivery"])
        for hit in receiver.delivered("signed")
        if hit.headers["X-Statusgen-Event"] != "component_changed"
    ]


OPENED = ("investigating", "2026-12-05 10:05", "Payments failing.")
RESOLVED = ("resolved", "2026-12-05 10:30", "Fixed.")
FOUND = ("2026-12-05 10:20", "Found it.")


@pytest.mark.parametrize("taken_back", ["git-revert", "update-deleted"], ids=str)
def test_a_resolution_taken_back_tells_incident_channels_it_is_open_again(
    tmp_path: Path, receiver: Any, taken_back: str
) -> None:
    """A channel that hears only of incidents was last told "Resolved": once the
    resolution is taken back (reverted, or its update deleted),
    its readers must hear the incident is open again, once, before a later resolution."""
    site = Site(tmp_path, WEBHOOK_ONLY + "      changes: [incident]\n")
    committed(site.root, "A")
    run(site, at(10))
    site.incident("pay", "Payments down", "investigating", [OPENED])
    committed(site.root, "Open")
    run(site, at(10, 6))
    site.incident("pay", "Payments down", "resolved", [OPENED, RESOLVED])
    committed(site.root, "Resolve")
    run(site, at(10, 31))
    if taken_back == "git-revert":
        git(site.root, "revert", "--no-edit", "HEAD")
    else:
        site.incident("pay", "Payments down", "investigating", [OPENED])
        committed(site.root, "Take back")

    reopened = run(site, at(11))

    told_now = [c for c in reopened.changes if c.kind != "component_changed"]
    assert ["incident_updated"] == [c.kind for c in told_now]
    change = told_now[0]
    assert ("investigating", "Payments failing.") == (change.state, change.message)
    assert "2026-12-05T11:00:00.000Z" == change.at
    assert [] == run(site, at(11, 5)).changes
    again = ("resolved", "2026-12-05 11:30", "Fixed for good.")
    site.incident("pay", "Payments down", "resolved", [OPENED, again])
    committed(site.root, "Resolve again")
    run(site, at(11, 31))
    told = told_events(receiver)
    assert [
        "incident_opened",
        "incident_resolved",
        "incident_updated",
        "incident_resolved",
    ] == [kind for kind, _ in told]
    assert len(told) == len({delivery for _, delivery in told}), told


def test_a_resolution_never_delivered_then_reverted_is_not_told_as_a_reopening(
    tmp_path: Path, receiver: Any
) -> None:
    """The resolution was only kept for a retry (the receiver down), then reverted: its
    readers never heard the incident was over, and must not be told it is open again."""
    site = Site(tmp_path, WEBHOOK_ONLY)
    committed(site.root, "A")
    run(site, at(10))
    site.incident("pay", "Payments down", "investigating", [OPENED])
    committed(site.root, "Open")
    run(site, at(10, 6))
    site.incident("pay", "Payments down", "resolved", [OPENED, RESOLVED])
    committed(site.root, "Resolve")
    receiver.script["signed"] = [500]
    run(site, at(10, 31))
    before = len(receiver.delivered("signed"))
    receiver.script["signed"] = [200]
    git(site.root, "revert", "--no-edit", "HEAD")

    result = run(site, at(11))

    assert 2 == result.withdrawn
    assert [] == receiver.delivered("signed")[before:]
    assert [] == run(site, at(11, 5)).changes


@pytest.mark.parametrize("taken_back", ["git-revert", "heading-edited"], ids=str)
def test_a_resolution_restored_after_a_reopening_is_a_delivery_of_its_own(
    tmp_path: Path, receiver: Any, taken_back: str
) -> None:
    """Receivers drop a delivery id they have seen: a resolution taken back, told as
    reopened, then restored as it was must reach them again, dated after the reopening."""
    site = Site(tmp_path, WEBHOOK_ONLY + "      changes: [incident]\n")
    committed(site.root, "A")
    run(site, at(10))
    site.incident("pay", "Payments down", "investigating", [OPENED])
    committed(site.root, "Open")
    run(site, at(10, 6))
    resolved = ("resolved", "2026-12-05 10:20", "Fixed.")
    site.incident("pay", "Payments down", "resolved", [OPENED, resolved])
    committed(site.root, "Resolve")
    run(site, at(10, 30))
    if taken_back == "git-revert":
        git(site.root, "revert", "--no-edit", "HEAD")
    else:
        site.incident("pay", "Payments down", "monitoring", [OPENED, ("monitoring", *resolved[1:])])
        committed(site.root, "Monitoring")
    run(site, at(10, 40))
    if taken_back == "git-revert":
        git(site.root, "revert", "--no-edit", "HEAD")
    else:
        site.incident("pay", "Payments down", "resolved", [OPENED, resolved])
        committed(site.root, "Resolved after all")

    result = run(site, at(10, 50))

    told_now = [c for c in result.changes if c.kind != "component_changed"]
    assert [("incident_resolved", "2026-12-05T10:50:00.000Z")] == [(c.kind, c.at) for c in told_now]
    assert [] == run(site, at(10, 55)).changes
    told = told_events(receiver)
    assert "incident_resolved" == told[-1][0]
    assert len(told) == len({delivery for _, delivery in told}), told


WEBHOOK_AND_SLACK = WEBHOOK_ONLY + "    - type: slack\n      url_env: SLACK_URL\n"


def test_a_resolution_restored_after_a_reopening_is_never_updated_before_it(
    tmp_path: Path, receiver: Any
) -> None:
    """A revert reverted: the resolution told again after the reopening (dated at its run)
    must not reach the webhook updated at its own, older time, or a receiver keeping the
    latest `updated_at` (Statuspage-style) drops it and leaves the incident open."""
    site = Site(tmp_path, WEBHOOK_AND_SLACK)
    committed(site.root, "A")
    run(site, at(10))
    site.incident("pay", "Payments down", "investigating", [OPENED])
    committed(site.root, "Open")
    run(site, at(10, 6))
    site.incident("pay", "Payments down", "resolved", [OPENED, RESOLVED])
    committed(site.root, "Resolve")
    run(site, at(10, 35))
    git(site.root, "revert", "--no-edit", "HEAD")
    run(site, at(10, 40))
    git(site.root, "revert", "--no-edit", "HEAD")

    (change,) = [c for c in run(site, at(10, 45)).changes if c.kind == "incident_resolved"]

    reopened, resolved = incident_bodies(receiver)[-2:]
    assert ("incident_updated", "incident_resolved") == (
        reopened["meta"]["event"],
        resolved["meta"]["event"],
    )
    assert "2026-12-05T10:45:00.000Z" == change.at == resolved["incident"]["updated_at"]
    assert reopened["incident"]["updated_at"] < resolved["incident"]["updated_at"]
    # Slack's "Posted" says the same moment as the webhook.
    posted = [b for b in bodies(receiver, "slack") if "Payments down" in json.dumps(b)]
    assert "10:45" in json.dumps(posted[-1])


def test_a_window_s_end_taken_back_is_never_told_started_before_that_end(
    tmp_path: Path, receiver: Any
) -> None:
    """A window told completed early, then its `Completed` update reverted: it runs again,
    told started at the run that finds it, never before the end its readers were told."""
    site = Site(tmp_path, WEBHOOK_AND_SLACK)
    committed(site.root, "A")
    run(site, at(12))
    site.maintenance("upgrade", "2026-12-05 13:00", "2026-12-05 15:00", [])
    committed(site.root, "Announce")
    run(site, at(12, 20))
    run(site, at(13, 5))
    done = ("completed", "2026-12-05 13:40", "Done early.")
    site.maintenance("upgrade", "2026-12-05 13:00", "2026-12-05 15:00", [done])
    committed(site.root, "Done")
    run(site, at(13, 45))
    git(site.root, "revert", "--no-edit", "HEAD")

    (change,) = [c for c in run(site, at(13, 50)).changes if c.kind == "maintenance_started"]

    ended, again = incident_bodies(receiver)[-2:]
    assert ("maintenance_completed", "maintenance_started") == (
        ended["meta"]["event"],
        again["meta"]["event"],
    )
    assert "2026-12-05T13:50:00.000Z" == change.at == again["incident"]["updated_at"]
    assert ended["incident"]["updated_at"] < again["incident"]["updated_at"]


def test_an_update_that_reopens_an_incident_is_told_once(tmp_path: Path, receiver: Any) -> None:
    # Reopened the usual way, by an update after the resolution: that update says so.
    site = Site(tmp_path, WEBHOOK_ONLY + "      changes: [incident]\n")
    run(site, at(10))
    site.incident("pay", "Payments down", "resolved", [OPENED, RESOLVED])
    run(site, at(10, 31))
    again = ("investigating", "2026-12-05 10:50", "Failing again.")
    site.incident("pay", "Payments down", "investigating", [OPENED, RESOLVED, again])

    result = run(site, at(11))

    assert [("incident_updated", "Failing again.")] == [
        (c.kind, c.message) for c in result.changes if c.kind != "component_changed"
    ]


@pytest.mark.parametrize(
    ("state", "text"),
    [("identified", "Fix rolled out."), ("monitoring", "Fix rolled out to every region.")],
    ids=["heading-edited", "text-edited"],
)
def test_an_update_already_told_edited_by_hand_is_not_told_again(
    tmp_path: Path, receiver: Any, state: str, text: str
) -> None:
    """Its heading's state or its text corrected, an update told is the one its readers
    heard: sent again, it reached them twice with the same update id."""
    site = Site(tmp_path, WEBHOOK_ONLY)
    run(site, at(8))
    opened = ("investigating", "2026-12-05 08:05", "Payments failing.")
    monitoring = ("monitoring", "2026-12-05 08:30", "Fix rolled out.")
    site.incident("pay", "Payments down", "monitoring", [opened, monitoring])
    run(site, at(8, 35))
    told = told_events(receiver)
    edited = (state, monitoring[1], text)
    site.incident("pay", "Payments down", state, [opened, edited])

    assert [] == run(site, at(8, 40)).changes
    assert told == told_events(receiver)
    assert [] == run(site, at(8, 45)).changes
    resolved = ("resolved", "2026-12-05 09:00", "Fixed.")
    site.incident("pay", "Payments down", "resolved", [opened, edited, resolved])
    run(site, at(9, 5))
    assert ["incident_resolved"] == [kind for kind, _ in told_events(receiver)[len(told) :]]


def test_a_resolution_s_heading_edited_to_an_open_state_is_told_as_a_reopening(
    tmp_path: Path, receiver: Any
) -> None:
    # Its readers heard it was over and the page shows it open: told once, as a resolution
    # taken back is, dated when found, never as that update again with its old id.
    site = Site(tmp_path, WEBHOOK_ONLY + "      changes: [incident]\n")
    run(site, at(10))
    site.incident("pay", "Payments down", "resolved", [OPENED, RESOLVED])
    run(site, at(10, 35))
    site.incident("pay", "Payments down", "monitoring", [OPENED, ("monitoring", *RESOLVED[1:])])

    result = run(site, at(10, 40))

    told_now = [c for c in result.changes if c.kind != "component_changed"]
    assert [("incident_updated", "monitoring", "2026-12-05T10:40:00.000Z")] == [
        (c.kind, c.state, c.at) for c in told_now
    ]
    assert [] == run(site, at(10, 45)).changes
    told = told_events(receiver)
    assert len(told) == len({delivery for _, delivery in told}), told


@pytest.mark.parametrize("text", ["Payments failing.", "Card payments failing."], ids=str)
def test_an_update_s_time_corrected_in_its_place_is_no_news(
    tmp_path: Path, receiver: Any, text: str
) -> None:
    # Every update up to the postmortem told, then the first one's time corrected by five
    # minutes (its text too, or not): the same update, in the same place in the order, of
    # the same state. Its readers heard it; a message now would repeat the postmortem as an
    # update, and a receiver could not tell what is new.
    site = Site(tmp_path, WEBHOOK_ONLY)
    run(site, at(9))
    postmortem = ("postmortem", "2026-12-05 12:00", "What happened.")
    site.incident("pay", "Payments down", "postmortem", [OPENED, RESOLVED, postmortem])
    run(site, at(12, 5))
    told = told_events(receiver)
    site.incident(
        "pay",
        "Payments down",
        "postmortem",
        [("investigating", "2026-12-05 10:10", text), RESOLVED, postmortem],
    )

    assert [] == run(site, at(12, 5) + timedelta(days=10)).changes
    assert told == told_events(receiver)
    # Real news is told all the same: an update added.
    follow_up = ("postmortem", "2026-12-16 09:00", "Follow-ups done.")
    corrected = ("investigating", "2026-12-05 10:10", text)
    site.incident(
        "pay", "Payments down", "postmortem", [corrected, RESOLVED, postmortem, follow_up]
    )
    later = at(12, 5) + timedelta(days=11)
    assert ["postmortem_published"] == [c.kind for c in run(site, later).changes]


def test_a_kept_update_whose_time_is_corrected_in_its_place_is_still_sent(
    tmp_path: Path, receiver: Any
) -> None:
    # Its message refused, kept for a retry; its time (and text) corrected before the
    # retry: it is the update told (no news), and the kept message is sent, not dropped.
    site = Site(tmp_path, WEBHOOK_ONLY)
    run(site, at(9))
    site.incident("pay", "Payments down", "investigating", [OPENED])
    run(site, at(10, 10))
    receiver.script["signed"] = [500]
    site.incident("pay", "Payments down", "identified", [OPENED, ("identified", *FOUND)])
    run(site, at(10, 25))
    receiver.script["signed"] = [200]
    corrected = ("identified", "2026-12-05 10:18", "Found it: a bad deploy.")
    site.incident("pay", "Payments down", "identified", [OPENED, corrected])

    assert [] == run(site, at(10, 30)).changes

    sent = incident_bodies(receiver)[-1]["incident"]["incident_updates"][0]
    assert ["incident_opened", "incident_updated"] == [k for k, _ in told_events(receiver)]
    assert "identified" == sent["status"]


def front_matter_only(site: Site, status: str, api: str, resolved_at: str = "") -> None:
    """An incident with no timeline: its start, state and end in its front matter only."""
    site.incident("fm", "API down", status, [], components=f"api: {api}")
    path = site.root / "content" / "incidents" / "fm.md"
    times = "date: 2026-12-05 10:00\n" + (f"resolved_at: {resolved_at}\n" if resolved_at else "")
    path.write_text(path.read_text().replace("---\n", "---\n" + times, 1))


@pytest.mark.parametrize(
    ("resolved_at", "last_run", "dated"),
    [
        ("2026-12-05 11:00", at(10, 5), "2026-12-05T11:00:00.000Z"),
        # Resolved as of a moment a later run told it open still: told when found.
        ("2026-12-05 10:30", at(10, 45), "2026-12-05T11:05:00.000Z"),
    ],
    ids=["at-resolved_at", "at-the-run"],
)
def test_an_incident_resolved_in_its_front_matter_is_told_resolved(
    tmp_path: Path, receiver: Any, resolved_at: str, last_run: datetime, dated: str
) -> None:
    """A channel that hears only of incidents was told it opened: its readers must hear
    it is over when the front matter says so, as a `Resolved` update would tell them."""
    site = Site(tmp_path, WEBHOOK_ONLY + "      changes: [incident]\n")
    run(site, at(9))
    front_matter_only(site, "investigating", "major_outage")
    run(site, last_run)
    front_matter_only(site, "resolved", "operational", resolved_at)

    result = run(site, at(11, 5))

    told_now = [c for c in result.changes if c.kind != "component_changed"]
    assert [("incident_resolved", "resolved", dated)] == [(c.kind, c.state, c.at) for c in told_now]
    assert [] == run(site, at(11, 10)).changes
    told = told_events(receiver)
    assert ["incident_opened", "incident_resolved"] == [kind for kind, _ in told]


@pytest.mark.parametrize("api", ["major_outage", "operational"])
def test_a_recovery_by_a_backdated_front_matter_resolution_follows_it_at_the_run(
    tmp_path: Path, receiver: Any, api: str
) -> None:
    """Resolved as of a moment before "Identified" was told: the resolution is told at the
    run, and so is the components' recovery it caused, after it, never dated before the
    news its readers already have."""
    site = Site(tmp_path, WEBHOOK_ONLY)
    run(site, at(9))
    front_matter_only(site, "investigating", "major_outage")
    run(site, at(10, 5))
    front_matter_only(site, "identified", "major_outage")
    run(site, at(10, 30))
    front_matter_only(site, "resolved", api, "2026-12-05 10:20")

    result = run(site, at(11))

    assert [
        ("incident_resolved", "2026-12-05T11:00:00.000Z"),
        ("component_changed", "2026-12-05T11:00:00.000Z"),
    ] == [(c.kind, c.at) for c in result.changes]
    told = bodies(receiver, "signed")[-2:]
    assert ["incident_resolved", "component_changed"] == [b["meta"]["event"] for b in told]
    assert "2026-12-05T11:00:00.000Z" == told[1]["component_update"]["created_at"]
    assert [] == run(site, at(11, 5)).changes


def test_a_state_changed_in_the_front_matter_is_told_once(tmp_path: Path, receiver: Any) -> None:
    # The page shows "Identified" with no update to say so: told as an update, at the run.
    site = Site(tmp_path, WEBHOOK_ONLY + "      changes: [incident]\n")
    run(site, at(9))
    front_matter_only(site, "investigating", "major_outage")
    run(site, at(10, 5))
    front_matter_only(site, "identified", "major_outage")

    result = run(site, at(10, 30))

    assert [("incident_updated", "identified", "2026-12-05T10:30:00.000Z")] == [
        (c.kind, c.state, c.at) for c in result.changes
    ]
    assert [] == run(site, at(10, 35)).changes
    front_matter_only(site, "resolved", "operational", "2026-12-05 11:00")
    run(site, at(11, 5))
    told = told_events(receiver)
    assert ["incident_opened", "incident_updated", "incident_resolved"] == [k for k, _ in told]
    assert len(told) == len({delivery for _, delivery in told}), told


def test_the_webhook_dates_a_state_changed_in_the_front_matter_as_the_other_channels(
    tmp_path: Path, receiver: Any
) -> None:
    # Slack and e-mail said "Posted: 10:30", the run's moment; the webhook's `updated_at`
    # was the opening's 10:00 with no update to say what changed, so nothing told when.
    site = Site(tmp_path, WEBHOOK_ONLY)
    run(site, at(9))
    front_matter_only(site, "investigating", "major_outage")
    run(site, at(10, 5))
    front_matter_only(site, "identified", "major_outage")

    (change,) = [c for c in run(site, at(10, 30)).changes if c.kind == "incident_updated"]

    told = incident_bodies(receiver)[-1]
    assert "incident_updated" == told["meta"]["event"]
    assert "2026-12-05T10:30:00.000Z" == change.at == told["incident"]["updated_at"]
    assert "identified" == told["incident"]["status"]


def test_a_corrected_date_of_an_incident_without_a_timeline_is_no_news(
    tmp_path: Path, receiver: Any
) -> None:
    """Its `date:` set a day earlier: the same incident, already told opened; its readers
    must not hear it opened a second time, under a delivery id of its own."""
    site = Site(tmp_path, WEBHOOK_ONLY)
    run(site, at(9))
    front_matter_only(site, "identified", "major_outage")
    run(site, at(10, 5))
    path = site.root / "content" / "incidents" / "fm.md"
    path.write_text(path.read_text().replace("date: 2026-12-05 10:00", "date: 2026-12-04 10:00"))

    assert [] == run(site, at(10, 10)).changes
    assert ["incident_opened"] == [k for k, _ in told_events(receiver)]


@pytest.mark.parametrize(
    ("status", "resolved_at", "state", "told"),
    [
        ("resolved", "2026-12-05 10:27", "postmortem", ["postmortem_published"]),
        ("investigating", "", "monitoring", ["incident_updated"]),
    ],
    ids=["postmortem-after-resolved", "monitoring-while-open"],
)
def test_an_update_to_an_incident_without_a_timeline_tells_only_itself(
    tmp_path: Path, receiver: Any, status: str, resolved_at: str, state: str, told: list[str]
) -> None:
    """`statusgen update` writes the updates the front matter stood for before its own: its
    readers were told those already, and must hear only the new one."""
    site = Site(tmp_path, WEBHOOK_ONLY)
    run(site, at(9))
    front_matter_only(site, status, "operational" if resolved_at else "major_outage", resolved_at)
    run(site, at(10, 30))
    before = len(told_events(receiver))
    written = CliRunner().invoke(
        cli,
        [
            "-C",
            str(site.root),
            "update",
            "fm",
            "--status",
            state,
            "-m",
            "Root cause: a disk.",
            "--now",
            "2026-12-05T10:40:00Z",
        ],
    )
    assert 0 == written.exit_code, written.output

    result = run(site, at(10, 45))

    assert [(told[0], state, "Root cause: a disk.")] == [
        (c.kind, c.state, c.message) for c in result.changes if c.kind != "component_changed"
    ]
    assert told == [kind for kind, _ in told_events(receiver)[before:]]


@pytest.mark.parametrize("clone", ["--single-branch", "--depth=1"])
def test_a_side_branch_from_before_a_front_matter_resolution_is_held_back(
    tmp_path: Path, receiver: Any, clone: str
) -> None:
    """A deploy of a branch made while an incident without a timeline was open, from a
    clone git cannot compare (one branch, or shallow): its readers were told it is over,
    and this checkout, older, must not tell it opened again (nor the next run from main
    tell its end a second time)."""
    site = Site(tmp_path / "site", WEBHOOK_ONLY)
    committed(site.root, "A")
    git(site.root, "branch", "-M", "main")
    run(site, at(10))
    front_matter_only(site, "investigating", "major_outage")
    committed(site.root, "Open")
    git(site.root, "branch", "preview")
    run(site, at(10, 10))
    front_matter_only(site, "resolved", "operational", "2026-12-05 10:25")
    committed(site.root, "Resolve")
    run(site, at(10, 30))
    told = events(receiver)
    origin = tmp_path / "origin.git"
    git(tmp_path, "clone", "-q", "--bare", str(site.root), str(origin))
    ci = tmp_path / "ci"
    git(tmp_path, "clone", "-q", clone, "--branch", "preview", origin.as_uri(), str(ci))
    state = site.root / ".statusgen-notify.json"
    kept = state.read_bytes()

    result = notify(ci, now=at(10, 40), state_path=state, backoff=0.01)

    assert ["content/incidents/fm.md"] == list(result.older)
    assert told == events(receiver)
    assert kept == state.read_bytes()
    assert [] == run(site, at(10, 50)).changes


@pytest.mark.parametrize("seen", [False, True], ids=["reused-unseen", "reused-after-a-run"])
def test_a_new_incident_in_a_withdrawn_incident_s_file_is_told_as_opened(
    tmp_path: Path, receiver: Any, seen: bool
) -> None:
    # A false alarm deleted, and the real incident opened later under the same title, so
    # the same file name: a new incident, with a delivery id of its own (receivers drop a
    # delivery whose id they have seen), whether or not a run saw the file gone.
    site = Site(tmp_path, WEBHOOK_ONLY)
    slug = "2026-12-05-paymnet-errors"
    run(site, at(9))
    site.incident(
        slug, "Paymnet errors", "investigating", [("investigating", "2026-12-05 10:00", "x")]
    )
    run(site, at(11))
    (site.root / "content" / "incidents" / f"{slug}.md").unlink()
    if seen:
        run(site, at(11, 30))
    real = [("investigating", "2026-12-05 12:00", "Real.")]
    site.incident(slug, "Paymnet errors", "investigating", real, components="web: partial_outage")
    run(site, at(12, 5))
    # The false alarm is told over before the real one opens: receivers know both by the
    # one address, and must not close the real one.
    told = told_events(receiver)
    assert ["incident_opened", "incident_resolved", "incident_opened"] == [k for k, _ in told]
    assert 3 == len({delivery for _, delivery in told})


@pytest.mark.parametrize("old_file", ["deleted", "renamed"])
def test_a_kept_message_of_a_withdrawn_incident_is_not_sent_for_a_new_one_in_its_file(
    tmp_path: Path, receiver: Any, old_file: str
) -> None:
    # A false alarm's opening kept for a retry, the file deleted (or renamed), and the real
    # incident opened in that file name before the next run: the kept opening told the
    # false alarm, linking to the real incident's page.
    receiver.script["signed"] = [500]
    site = Site(tmp_path, WEBHOOK_ONLY)
    slug = "2026-12-05-api-down"
    run(site, at(10))
    site.incident(
        slug,
        "API down",
        "investigating",
        [("investigating", "2026-12-05 10:05", "False alarm looking")],
        components="api: major_outage",
    )
    assert run(site, at(10, 6)).failed
    path = site.root / "content" / "incidents" / f"{slug}.md"
    if old_file == "deleted":
        path.unlink()
    else:
        path.rename(path.with_name("2026-12-05-api-down-old.md"))
    receiver.script["signed"] = [200]
    real = [("investigating", "2026-12-05 11:05", "Real outage")]
    site.incident(slug, "API down", "investigating", real, components="api: major_outage")
    result = run(site, at(11, 6))
    # Renamed, the false alarm is still on the page: its kept opening goes to it there.
    still = [("incident_opened", "False alarm looking", "2026-12-05-api-down-old")]
    assert [
        *(still if old_file == "renamed" else []),
        ("incident_opened", "Real outage", slug),
    ] == [
        (
            b["meta"]["event"],
            b["incident"]["incident_updates"][0]["body"],
            b["incident"]["shortlink"].rstrip("/").rsplit("/", 1)[-1],
        )
        for b in incident_bodies(receiver)
    ]
    assert (0 if old_file == "renamed" else 1) == result.withdrawn


@pytest.mark.parametrize("seen", [False, True], ids=["reused-unseen", "reused-after-a-run"])
def test_a_new_window_in_a_deleted_window_s_file_is_told_as_scheduled(
    tmp_path: Path, receiver: Any, seen: bool
) -> None:
    site = Site(tmp_path, WEBHOOK_ONLY)
    announce_upgrade(site)
    (site.root / "content/incidents/upgrade.md").unlink()
    if seen:
        run(site, at(12, 30))
    site.maintenance("upgrade", "2026-12-06 13:00", "2026-12-06 13:30", [])
    run(site, at(12, 40))
    told = told_events(receiver)
    assert ["maintenance_scheduled", "maintenance_scheduled"] == [kind for kind, _ in told]
    assert told[0][1] != told[1][1]


@pytest.mark.parametrize("update", [False, True], ids=["times-edited", "with-an-update"])
def test_a_window_with_told_updates_moved_to_another_time_is_told_as_scheduled_again(
    tmp_path: Path, receiver: Any, update: bool
) -> None:
    # As `statusgen new maintenance` writes it: announced by an update, then its times
    # edited by hand. Subscribers must hear of the new time, and chat readers, who see the
    # message text and not the webhook's updates, what it is about: without it the move
    # reads as a second window with the same title.
    site = Site(tmp_path, HTTP_CHANNELS)
    run(site, at(12))
    announced = [("scheduled", "2026-12-05 12:10", "Upgrading the API.")]
    site.maintenance("upgrade", "2026-12-05 13:00", "2026-12-05 13:30", announced)
    run(site, at(12, 20))
    moved = [("scheduled", "2026-12-05 12:30", "Moved to 15:00.")] if update else []
    site.maintenance("upgrade", "2026-12-05 15:00", "2026-12-05 15:45", announced + moved)
    run(site, at(12, 40))
    run(site, at(12, 50))

    told = told_events(receiver)
    assert ["maintenance_scheduled", "maintenance_scheduled"] == [kind for kind, _ in told]
    assert told[0][1] != told[1][1]
    body = bodies(receiver, "signed")[-1]["incident"]
    assert (body["scheduled_for"], body["scheduled_until"]) == (
        "2026-12-05T15:00:00.000Z",
        "2026-12-05T15:45:00.000Z",
    ), body
    # The update written with the move is its message.
    said = "Moved to 15:00." if update else "Upgrading the API."
    assert said == body["incident_updates"][0]["body"], body
    for path in ("slack", "discord", "teams"):
        first, second = (json.dumps(b) for b in bodies(receiver, path) if "Maintenance" in str(b))
        assert "Upgrading the API." in first, (path, first)
        assert said in second, (path, second)


def test_a_kept_announcement_of_a_window_since_moved_is_dropped_for_the_new_one(
    tmp_path: Path, receiver: Any
) -> None:
    # Announced for 01:00 while the receiver was down, then moved to 03:00: readers must
    # hear of 03:00 once, never of a time the page no longer shows.
    receiver.script["signed"] = [500]
    site = Site(tmp_path, WEBHOOK_ONLY)
    run(site, at(10))
    announced = [("scheduled", "2026-12-05 10:05", "Network work.")]
    site.maintenance("net-work", "2026-12-20 01:00", "2026-12-20 02:00", announced)
    assert run(site, at(10, 10)).failed
    site.maintenance("net-work", "2026-12-20 03:00", "2026-12-20 04:00", announced)
    receiver.script["signed"] = [200]
    result = run(site, at(11))
    assert [("maintenance_scheduled", "2026-12-20T03:00:00.000Z")] == [
        (b["meta"]["event"], b["incident"]["scheduled_for"]) for b in incident_bodies(receiver)
    ]
    assert 1 == result.withdrawn
    assert [] == run(site, at(11, 10)).changes


@pytest.mark.parametrize("announced", [True, False], ids=["by-an-update", "by-no-update"])
def test_a_window_moved_back_and_forth_gets_a_delivery_id_each_time(
    tmp_path: Path, receiver: Any, announced: bool
) -> None:
    # Receivers drop a delivery whose id they have seen: a window moved to a time it had
    # before must not reuse that time's id, or its move reaches nobody.
    site = Site(tmp_path, WEBHOOK_ONLY)
    run(site, at(12))
    updates = [("scheduled", "2026-12-05 12:10", "Upgrading the API.")] if announced else []
    for minute, day in [(20, 10), (30, 11), (40, 10), (50, 11)]:
        site.maintenance("upgrade", f"2026-12-{day} 02:00", f"2026-12-{day} 04:00", updates)
        run(site, at(12, minute))
    told = told_events(receiver)
    assert ["maintenance_scheduled"] * 4 == [kind for kind, _ in told]
    assert 4 == len({delivery for _, delivery in told}), told
    # A state an earlier release wrote, without the count of announcements, still works.
    state = site.root / ".statusgen-notify.json"
    data = json.loads(state.read_text())
    data["snapshot"]["maintenances"]["upgrade"].pop("announced", None)
    state.write_text(json.dumps(data))
    site.maintenance("upgrade", "2026-12-12 02:00", "2026-12-12 04:00", updates)
    run(site, at(13))
    told = told_events(receiver)
    assert 5 == len({delivery for _, delivery in told}), told


def test_a_window_moved_and_renamed_with_it_is_told_once_as_moved(
    tmp_path: Path, receiver: Any
) -> None:
    # `statusgen new maintenance` names a file by its start date, so moving the window
    # renames it too (`git mv`): still the window told, not a second one.
    site = Site(tmp_path, WEBHOOK_ONLY)
    run(site, at(12))
    told = [
        ("scheduled", "2026-12-05 12:10", "Upgrade."),
        ("scheduled", "2026-12-05 12:25", "Backups first."),
    ]
    site.maintenance("2026-12-10-db-upgrade", "2026-12-10 02:00", "2026-12-10 04:00", told[:1])
    run(site, at(12, 20))
    site.maintenance("2026-12-10-db-upgrade", "2026-12-10 02:00", "2026-12-10 04:00", told)
    run(site, at(12, 30))
    (site.root / "content/incidents/2026-12-10-db-upgrade.md").unlink()
    site.maintenance("2026-12-14-db-upgrade", "2026-12-14 02:00", "2026-12-14 04:00", told)
    assert ["maintenance_scheduled"] == [c.kind for c in run(site, at(12, 40)).changes]
    assert [] == run(site, at(12, 50)).changes
    body = bodies(receiver, "signed")[-1]["incident"]
    assert "2026-12-14T02:00:00.000Z" == body["scheduled_for"], body
    assert 3 == len({delivery for _, delivery in told_events(receiver)})


def test_an_incident_s_start_or_an_update_s_time_corrected_is_no_new_incident(
    tmp_path: Path, receiver: Any
) -> None:
    site = Site(tmp_path, WEBHOOK_ONLY)
    run(site, at(9))
    path = site.root / "content" / "incidents" / "x.md"
    found = ("identified", "2026-12-05 10:20", "Found.")
    site.incident(
        "x", "API down", "identified", [("investigating", "2026-12-05 10:00", "x"), found]
    )
    run(site, at(11))
    # The start moved earlier, written in the front matter: the same incident.
    path.write_text(path.read_text().replace("---\n", "---\ndate: 2026-12-05 09:40\n", 1))
    assert [] == run(site, at(11, 10)).changes
    # The first update's time corrected, in its place: the update told, the incident not
    # opened again.
    site.incident(
        "x", "API down", "identified", [("investigating", "2026-12-05 09:50", "x"), found]
    )
    assert [] == run(site, at(11, 20)).changes
    opened, *updated = [kind for kind, _ in told_events(receiver)]
    assert ("incident_opened", ["incident_updated"]) == (opened, updated)


def test_a_state_recorded_without_starts_still_knows_its_incidents(
    tmp_path: Path, receiver: Any
) -> None:
    # A state an earlier release wrote records no start: the first update told stands in.
    site = Site(tmp_path, WEBHOOK_ONLY)
    run(site, at(9))
    first = ("investigating", "2026-12-05 10:00", "x")
    site.incident("x", "API down", "investigating", [first])
    site.maintenance("upgrade", "2026-12-06 13:00", "2026-12-06 13:30", [])
    run(site, at(11))
    state = site.root / ".statusgen-notify.json"
    data = json.loads(state.read_text())
    for kind in ("incidents", "maintenances"):
        for record in data["snapshot"][kind].values():
            record.pop("start", None)
    state.write_text(json.dumps(data))
    site.incident("x", "API down", "identified", [first, ("identified", "2026-12-05 11:05", "y")])
    assert ["incident_updated"] == [c.kind for c in run(site, at(11, 10)).changes]


@pytest.mark.parametrize(
    "write",
    [
        lambda site: site.incident(
            "x", "API down", "investigating", [("investigating", "2026-12-05 10:00", "x")]
        ),
        lambda site: site.incident(
            "x",
            "API down",
            "resolved",
            [("investigating", "2026-12-05 10:00", "x"), ("resolved", "2026-12-05 10:30", "y")],
        ),
        lambda site: site.maintenance("x", "2026-12-06 13:00", "2026-12-06 13:30", []),
    ],
    ids=["open-incident", "resolved-incident", "window"],
)
def test_an_event_s_file_renamed_is_told_nothing_again(
    tmp_path: Path, receiver: Any, write: Any
) -> None:
    # `git mv` to fix a typo in the file name: the same event at a new address.
    site = Site(tmp_path, WEBHOOK_ONLY)
    run(site, at(9))
    write(site)
    run(site, at(11))
    told = len(receiver.delivered("signed"))
    folder = site.root / "content" / "incidents"
    (folder / "x.md").rename(folder / "2026-12-05-renamed.md")
    result = run(site, at(11, 10))
    assert ([], told) == (result.changes, len(receiver.delivered("signed")))


@pytest.mark.parametrize("kept", ["incident_opened", "incident_resolved", "maintenance_scheduled"])
def test_a_kept_message_of_an_event_whose_file_was_renamed_is_sent_for_it(
    tmp_path: Path, receiver: Any, kept: str
) -> None:
    # Kept for a retry, then the file renamed (`git mv` to fix its name) before the next
    # run: the same event at a new address, whose news was never told. Dropped, its
    # readers would never hear of the incident, or of its end.
    site = Site(tmp_path, WEBHOOK_ONLY)
    run(site, at(9))
    if kept == "incident_resolved":
        site.incident("x", "Payments down", "investigating", [OPENED])
        run(site, at(10, 6))
    receiver.script["signed"] = [503]
    if kept == "maintenance_scheduled":
        site.maintenance("x", "2026-12-05 13:00", "2026-12-05 13:30", [])
    else:
        done = kept == "incident_resolved"
        updates = [OPENED, RESOLVED] if done else [OPENED]
        site.incident("x", "Payments down", "resolved" if done else "investigating", updates)
    earlier = len(receiver.hits)
    assert run(site, at(10, 31)).failed
    [failed] = [
        h.headers["X-Statusgen-Delivery"]
        for h in receiver.hits[earlier:]
        if h.headers["X-Statusgen-Event"] == kept
    ]
    receiver.script["signed"] = [200]
    folder = site.root / "content" / "incidents"
    (folder / "x.md").rename(folder / "2026-12-05-renamed.md")
    result = run(site, at(10, 40))
    assert (0, 0) == (result.withdrawn, len(run(site, at(10, 50)).changes))
    told = [b["incident"] for b in bodies(receiver, "signed") if "incident" in b]
    assert (api_id("incident", "2026-12-05-renamed"), "/incidents/2026-12-05-renamed/") == (
        told[-1]["id"],
        told[-1]["shortlink"][-len("/incidents/2026-12-05-renamed/") :],
    )
    # The same message as the one that failed: a receiver that got it after all drops it.
    assert (kept, failed) == told_events(receiver)[-1]


def test_a_renamed_incident_s_next_update_is_told_as_its_update(
    tmp_path: Path, receiver: Any
) -> None:
    site = Site(tmp_path, WEBHOOK_ONLY)
    run(site, at(9))
    first = ("investigating", "2026-12-05 10:00", "x")
    site.incident("x", "API down", "investigating", [first])
    run(site, at(11))
    (site.root / "content" / "incidents" / "x.md").unlink()
    found = ("identified", "2026-12-05 11:12", "Found.")
    site.incident("2026-12-05-renamed", "API down", "identified", [first, found])
    assert ["incident_updated"] == [c.kind for c in run(site, at(11, 15)).changes]


def test_a_new_incident_in_the_commit_that_withdraws_one_of_its_minute_is_told_as_opened(
    tmp_path: Path, receiver: Any
) -> None:
    # A false alarm on the API deleted, and the real incident (the website) opened in the
    # same commit, its first update in the same minute and state: another incident, not
    # the false alarm's file renamed.
    site = Site(tmp_path, WEBHOOK_ONLY)
    run(site, at(9))
    api = [("investigating", "2026-12-05 10:00", "The API is not answering.")]
    site.incident("2026-12-05-api-down", "API down", "investigating", api)
    run(site, at(10, 5))
    (site.root / "content" / "incidents" / "2026-12-05-api-down.md").unlink()
    web = [("investigating", "2026-12-05 10:00", "It was the website: it does not load.")]
    site.incident(
        "2026-12-05-website-down", "Website down", "investigating", web, "web: major_outage"
    )
    run(site, at(10, 20))
    opened = [
        b["incident"]["name"]
        for b in bodies(receiver, "signed")
        if b["meta"]["event"] == "incident_opened"
    ]
    assert ["API down", "Website down"] == opened


@pytest.mark.parametrize(
    ("title", "first", "then"),
    [
        ("Login errors", "2026-12-05 09:55", "2026-12-05 10:30"),
        ("Login errors", "2026-12-05 10:00", "2026-12-05 10:25"),
        ("Login errros", "2026-12-05 10:00", "2026-12-05 10:30"),
    ],
    ids=["first-update-time", "second-update-time", "title-typo"],
)
def test_an_incident_renamed_with_a_correction_is_no_new_incident(
    tmp_path: Path, receiver: Any, title: str, first: str, then: str
) -> None:
    # `git mv` of the file in the commit that corrects an update's time in its place, or
    # the title's typo: told nothing, as without a rename.
    site = Site(tmp_path, WEBHOOK_ONLY)
    run(site, at(9))
    story = [("investigating", "Users cannot log in."), ("identified", "Found the cause.")]
    told = ["2026-12-05 10:00", "2026-12-05 10:30"]
    site.incident(
        "2026-12-05-login-errors",
        "Login errros",
        "identified",
        [(state, when, text) for (state, text), when in zip(story, told, strict=True)],
    )
    run(site, at(10, 35))
    (site.root / "content" / "incidents" / "2026-12-05-login-errors.md").unlink()
    site.incident(
        "2026-12-05-login-failures",
        title,
        "identified",
        [(state, when, text) for (state, text), when in zip(story, [first, then], strict=True)],
    )
    assert [] == run(site, at(11)).changes
    assert [] == run(site, at(11, 5)).changes
    opened = [kind for kind, _ in told_events(receiver)].count("incident_opened")
    assert 1 == opened


@pytest.mark.parametrize("withdraw", ["deleted", "draft"])
def test_an_incident_put_back_after_a_run_found_it_gone_is_told_open_again_once(
    tmp_path: Path, receiver: Any, withdraw: str
) -> None:
    """Deleted (or made a draft) by mistake, then put back as it was: the same incident,
    its opening and updates told already. Its readers hear once that it is open again,
    and its component's outage, never its opening and updates again under new ids."""
    site = Site(tmp_path, WEBHOOK_ONLY)
    run(site, at(10))
    story = [OPENED, ("identified", "2026-12-05 10:10", "A disk is full.")]
    site.incident("pay", "Payments down", "identified", story)
    run(site, at(10, 11))
    path = site.root / "content" / "incidents" / "pay.md"
    written = path.read_text()
    if withdraw == "deleted":
        path.unlink()
    else:
        path.write_text(written.replace("---\n", "---\ndraft: true\n", 1))
    gone = run(site, at(10, 15))
    # Over for its readers, as any incident that leaves the page while open.
    assert ["incident_resolved", "component_changed"] == [c.kind for c in gone.changes]
    path.write_text(written)

    back = run(site, at(10, 20))

    assert [
        ("incident_updated", "identified", "A disk is full.", "2026-12-05T10:20:00.000Z"),
        ("component_changed", "major_outage", "", "2026-12-05T10:20:00.000Z"),
    ] == [(c.kind, c.state, c.message, c.at) for c in back.changes]
    assert [] == run(site, at(10, 25)).changes
    told = told_events(receiver)
    kinds = ["incident_opened", "incident_updated", "incident_resolved", "incident_updated"]
    assert kinds == [k for k, _ in told]
    assert len(told) == len({delivery for _, delivery in told}), told


@pytest.mark.parametrize("taken_back", ["file-put-back", "update-deleted"], ids=str)
def test_the_webhook_dates_a_reopening_at_the_run_as_the_other_channels(
    tmp_path: Path, receiver: Any, taken_back: str
) -> None:
    """Slack and e-mail say "Posted" at the run that found it open again; a receiver that
    keeps the latest `updated_at` must not drop the reopening as older than the end told."""
    site = Site(tmp_path, WEBHOOK_ONLY)
    committed(site.root, "A")
    run(site, at(10))
    site.incident("pay", "Payments down", "investigating", [OPENED])
    committed(site.root, "Open")
    run(site, at(10, 6))
    path = site.root / "content" / "incidents" / "pay.md"
    written = path.read_text()
    if taken_back == "file-put-back":
        path.unlink()
    else:
        site.incident("pay", "Payments down", "resolved", [OPENED, RESOLVED])
    committed(site.root, "Over")
    run(site, at(10, 31))
    path.write_text(written)
    committed(site.root, "Open again")

    (change,) = [c for c in run(site, at(11)).changes if c.kind == "incident_updated"]

    ended, told = incident_bodies(receiver)[-2:]
    assert ("incident_resolved", "incident_updated") == (
        ended["meta"]["event"],
        told["meta"]["event"],
    )
    assert "2026-12-05T11:00:00.000Z" == change.at == told["incident"]["updated_at"]
    assert ended["incident"]["updated_at"] < told["incident"]["updated_at"]


def test_an_incident_put_back_weeks_after_it_was_deleted_is_told_as_opened(
    tmp_path: Path, receiver: Any
) -> None:
    # The state keeps a deleted incident's record for a while only: put back long after,
    # it is told as new, as before, under delivery ids of its own.
    site = Site(tmp_path, WEBHOOK_ONLY)
    run(site, at(10))
    site.incident("pay", "Payments down", "investigating", [OPENED])
    run(site, at(10, 11))
    path = site.root / "content" / "incidents" / "pay.md"
    written = path.read_text()
    path.unlink()
    run(site, at(10, 15))
    path.write_text(written)

    back = run(site, at(10, 20) + LEFT_KEPT_FOR + timedelta(days=1))

    assert ["incident_opened"] == [c.kind for c in back.changes if c.kind != "component_changed"]
    told = told_events(receiver)
    assert len(told) == len({delivery for _, delivery in told}), told


def test_an_event_withdrawn_and_written_again_at_its_address_gets_delivery_ids_of_its_own(
    tmp_path: Path, receiver: Any
) -> None:
    # Receivers drop a delivery whose id they have seen: a window called off, deleted and
    # scheduled again at its start must reach them as scheduled, and later as completed
    # (not with the id its cancellation had); so must an incident withdrawn and re-added,
    # each time as open again: put back as it was, it is the incident already told.
    site = Site(tmp_path, WEBHOOK_ONLY)
    announce_upgrade(site)
    called_off = [("completed", "2026-12-05 12:30", "Not needed after all.")]
    site.maintenance("upgrade", "2026-12-05 13:00", "2026-12-05 13:30", called_off)
    run(site, at(12, 40))
    (site.root / "content" / "incidents" / "upgrade.md").unlink()
    run(site, at(12, 45))
    site.maintenance("upgrade", "2026-12-05 13:00", "2026-12-05 13:30", [])
    run(site, at(12, 50))
    run(site, at(14))
    outage = [("investigating", "2026-12-05 14:05", "Down.")]
    for minute in (10, 20, 30):
        site.incident("outage", "API down", "investigating", outage)
        run(site, at(14, minute))
        (site.root / "content" / "incidents" / "outage.md").unlink()
        run(site, at(14, minute + 5))
    told = told_events(receiver)
    assert [
        "maintenance_scheduled",
        "maintenance_cancelled",
        "maintenance_scheduled",
        "maintenance_started",
        "maintenance_completed",
        "incident_opened",
        "incident_resolved",
        *["incident_updated", "incident_resolved"] * 2,
    ] == [kind for kind, _ in told]
    assert len(told) == len({delivery for _, delivery in told}), told


def test_a_closing_e_mail_does_not_read_as_if_the_component_were_still_down(
    tmp_path: Path,
) -> None:
    with smtp_server() as box:
        site = Site(tmp_path / "site", email_channel(box.port, "none"))
        site.maintenance("upgrade", "2026-12-05 11:00", "2026-12-05 11:30", [])
        story = [("investigating", "2026-12-05 10:00", "Down.")]
        site.incident("db", "Database down", "investigating", story)
        run(site, datetime(2026, 12, 5, 10, 30, tzinfo=timezone.utc))
        site.incident(
            "db", "Database down", "resolved", [*story, ("resolved", "2026-12-05 10:50", "Up.")]
        )
        run(site, datetime(2026, 12, 5, 12, 0, tzinfo=timezone.utc))
    texts = {
        str(message["Subject"]): message.get_body(("plain",)).get_content()
        for _, _, message in box.messages
    }
    resolved = texts["[Example Status] Incident resolved: Database down"]
    assert "Affected: API (worst Major outage)" in resolved, resolved
    completed = texts["[Example Status] Maintenance completed: Database upgrade"]
    assert "Affected: API (Operational)" in completed, completed


# --- text stored escaped, told as the page shows it -----------------------------------


def ingested(text: str) -> str:
    """An alert's `{description}` as `ingest` writes it in an update."""
    return message_text(escape_markdown(text))


# What was typed or sent, and how it is stored: by `update -m` (message_text), by `ingest`
# (escape_markdown). The page shows what was typed; so must every message.
STORED_ESCAPED = [
    (typed, store(typed))
    for typed, store in [
        ("Components: api: major_outage\n\nStill <!-- on --> schedule.", message_text),
        ("Components: api: major_outage", ingested),
        ("> quoted", ingested),
        ("## Resolved at 09:24 GMT", ingested),
        ("<!-- not a comment", ingested),
    ]
]


@pytest.mark.parametrize(("typed", "stored"), STORED_ESCAPED)
def test_messages_show_stored_text_as_the_page_does(
    tmp_path: Path, receiver: Any, typed: str, stored: str
) -> None:
    assert typed != stored
    site = Site(tmp_path, HTTP_CHANNELS)
    run(site)
    site.incident("x", "Down", "investigating", [("investigating", "2026-11-22 17:50", stored)])
    run(site)

    # The incident's messages (the component's change carries no text).
    (slack,) = [
        b["blocks"][1]["text"]["text"]
        for b in bodies(receiver, "slack")
        if b["blocks"][1].get("text")
    ]
    assert messages.plain(typed) == slack
    embeds = [b["embeds"][0] for b in bodies(receiver, "discord")]
    (discord,) = [e["description"] for e in embeds if "description" in e]
    assert messages._discord_escape(messages.plain(typed)) == discord
    cards = [b["attachments"][0]["content"]["body"] for b in bodies(receiver, "teams")]
    (teams,) = [card[-1]["text"] for card in cards if card[-1]["type"] == "TextBlock"]
    assert messages._teams_text(stored) == teams  # Markdown, read as the page reads it
    hooks = [b for b in bodies(receiver, "signed") if "incident" in b]
    # The webhook's receiver may read it as HTML: an entity stays one (`&lt;!--`).
    shown = unescape_markdown(stored, entities=False)
    assert [shown] == [u["body"] for u in hooks[0]["incident"]["incident_updates"]]


def test_a_dry_run_e_mail_shows_stored_text_as_the_page_does(tmp_path: Path) -> None:
    typed, stored = STORED_ESCAPED[0]
    site = Site(tmp_path, SHOWN_CHANNELS)
    run(site)
    site.incident("x", "Down", "investigating", [("investigating", "2026-11-22 17:50", stored)])
    out = notify_cli(site, "--dry-run")
    assert 0 == out.exit_code, out.output
    assert f"\n{messages.plain(typed)}\n" in out.output  # the e-mail's plain text
    assert '"body": "Components: api: major_outage\\n\\nStill <!-- on --> schedule."' in out.output
    assert "\\<" not in out.output and "Components\\" not in out.output


def test_an_escaped_pipe_stays_in_its_table_cell_in_the_e_mail_and_the_webhook(
    tmp_path: Path,
) -> None:
    # On the page `high | very` is one cell; a bare `|` in the text would make it two.
    stored = "Impact \\| scope:\n| region | level |\n|---|---|\n| eu | high \\| very |"
    site = Site(tmp_path, SHOWN_CHANNELS)
    run(site)
    site.incident("x", "Down", "investigating", [("investigating", "2026-11-22 17:50", stored)])
    out = notify_cli(site, "--dry-run")
    assert 0 == out.exit_code, out.output
    assert (
        "\nImpact | scope:\n| region | level |\n|---|---|\n| eu | high \\| very |\n" in out.output
    )
    assert (
        '"body": "Impact | scope:\\n| region | level |\\n|---|---|\\n| eu | high \\\\| very |"'
        in (out.output)
    )


@pytest.mark.parametrize(
    ("markdown", "shown"),
    [
        ("\\<!-- x \\## y \\: \\> \\* \\$ \\q", "<!-- x ## y : > * $ \\q"),
        ('Bob\\\'s \\"fix\\" for R\\&D, \\&amp;', 'Bob\'s "fix" for R&D, &amp;'),
        ("\\~~not struck~~ and \\~30 min", "~~not struck~~ and ~30 min"),
        ("&lt;b&gt; &#35; AT&T &copy &amp;lt;", "<b> # AT&T &copy &lt;"),
        ("`a\\*b &lt;` \\* and ``x ` \\*`` \\*", "`a\\*b &lt;` * and ``x ` \\*`` *"),
        ("`wrapped\n\\*` \\*", "`wrapped\n\\*` *"),
        (
            "```\n\\*x &lt;\n```\n\n    \\*indented\n\n\\*",
            "```\n\\*x &lt;\n```\n\n    \\*indented\n\n*",
        ),
    ],
)
def test_unescape_markdown_leaves_code_as_written(markdown: str, shown: str) -> None:
    assert shown == unescape_markdown(markdown)


@pytest.mark.parametrize("char", string.punctuation)
def test_unescape_markdown_resolves_the_escapes_the_page_does(char: str) -> None:
    page = html.unescape(re.sub(r"<[^>]*>", "", render_markdown(f"a \\{char} b")))
    assert page.strip() == unescape_markdown(f"a \\{char} b")


def test_a_change_found_against_a_state_without_its_start_keeps_its_release_s_key(
    tmp_path: Path, receiver: Any
) -> None:
    # A state written by a release that recorded no start for a status: a run killed
    # before saving its state sends again after an upgrade, and the repeat must keep its
    # delivery id for receivers to drop it.
    site = Site(tmp_path, WEBHOOK_ONLY)
    site.incident(
        "outage", "API down", "investigating", [("investigating", "2026-12-05 09:00", "x")]
    )
    assert run(site, at(9, 5)).baseline
    state_file = site.root / ".statusgen-notify.json"
    state = json.loads(state_file.read_text())
    state["snapshot"]["since"] = {}  # as that release's first run left it
    state_file.write_text(json.dumps(state))
    site.incident(
        "outage",
        "API down",
        "resolved",
        [("investigating", "2026-12-05 09:00", "x"), ("resolved", "2026-12-05 10:30", "y")],
    )
    told = run(site, at(10, 45))
    keys = [c.key for c in told.changes if c.kind == "component_changed"]
    assert ["component:api:major_outage>operational:2026-12-05T10:30:00+00:00"] == keys


def test_a_recovery_in_the_minute_a_state_without_its_start_saw_it_is_dated_by_the_files(
    tmp_path: Path, receiver: Any
) -> None:
    # A state without the status's start stands in the run that saw it (09:05:30): an end
    # the files write in that minute (09:05) is that end, dated and keyed as the files say.
    site = Site(tmp_path, WEBHOOK_ONLY)
    site.incident(
        "outage", "API down", "investigating", [("investigating", "2026-12-05 09:00", "x")]
    )
    assert run(site, datetime(2026, 12, 5, 9, 5, 30, tzinfo=timezone.utc)).baseline
    state_file = site.root / ".statusgen-notify.json"
    state = json.loads(state_file.read_text())
    state["snapshot"]["since"] = {}  # as a release that recorded no start left it
    state_file.write_text(json.dumps(state))
    site.incident(
        "outage",
        "API down",
        "resolved",
        [("investigating", "2026-12-05 09:00", "x"), ("resolved", "2026-12-05 09:05", "y")],
    )
    told = run(site, at(9, 30))
    keys = [c.key for c in told.changes if c.kind == "component_changed"]
    assert ["component:api:major_outage>operational:2026-12-05T09:05:00+00:00"] == keys
    created = [
        b["component_update"]["created_at"]
        for b in bodies(receiver, "signed")
        if "component_update" in b
    ]
    assert ["2026-12-05T09:05:00.000Z"] == created


MAINTENANCE_CHANNEL = """\
notify:
  retries: 0
  timeout: 2
  channels:
    - type: webhook
      name: maintenance-only
      url_env: HOOK_URL
      secret_env: HOOK_SECRET
      changes: [maintenance]
"""


def test_a_window_in_progress_rewritten_as_an_incident_is_told_over_on_a_maintenance_channel(
    tmp_path: Path, receiver: Any
) -> None:
    # Its subscribers heard "maintenance started"; the author then rewrote the file as an
    # incident (the upgrade went wrong). The incident is no news to them, but the window's
    # end is: told once, and a run after it tells nothing again.
    site = Site(tmp_path, MAINTENANCE_CHANNEL)
    announce_upgrade(site)
    run(site, datetime(2026, 12, 5, 13, 10, tzinfo=timezone.utc))
    assert ["maintenance_scheduled", "maintenance_started"] == events(receiver)
    site.incident(
        "upgrade",
        "Database upgrade failed",
        "investigating",
        [("investigating", "2026-12-05 13:15", "The upgrade broke writes.")],
    )
    run(site, datetime(2026, 12, 5, 13, 20, tzinfo=timezone.utc))
    run(site, datetime(2026, 12, 5, 13, 40, tzinfo=timezone.utc))
    assert ["maintenance_scheduled", "maintenance_started", "maintenance_completed"] == events(
        receiver
    )
    ended = bodies(receiver, "signed")[-1]["incident"]
    assert ("completed", "2026-12-05T13:15:00.000Z") == (ended["status"], ended["resolved_at"])
    assert "https://status.example.com/incidents/upgrade/" == ended["shortlink"]


def test_a_window_rewritten_as_an_incident_is_opened_with_the_dates_api_v2_gives_it(
    tmp_path: Path, receiver: Any
) -> None:
    # The window and the incident share a slug: the opening was dated by the window's
    # last change (when the site's record began), weeks before the incident was created.
    site = Site(tmp_path, "start_date: 2026-11-01\n" + WEBHOOK_ONLY)
    announce_upgrade_with_update(site)
    site.incident(
        "upgrade",
        "Database upgrade failed",
        "investigating",
        [("investigating", "2026-12-05 13:15", "The upgrade broke writes.")],
    )
    run(site, datetime(2026, 12, 5, 13, 20, tzinfo=timezone.utc))
    [opened] = [
        b["incident"] for b in bodies(receiver, "signed") if b["meta"]["event"] == "incident_opened"
    ]
    built = CliRunner().invoke(cli, ["-C", str(site.root), "build", "--now", "2026-12-05 13:20"])
    assert 0 == built.exit_code, built.output
    api = json.loads((site.root / "public" / "api" / "v2" / "incidents.json").read_text())
    [shown] = [i for i in api["incidents"] if i["id"] == opened["id"]]
    keys = ("created_at", "updated_at")
    assert ("2026-12-05T13:15:00.000Z",) * 2 == tuple(opened[k] for k in keys)
    assert tuple(shown[k] for k in keys) == tuple(opened[k] for k in keys)


def test_a_window_deleted_while_under_way_is_told_over_once_on_a_maintenance_channel(
    tmp_path: Path, receiver: Any
) -> None:
    # Its subscribers heard "maintenance started"; the author then deleted the file while
    # the work ran. Nothing on the page says the work is over any more, so the run that
    # finds it gone tells them, once, linking to the page (the window's own page is gone).
    site = Site(tmp_path, MAINTENANCE_CHANNEL)
    announce_upgrade(site)
    run(site, datetime(2026, 12, 5, 13, 10, tzinfo=timezone.utc))
    (site.root / "content" / "incidents" / "upgrade.md").unlink()
    run(site, datetime(2026, 12, 5, 13, 20, tzinfo=timezone.utc))
    run(site, datetime(2026, 12, 5, 13, 40, tzinfo=timezone.utc))
    assert ["maintenance_scheduled", "maintenance_started", "maintenance_completed"] == events(
        receiver
    )
    ended = bodies(receiver, "signed")[-1]["incident"]
    assert ("Database upgrade", "completed", "2026-12-05T13:20:00.000Z") == (
        ended["name"],
        ended["status"],
        ended["resolved_at"],
    )
    assert "https://status.example.com/" == ended["shortlink"]


def test_the_end_of_a_deleted_window_not_delivered_is_sent_by_the_next_run_with_its_id(
    tmp_path: Path, receiver: Any
) -> None:
    site = Site(tmp_path, MAINTENANCE_CHANNEL)
    announce_upgrade(site)
    run(site, datetime(2026, 12, 5, 13, 10, tzinfo=timezone.utc))
    (site.root / "content" / "incidents" / "upgrade.md").unlink()
    receiver.script["signed"] = [500, 200]
    run(site, datetime(2026, 12, 5, 13, 20, tzinfo=timezone.utc))
    run(site, datetime(2026, 12, 5, 13, 40, tzinfo=timezone.utc))
    tried = [h for h in receiver.hits if h.path == "/signed"][-2:]
    assert [500, 200] == [h.status for h in tried]
    assert ["maintenance_completed"] * 2 == [h.headers["X-Statusgen-Event"] for h in tried]
    assert tried[0].headers["X-Statusgen-Delivery"] == tried[1].headers["X-Statusgen-Delivery"]


def test_the_end_of_a_window_become_an_incident_not_delivered_is_sent_by_the_next_run(
    tmp_path: Path, receiver: Any
) -> None:
    # The receiver was down when the window's end was first told: the incident in its file
    # is what the page shows of it, so the next run sends the end, with the same id.
    site = Site(tmp_path, MAINTENANCE_CHANNEL)
    announce_upgrade(site)
    run(site, datetime(2026, 12, 5, 13, 10, tzinfo=timezone.utc))
    site.incident(
        "upgrade",
        "Database upgrade failed",
        "investigating",
        [("investigating", "2026-12-05 13:15", "The upgrade broke writes.")],
    )
    receiver.script["signed"] = [500, 200]
    run(site, datetime(2026, 12, 5, 13, 20, tzinfo=timezone.utc))
    result = run(site, datetime(2026, 12, 5, 13, 40, tzinfo=timezone.utc))
    tried = [h for h in receiver.hits if h.path == "/signed"][-2:]
    assert [500, 200] == [h.status for h in tried]
    assert ["maintenance_completed"] * 2 == [h.headers["X-Statusgen-Event"] for h in tried]
    assert tried[0].headers["X-Statusgen-Delivery"] == tried[1].headers["X-Statusgen-Delivery"]
    assert 0 == result.withdrawn
    ended = json.loads(tried[1].body)["incident"]
    assert "https://status.example.com/incidents/upgrade/" == ended["shortlink"]


def announce_upgrade_with_update(site: Site) -> None:
    """As announce_upgrade, the window announced by an update at 12:10; then started, told
    by a run at 13:10."""
    run(site, datetime(2026, 12, 5, 12, 0, tzinfo=timezone.utc))
    site.maintenance(
        "upgrade",
        "2026-12-05 13:00",
        "2026-12-05 13:30",
        [("scheduled", "2026-12-05 12:10", "Upgrading the database.")],
    )
    run(site, datetime(2026, 12, 5, 12, 20, tzinfo=timezone.utc))
    run(site, datetime(2026, 12, 5, 13, 10, tzinfo=timezone.utc))


def test_the_end_of_a_deleted_window_is_dated_as_its_announcement_and_its_end(
    tmp_path: Path, receiver: Any
) -> None:
    # A receiver sorting or showing windows by created_at must not see the end of a window
    # announced at 12:10 dated weeks earlier, when the site's record began.
    site = Site(tmp_path, MAINTENANCE_CHANNEL)
    announce_upgrade_with_update(site)
    (site.root / "content" / "incidents" / "upgrade.md").unlink()
    run(site, datetime(2026, 12, 5, 13, 20, tzinfo=timezone.utc))
    started, ended = (b["incident"] for b in bodies(receiver, "signed")[-2:])
    assert "2026-12-05T12:10:00.000Z" == started["created_at"]
    keys = ("created_at", "started_at", "updated_at", "resolved_at")
    assert {
        "created_at": "2026-12-05T12:10:00.000Z",
        "started_at": "2026-12-05T12:10:00.000Z",
        "updated_at": "2026-12-05T13:20:00.000Z",
        "resolved_at": "2026-12-05T13:20:00.000Z",
    } == {k: ended[k] for k in keys}


def test_the_end_of_a_window_become_an_incident_carries_its_dates_and_opening_update(
    tmp_path: Path, receiver: Any
) -> None:
    site = Site(tmp_path, MAINTENANCE_CHANNEL)
    announce_upgrade_with_update(site)
    site.incident(
        "upgrade",
        "Database upgrade failed",
        "investigating",
        [("investigating", "2026-12-05 13:15", "The upgrade broke writes.")],
    )
    run(site, datetime(2026, 12, 5, 13, 20, tzinfo=timezone.utc))
    ended = bodies(receiver, "signed")[-1]["incident"]
    assert ("2026-12-05T12:10:00.000Z", "2026-12-05T12:10:00.000Z", "2026-12-05T13:15:00.000Z") == (
        ended["created_at"],
        ended["started_at"],
        ended["updated_at"],
    )
    assert [("investigating", "The upgrade broke writes.", ended["id"])] == [
        (u["status"], u["body"], u["incident_id"]) for u in ended["incident_updates"]
    ]


def two_page_hooks(changes: str = "") -> str:
    """Settings of a site with a public page showing the API and an internal page showing
    everything, a webhook for each page (`changes`: what they are told, e.g. a
    `changes: [maintenance]` line; every kind when empty)."""
    told = f"\n      {changes}" if changes else ""
    return f"""\
pages:
  public:
    base_url: https://status.example.com/
    output: public
    show: [api]
  internal:
    base_url: https://internal.example.com/
    output: internal
notify:
  retries: 0
  timeout: 2
  channels:
    - type: webhook
      name: public-hook
      page: public
      url_env: HOOK_URL
      secret_env: HOOK_SECRET{told}
    - type: webhook
      name: internal-hook
      page: internal
      url_env: SLACK_URL{told}
"""


TWO_PAGE_MAINTENANCE = two_page_hooks("changes: [maintenance]")


def test_a_window_under_way_edited_off_a_page_is_told_over_there_once(
    tmp_path: Path, receiver: Any
) -> None:
    # Told started on both pages; its author then took the API out of it (that part was
    # done early): the public page, showing the API alone, shows it no more, and its
    # channel, told it started, hears it is over, once. The internal page still shows it.
    site = Site(tmp_path, TWO_PAGE_MAINTENANCE)
    run(site, datetime(2026, 12, 5, 12, 0, tzinfo=timezone.utc))
    front = (
        "title: Database upgrade\nscheduled_for: 2026-12-05 13:00\n"
        "scheduled_until: 2026-12-05 13:30\ncomponents: [api, web]"
    )
    updates = [("scheduled", "2026-12-05 12:10", "Upgrading the database.")]
    site._write("upgrade", front, updates)
    run(site, datetime(2026, 12, 5, 12, 20, tzinfo=timezone.utc))
    run(site, datetime(2026, 12, 5, 13, 10, tzinfo=timezone.utc))
    site._write("upgrade", front.replace("[api, web]", "[web]"), updates)
    run(site, datetime(2026, 12, 5, 13, 15, tzinfo=timezone.utc))
    run(site, datetime(2026, 12, 5, 13, 40, tzinfo=timezone.utc))
    public = [h.headers["X-Statusgen-Event"] for h in receiver.delivered("signed")]
    internal = [h.headers["X-Statusgen-Event"] for h in receiver.delivered("slack")]
    assert ["maintenance_scheduled", "maintenance_started", "maintenance_completed"] == public
    assert ["maintenance_scheduled", "maintenance_started", "maintenance_completed"] == internal
    ended = bodies(receiver, "signed")[-1]["incident"]
    assert ("completed", "2026-12-05T13:15:00.000Z") == (ended["status"], ended["resolved_at"])


def test_the_end_of_a_window_edited_off_a_page_not_delivered_is_sent_by_the_next_run(
    tmp_path: Path, receiver: Any
) -> None:
    site = Site(tmp_path, TWO_PAGE_MAINTENANCE)
    run(site, datetime(2026, 12, 5, 12, 0, tzinfo=timezone.utc))
    front = (
        "title: Database upgrade\nscheduled_for: 2026-12-05 13:00\n"
        "scheduled_until: 2026-12-05 13:30\ncomponents: [api, web]"
    )
    site._write("upgrade", front, [])
    run(site, datetime(2026, 12, 5, 12, 20, tzinfo=timezone.utc))
    run(site, datetime(2026, 12, 5, 13, 10, tzinfo=timezone.utc))
    site._write("upgrade", front.replace("[api, web]", "[web]"), [])
    receiver.script["signed"] = [500, 200]
    run(site, datetime(2026, 12, 5, 13, 15, tzinfo=timezone.utc))
    run(site, datetime(2026, 12, 5, 13, 20, tzinfo=timezone.utc))
    run(site, datetime(2026, 12, 5, 13, 40, tzinfo=timezone.utc))
    tried = [h for h in receiver.hits if h.path == "/signed"][-2:]
    assert [500, 200] == [h.status for h in tried]
    assert ["maintenance_completed"] * 2 == [h.headers["X-Statusgen-Event"] for h in tried]
    assert tried[0].headers["X-Statusgen-Delivery"] == tried[1].headers["X-Statusgen-Delivery"]


def test_a_deleted_window_told_started_by_an_older_release_is_told_over_to_component_channels(
    tmp_path: Path, receiver: Any
) -> None:
    # A state from before windows recorded their components: which ones the deleted window
    # named is unknown, so a channel limited to the API that heard it start hears its end.
    site = Site(
        tmp_path,
        MAINTENANCE_CHANNEL.replace("changes: [maintenance]", "components: [api]"),
    )
    announce_upgrade(site)
    run(site, datetime(2026, 12, 5, 13, 10, tzinfo=timezone.utc))
    state = site.root / ".statusgen-notify.json"
    recorded = json.loads(state.read_text())
    for window in recorded["snapshot"]["maintenances"].values():
        for name in ("title", "until", "components", "announced_at"):
            window.pop(name, None)
    state.write_text(json.dumps(recorded))
    (site.root / "content" / "incidents" / "upgrade.md").unlink()
    run(site, datetime(2026, 12, 5, 13, 20, tzinfo=timezone.utc))
    assert "maintenance_completed" in events(receiver)


def older_release_state(shown: dict[str, dict[str, str]], windows: dict[str, Any]) -> str:
    """A notification state as a release before windows recorded their title and components
    wrote it: each page's components as it showed them, the `windows` told on all pages."""
    return json.dumps(
        {
            "version": 2,
            "notified_at": "2026-12-05T13:10:00+00:00",
            "pages": {
                page: {
                    "pending": [],
                    "snapshot": {
                        "base_url": f"https://{page}.example.com/",
                        "baselines": {"api": "operational", "web": "operational"},
                        "components": components,
                        "gone": {},
                        "incidents": {},
                        "maintenances": windows,
                        "since": {"api": "2026-12-05T13:00:00.000Z"},
                    },
                }
                for page, components in shown.items()
            },
        }
    )


def test_a_window_an_older_release_told_started_edited_off_a_page_is_told_over_there(
    tmp_path: Path, receiver: Any
) -> None:
    # Told started by a release that did not record a window's components; after the
    # upgrade its author moved the work off the API, the one component the public page
    # shows (its show: unchanged). The public channel, told the work started, hears it is
    # over, once, under the window's title.
    site = Site(tmp_path, TWO_PAGE_MAINTENANCE)
    front = (
        "title: Database upgrade\nscheduled_for: 2026-12-05 13:00\n"
        "scheduled_until: 2026-12-05 13:30\ncomponents: [api]"
    )
    updates = [("scheduled", "2026-12-05 12:10", "Upgrading the database.")]
    site._write("upgrade", front, updates)
    window = {
        "announced": 0,
        "started": 1,
        "completed": 0,
        "start": "2026-12-05T13:00:00+00:00",
        "state": "in_progress",
        "updates": ["2026-12-05T12:10:00+00:00 scheduled"],
    }
    (site.root / ".statusgen-notify.json").write_text(
        older_release_state(
            {
                "public": {"api": "under_maintenance"},
                "internal": {"api": "under_maintenance", "web": "operational"},
            },
            {"upgrade": window},
        )
    )
    site._write("upgrade", front.replace("[api]", "[web]"), updates)
    run(site, datetime(2026, 12, 5, 13, 15, tzinfo=timezone.utc))
    run(site, datetime(2026, 12, 5, 13, 40, tzinfo=timezone.utc))
    assert ["maintenance_completed"] == [
        h.headers["X-Statusgen-Event"] for h in receiver.delivered("signed")
    ]
    ended = bodies(receiver, "signed")[-1]["incident"]
    assert ("Database upgrade", "2026-12-05T13:15:00.000Z") == (ended["name"], ended["resolved_at"])
    assert ["maintenance_completed"] == [
        h.headers["X-Statusgen-Event"] for h in receiver.delivered("slack")
    ]


def test_a_deleted_window_an_older_release_told_started_ends_under_a_kept_message_s_title(
    tmp_path: Path, receiver: Any
) -> None:
    # A state from before windows recorded their title, holding a message of the window
    # kept for a channel that was down: its end, the file deleted, names it by that title.
    site = Site(
        tmp_path,
        MAINTENANCE_CHANNEL
        + "    - type: webhook\n      name: backup\n      url_env: SLACK_URL\n"
        + "      changes: [maintenance]\n",
    )
    run(site, datetime(2026, 12, 5, 12, 0, tzinfo=timezone.utc))
    site.maintenance("upgrade", "2026-12-05 13:00", "2026-12-05 13:30", [])
    receiver.script["slack"] = [200, 500]
    run(site, datetime(2026, 12, 5, 12, 20, tzinfo=timezone.utc))
    run(site, datetime(2026, 12, 5, 13, 10, tzinfo=timezone.utc))
    state = site.root / ".statusgen-notify.json"
    recorded = json.loads(state.read_text())
    assert ["maintenance_started"] == [p["change"]["kind"] for p in recorded["pending"]]
    for window in recorded["snapshot"]["maintenances"].values():
        for name in ("title", "until", "components", "announced_at"):
            window.pop(name, None)
    state.write_text(json.dumps(recorded))
    (site.root / "content" / "incidents" / "upgrade.md").unlink()
    run(site, datetime(2026, 12, 5, 13, 20, tzinfo=timezone.utc))
    ended = bodies(receiver, "signed")[-1]
    assert ("maintenance_completed", "Database upgrade") == (
        ended["meta"]["event"],
        ended["incident"]["name"],
    )


@pytest.mark.parametrize(
    "rewritten",
    [
        # Another page's incident: written for the internal page alone.
        "audiences: [internal]\ncomponents:\n  api: major_outage",
        # An incident on a component the public page does not show.
        "components:\n  web: major_outage",
    ],
    ids=["another-audience", "unshown-component"],
)
def test_a_window_rewritten_as_an_incident_a_page_does_not_show_is_told_over_there_once(
    tmp_path: Path, receiver: Any, rewritten: str
) -> None:
    # Told started on both pages, then rewritten as an incident the public page leaves
    # out: its maintenance channel heard the work start, and hears once that it is over,
    # dated when the incident began, linking home (the incident is no page of its own).
    site = Site(tmp_path, TWO_PAGE_MAINTENANCE)
    announce_upgrade_with_update(site)
    front = f'title: "Database upgrade failed"\nstatus: investigating\n{rewritten}'
    site._write("upgrade", front, [("investigating", "2026-12-05 13:15", "Writes fail.")])
    run(site, datetime(2026, 12, 5, 13, 20, tzinfo=timezone.utc))
    run(site, datetime(2026, 12, 5, 13, 40, tzinfo=timezone.utc))
    public = [h.headers["X-Statusgen-Event"] for h in receiver.delivered("signed")]
    internal = [h.headers["X-Statusgen-Event"] for h in receiver.delivered("slack")]
    assert ["maintenance_scheduled", "maintenance_started", "maintenance_completed"] == public
    assert ["maintenance_scheduled", "maintenance_started", "maintenance_completed"] == internal
    ended = bodies(receiver, "signed")[-1]["incident"]
    assert ("Database upgrade", "completed", "2026-12-05T13:15:00.000Z") == (
        ended["name"],
        ended["status"],
        ended["resolved_at"],
    )
    assert "https://status.example.com/" == ended["shortlink"]


def test_the_end_of_a_window_rewritten_as_an_incident_a_page_does_not_show_is_retried_as_kept(
    tmp_path: Path, receiver: Any
) -> None:
    site = Site(tmp_path, TWO_PAGE_MAINTENANCE)
    announce_upgrade_with_update(site)
    front = 'title: "Database upgrade failed"\nstatus: investigating\naudiences: [internal]\n'
    site._write(
        "upgrade",
        front + "components:\n  api: major_outage",
        [("investigating", "2026-12-05 13:15", "x")],
    )
    receiver.script["signed"] = [500, 200]
    run(site, datetime(2026, 12, 5, 13, 20, tzinfo=timezone.utc))
    run(site, datetime(2026, 12, 5, 13, 25, tzinfo=timezone.utc))
    run(site, datetime(2026, 12, 5, 13, 40, tzinfo=timezone.utc))
    tried = [h for h in receiver.hits if h.path == "/signed"][-2:]
    assert [500, 200] == [h.status for h in tried]
    assert ["maintenance_completed"] * 2 == [h.headers["X-Statusgen-Event"] for h in tried]
    assert tried[0].headers["X-Statusgen-Delivery"] == tried[1].headers["X-Statusgen-Delivery"]


API_CHANNEL = """\
notify:
  retries: 0
  timeout: 2
  channels:
    - type: webhook
      name: api-only
      url_env: HOOK_URL
      secret_env: HOOK_SECRET
      components: [api]
"""


@pytest.mark.parametrize("edits", [["[web]"], ["[web]", "[api]"]], ids=["moved", "moved-back"])
def test_a_window_edited_off_a_channel_s_component_under_way_is_told_over_there_once(
    tmp_path: Path, receiver: Any, edits: list[str]
) -> None:
    # A channel limited to the API heard the window on it start; its author then moved it
    # to the website (and maybe back): the channel hears it is over, once, at its end.
    site = Site(tmp_path, API_CHANNEL)
    announce_upgrade_with_update(site)
    front = (
        "title: Database upgrade\nscheduled_for: 2026-12-05 13:00\n"
        "scheduled_until: 2026-12-05 13:30\n"
    )
    updates = [("scheduled", "2026-12-05 12:10", "Upgrading the database.")]
    for minute, components in enumerate(edits, start=15):
        site._write("upgrade", front + f"components: {components}", updates)
        run(site, datetime(2026, 12, 5, 13, minute, tzinfo=timezone.utc))
    run(site, datetime(2026, 12, 5, 13, 40, tzinfo=timezone.utc))
    run(site, datetime(2026, 12, 5, 13, 50, tzinfo=timezone.utc))
    told = [e for e in events(receiver) if e.startswith("maintenance_")]
    assert ["maintenance_scheduled", "maintenance_started", "maintenance_completed"] == told
    ended = [b["incident"] for b in incident_bodies(receiver)][-1]
    assert ("completed", "2026-12-05T13:30:00.000Z") == (ended["status"], ended["resolved_at"])
    assert "https://status.example.com/incidents/upgrade/" == ended["shortlink"]


def test_a_window_rewritten_as_an_incident_elsewhere_is_told_over_to_its_component_channel(
    tmp_path: Path, receiver: Any
) -> None:
    # Heard started on the API; the work broke the website instead, and the file now holds
    # that incident: the channel limited to the API hears the window is over.
    site = Site(tmp_path, API_CHANNEL)
    announce_upgrade_with_update(site)
    site.incident(
        "upgrade",
        "Website down after upgrade",
        "investigating",
        [("investigating", "2026-12-05 13:15", "The website fails.")],
        components="web: major_outage",
    )
    run(site, datetime(2026, 12, 5, 13, 20, tzinfo=timezone.utc))
    run(site, datetime(2026, 12, 5, 13, 40, tzinfo=timezone.utc))
    told = [e for e in events(receiver) if e.startswith("maintenance_")]
    assert ["maintenance_scheduled", "maintenance_started", "maintenance_completed"] == told


def test_a_deleted_window_moved_off_a_component_is_told_over_with_its_components_at_its_end(
    tmp_path: Path, receiver: Any
) -> None:
    # Heard started on the API, moved to the website while under way, then deleted: the
    # channel limited to the API hears it is over, and the message lists the website
    # alone, the components the window had at its end, as a completion it was not
    # deleted before would.
    site = Site(tmp_path, API_CHANNEL)
    announce_upgrade_with_update(site)
    front = (
        "title: Database upgrade\nscheduled_for: 2026-12-05 13:00\n"
        "scheduled_until: 2026-12-05 13:30\ncomponents: [web]"
    )
    site._write("upgrade", front, [("scheduled", "2026-12-05 12:10", "Upgrading the database.")])
    run(site, datetime(2026, 12, 5, 13, 15, tzinfo=timezone.utc))
    (site.root / "content" / "incidents" / "upgrade.md").unlink()
    run(site, datetime(2026, 12, 5, 13, 20, tzinfo=timezone.utc))
    run(site, datetime(2026, 12, 5, 13, 40, tzinfo=timezone.utc))
    told = [e for e in events(receiver) if e.startswith("maintenance_")]
    assert ["maintenance_scheduled", "maintenance_started", "maintenance_completed"] == told
    ended = [b["incident"] for b in incident_bodies(receiver)][-1]
    assert ("completed", ["Website"]) == (ended["status"], [c["name"] for c in ended["components"]])


TWO_PAGE_INCIDENTS = two_page_hooks()
LOGIN_OPEN = [("investigating", "2026-12-05 10:00", "Logins fail.")]
LOGIN_RESOLVED = [*LOGIN_OPEN, ("resolved", "2026-12-05 10:30", "Fixed.")]


def incidents_told(receiver: Any, path: str) -> list[tuple[str, str, str]]:
    """What a webhook was told of incidents, in order: (kind, status, delivery id)."""
    told = []
    for hit in receiver.delivered(path):
        body = json.loads(hit.body)
        if "incident" in body:
            event, delivery = (hit.headers[f"X-Statusgen-{h}"] for h in ("Event", "Delivery"))
            told.append((event, body["incident"]["status"], delivery))
    return told


@pytest.mark.parametrize(
    "off_the_page",
    [
        "api: major_outage\naudiences: [internal]",  # its audiences narrowed
        "web: major_outage",  # moved to a component the public page does not show
        None,  # its file deleted
    ],
    ids=["audiences", "components", "deleted"],
)
def test_an_open_incident_taken_off_a_page_is_told_resolved_there_once(
    tmp_path: Path, receiver: Any, off_the_page: str | None
) -> None:
    # The public channel heard the incident open; it then left the public page while still
    # open. A receiver that keeps incidents open until told otherwise (Statuspage's
    # webhook) must hear it is over there, once: not again when it is resolved later.
    site = Site(tmp_path, TWO_PAGE_INCIDENTS)
    run(site, at(9))
    site.incident("login", "Login errors", "investigating", LOGIN_OPEN)
    run(site, at(10, 5))
    if off_the_page is None:
        (site.root / "content" / "incidents" / "login.md").unlink()
    else:
        site.incident("login", "Login errors", "investigating", LOGIN_OPEN, off_the_page)
    run(site, at(10, 20))
    if off_the_page is not None:
        site.incident("login", "Login errors", "resolved", LOGIN_RESOLVED, off_the_page)
    run(site, at(10, 35))
    run(site, at(10, 50))
    public = incidents_told(receiver, "signed")
    assert [("incident_opened", "investigating"), ("incident_resolved", "resolved")] == [
        (kind, status) for kind, status, _ in public
    ]
    ended = [b["incident"] for b in incident_bodies(receiver)][-1]
    assert ("Login errors", "2026-12-05T10:20:00.000Z", "https://status.example.com/") == (
        ended["name"],
        ended["resolved_at"],
        ended["shortlink"],
    )
    # The internal page still shows it (but deleted): its channel hears the end as it is.
    internal = incidents_told(receiver, "slack")
    assert ["incident_opened", "incident_resolved"] == [kind for kind, _, _ in internal]


def test_an_incident_back_on_a_page_while_open_is_told_opened_again_with_new_ids(
    tmp_path: Path, receiver: Any
) -> None:
    # Taken off the public page (told over there), then shown there again while still
    # open: open again, and its later resolution told, each with a delivery id of its own.
    site = Site(tmp_path, TWO_PAGE_INCIDENTS)
    run(site, at(9))
    site.incident("login", "Login errors", "investigating", LOGIN_OPEN)
    run(site, at(10, 5))
    internal = "api: major_outage\naudiences: [internal]"
    site.incident("login", "Login errors", "investigating", LOGIN_OPEN, internal)
    run(site, at(10, 10))
    site.incident("login", "Login errors", "investigating", LOGIN_OPEN)
    run(site, at(10, 20))
    site.incident("login", "Login errors", "resolved", LOGIN_RESOLVED)
    run(site, at(10, 35))
    public = incidents_told(receiver, "signed")
    kinds = ["incident_opened", "incident_resolved", "incident_updated", "incident_resolved"]
    assert kinds == [kind for kind, _, _ in public]
    assert 4 == len({delivery for _, _, delivery in public})


def test_the_end_of_an_incident_taken_off_a_page_not_delivered_is_sent_by_the_next_run(
    tmp_path: Path, receiver: Any
) -> None:
    site = Site(tmp_path, TWO_PAGE_INCIDENTS)
    run(site, at(9))
    site.incident("login", "Login errors", "investigating", LOGIN_OPEN)
    run(site, at(10, 5))
    internal = "api: major_outage\naudiences: [internal]"
    site.incident("login", "Login errors", "investigating", LOGIN_OPEN, internal)
    receiver.script["signed"] = [500, 200]
    run(site, at(10, 20))
    run(site, at(10, 25))
    run(site, at(10, 40))
    tried = [h for h in receiver.hits if h.path == "/signed"]
    ends = [h for h in tried if h.headers["X-Statusgen-Event"] == "incident_resolved"]
    assert [500, 200] == [h.status for h in ends]
    assert ends[0].headers["X-Statusgen-Delivery"] == ends[1].headers["X-Statusgen-Delivery"]


def test_an_incident_edited_off_a_channel_s_component_is_told_resolved_to_it(
    tmp_path: Path, receiver: Any
) -> None:
    # A channel limited to the API heard the incident open on it; its author then found it
    # was the website: the channel hears its resolution all the same.
    site = Site(tmp_path, API_CHANNEL)
    run(site, at(9))
    site.incident("login", "Login errors", "investigating", LOGIN_OPEN)
    run(site, at(10, 5))
    site.incident("login", "Login errors", "investigating", LOGIN_OPEN, "web: major_outage")
    run(site, at(10, 20))
    site.incident("login", "Login errors", "resolved", LOGIN_RESOLVED, "web: major_outage")
    run(site, at(10, 35))
    told = [(kind, status) for kind, status, _ in incidents_told(receiver, "signed")]
    assert [("incident_opened", "investigating"), ("incident_resolved", "resolved")] == told


@pytest.mark.parametrize("round_trip", [False, True], ids=["once", "after-a-round-trip"])
@pytest.mark.parametrize("off_the_page", ["audiences", "deleted"])
def test_an_incident_told_over_on_a_page_and_back_there_resolved_is_told_nothing_more(
    tmp_path: Path, receiver: Any, off_the_page: str, round_trip: bool
) -> None:
    # Off the public page while open (told over there), resolved meanwhile, then shown there
    # again (or its file put back) already resolved: its readers know it is over, and hear
    # no second resolution; after a round trip (off, back open, off again), each end once.
    site = Site(tmp_path, TWO_PAGE_INCIDENTS)
    path = site.root / "content" / "incidents" / "login.md"
    internal = "api: major_outage\naudiences: [internal]"
    run(site, at(9))
    site.incident("login", "Login errors", "investigating", LOGIN_OPEN)
    run(site, at(10, 5))
    if round_trip:
        site.incident("login", "Login errors", "investigating", LOGIN_OPEN, internal)
        run(site, at(10, 8))
        site.incident("login", "Login errors", "investigating", LOGIN_OPEN)
        run(site, at(10, 9))
    if off_the_page == "deleted":
        path.unlink()
        run(site, at(10, 10))
    else:
        site.incident("login", "Login errors", "investigating", LOGIN_OPEN, internal)
        run(site, at(10, 10))
        site.incident("login", "Login errors", "resolved", LOGIN_RESOLVED, internal)
        run(site, at(10, 31))
    site.incident("login", "Login errors", "resolved", LOGIN_RESOLVED)
    run(site, at(10, 35))
    run(site, at(10, 40))
    public = incidents_told(receiver, "signed")
    kinds = ["incident_opened", "incident_resolved"]
    if round_trip:
        kinds += ["incident_updated", "incident_resolved"]
    assert kinds == [kind for kind, _, _ in public]
    assert len(kinds) == len({delivery for _, _, delivery in public})


@pytest.mark.parametrize("off_the_page", ["audiences", "deleted"])
def test_the_kept_end_of_an_incident_back_on_its_page_while_open_is_dropped(
    tmp_path: Path, receiver: Any, off_the_page: str
) -> None:
    # Its end there, kept for a retry, never reached the public channel; the incident is
    # back on the page still open before the retry: the channel was never told it ended,
    # so it hears neither that nor that it is open again, and its resolution later once.
    site = Site(tmp_path, TWO_PAGE_INCIDENTS)
    path = site.root / "content" / "incidents" / "login.md"
    run(site, at(9))
    site.incident("login", "Login errors", "investigating", LOGIN_OPEN)
    run(site, at(10, 5))
    if off_the_page == "deleted":
        path.unlink()
    else:
        internal = "api: major_outage\naudiences: [internal]"
        site.incident("login", "Login errors", "investigating", LOGIN_OPEN, internal)
    receiver.script["signed"] = [500]
    run(site, at(10, 10))
    receiver.script["signed"] = [200]
    site.incident("login", "Login errors", "investigating", LOGIN_OPEN)

    back = run(site, at(10, 15))

    assert back.withdrawn >= 1
    site.incident("login", "Login errors", "resolved", LOGIN_RESOLVED)
    run(site, at(10, 35))
    public = incidents_told(receiver, "signed")
    assert ["incident_opened", "incident_resolved"] == [kind for kind, _, _ in public]


FAMILY = "\U0001f469\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"  # 👩‍👩‍👧‍👦, one picture
UKRAINE = "\U0001f1fa\U0001f1e6"  # 🇺🇦, two regional indicators


@pytest.mark.parametrize("sara_am", ["\u0e01\u0e33", "\u0e81\u0eb3"])  # Thai กำ, Lao ກຳ
def test_a_cut_thai_or_lao_message_keeps_each_vowel_with_its_consonant(sara_am: str) -> None:
    # SARA AM is a letter (Lo), not a mark: the cut kept a bare ก and dropped its ำ.
    for lead in ("\u0e02", "\u0e02\u0e02"):  # one of these cuts falls between ก and ำ
        change = replace(big_change(), message=lead + sara_am * 2000)
        section = messages.slack(change)["blocks"][1]["text"]["text"]
        assert section.endswith(sara_am + "…"), section[-6:]
        assert len(section) <= messages.SLACK_SECTION


@pytest.mark.parametrize("sign", ["\u200d", "\u0600"])  # a joiner, an Arabic number sign
def test_a_cut_title_leaves_no_joiner_or_sign_on_the_ellipsis(sign: str) -> None:
    # The space after the sign is part of its character: stripping that space alone left
    # the sign to join (or mark) the "…" of a Slack header or a Discord title.
    for shift in range(4):  # one of these cuts falls just after the sign's space
        change = replace(big_change(), title="x" * shift + f"ab{sign} cdefgh " * 40)
        header = messages.slack(change)["blocks"][0]["text"]["text"]
        title = messages.discord(change)["embeds"][0]["title"]
        for cut in (header, title):
            assert cut.endswith("…")
            assert not cut.removesuffix("…").endswith(sign), ascii(cut[-6:])


def test_a_cut_message_ends_between_the_characters_a_reader_sees() -> None:
    # Cut code point by code point, a family emoji lost its last member after a joiner, a
    # flag became a lone 🇺 and a Hindi letter lost its vowel sign (भुगत… for भुगता…).
    change = replace(big_change(), title=FAMILY * 40, message=UKRAINE * 2000)
    header, section = messages.slack(change)["blocks"][:2]
    assert header["text"]["text"].endswith(FAMILY + "…")
    assert len(header["text"]["text"]) <= messages.SLACK_HEADER
    assert section["text"]["text"].endswith(UKRAINE + "…")
    assert len(section["text"]["text"]) <= messages.SLACK_SECTION
    headline = messages.teams(change)["attachments"][0]["content"]["body"][0]["text"]
    assert headline.endswith(FAMILY + "…")
    assert messages.TEAMS_TITLE >= messages.sent_size(headline)

    from statusgen.notify.settings import Channel

    channel = Channel(
        type="email", name="mail", line=1, sender="s@example.com", recipients=("r@example.com",)
    )
    words = "भुगतान सेवा में समस्या "
    for shift in range(len(words)):  # one of these cuts falls between त and its ा
        title = "x" * shift + words * 12
        mail = replace(change, title=title, page={**change.page, "title": "Example"})
        subject = str(messages.email(mail, channel, NOW)["Subject"])
        assert subject.endswith("…") and len(subject) <= 200
        kept = subject.removesuffix("…")
        kept = kept[kept.index(title[: shift + 1]) :]
        assert not unicodedata.category(title[len(kept)]).startswith("M"), subject[-8:]


def _webhook_body_and_mail_text(message: str) -> tuple[str, str]:
    """The webhook's update body and the e-mail's plain text of an update saying `message`."""
    from statusgen.notify.settings import Channel

    change = replace(
        big_change(),
        message=message,
        statuspage={"incident": {"incident_updates": [{"body": message}]}},
    )
    channel = Channel(
        type="email", name="mail", line=1, sender="s@example.com", recipients=("r@example.com",)
    )
    (update,) = messages.webhook(change, "2026-11-22T18:00:00Z")["incident"]["incident_updates"]
    return update["body"], messages.email(change, channel, NOW).get_body(("plain",)).get_content()


def test_the_webhook_and_the_e_mail_text_drop_the_links_the_page_drops() -> None:
    """The page shows `link` and `x` alone, and `&lt;tag&gt;` as text: so do the webhook's
    body (which a receiver may read as HTML) and the e-mail's plain text."""
    body, text = _webhook_body_and_mail_text(
        "Fix [link](javascript:alert(1)) ![x](data:image/png;base64,AAA) &lt;tag&gt;"
    )

    assert "Fix link x &lt;tag&gt;" == body
    assert "Fix link x <tag>" in text
    assert "javascript" not in text
    assert "data:" not in text


def test_a_link_definition_spelling_its_scheme_as_entities_is_not_made_a_page_address() -> None:
    """`&#106;avascript:` is `javascript:` to the page, which drops the link: the webhook
    and the e-mail do not turn it into an address under the incident's page."""
    body, text = _webhook_body_and_mail_text("See [x][r].\n\n[r]: &#106;avascript:alert(1)")

    assert "See x." == body
    assert "javascript" not in text
    assert "&#106;" not in body


@pytest.mark.parametrize(
    "address", ["javascript:alert(1)", "&#106;avascript:alert(1)", "data:text/html,hi"]
)
def test_a_dry_run_leaves_out_a_link_definition_the_page_drops(
    tmp_path: Path, address: str
) -> None:
    """The page leaves `[x][r]` as `x` when `[r]` leads to an address its sanitizer drops,
    and shows no definition: the webhook's body and the e-mail's text say the same."""
    site = Site(tmp_path, SHOWN_CHANNELS)
    run(site)
    message = f"See [x][r] and ![pic][r].\n\n[r]: {address}"
    site.incident("x", "Outage", "investigating", [("investigating", "2026-11-22 17:50", message)])
    out = notify_cli(site, "--dry-run")
    assert 0 == out.exit_code, out.output
    assert '"body": "See x and pic."' in out.output  # the webhook
    assert "\nSee x and pic.\n" in out.output  # the e-mail
    for shown in ("javascript", "avascript", "data:", "[r]", "[x]"):
        assert shown not in out.output


def test_an_open_incident_regrouped_off_a_page_is_told_over_there(
    tmp_path: Path, receiver: Any
) -> None:
    # The public page shows the group `edge`; the website, with an incident open on it,
    # moves to the group `infra`, which only the internal page shows. The page's `show:` is
    # as it was: its channels, told the incident opened, are told it is over for them, as
    # for an incident that leaves the page by its own edit, and never hear of it again.
    grouped = (
        "- id: edge\n  name: Edge\n  components:\n    - id: api\n      name: API\n"
        "    - id: web\n      name: Website\n"
        "- id: infra\n  name: Infra\n  components:\n    - id: db\n      name: Database\n"
    )
    regrouped = grouped.replace("    - id: web\n      name: Website\n", "") + (
        "    - id: web\n      name: Website\n"
    )
    site = Site(tmp_path, PAGES.replace("show: [web]", "show: [edge]") + PUBLIC_CHANNELS)
    (site.root / "content" / "components.yaml").write_text(grouped)
    run(site, NOW - timedelta(hours=1))
    opened = [("investigating", "2026-11-22 17:05", "Website down.")]
    site.incident("errors", "Website errors", "investigating", opened, "web: major_outage")
    run(site, NOW - timedelta(minutes=50))
    assert ["incident_opened", "component_changed"] == events(receiver)

    (site.root / "content" / "components.yaml").write_text(regrouped)
    run(site, NOW - timedelta(minutes=40))
    run(site, NOW - timedelta(minutes=30))

    told = incident_bodies(receiver)
    assert [("incident_opened", "investigating"), ("incident_resolved", "resolved")] == [
        (b["meta"]["event"], b["incident"]["status"]) for b in told
    ]
    assert 1 == len({b["incident"]["id"] for b in told})
    # Named, without a status, as for an incident whose file was deleted: the page no
    # longer shows the website, yet its readers were told the incident was on it.
    assert [
        "Incident resolved: Website errors (Resolved)",
        "Status: Resolved",
        "Affected: Website",
    ] == slack_lines(bodies(receiver, "slack")[-1])[:3]


def test_teams_shows_titles_and_component_names_as_written(tmp_path: Path, receiver: Any) -> None:
    """A Teams card reads Markdown, as the page does: a title or a component's name is
    sent escaped as an update's literal characters are, so it shows as the page shows it,
    never in italics, as a list or as a link."""
    site = Site(tmp_path, TEAMS_INCIDENTS)
    name = "*Core* API_v2_ [docs](http://evil.example)"
    (site.root / "content" / "components.yaml").write_text(
        f"- id: api\n  name: {json.dumps(name)}\n"
    )
    run(site)
    title = "- Checkout <errors> & *timeouts*"
    site.incident("x", title, "investigating", [("investigating", "2026-11-22 17:50", "x")])
    run(site)

    (card,) = [b["attachments"][0]["content"] for b in bodies(receiver, "teams")]
    headline, facts = card["body"][0]["text"], card["body"][1]["facts"]
    affected = {fact["title"]: fact["value"] for fact in facts}["Affected"]
    assert "Incident opened: - Checkout &lt;errors> & \\*timeouts\\*" == headline
    assert "\\*Core\\* API_v2\\_ \\[docs\\]\u200b(http\\://evil.example) (Major outage)" == affected
    # As Teams reads them: the text as written, with no markup.
    for shown, written in ((headline, f"Incident opened: {title}"), (affected, name)):
        html = render_markdown(shown.replace("\u200b", ""))
        assert "<em>" not in html and "<a " not in html and "<li>" not in html, html
        assert written in unescape_markdown(shown.replace("\u200b", "")), shown


def test_teams_shows_a_status_like_line_kept_as_text_as_the_page_does(
    tmp_path: Path, receiver: Any
) -> None:
    # `update -m "Components: api=operational"` writes `&#32;Components: ...`, which a
    # card would show as typed: Slack, e-mail and the page show "Components: ...".
    site = Site(tmp_path, TEAMS_INCIDENTS)
    run(site)
    message = "&#32;Components: api=operational\n\n- &#32;Components: api=operational"
    site.incident("x", "X", "investigating", [("investigating", "2026-11-22 17:50", message)])
    run(site)

    (card,) = [b["attachments"][0]["content"] for b in bodies(receiver, "teams")]
    text = card["body"][-1]["text"]
    assert "Components: api=operational\n\n- Components: api=operational" == text


def test_slack_shows_a_status_like_line_kept_as_text_as_the_page_does(
    tmp_path: Path, receiver: Any
) -> None:
    # A list item `update` kept as text (`- &#32;Components: ...`) read "-  Components"
    # in Slack's plain text, two spaces where the page and Teams show one.
    slack_channel = "notify:\n  channels:\n    - type: slack\n      url_env: SLACK_URL\n"
    site = Site(tmp_path, slack_channel + "      changes: [incident]\n")
    run(site)
    message = "&#32;Components: api=operational\n\n- &#32;Components: api=operational"
    site.incident("x", "X", "investigating", [("investigating", "2026-11-22 17:50", message)])
    run(site)

    (slack,) = bodies(receiver, "slack")
    text = slack["blocks"][1]["text"]["text"]
    assert "Components: api=operational\n\n- Components: api=operational" == text


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", ["Read more on"]), ("ja", ["で詳細を見る"]), ("zh-Hans", ["在", "上了解更多"])],
)
def test_slack_shows_the_site_title_as_written_beside_its_link(
    tmp_path: Path, receiver: Any, language: str, words: list[str]
) -> None:
    """Slack's mrkdwn has no escape for `*`, `_`, `~` or `` ` ``: the site's title goes in
    a plain_text element, as the message's text does; the words around it link the page."""
    slack_channel = "notify:\n  channels:\n    - type: slack\n      url_env: SLACK_URL\n"
    slack_channel += "      changes: [incident]\n"
    site = Site(tmp_path, f"language: {language}\n" + slack_channel)
    title = "Acme & Co <Status|Page> *Ops* _x_ ~y~ `z`"
    settings = site.root / "statusgen.yaml"
    settings.write_text(settings.read_text().replace("Example Status", json.dumps(title)))
    run(site)
    site.incident("x", "Down", "investigating", [("investigating", "2026-11-22 17:50", "x")])
    run(site)

    (slack,) = bodies(receiver, "slack")
    elements = slack["blocks"][-1]["elements"]
    assert title in [e["text"] for e in elements if e["type"] == "plain_text"]
    url = "https://status.example.com/incidents/x/"
    assert [f"<{url}|{w}>" for w in words] == [e["text"] for e in elements if e["type"] == "mrkdwn"]


def test_a_missing_webhook_url_variable_says_nothing_was_tried_and_where_to_set_it(
    tmp_path: Path, receiver: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing is sent without the URL: no attempt is counted, and the hint names the
    channel's line and the variable to set, as a refusal's hint does."""
    channel = "notify:\n  channels:\n    - type: discord\n      url_env: DISCORD_URL\n"
    site = Site(tmp_path, channel + "      changes: [incident]\n")
    args = ["-C", str(site.root), "notify", "--now", "2026-11-22T18:00:00Z"]
    runner = CliRunner()
    assert 0 == runner.invoke(cli, args).exit_code
    site.incident("x", "Down", "investigating", [("investigating", "2026-11-22 17:50", "x")])
    monkeypatch.delenv("DISCORD_URL")

    missing = runner.invoke(cli, args)

    assert (
        "discord 'discord': 0 sent, 1 failed (the environment variable DISCORD_URL (discord "
        "webhook URL) is not set; hint: set DISCORD_URL to the discord webhook URL where "
        "notify runs (in CI: in the notify step's env:), or fix url_env in the channel at "
        "statusgen.yaml:6; the next run sends the messages kept for it): kept for the next run"
    ) in missing.output
    assert "attempt" not in missing.output
    monkeypatch.setenv("DISCORD_URL", receiver.url("discord"))
    sent = runner.invoke(cli, args)
    assert 0 == sent.exit_code, sent.output
    assert "The message was delivered." in sent.output
    assert "All 1 message" not in sent.output


def test_two_status_changes_between_runs_are_told_as_one_from_the_status_last_told(
    tmp_path: Path, receiver: Any
) -> None:
    """What a component's readers last heard is what it is compared with: two changes
    between runs are one message, from that status to the one now, placed when the
    component took it (after the incident that made it), as docs/notifications.md says."""
    site = Site(tmp_path, HTTP_CHANNELS)
    components = site.root / "content" / "components.yaml"
    components.write_text(
        COMPONENTS.replace("name: API\n", "name: API\n  status: degraded_performance\n")
    )
    run(site, datetime(2026, 11, 22, 3, 50, tzinfo=timezone.utc))
    site.incident(
        "a",
        "Slow",
        "investigating",
        [("investigating", "2026-11-22 04:00", "a")],
        components="api: partial_outage",
    )
    site.incident(
        "b",
        "Down",
        "investigating",
        [("investigating", "2026-11-22 04:05", "b")],
        components="api: major_outage",
    )
    run(site, datetime(2026, 11, 22, 4, 10, tzinfo=timezone.utc))

    told = [
        (b["meta"]["event"], b.get("incident", {}).get("name")) for b in bodies(receiver, "signed")
    ]
    assert [
        ("incident_opened", "Slow"),
        ("incident_opened", "Down"),
        ("component_changed", None),
    ] == told
    change = bodies(receiver, "signed")[-1]["component_update"]
    assert ("degraded_performance", "major_outage") == (change["old_status"], change["new_status"])
    assert change["created_at"].startswith("2026-11-22T04:05")


@pytest.mark.parametrize(
    ("names", "groups", "down", "affected"),
    [
        # "API (Major outage)" of which API? As the page says it: after its group's name.
        (("API", "API"), ("Europe", "United States"), ("eu",), ("Europe - API",)),
        # "Europe (Partial outage)" reads as the Europe region down: it is US's Europe.
        (("API", "Europe"), ("europe", "US"), ("eu", "us"), ("API", "US - Europe")),
    ],
    ids=["two-components", "component-and-group"],
)
def test_a_message_tells_apart_a_component_whose_name_another_stands_for(
    names: tuple[str, str],
    groups: tuple[str, str],
    down: tuple[str, ...],
    affected: tuple[str, ...],
) -> None:
    import dataclasses
    from datetime import timedelta

    import factories as f

    from statusgen.model import ComponentStatus, Group, IncidentState, Source
    from statusgen.notify.changes import changes_between, snapshot
    from statusgen.status import compute

    where = Source("content/components.yaml", 1)
    ids = ("eu", "us")
    before = f.site(
        components=[f.component(f"{g}-c", g, 1, name=n) for g, n in zip(ids, names, strict=True)],
        groups=[
            Group(g, name, None, order, (f"{g}-c",), where)
            for order, (g, name) in enumerate(zip(ids, groups, strict=True), 1)
        ],
    )
    incident = f.incident(
        "outage",
        f.NOW - timedelta(minutes=30),
        IncidentState.IDENTIFIED,
        components={f"{g}-c": ComponentStatus.MAJOR_OUTAGE for g in down},
    )
    after = dataclasses.replace(before, incidents=(incident,))
    told = snapshot(before, compute(before, f.NOW - timedelta(hours=1)))
    changes = changes_between(told, after, compute(after, f.NOW), f.NOW - timedelta(hours=1))
    (opened,) = [c for c in changes if c.kind == "incident_opened"]
    assert affected == tuple(a.name for a in opened.affected)
    # Each component's own change is titled by the name the page gives it.
    assert list(affected) == [c.title for c in changes if c.kind == "component_changed"]


def test_a_message_lists_an_incidents_components_in_the_pages_order() -> None:
    # Written "Ohio, Lyon, Paris": the message's Affected rows read as the page does.
    import dataclasses
    from datetime import timedelta

    import factories as f

    from statusgen.model import ComponentStatus, Group, IncidentState, Source
    from statusgen.notify.changes import changes_between, snapshot
    from statusgen.status import compute

    where = Source("content/components.yaml", 1)
    before = f.site(
        components=[
            f.component("paris", "eu", 1, name="Paris"),
            f.component("lyon", "eu", 2, name="Lyon"),
            f.component("ohio", "us", 1, name="Ohio"),
        ],
        groups=[
            Group("eu", "Europe", None, 1, ("paris", "lyon"), where),
            Group("us", "United States", None, 2, ("ohio",), where),
        ],
    )
    down = dict.fromkeys(("ohio", "lyon", "paris"), ComponentStatus.MAJOR_OUTAGE)
    incident = f.incident("outage", f.NOW - timedelta(minutes=30), IncidentState.IDENTIFIED, down)
    after = dataclasses.replace(before, incidents=(incident,))
    told = snapshot(before, compute(before, f.NOW - timedelta(hours=1)))
    changes = changes_between(told, after, compute(after, f.NOW), f.NOW - timedelta(hours=1))
    (opened,) = [c for c in changes if c.kind == "incident_opened"]
    assert ("Paris", "Lyon", "Ohio") == tuple(a.name for a in opened.affected)
