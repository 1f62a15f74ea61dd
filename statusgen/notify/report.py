"""What `statusgen notify` prints: each message of a dry run, and the summary at the end."""

from __future__ import annotations

import json
import signal
from email.message import EmailMessage
from typing import Any

from statusgen.notify.changes import Change
from statusgen.notify.messages import UNDISCLOSED
from statusgen.notify.run import NOT_TRIED, Delivery, NotifyResult
from statusgen.notify.settings import Channel
from statusgen.render.terminal import printable


def show_message(channel: Channel, change: Change, payload: Any) -> str:
    """One message as a dry run prints it: which channel, which change, then the payload.
    Shown, never obeyed: a title's line break or escape sequence is written out, so it can
    start no line of its own (a fake header, a CI workflow command), and so is a direction
    override; the direction marks and isolates the message holds print as sent."""
    title = printable(change.title, marks=True)
    head = f"--- {channel.type} '{printable(channel.name)}': {change.kind} ({title})"
    if isinstance(payload, EmailMessage):
        # The headers and the text part as a reader sees them, not their transfer encoding.
        headers = "".join(f"{name}: {value}\n" for name, value in payload.items())
        if payload["To"] == UNDISCLOSED:
            # Who it goes to is in the envelope only (messages.to_header): said apart, in
            # a line no header could be mistaken for.
            headers += f"(sent to each of: {', '.join(channel.recipients)})\n"
        text = payload.get_body(("plain",))
        body = text.get_content() if isinstance(text, EmailMessage) else ""
        return (
            f"{head}\n{printable(headers, lines=True, marks=True)}\n"
            f"{printable(body, lines=True, marks=True)}"
        )
    # JSON writes C0 controls as escapes, but not C1 ones or the line separators.
    shown = json.dumps(payload, indent=2, ensure_ascii=False)
    return f"{head}\n{printable(shown, lines=True, marks=True)}"


def _count(number: int, word: str) -> str:
    return f"{number} {word}" + ("" if number == 1 else "s")


def behind(result: NotifyResult, *, dry_run: bool = False) -> str:
    """The one line saying why a run whose clock is behind the state's told nothing."""
    assert result.ahead is not None
    told = result.ahead.isoformat()
    state = printable(str(result.read_from))
    return (
        ("Dry run: a real run would send nothing" if dry_run else "Sent nothing")
        + f": the notification state at {state} was written at {told}, later "
        f"than this run's clock ({result.now.isoformat()}), and its readers were already told "
        "what the page showed then. Nothing to do if this re-runs an older deploy; if that "
        "time is wrong (a --now typed ahead), set notified_at in that file to when that run "
        "was, or delete the file to start over (the next run records the present and sends "
        f"nothing); otherwise run with --now {told} or later.\n"
    )


