"""`statusgen notify` from top to bottom: load → status → compare → send → remember.

The last-notified state is a small JSON file (by default .statusgen-notify.json next to
statusgen.yaml; the deploy workflow keeps it in the Actions cache between runs). It holds
the snapshot last told and the messages that could not be delivered yet, which the next
run sends again for up to PENDING_AGE. Nothing in the output folder is read or written.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from statusgen.errors import fail
from statusgen.i18n import ENGLISH, Language, load_language
from statusgen.notify import messages
from statusgen.notify.changes import Change, Snapshot, changes_between, snapshot
from statusgen.notify.deliver import BACKOFF, Outcome, attempt, post_json, secret, send_mail
from statusgen.notify.settings import Channel, NotifySettings

STATE_VERSION = 1
# Seconds a run may spend sending before it keeps the rest for the next run; well inside
# the deploy workflow's 10-minute job limit.
RUN_BUDGET = 300.0
# A message still undelivered after this long is dropped: it is no longer news.
PENDING_AGE = timedelta(hours=24)
_START_OVER = "delete the file to start over: the next run records the present and sends nothing"


@dataclass(frozen=True)
class Delivery:
    channel: str
    change: Change
    outcome: Outcome


@dataclass
class NotifyResult:
    state_path: Path
    baseline: bool = False  # no earlier state: this run only recorded the present
    changes: list[Change] = field(default_factory=list)
    deliveries: list[Delivery] = field(default_factory=list)
    channels: tuple[Channel, ...] = ()
    dropped: int = 0  # undelivered messages given up on (too old, or channel removed)

    @property
    def failed(self) -> list[Delivery]:
        return [d for d in self.deliveries if not d.outcome.ok]


def wants(channel: Channel, change: Change) -> bool:
    """Whether the channel's filters let this change through."""
    if change.kind not in channel.kinds:
        return False
    return not channel.components or any(c in channel.components for c in change.components)


def render(channel: Channel, change: Change, now: datetime, language: Language = ENGLISH) -> Any:
    """The payload the channel sends for this change (an EmailMessage for e-mail), worded
    in `language` (the page's; the webhook's Statuspage-shaped JSON has no words of ours)."""
    if channel.type == "slack":
        return messages.slack(change, language)
    if channel.type == "discord":
        return messages.discord(change, language)
    if channel.type == "teams":
        return messages.teams(change, language)
    if channel.type == "webhook":
        return messages.webhook(change, messages.iso_now(now))
    return messages.email(change, channel, now, language)


def delivery_id(channel: Channel, change: Change) -> str:
    """Stable per channel and change, so a receiver can drop a repeated delivery."""
    return hashlib.sha256(f"{channel.name}\0{change.key}".encode()).hexdigest()[:32]


def send(
    channel: Channel,
    change: Change,
    now: datetime,
    backoff: float = BACKOFF,
    language: Language = ENGLISH,
) -> Outcome:
    payload = render(channel, change, now, language)

    def once() -> None:
        if channel.type == "email":
            send_mail(channel, payload)
        elif channel.type == "webhook":
            url = channel.url or secret(channel.url_env, "webhook URL")
            key = secret(channel.secret_env, "signing secret") if channel.secret_env else None
            post_json(
                url,
                payload,
                channel.timeout,
                key=key,
                event=change.kind,
                delivery=delivery_id(channel, change),
            )
        else:
            post_json(
                secret(channel.url_env, f"{channel.type} webhook URL"), payload, channel.timeout
            )

    return attempt(once, channel.retries, backoff=backoff)


def _guarded(
    channel: Channel, change: Change, now: datetime, backoff: float, language: Language
) -> Outcome:
    """send(), where even a fault of ours fails only this message, never the others."""
    try:
        return send(channel, change, now, backoff, language)
    except Exception as error:  # a bug must not cost the other channels their messages
        return Outcome(False, 1, f"unexpected {type(error).__name__}")


