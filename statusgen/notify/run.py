"""`statusgen notify` from top to bottom: load → status → compare → send → remember.

The last-notified state is a small JSON file (by default .statusgen-notify.json next to
statusgen.yaml; the deploy workflow keeps it in the Actions cache between runs). It holds
the snapshot last told and the messages that could not be delivered yet, which the next
run sends again for up to PENDING_AGE (an e-mail some recipients refused for now, to
those only); on a site with `pages:`, both for each page, whose
channels are told only what that page shows. Nothing in the output folder is read or
written. Runs of one site take turns (`notifying`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from statusgen.errors import Diagnostic, StatusgenError, cannot_write, fail
from statusgen.folderlock import folder_lock, leftover_files
from statusgen.i18n import ENGLISH, Language, load_language
from statusgen.layout import (
    CACHE_FOLDER,
    NOTIFY_TEMP_SUFFIX,
    SETTINGS_FILE,
    incident_files,
    notify_temp_name,
    notify_temp_prefix,
)
from statusgen.load.fields import did_you_mean
from statusgen.model import ComponentStatus, Site
from statusgen.notify import checkout, messages
from statusgen.notify.changes import (
    UNKNOWN,
    Change,
    Snapshot,
    as_shown,
    as_told,
    behind,
    changes_between,
    combined,
    gone_down,
    owed_end,
    reopens_unheard,
    snapshot,
    told_files,
    told_since,
    undelivered_away,
    with_kept_titles,
)
from statusgen.notify.deliver import (
    BACKOFF,
    Outcome,
    Where,
    attempt,
    post_json,
    secret,
    send_mail,
)
from statusgen.notify.settings import (
    DEFAULT_STATE_FILE,
    KNOWN_STATE_FILES,
    Channel,
    NotifySettings,
    check_state_option,
)
from statusgen.replacement import Replacement, write_target
from statusgen.signals import leave_signals_to_main_thread, signals_held
from statusgen.status import STATE_LABELS

STATE_VERSION = 1  # a site without `pages:`: its snapshot and pending messages
PAGES_STATE_VERSION = 2  # a site with `pages:`: the same for each page, by name
# Seconds a run may spend sending before it keeps the rest for the next run; well inside
# the deploy workflow's 10-minute job limit.
RUN_BUDGET = 300.0
# A message still undelivered after this long is dropped: it is no longer news.
PENDING_AGE = timedelta(hours=24)
# How long a run waits for another run of the same site, then sends nothing (a run's
# sending alone may last RUN_BUDGET).
LOCK_WAIT_SECONDS = 60.0
# How the reason of a message not tried begins (report.py tells such reasons last).
NOT_TRIED = "not tried: "
# Why a message after one that failed was not tried (report.py shows it).
HELD = NOT_TRIED + "an earlier message to this channel failed"
# Why a message was not tried by a run stopped while sending (Ctrl-C, a cancelled job).
STOPPED = NOT_TRIED + "the run was stopped"
_START_OVER = "delete the file to start over: the next run records the present and sends nothing"
_ONE_SIDE = "put back the newer side of the merge whole (the one with the later notified_at)"


@dataclass(frozen=True)
class Delivery:
    channel: str
    change: Change
    outcome: Outcome


@dataclass
class NotifyResult:
    state_path: Path
    now: datetime  # the run's clock
    baseline: bool = False  # no earlier state: this run only recorded the present
    # A state file was read (with `baseline`: one kept for pages the site no longer has).
    earlier: bool = False
    # The pages (None: the site without pages) with no earlier state, whose present this
    # run recorded without telling anything.
    recorded: list[str | None] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    deliveries: list[Delivery] = field(default_factory=list)
    channels: tuple[Channel, ...] = ()
    dropped: int = 0  # undelivered messages given up on (too old, or channel removed)
    # Of those, how many were kept for each channel name no longer configured.
    unconfigured: dict[str, int] = field(default_factory=dict)
    # Undelivered messages dropped because the page no longer shows what they told (their
    # incident withdrawn, or a component's change undone since).
    withdrawn: int = 0
    # Components retired or removed since their channels were told them not operational,
    # by id, each with its name and the status told: no message tells them gone.
    gone_down: dict[str, tuple[str, str]] = field(default_factory=dict)
    # When the state was written, if that is later than this run's clock: the run told
    # nothing and left the state alone (see `notify`).
    ahead: datetime | None = None
    # The files (by path) that lack updates the state records as told, each with the time
    # of the newest told: a checkout older than the one last told from. The run told
    # nothing and left the state alone, as for `ahead`.
    older: dict[str, datetime] = field(default_factory=dict)
    # This checkout's commit, the newer one the state was told from, of which git says it
    # is an ancestor, and a branch holding that one (None: git no longer says which): the
    # same, found for sure (the files alone are only a guess).
    older_commit: tuple[str, str, str | None] | None = None
    # With `older`, the commit last told from and a branch holding it, when this checkout
    # is on another line of history: a deploy of another branch, or history rewritten
    # while that branch still holds the commit rewritten away.
    older_held: tuple[str, str] | None = None
    # Of `older`, the files this checkout lacks because its branch was cut before a commit
    # of `older_held`'s branch added them.
    predating: tuple[str, ...] = ()
    # The state file of another known place this run read because the one `notify: state:`
    # names held none yet (missing or empty): the state from before `state:` moved it,
    # saved where it says.
    carried_from: Path | None = None
    # Why `carried_from` could not be removed once the state was saved where `state:` says:
    # left, it would be read again should that file go (deleted to start over).
    not_removed: str | None = None
    saved: bool = False  # the state was saved at `state_path`
    # The state could not be saved after sending (a disk that refused it even so).
    unsaved: Diagnostic | None = None
    # The signal (SIGINT, SIGTERM) that stopped the run while it was sending: it started
    # no message after it, and saved the state with the untried ones kept.
    stopped: int | None = None

    @property
    def read_from(self) -> Path:
        """The state file this run read (or would have)."""
        return self.carried_from or self.state_path

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
    return messages.email(change, channel, now, language, delivery_id(channel, change))


def delivery_id(channel: Channel, change: Change) -> str:
    """Stable per page, channel and change, so a receiver can drop a repeated delivery.
    With the page's id (the body's page.id): two sites tell the same change by the same key
    (ingest names an alert's file alike on each site it is routed to), and a receiver both
    send to must not drop the second site's news as a repeat of the first's."""
    page = change.page.get("id", "")
    return hashlib.sha256(f"{page}\0{channel.name}\0{change.key}".encode()).hexdigest()[:32]


def send(
    channel: Channel,
    change: Change,
    now: datetime,
    backoff: float = BACKOFF,
    language: Language = ENGLISH,
    stop: threading.Event | None = None,
    deadline: float | None = None,
) -> Outcome:
    """`change` sent to `channel`, retried as attempt() does, none past `deadline`."""
    payload = render(channel, change, now, language)
    # The settings a refusal of the channel (a 401, a 404) sends the user to: never the
    # URL itself, which holds the hook's token.
    where = Where(
        channel.url_env or "url:", channel.secret_env or "", f"{SETTINGS_FILE}:{channel.line}"
    )

    def once() -> None:
        if channel.type == "email":
            send_mail(channel, payload)
        elif channel.type == "webhook":
            url = channel.url or secret(channel.url_env, "webhook URL", "url_env", channel.line)
            key = (
                secret(channel.secret_env, "signing secret", "secret_env", channel.line)
                if channel.secret_env
                else None
            )
            post_json(
                url,
                payload,
                channel.timeout,
                key=key,
                event=change.kind,
                delivery=delivery_id(channel, change),
                where=where,
            )
        else:
            post_json(
                secret(channel.url_env, f"{channel.type} webhook URL", "url_env", channel.line),
                payload,
                channel.timeout,
                where=where,
            )

    return attempt(once, channel.retries, backoff=backoff, stop=stop, deadline=deadline)


def _guarded(
    channel: Channel,
    change: Change,
    now: datetime,
    backoff: float,
    language: Language,
    stop: threading.Event,
    deadline: float,
) -> Outcome:
    """send(), where even a fault of ours fails only this message, never the others."""
    try:
        return send(channel, change, now, backoff, language, stop, deadline)
    except Exception as error:  # a bug must not cost the other channels their messages
        return Outcome(False, 1, f"unexpected {type(error).__name__}")


def read_state(path: Path) -> dict[str, Any] | None:
    """The state file's content; None when there is none yet. StatusgenError when it
    cannot be used: advising to delete it only when it looks like a state file."""
    from statusgen.load.files import InputError, read_input

    try:
        # As any input: a link to nothing (a disk not mounted) is no first run, which
        # would record what the page shows as told and never send it.
        text = read_input(path).decode("utf-8")
    except FileNotFoundError:
        return None
    except UnicodeDecodeError:
        raise _not_a_state(path) from None
    except InputError as error:
        raise fail(str(path), error.message, _start_through_link(path) or error.hint) from None
    except OSError as error:
        raise fail(
            str(path), f"cannot read the notification state: {error.strerror or error}"
        ) from None
    if not text.strip():
        # Nothing told yet: a file made empty to start a state kept elsewhere through a link
        # (a link to nothing is refused above). A state is only ever replaced whole, so no
        # run leaves one empty.
        return None
    try:
        data = json.loads(text, object_pairs_hook=_unique_keys)
    except _RepeatedKey as repeated:
        # Both sides of a merge kept: json would quietly take the last of each key, and an
        # older "notified_at" would let an older run tell again what readers were told.
        raise fail(
            str(path),
            f"the notification state names {json.dumps(repeated.key)} twice in one object, "
            "as a merge whose two sides were both kept leaves it",
            f"{_ONE_SIDE}, or {_START_OVER}",
        ) from None
    except json.JSONDecodeError as error:
        from statusgen.load.conflicts import STATE_HINT, conflict_markers

        # A committed state file that a merge stopped on: its markers, at their lines.
        conflicts = conflict_markers(str(path), text, hint=STATE_HINT)
        if conflicts:
            raise StatusgenError(conflicts) from None
        # Every state file is one JSON object; what is not even that (statusgen.yaml given
        # to --state by mistake) is someone's file, and deleting it is no advice to give.
        if not text.lstrip("\ufeff \t\r\n").startswith("{"):
            raise _not_a_state(path) from None
        raise fail(
            str(path),
            f"cannot read the notification state: {error.msg}",
            _START_OVER,
            error.lineno,
            error.colno,
        ) from None
    except (RecursionError, ValueError):
        # Nested past Python's stack, or a number of more digits than Python converts: JSON
        # no statusgen writes, so someone else's file.
        raise _not_a_state(path) from None
    # Another JSON file (package.json has a "version" too, as text) is not ours either.
    if not isinstance(data, dict) or data.get("version") not in (
        STATE_VERSION,
        PAGES_STATE_VERSION,
    ):
        raise _not_a_state(path)
    # Without its snapshot every status would read as new and be told again: a state that
    # lost it is no state to go on from.
    told: list[Any] = [data]
    if data["version"] == PAGES_STATE_VERSION:
        pages = data.get("pages")
        told = list(pages.values()) if isinstance(pages, dict) else [None]
    if not told or not all(
        isinstance(t, dict)
        and isinstance(t.get("snapshot"), dict)
        and isinstance(t.get("pending", []), list)
        for t in told
    ):
        raise fail(
            str(path),
            "the notification state is damaged: it has no snapshot to go on from",
            _START_OVER,
        )
    # A component status edited by hand would be told as written ("Status: sideways →
    # Operational") in the message about that component; one set in components.yaml, in
    # the page status of a message dated before the run (changes.snapshot).
    snapshots = [t["snapshot"] for t in told]
    for components in (s.get(k, {}) for s in snapshots for k in ("components", "baselines")):
        if not isinstance(components, dict):
            raise fail(
                str(path),
                "the notification state's components should give each component's status, "
                f"not be {json.dumps(components, ensure_ascii=False)}",
                _START_OVER,
            )
        for cid, value in components.items():
            if value not in _STATUSES:
                raise _unknown_status(path, text, cid, value)
    # The same in a message kept for a retry: it would be sent as written.
    for entry in (e for t in told for e in t.get("pending", [])):
        change = entry.get("change") if isinstance(entry, dict) else None
        if isinstance(change, dict):
            _check_kept(path, text, change)
    if not (data.get("notified_at") is None or isinstance(notified_at(data), datetime)):
        raise fail(
            str(path),
            f"the notification state's notified_at is not a time: {data['notified_at']!r}",
            _START_OVER,
        )
    state: dict[str, Any] = data
    return state


_STATUSES = tuple(status.value for status in ComponentStatus)  # a value may be unhashable
# A kept message's value written as statusgen writes a code; any other text is the words an
# earlier release kept it in, sent as they are (there is no telling them wrong).
_CODE = re.compile(r"[a-z][a-z0-9_]*")


def _check_kept(path: Path, text: str, change: dict[str, Any]) -> None:
    """Refuse a kept message's status or state that is a code no status or state has."""
    component = change.get("kind") == "component_changed"
    # A status is named for its component's id, as in the snapshot; a state for its title.
    shown = change.get("components")
    cid = shown[0] if isinstance(shown, list) and shown else change.get("title")
    statuses = [(key, cid, change.get(key)) for key in ("old_status", "new_status")]
    statuses += [("measured", cid, change.get("measured"))]
    state = change.get("state")
    if component:
        statuses.append(("state", cid, state))
    elif isinstance(state, str) and _CODE.fullmatch(state) and state not in STATE_LABELS:
        what = f"state '{state}' for '{change.get('title')}'"
        raise _unknown(path, text, "state", state, what, tuple(STATE_LABELS), "state")
    affected = change.get("affected")
    for one in affected if isinstance(affected, list) else []:
        if isinstance(one, dict):
            statuses.append(("status", one.get("name"), one.get("status")))
    for key, name, value in statuses:
        if not isinstance(value, str) or not _CODE.fullmatch(value):
            continue  # none, or in words (see _CODE)
        if value not in _STATUSES and not (key == "measured" and value == UNKNOWN):
            raise _unknown_status(path, text, str(name), value, key)


def _unknown_status(
    path: Path, text: str, component: str, value: Any, key: str | None = None
) -> StatusgenError:
    """The error for a state giving `component` the status `value`, which none is: at its
    line in the file `text` when found as written there (as statusgen writes it), after
    `key` (the component's id when None)."""
    word = f"'{value}'" if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return _unknown(
        path,
        text,
        component if key is None else key,
        value,
        f"component status {word} for '{component}'",
        _STATUSES,
        "status",
    )


def _unknown(
    path: Path, text: str, key: str, value: Any, what: str, known: tuple[str, ...], noun: str
) -> StatusgenError:
    """The error for `value`, a `what` that is none of `known`, at the line of `text` where
    it follows `key`."""
    shown = json.dumps(value, ensure_ascii=False)
    written = re.search(
        rf"{re.escape(json.dumps(key, ensure_ascii=False))}\s*:\s*({re.escape(shown)})", text
    )
    line = column = 0
    if written is not None:
        line = text.count("\n", 0, written.start(1)) + 1
        column = written.start(1) - text.rfind("\n", 0, written.start(1))
    guess = did_you_mean(value, known) if isinstance(value, str) else ""
    kinds = "a component status" if noun == "status" else "a state"
    return fail(
        str(path),
        f"unknown {what} in the notification state",
        f"{guess}{kinds} is one of: {', '.join(known)}; correct it to the {noun} last told, "
        f"or {_START_OVER}",
        line,
        column,
    )


class _RepeatedKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object's pairs as a dict; _RepeatedKey for a key given twice."""
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise _RepeatedKey(key)
        found[key] = value
    return found


def _start_through_link(path: Path) -> str | None:
    """How to start a state kept elsewhere when `path` is a link to nothing; else None."""
    if not path.is_symlink() or path.exists():
        return None
    target = os.path.normpath(os.path.join(path.parent, os.readlink(path)))
    return (
        f"create {target} empty to start the state there (an empty state file is no state "
        "yet), or point the link at the state it stands for"
    )


def _not_a_state(path: Path) -> StatusgenError:
    """The error for a file that is not a notification state, naming what is expected."""
    return fail(
        str(path),
        "this is not a notification state file",
        "--state (or notify: state: in statusgen.yaml) names the JSON file `notify` keeps "
        f"what it told in, {DEFAULT_STATE_FILE} by default; a state written by a newer "
        "statusgen needs that release",
    )


def notified_at(state: dict[str, Any]) -> datetime | None:
    """When the state was written (by the clock of the run that wrote it); None when it does
    not say, or says something that is not a time with its offset."""
    value = state.get("notified_at")
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
    return moment if moment is not None and moment.utcoffset() is not None else None


def records(state: dict[str, Any]) -> dict[str | None, dict[str, Any]]:
    """What the state recorded as told, by page name (None alone: a site without pages)."""
    if state.get("version") == STATE_VERSION:
        return {None: state}
    pages: dict[str | None, dict[str, Any]] = dict(state["pages"])
    return pages


def told_to(
    state: dict[str, Any], page: str | None, base_url: str, pages: list[str | None]
) -> dict[str, Any] | None:
    """What was last told to the audience of `page` (None: a site without pages) at
    `base_url`, among the audiences `pages` of this run: the snapshot and the messages still
    pending. None when the state says nothing of what its page showed: its next run only
    records the present."""
    recorded = records(state)
    if page in recorded:
        return recorded[page]
    if None in recorded:
        # `pages:` added: the site before showed everything each page shows, and each
        # channel was told that, so every page's changes since are counted from it.
        return recorded[None]
    # A page renamed, or `pages:` removed: its readers still read the same address.
    return next(
        (
            told
            for name, told in recorded.items()
            if name not in pages and told["snapshot"].get("base_url") == base_url
        ),
        None,
    )


def kept_messages(state: dict[str, Any]) -> list[Any]:
    """Every message the state keeps for a retry, whichever page it was kept for: each
    goes to its channel's page now (`pages:` added or changed since), or is dropped."""
    return [entry for told in records(state).values() for entry in told.get("pending", [])]


def write_state(
    path: Path, told: dict[str | None, dict[str, Any]], now: datetime, commit: str | None = None
) -> None:
    """Replace the state file in one step, so an interrupted run leaves the old one whole.

    `told` holds each audience's snapshot and pending messages, by page name (None alone: a
    site without pages, written in the first version's shape that earlier releases read).
    StatusgenError when the file system refuses it."""
    data = _state_bytes(told, now, commit)
    with NextState(path, data) as state:
        try:
            state.save(data)
        except OSError as error:
            raise _unwritable(path, error, "nothing was sent") from None


def _state_bytes(
    told: dict[str | None, dict[str, Any]], now: datetime, commit: str | None
) -> bytes:
    """The state file's content for `told` (see write_state), written at `now` from the
    files of `commit` (None: not known, outside a git work tree)."""
    data: dict[str, Any] = {"notified_at": now.isoformat()}
    if commit is not None:
        data["commit"] = commit
    if list(told) == [None]:
        data.update(told[None], version=STATE_VERSION)
    else:
        data.update(version=PAGES_STATE_VERSION, pages=told)
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n"
    return text.encode("utf-8")


class NextState:
    """The state file's next version, beside it (beside the file a symbolic link leads to:
    statusgen/replacement.py) until `save` moves it into place (a block left without
    saving leaves no trace).

    Made with the largest content the run may save, before it sends anything: every message
    it is about to send kept as undelivered. A state that could not be written after the
    messages went out would have the next run send them all again; so a full or read-only
    disk fails the run before it sends anything, and the state saved after sending, no
    larger, goes into the room already taken."""

    def __init__(self, path: Path, most: bytes) -> None:
        self.path = path
        self._room = len(most)
        try:
            # Named for the file it replaces, beside it: where a link leads, when it is one.
            target = write_target(path)
            # Made only now: a run that saves nothing (a dry run, one held back) leaves no
            # empty folder behind for `state: data/notify.json`.
            target.parent.mkdir(parents=True, exist_ok=True)
            self._next = Replacement(
                target, prefix=notify_temp_prefix(target), suffix=NOTIFY_TEMP_SUFFIX
            )
        except OSError as error:
            raise _unwritable(path, error, "nothing was sent") from None
        try:
            self._next.write(most)
        except OSError as error:
            self.discard()
            raise _unwritable(path, error, "nothing was sent") from None

    def __enter__(self) -> NextState:
        return self

    def __exit__(self, *exc: object) -> None:
        self.discard()

    def save(self, data: bytes) -> None:
        """Make `data`, no larger than the content it was made with, the state file; raises
        the OSError of a file system that refuses even so."""
        assert len(data) <= self._room, "a state larger than the room taken for it"
        # Written over the bytes already there, then cut: no new room is needed.
        self._next.write(data)
        self._next.commit()

    def discard(self) -> None:
        """Take the temp file away, unless `save` moved it into place."""
        self._next.discard()


@contextlib.contextmanager
def notifying(
    root: Path, path: Path, waiting: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold the notify lock of the site at `root` from reading its state file at `path` to
    saving it: runs take turns, so each reads what the one before saved, and taking it
    clears the next states of `path` that runs stopped from outside left. Waits at most
    LOCK_WAIT_SECONDS, then raises StatusgenError, as it does for a cache folder that
    cannot be made or opened.

    The lock is on the site's cache folder, made if missing: builds (and serve's) lock the
    site folder and the output's, authoring commands content/, and none of them may wait
    for a run sending, nor a run for them. It is the site's whatever `state:` says, as runs
    sharing a state file are runs of one site. `waiting` is told what the run waits for,
    once a wait lasts (folderlock.SAY_WAITING_AFTER)."""
    from statusgen.incremental.store import unusable_cache_folder

    folder = root / CACHE_FOLDER
    # A cache folder that loops leads nowhere, and a file in its place holds nothing: said
    # as a build says them, with the fix.
    if unusable := unusable_cache_folder(root, "nothing was sent", "run notify again"):
        raise StatusgenError([unusable])
    with contextlib.ExitStack() as held:
        try:
            folder.mkdir(exist_ok=True)
            held.enter_context(
                folder_lock(
                    folder,
                    LOCK_WAIT_SECONDS,
                    lambda: fail(
                        str(path),
                        "another notify run of this site is sending; "
                        f"waited {LOCK_WAIT_SECONDS:g} s, nothing was sent",
                        "run notify again once it has finished",
                    ),
                    taken=lambda: _clear_next_states(path),
                    waiting=None
                    if waiting is None
                    else lambda: waiting("another notify run of this site"),
                )
            )
        except OSError as error:
            raise cannot_write(
                str(folder),
                "the cache folder, where notify runs of this site take turns",
                error,
                again="run notify again",
                elsewhere="run notify on a writable copy of the site",
                then="nothing was sent",
            ) from None
        yield


# A next state last written longer ago than this is a dead run's: a run sends for at most
# RUN_BUDGET, then saves (twice that leaves room for the last channel's timeout).
_DEAD_AFTER_SECONDS = 2 * RUN_BUDGET


def _clear_next_states(path: Path) -> None:
    # A run stopped from outside (a CI job cancelled or out of time) leaves its next state
    # behind, every message it was sending written out in full, which `git add -A` would
    # commit beside the state (`.gitignore` ignores it meanwhile). Runs of this state file
    # make it only under this lock, but the lock goes with the cache folder when someone
    # deletes that while a run sends (the docs' way to forget the cache): a file a run
    # wrote lately may be a live one's, whose save would then fail. Cleared as a build
    # clears its own (write.py), once no run can still be writing it. Made beside the file
    # the state is, where a link leads when it is one (NextState).
    try:
        target = write_target(path)
    except OSError:
        return  # a link to nothing: the run reading it says so, and made no next state
    if not target.parent.is_dir():
        return  # made when the state is first saved (NextState): no next state in it yet
    dead_before = time.time() - _DEAD_AFTER_SECONDS
    for temporary in leftover_files(target.parent, notify_temp_name(target)):
        with contextlib.suppress(OSError):
            if temporary.stat().st_mtime < dead_before:
                temporary.unlink()


def _unwritable(path: Path, error: OSError, then: str) -> StatusgenError:
    """The diagnostic for a state file the file system refused, `then` saying what that
    means for the messages."""
    return cannot_write(
        str(path),
        "the notification state",
        error,
        again="run notify again",
        elsewhere="pass --state with a writable path",
        then=then,
    )


class SeveralPages(Exception):
    """A base URL given for a run whose channels speak for several pages (`pages`): a
    mistake in the command line, which `notify` reports as `build` does (exit 2)."""

    def __init__(self, pages: list[str]) -> None:
        super().__init__(", ".join(pages))
        self.pages = pages


@dataclass(frozen=True)
class Audience:
    """One page's readers: the site as that page shows it, and the channels speaking for it."""

    page: str | None  # None: a site without `pages:`, one audience
    site: Site
    channels: tuple[Channel, ...]
    # The site before it was narrowed for the page: what it left out is recorded, so a
    # page shown more later tells nothing of that as news (changes.snapshot).
    whole: Site | None = None


def audiences(
    site: Site, channels: tuple[Channel, ...], base_url: str | None, now: datetime
) -> list[Audience]:
    """Each page's audience (the site narrowed as the build at `now` narrows it for that page), or
    the whole site without `pages:`. `base_url`, the command line's, replaces the address of
    the one page the channels speak for; it cannot stand for several."""
    if not site.settings.pages:
        return [Audience(None, site, channels)]
    from statusgen.audience import page_site

    spoken = sorted({c.page for c in channels if c.page is not None})
    if base_url is not None and len(spoken) > 1:
        raise SeveralPages(spoken)
    found: list[Audience] = []
    for page in site.settings.pages:
        if base_url is not None and page.name in spoken:
            page = replace(page, base_url=site.settings.base_url)
        mine = tuple(c for c in channels if c.page == page.name)
        found.append(Audience(page.name, page_site(site, page, now), mine, site))
    return found


def notify(
    root: Path,
    *,
    now: datetime | Callable[[], datetime],
    base_url: str | None = None,
    state_path: Path | None = None,
    dry_run: bool = False,
    show: Callable[[Channel, Change, Any], None] | None = None,
    backoff: float = BACKOFF,
    budget: float = RUN_BUDGET,
    waiting: Callable[[str], None] | None = None,
) -> NotifyResult:
    """Tell every configured channel about each change since the last run, as the page
    it speaks for shows it.

    `now` is the run's moment, or a clock read once the run's turn has come (after waiting
    for another run of the site). With `dry_run`, each message is handed to `show` instead
    of being sent, and the state is left as it was. Messages not tried within `budget`
    seconds wait for the next run, as do those a run stopped while sending (Ctrl-C,
    SIGTERM: `stopped`) did not start. `waiting` is told what the run waits for, once
    it waits long for another run of the site (notifying).
    """
    # Read first to find the state file (and refuse a broken site without waiting).
    site, settings, path = _site_and_state(root, base_url, state_path)
    with contextlib.ExitStack() as held:
        if not dry_run:  # a dry run writes nothing, and leaves every file as it is
            held.enter_context(notifying(root, path, waiting))
            # Read again under the lock: a run waited for told what the files said after
            # this one first read them, and comparing that with the files as they were
            # would tell it back the other way ("resolved" reopened, an outage "better").
            site, settings, path = _site_and_state(root, base_url, state_path)
        # The clock as well: taken before the wait, it would be behind the state saved
        # meanwhile, and the run would tell nothing of what happened since.
        moment = now() if callable(now) else now
        # Looked for under the lock: a run before may just have moved it.
        moved = _moved_from(root, settings) if state_path is None else None
        result = _notify(
            root, site, settings, path, moment, base_url, dry_run, show, backoff, budget, moved
        )
        if result.carried_from is not None and result.saved:
            # Saved where `state:` says: the old file, left, would be read again should that
            # one go (deleted to start over), and tell again all told since.
            try:
                result.carried_from.unlink()
            except FileNotFoundError:
                pass
            except OSError as error:
                result.not_removed = error.strerror or str(error)
        return result


def _site_and_state(
    root: Path, base_url: str | None, state_path: Path | None
) -> tuple[Site, NotifySettings, Path]:
    """The site at `root` as its files say now, its notify settings and the state file the
    run reads (`state_path`, checked, when given); StatusgenError for a site or a
    `state_path` that cannot be used."""
    from statusgen.incremental.site import load_site

    site = load_site(root, base_url=base_url)
    settings = site.settings.notify or NotifySettings()
    if state_path is None:
        return site, settings, root / settings.state
    from statusgen.config import state_private

    pages = site.settings.pages
    check_state_option(state_path, root, state_private(pages, site.settings.output))
    return site, settings, state_path


def state_file(root: Path) -> str:
    """The state file `notify` reads and saves for the site at `root` without `--state`,
    relative to the site (`notify: state:`, else the default): what CI carries between runs."""
    from statusgen.incremental.site import load_site

    settings = load_site(root).settings.notify or NotifySettings()
    return settings.state


def _exists(path: Path) -> bool:
    """Whether there is a file at `path`, a link to nothing included (no first run)."""
    return path.exists() or path.is_symlink()


def _moved_from(root: Path, settings: NotifySettings) -> Path | None:
    """The state file of the other known place (KNOWN_STATE_FILES) that holds a state, when
    the one `notify: state:` names holds none yet (missing, or made empty to start a state
    kept through a link): the state from before `state:` was written, changed or removed.
    Starting over instead would record all news since as told (never telling it); going on
    from it tells each change once. StatusgenError when several hold one."""
    others = [root / f for f in KNOWN_STATE_FILES if f != settings.state]
    # An empty file is no state (read_state); a link to nothing is said when read, below.
    held = [p for p in others if p.is_symlink() or (p.exists() and p.stat().st_size > 0)]
    named = root / settings.state
    # As the run reads it: a link to nothing or a damaged file is said, not passed over.
    if not held or read_state(named) is not None:
        return None
    if len(held) > 1:
        # Which was told last is no guess to make: going on from the older tells again
        # what the newer one told.
        raise fail(
            str(named),
            "no notification state yet, and more than one earlier one to carry on from: "
            + ", ".join(str(p) for p in held),
            "keep the one the last run saved (the later notified_at) and delete the others; "
            "the next run carries on from it",
        )
    return held[0]


def _notify(
    root: Path,
    site: Site,
    settings: NotifySettings,
    path: Path,
    now: datetime,
    base_url: str | None,
    dry_run: bool,
    show: Callable[[Channel, Change, Any], None] | None,
    backoff: float,
    budget: float,
    moved: Path | None = None,
) -> NotifyResult:
    """notify(), once the site and its state file `path` are found (held, unless `dry_run`);
    the state is read from `moved` (_moved_from) when given."""
    result = NotifyResult(state_path=path, now=now, channels=settings.channels)
    state = read_state(moved or path)
    if state is not None and moved is not None:
        result.carried_from = moved
    result.earlier = state is not None
    told_at = notified_at(state) if state is not None else None
    if told_at is not None and now < told_at:
        # A re-run of an older job with a newer state restored: its readers were told
        # everything up to that later moment, and going back would tell them again what
        # the page showed before (a window "scheduled" after it was "started").
        result.ahead = told_at
        return result
    # Whether the files come from an older commit than those last told: asked of git, when
    # it can say, since the files cannot tell a commit from before an incident from a later
    # one that withdrew it; else guessed from the files (changes.behind).
    commit = checkout.head(root)
    told_from = state.get("commit") if state is not None else None
    outdated: bool | None = None
    if commit is not None and isinstance(told_from, str):
        outdated = checkout.older(root, commit, told_from)
        if outdated:
            branches = checkout.holding(root, told_from)
            result.older_commit = (commit, told_from, branches[0] if branches else None)
            return result
    told: dict[str | None, dict[str, Any]] = {}
    queue: dict[str, list[Change]] = {c.name: [] for c in settings.channels}
    languages: dict[str, Language] = {}  # each channel's: its page's
    pending_since: dict[tuple[str, str], str] = {}  # (channel, change key) → first tried
    only: dict[tuple[str, str], tuple[str, ...]] = {}  # (channel, change key) → recipients left
    listeners = audiences(site, settings.channels, base_url, now)
    kept = kept_messages(state) if state is not None else []
    channels = {c.name for c in settings.channels}
    # A kept message for a channel no longer configured has no one to go to. Its name is
    # what the message was kept under: said, for a channel renamed since (report.py).
    for entry in kept:
        if (name := _channel_of(entry)) not in channels:
            result.dropped += 1
            if isinstance(name, str):
                result.unconfigured[name] = result.unconfigured.get(name, 0) + 1
    told_paths: dict[str, datetime | None] = {}
    for audience in listeners:
        heard = _changes(
            root, audience, now, state, kept, [a.page for a in listeners], result, outdated is None
        )
        told_paths.update(heard.told_paths)
        if heard.baseline:
            result.recorded.append(audience.page)
        told[audience.page] = {"snapshot": heard.snapshot, "pending": []}
        for channel in audience.channels:
            languages[channel.name] = heard.language
        result.withdrawn += _enqueue(audience.channels, heard, queue)
        pending_since.update(heard.since)
        only.update(heard.only)
    held: list[str] | None = None
    if told_paths and outdated is None and commit is not None and isinstance(told_from, str):
        # A branch cut before an event told from another line that a branch still holds (a
        # hotfix cut from an older commit, a fix cherry-picked onto it): its file is missing
        # only because the branch is older. Told over from here, it would be told open
        # again from there. One deleted on this branch after the cut is the author's.
        present = set(incident_files(root))
        unfiled = sorted(p for p in told_paths if p not in present)
        if unfiled and (held := checkout.holding(root, told_from)):
            result.predating = tuple(checkout.added_since_cut(root, commit, told_from, unfiled))
            for missing in result.predating:
                result.older[missing] = told_paths[missing] or told_at or now
    if result.older:
        if held is None and commit is not None and isinstance(told_from, str):
            held = checkout.holding(root, told_from)
        if held and isinstance(told_from, str):
            result.older_held = (told_from, held[0])
        # Its readers were told what a newer commit shows: telling what this one shows
        # would take the news back ("operational → major_outage" of an outage over), and
        # saving it would have the next run from the newer commit tell it all again.
        return result
    # Nothing was compared and nothing is kept to send: the first run, or a state from
    # before `pages:` changed that says nothing of what any page now shows.
    result.baseline = len(result.recorded) == len(told) and not kept
    if result.baseline and not dry_run:
        write_state(path, told, now, commit)
        result.saved = True
    if result.baseline:
        return result
    if dry_run:
        for channel in settings.channels:
            for change in queue[channel.name]:
                if show is not None:
                    to = _to(channel, change, only)
                    show(to, change, render(to, change, now, languages[channel.name]))
        return result
    page_of = {c.name: c.page for c in settings.channels}

    def state_with(undelivered: list[tuple[str, Change, tuple[str, ...] | None]]) -> bytes:
        # The state to save when these (channel, change, recipients left, None: all of the
        # channel's) were not delivered.
        pending = {page: {**record, "pending": []} for page, record in told.items()}
        for name, change, recipients in undelivered:
            entry = {
                "channel": name,
                "since": pending_since.get((name, change.key), now.isoformat()),
                "change": change.as_json(),
            }
            if recipients is not None:
                entry["recipients"] = list(recipients)
            pending[page_of[name]]["pending"].append(entry)
        return _state_bytes(pending, now, commit)

    # Before anything is sent: a disk that refuses the state stops the run here. Its room
    # holds every e-mail with all its recipients named, as when some refused it.
    queued = [
        (c.name, change, _to(c, change, only).recipients if c.type == "email" else None)
        for c in settings.channels
        for change in queue[c.name]
    ]
    stop = threading.Event()

    def stopping(signum: int) -> None:
        result.stopped = signum
        stop.set()

    # Ctrl-C or a cancelled job's SIGTERM while sending: what is in flight is finished and
    # what was delivered saved, or the next run would tell it all again (see _send).
    with signals_held(stopping), NextState(path, state_with(queued)) as saving:
        _send(settings.channels, queue, only, now, budget, backoff, languages, result, stop)
        # A message some recipients refused is kept for those refused for now alone, and
        # not at all when each was refused for good (the others have it), nor when the
        # server refused the message itself for good: sent after newer ones, it would
        # leave the channel's readers with older news last.
        undelivered = [
            (d.channel, d.change, only.get((d.channel, d.change.key)))
            if d.outcome.left is None
            else (d.channel, d.change, d.outcome.left)
            for d in result.failed
            if d.outcome.left != ()
        ]
        try:
            saving.save(state_with(undelivered))
            result.saved = True
        except OSError as error:
            # Sent, and not recorded: the next run sends these again (each with its delivery
            # id, so a receiver may drop the repeat), as after a run stopped from outside.
            result.unsaved = _unwritable(
                path, error, "what this run sent is not recorded: the next run sends it again"
            ).diagnostics[0]
    return result


def _to(channel: Channel, change: Change, only: dict[tuple[str, str], tuple[str, ...]]) -> Channel:
    """The channel as the change goes to it: to the recipients it is still to reach, when
    it is an e-mail that others already received."""
    left = only.get((channel.name, change.key))
    return channel if left is None else replace(channel, recipients=left)


def _send(
    channels: tuple[Channel, ...],
    queue: dict[str, list[Change]],
    only: dict[tuple[str, str], tuple[str, ...]],
    now: datetime,
    budget: float,
    backoff: float,
    languages: dict[str, Language],
    result: NotifyResult,
    stop: threading.Event,
) -> None:
    """Send each channel's queue, the channels in parallel, adding the deliveries to
    `result`; once `stop` is set, each channel finishes the message it is sending and
    starts no other."""
    deadline = time.monotonic() + budget

    def run_channel(channel: Channel) -> list[Delivery]:
        # One message after the other, so a channel shows them in the order they happened.
        done: list[Delivery] = []
        for change in queue[channel.name]:
            if stop.is_set():
                outcome = Outcome(False, 0, STOPPED)
            elif time.monotonic() > deadline:
                # Kept for the next run: a run killed by its job's time limit would save
                # no state at all, and then send everything again.
                outcome = Outcome(False, 0, f"{NOT_TRIED}the run's {budget:g} s were used up")
            elif done and done[-1].outcome.passing:
                # Kept behind the one that failed for now, which the next run sends
                # first: sent now, it would be followed by an older message ("Monitoring"
                # after "Resolved"). A message refused for good (a 4xx for its payload)
                # holds nothing back: the channel would hear nothing for a day.
                outcome = Outcome(False, 0, HELD, passing=True)
            else:
                to = _to(channel, change, only)
                language = languages[channel.name]
                outcome = _guarded(to, change, now, backoff, language, stop, deadline)
            done.append(Delivery(channel.name, change, outcome))
        return done

    # The main thread waits here, and takes the signals that stop the run (signals_held).
    pool = ThreadPoolExecutor(
        max_workers=max(len(channels), 1), initializer=leave_signals_to_main_thread
    )
    try:
        for deliveries in pool.map(run_channel, channels):
            result.deliveries += deliveries
    except BaseException:
        # Asked again to stop (a second Ctrl-C): at once, the messages in flight not waited
        # for, and nothing saved; the next run sends all of this run's messages again.
        stop.set()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()


@dataclass
class _Heard:
    """What one audience's run found: the present, the changes, what is still pending."""

    snapshot: Snapshot
    language: Language
    baseline: bool = False  # nothing recorded for it before: nothing to compare
    changes: list[Change] = field(default_factory=list)
    pending: list[tuple[str, Change]] = field(default_factory=list)  # (channel, change)
    since: dict[tuple[str, str], str] = field(default_factory=dict)  # as notify's pending_since
    only: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)  # as notify's
    # Per channel, its kept messages dropped undelivered (_changes): one that began an event
    # it never heard begin owes it no end (owed_end).
    dropped: dict[str, list[Change]] = field(default_factory=dict)
    # With `guess`, the files of the events told to it, each with the time of its newest
    # update told (told_files): one this checkout lacks is asked of git (notify).
    told_paths: dict[str, datetime | None] = field(default_factory=dict)