def older(result: NotifyResult, *, dry_run: bool = False) -> str:
    """The one line saying why a run on files older than those last told told nothing."""
    sent = "Dry run: a real run would send nothing" if dry_run else "Sent nothing"
    if result.older_commit is not None:
        commit, told, branch = result.older_commit
        state = printable(str(result.read_from))
        # The branch is what to act on when the newer commit was meant to be undone: a
        # force-push not made yet, or a remote-tracking branch not fetched since.
        undone = (
            f" If that commit was undone on purpose, {printable(branch)} still holds it: undo "
            "it there too (a remote's branch: force-push, then fetch)."
            if branch is not None
            else ""
        )
        return (
            f"{sent}: this checkout's commit {commit[:12]} is older than {told[:12]}, the "
            f"commit the notification state at {state} was last told from, and its readers "
            "were already told what that one shows. Nothing to do if this re-runs an older "
            f"deploy; the next run from a newer commit tells what changed.{undone}\n"
        )
    # Some files missing among others lacking updates: each missing one says so.
    missing = set(result.predating) if result.older_held is not None else set()
    only_missing = bool(missing) and set(result.older) <= missing
    files = ", ".join(
        f"{printable(path)} (told up to {newest.isoformat()}"
        + (", missing here)" if path in missing and not only_missing else ")")
        for path, newest in sorted(result.older.items())
    )
    # The state records an update as told once a run sent or kept it: it cannot say
    # whether a kept one reached anyone.
    lacks = "lacks updates (or a state) told or kept for sending"
    removed = (
        "; if an update was removed on purpose, write a new one saying so, and the next run "
        "tells it."
    )
    if only_missing:
        lacks = "was told or kept for sending, and is missing here"
        removed = "."
    # Once no branch holds the commit told from (history rewritten, then force-pushed and
    # fetched), git says this checkout is what the site shows, and the next run tells it.
    rewritten = ""
    if result.older_held is not None:
        told, branch = result.older_held[0][:12], printable(result.older_held[1])
        rewritten = (
            f" If history was rewritten on purpose, {branch} still holds {told}, the commit "
            "last told from: rewrite it there too (a remote's branch: force-push, then fetch)."
        )
        if missing:
            # Cut before the commit that added an event told since: the branch is older
            # there, whatever it adds of its own (a fix cherry-picked onto it).
            rewritten = (
                f" This branch was cut before {branch} added what is missing here, and "
                f"{branch} still holds {told}, the commit last told from: merge it into this "
                "branch (or rebase this branch onto it), and the next run tells what changed; "
                "to withdraw an event on purpose, delete its file in a commit after that."
            )
    return (
        f"{sent}: {files} {lacks}, so this checkout looks older than what was last told. "
        f"Nothing to do if this re-runs an older deploy{removed}{rewritten}\n"
    )


def stopped(result: NotifyResult) -> str:
    """The one line saying that a run stopped by a signal while sending saved what it did."""
    assert result.stopped is not None
    name = signal.Signals(result.stopped).name
    kept = sum(1 for d in result.failed if d.outcome.left != ())
    state = printable(str(result.state_path))
    left = (
        f"the next run sends the {_count(kept, 'message')} not delivered" if kept else "none left"
    )
    return (
        f"Stopped by {name}: started no message after it, and recorded what was delivered "
        f"in the notification state at {state}; {left}.\n"
    )


def _said(lines: list[str]) -> str:
    """The lines as printed, each ending in a newline; what they quote (a channel's or page's
    name, a server's reason) is shown, never obeyed, and breaks no line of its own."""
    return "".join(printable(line) + "\n" for line in lines)


def summary(result: NotifyResult, *, dry_run: bool = False) -> str:
    """Lines saying what happened per channel and overall, ending in a newline."""
    lines: list[str] = []
    if not result.channels:
        lines.append("No notification channels in statusgen.yaml (notify: channels:).")
    if result.carried_from is not None:
        # Said, as the file it read is not the one statusgen.yaml names.
        lines.append(
            f"Carried on from the notification state at {result.carried_from}: the file "
            f"statusgen.yaml gives it now (notify: state:, else the default), "
            f"{result.state_path}, held no state yet; "
            + (
                f"a real run would move it to {result.state_path}."
                if dry_run
                else f"moved to {result.state_path}."
                if result.unsaved is None and result.not_removed is None
                else f"saved to {result.state_path}, but could not remove "
                f"{result.carried_from} ({result.not_removed}): delete it by hand, or a "
                f"run that finds no {result.state_path} carries on from it and tells again "
                "all told since."
                if result.unsaved is None
                else "it stays until a run saves the state there."
            )
        )
    if result.baseline:
        lines.append(
            (
                f"The notification state at {result.state_path} was kept for pages this site"
                " no longer has, none at an address it now shows: "
                if result.earlier
                else f"No earlier notification state at {result.state_path}: "
            )
            + (
                "a real run would record the present and send nothing."
                if dry_run
                else "recorded the present; nothing was sent. Later runs tell what changes."
            )
        )
        return _said(lines)
    for page in result.recorded:
        # None: the site without pages, whose state was kept for pages at other addresses.
        told = "the site" if page is None else f"page '{page}'"
        lines.append(
            f"No earlier notification state for {told}: "
            + ("a real run would record" if dry_run else "recorded")
            + " what it shows and sent nothing for it."
        )
    lines.append(f"{_count(len(result.changes), 'change')} since the last notification.")
    lines += _gone_down(result)
    if dry_run:
        # What the real run would drop is part of its preview: a message kept for a
        # draft or a deleted incident must be seen not to go out.
        lines += _dropping(result, "A real run would give up on", "A real run would drop", True)
        lines.append("Dry run: nothing was sent and nothing was remembered.")
        return _said(lines)
    for channel in result.channels:
        mine = [d for d in result.deliveries if d.channel == channel.name]
        sent = sum(1 for d in mine if d.outcome.ok)
        line = f"  {channel.type} '{channel.name}': {sent} sent"
        failed = [d for d in mine if not d.outcome.ok]
        # An e-mail whose every refusing recipient refused it for good is not kept (the
        # others received it, and those will not take it), nor a message refused for good.
        for fate, these in (
            ("kept for the next run", [d for d in failed if d.outcome.left != ()]),
            ("not sent again", [d for d in failed if d.outcome.left == ()]),
        ):
            if these:
                # The causes first, in the order they happened, then what they held back:
                # "not tried: an earlier message failed" refers to a failure told before it.
                held_last = sorted(these, key=lambda d: d.outcome.error.startswith(NOT_TRIED))
                reasons = list(dict.fromkeys(_reason(d) for d in held_last))
                line += f", {len(these)} failed ({'; '.join(reasons)}): {fate}"
        lines.append(line)
    lines += _dropping(result, "Gave up on", "Dropped", False)
    failed = result.failed
    if failed:
        lines.append(f"{_count(len(failed), 'message')} could not be delivered.")
    elif len(result.deliveries) == 1:
        lines.append("The message was delivered.")
    elif result.deliveries:
        lines.append(f"All {_count(len(result.deliveries), 'message')} delivered.")
    return _said(lines)