def read_state(path: Path) -> dict[str, Any] | None:
    """The state file's content; None when there is none yet."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise fail(
            str(path),
            f"cannot read the notification state: {error}",
            _START_OVER,
        ) from None
    # Without its snapshot every status would read as new and be told again: a state that
    # lost it is no state to go on from.
    if (
        not isinstance(data, dict)
        or data.get("version") != STATE_VERSION
        or not isinstance(data.get("snapshot"), dict)
        or not isinstance(data.get("pending", []), list)
    ):
        raise fail(
            str(path),
            "this is not a notification state written by this statusgen",
            _START_OVER,
        )
    return data


def write_state(path: Path, snap: Snapshot, pending: list[dict[str, Any]], now: datetime) -> None:
    """Replace the state file in one step, so an interrupted run leaves the old one whole."""
    data = {
        "version": STATE_VERSION,
        "notified_at": now.isoformat(),
        "snapshot": snap,
        "pending": pending,
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".notify-", dir=path.parent)
    except OSError as error:
        raise fail(
            str(path),
            f"cannot write the notification state: {error.strerror or error}",
            "pass --state with a writable path",
        ) from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False, sort_keys=True, indent=1)
            out.write("\n")
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def notify(
    root: Path,
    *,
    now: datetime,
    base_url: str | None = None,
    state_path: Path | None = None,
    dry_run: bool = False,
    show: Callable[[Channel, Change, Any], None] | None = None,
    backoff: float = BACKOFF,
    budget: float = RUN_BUDGET,
) -> NotifyResult:
    """Tell every configured channel about each change since the last run.

    With `dry_run`, each message is handed to `show` instead of being sent, and the state
    is left as it was. Messages not tried within `budget` seconds wait for the next run.
    """
    # What the page shows: declared and measured together, as the build computes it. The
    # declared rules alone would never tell an outage only the monitors saw.
    from statusgen.measured import compute
    from statusgen.status import as_of
    from statusgen.validate import load_site

    # As the page stands at `now`: an update written ahead of its time (a resolution
    # prepared in advance) is told when the page shows it, not before.
    site = as_of(load_site(root, base_url=base_url), now)
    settings = site.settings.notify or NotifySettings()
    path = state_path if state_path is not None else root / settings.state
    status = compute(site, now)
    current = snapshot(site, status)
    result = NotifyResult(state_path=path, channels=settings.channels)
    state = read_state(path)
    if state is None:
        result.baseline = True
        if not dry_run:
            write_state(path, current, [], now)
        return result
    # Readers get messages in the page's language (its translations/ overrides too).
    language = load_language(root, site.settings.language)
    result.changes = changes_between(state.get("snapshot", {}), site, status, language)
    by_name = {c.name: c for c in settings.channels}
    queue: dict[str, list[Change]] = {c.name: [] for c in settings.channels}
    for entry in state.get("pending", []):
        try:
            change = Change.from_json(entry["change"])
            age = now - datetime.fromisoformat(entry["since"])
        except (KeyError, TypeError, ValueError):
            result.dropped += 1  # an entry edited by hand: nothing to resend
            continue
        if entry.get("channel") in by_name and age <= PENDING_AGE:
            queue[entry["channel"]].append(change)
        else:
            result.dropped += 1
    for change in result.changes:
        for channel in settings.channels:
            if wants(channel, change) and change.key not in {c.key for c in queue[channel.name]}:
                queue[channel.name].append(change)
    if dry_run:
        for channel in settings.channels:
            for change in queue[channel.name]:
                if show is not None:
                    show(channel, change, render(channel, change, now, language))
        return result

    deadline = time.monotonic() + budget

    def run_channel(channel: Channel) -> list[Delivery]:
        # One message after the other, so a channel shows them in the order they happened.
        done: list[Delivery] = []
        for change in queue[channel.name]:
            if time.monotonic() > deadline:
                # Kept for the next run: a run killed by its job's time limit would save
                # no state at all, and then send everything again.
                outcome = Outcome(False, 0, f"not tried: the run's {budget:g} s were used up")
            else:
                outcome = _guarded(channel, change, now, backoff, language)
            done.append(Delivery(channel.name, change, outcome))
        return done

    with ThreadPoolExecutor(max_workers=max(len(settings.channels), 1)) as pool:
        for deliveries in pool.map(run_channel, settings.channels):
            result.deliveries += deliveries
    since = {e["change"]["key"]: e["since"] for e in state.get("pending", [])}
    pending = [
        {
            "channel": d.channel,
            "since": since.get(d.change.key, now.isoformat()),
            "change": d.change.as_json(),
        }
        for d in result.failed
    ]
    write_state(path, current, pending, now)
    return result