def _changes(
    root: Path,
    audience: Audience,
    now: datetime,
    state: dict[str, Any] | None,
    kept: list[Any],
    pages: list[str | None],
    result: NotifyResult,
    guess: bool = True,
) -> _Heard:
    """The changes the audience's page shows since it was last told, its new snapshot, and
    the `kept` messages of its channels that it still shows; with `guess` (git could not
    say how the checkout stands to the one last told from), the files' events that look
    older than what was told in `result.older`."""
    # What the page shows: declared and measured together, as the build computes it. The
    # declared rules alone would never tell an outage only the monitors saw.
    from statusgen.measured import compute
    from statusgen.status import as_of

    # As the page stands at `now`: an update written ahead of its time (a resolution
    # prepared in advance) is told when the page shows it, not before.
    site = as_of(audience.site, now)
    status = compute(site, now)
    # Readers get messages in the page's language (its translations/ overrides too).
    whole = as_of(audience.whole, now) if audience.whole is not None else None
    heard = _Heard(snapshot(site, status, whole), load_language(root, site.settings.language))
    before = (
        told_to(state, audience.page, site.settings.base_url, pages) if state is not None else None
    )
    if state is None or before is None:
        # Nothing recorded for this audience yet: record the present, tell nothing new.
        # What the page shows is told all the same: a recovery from it comes after it.
        heard.baseline = True
        heard.snapshot["since"] = told_since({}, [], site, status)
    else:
        for event, newest in (
            behind(before.get("snapshot", {}), site, notified_at(state)) if guess else []
        ):
            result.older[event.source.path] = newest
        if guess:
            heard.told_paths = told_files(before.get("snapshot", {}))
        # A state an earlier release wrote names a window under way by a kept message only.
        previous = with_kept_titles(before.get("snapshot", {}), _kept_changes(kept, audience))
        heard.changes = changes_between(previous, site, status, notified_at(state), whole)
        for cid, told_status in gone_down(previous, site, whole, heard.changes).items():
            # Retired: its name is still known (past incidents show it); removed: its id.
            try:
                name = (whole or site).component(cid).name
            except KeyError:
                name = cid
            result.gone_down[cid] = (name, told_status)
        heard.snapshot = as_told(heard.snapshot, previous, site, status, heard.changes, whole)
        # Each change once: one that two pages show (a component on both) is one change,
        # told on each page's channels.
        counted = {c.key for c in result.changes}
        result.changes += [c for c in heard.changes if c.key not in counted]
    # What was last recorded follows a file renamed since to the kept news of its event.
    told = before.get("snapshot", {}) if before is not None else {}
    mine = {c.name: c for c in audience.channels}
    for entry in kept:
        if _channel_of(entry) not in mine:
            continue  # another page's, or dropped by `notify`
        try:
            change = Change.from_json(entry["change"])
            age = now - datetime.fromisoformat(entry["since"])
            left = _recipients_left(entry, mine[entry["channel"]])
        except (KeyError, TypeError, ValueError):
            result.dropped += 1  # an entry edited by hand: nothing to resend
            continue
        if age > PENDING_AGE or left == ():
            result.dropped += 1  # too old, or each recipient left was taken off the channel
            if left != ():
                # Never delivered: an event it began owes the channel no end (owed_end).
                heard.dropped.setdefault(entry["channel"], []).append(change)
        elif not wants(mine[entry["channel"]], change):
            # Its channel's filters (`changes:`, `components:`) narrowed since: it no
            # longer wants the message, nor will it hear the rest of that news (the end
            # of an outage it would be told began). Never heard, it owes no end (owed_end).
            result.dropped += 1
            heard.dropped.setdefault(entry["channel"], []).append(change)
        elif (shown := as_shown(change, site, status, told)) is None:
            # A draft is published nothing of, and a deleted file says nothing: sent now,
            # it would link to a page the site no longer has. One the page left out (its
            # `show:` narrowed) is not what its channels last heard when shown again.
            result.withdrawn += 1
            heard.snapshot = undelivered_away(heard.snapshot, change)
            heard.dropped.setdefault(entry["channel"], []).append(change)
        else:
            change = shown
            heard.pending.append((entry["channel"], change))
            heard.since[entry["channel"], change.key] = entry["since"]
            if left is not None:
                heard.only[entry["channel"], change.key] = left
    # A kept end whose event's kept beginning was given up on above: never heard begin.
    owed = [(name, c) for name, c in heard.pending if owed_end(c, heard.dropped.get(name, []))]
    result.dropped += len(heard.pending) - len(owed)
    heard.pending = owed
    return heard