def _reason(delivery: Delivery) -> str:
    """Why a message was not delivered, after how many attempts (none: only why not), then
    what to change: the count belongs to the failure, never to the advice."""
    outcome = delivery.outcome
    said = outcome.error
    if outcome.attempts:
        said += f" after {_count(outcome.attempts, 'attempt')}"
    return f"{said}; hint: {outcome.hint}" if outcome.hint else said


def _gone_down(result: NotifyResult) -> list[str]:
    """A note per component retired or removed while its channels last heard it down."""
    return [
        f"Note: component '{cid}'"
        + ("" if name == cid else f" ({name})")
        + f" is retired or removed, and its channels were last told it is {told}: no "
        "message tells a component gone, so their readers still see it so. Tell them "
        "yourself, or put it back in content/components.yaml, make it operational, run "
        "notify, and retire it then."
        for cid, (name, told) in result.gone_down.items()
    ]


def _dropping(result: NotifyResult, give_up: str, drop: str, dry_run: bool) -> list[str]:
    """The lines saying which undelivered messages are given up on or dropped (by a real
    run, when `dry_run`)."""
    lines: list[str] = []
    if result.dropped:
        lines.append(
            f"{give_up} {_count(result.dropped, 'undelivered message')}: "
            "older than a day, or for a channel or address no longer configured,"
            " or one whose filters no longer let them through."
        )
    if result.unconfigured:
        # A channel's kept messages go by its name: one renamed is one removed and one added.
        names = ", ".join(f"'{name}' ({n})" for name, n in sorted(result.unconfigured.items()))
        first = min(result.unconfigured)
        if dry_run:
            lines.append(
                f"  Kept for channel names no longer in statusgen.yaml: {names}. A channel's "
                "undelivered messages are kept under its name: if one was renamed, give it "
                f"back its old name (name: {first}) before the real run to deliver them, "
                "and rename it once they are delivered."
            )
        else:
            # The state no longer holds them: giving the old name back delivers nothing.
            lines.append(
                f"  Of those, kept for channel names no longer in statusgen.yaml: {names}. "
                "They are gone for good (giving a channel back its old name does not "
                "bring them back): if one was renamed, tell its readers yourself what they "
                "missed. A dry run names such messages while the old name can still "
                "deliver them."
            )
    if result.withdrawn:
        lines.append(
            f"{drop} {_count(result.withdrawn, 'undelivered message')}: "
            "what they told is no longer on the page."
        )
    return lines