def _kept_changes(kept: list[Any], audience: Audience) -> list[Change]:
    """The changes `kept` for the audience's channels, those edited out of shape left out
    (_changes drops them)."""
    mine = {c.name for c in audience.channels}
    found = []
    for entry in kept:
        if _channel_of(entry) in mine:
            try:
                found.append(Change.from_json(entry["change"]))
            except (KeyError, TypeError, ValueError):
                continue
    return found


def _recipients_left(entry: dict[str, Any], channel: Channel) -> tuple[str, ...] | None:
    """The recipients a kept e-mail is still to reach, among the channel's now (None: all
    of them); TypeError for a list edited out of shape."""
    recipients = entry.get("recipients")
    if recipients is None:
        return None
    if not isinstance(recipients, list) or not all(isinstance(r, str) for r in recipients):
        raise TypeError("recipients")
    return tuple(r for r in channel.recipients if r in recipients)


def _channel_of(entry: Any) -> Any:
    """The channel a kept message is for (None for an entry edited out of shape)."""
    return entry.get("channel") if isinstance(entry, dict) else None


def _enqueue(channels: tuple[Channel, ...], heard: _Heard, queue: dict[str, list[Change]]) -> int:
    """Put each channel's pending messages, then its new ones, in its queue; returns how
    many pending ones were dropped because a new change undid them."""
    undone = 0
    for name, change in heard.pending:
        queue[name].append(change)
    for change in heard.changes:
        for channel in channels:
            mine = queue[channel.name]
            if (
                not wants(channel, change)
                or change.key in {c.key for c in mine}
                or not owed_end(change, heard.dropped.get(channel.name, []))
            ):
                continue
            if reopens_unheard(change, heard.dropped.get(channel.name, [])):
                continue
            # A kept e-mail that some of the channel's readers received is not theirs to
            # merge: the others still get it, then this one.
            whole = [c for c in mine if (channel.name, c.key) not in heard.only]
            kept = _kept_change_of(whole, change)
            if kept is None:
                mine.append(change)
                continue
            # The channel never heard the kept change: it hears where the status went
            # from what it was last told, or nothing when it went back.
            mine.remove(kept)
            merged = combined(kept, change)
            undone += 1 if merged is None else 0
            if merged is not None:
                mine.append(merged)
    return undone


def _kept_change_of(queue: list[Change], change: Change) -> Change | None:
    """The undelivered change of the same component already in a channel's queue."""
    if change.kind != "component_changed":
        return None
    return next(
        (c for c in queue if c.kind == "component_changed" and c.components == change.components),
        None,
    )
