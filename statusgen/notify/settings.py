"""The `notify:` section of statusgen.yaml: channels, their filters and their secrets.

Secrets (webhook URLs with tokens in them, signing keys, SMTP passwords) are never written
in the file: a channel names the environment variable that holds each one, and a secret
written out literally is a diagnostic pointing at its line.
"""

from __future__ import annotations

import os
import posixpath
import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast
from urllib.parse import urlsplit

from statusgen.errors import Diagnostic, Severity, fail
from statusgen.layout import DATA_DIR, GITHUB_DIR, NOTIFY_STATE_FILE, SETTINGS_FILE
from statusgen.load.fields import (
    Fields,
    as_written,
    between,
    did_you_mean,
    nearest_hint,
    one_for_several,
    unseen_slip,
)
from statusgen.load.yamlnodes import Mapping, Node, Scalar, Sequence, type_name
from statusgen.weburls import (
    PORTS,
    UNSEEN_HINT,
    carries_credential,
    has_bad_port,
    in_ascii,
    unseen_problem,
)

if TYPE_CHECKING:
    from email.errors import MessageDefect
    from email.headerregistry import Address, AddressHeader, BaseHeader

    from statusgen.validate import ComponentNames

CHANNEL_TYPES = ("slack", "discord", "teams", "webhook", "email")

# Every kind of change, in the order a story unfolds; the short names select a family.
KINDS = (
    "incident_opened",
    "incident_updated",
    "incident_resolved",
    "postmortem_published",
    "maintenance_scheduled",
    "maintenance_started",
    "maintenance_updated",
    "maintenance_completed",
    "maintenance_cancelled",
    "component_changed",
)
KIND_FAMILIES = {
    "incident": KINDS[:4],
    "maintenance": KINDS[4:9],
    "component": KINDS[9:],
}

DEFAULT_STATE_FILE = NOTIFY_STATE_FILE
# The places the docs (and the .gitignore `init` writes) give the state: a run whose own
# file holds none yet carries on from the one of these that does (notify.run._moved_from).
KNOWN_STATE_FILES = (DEFAULT_STATE_FILE, f"{DATA_DIR}/notify.json")
DEFAULT_TIMEOUT = 10.0
DEFAULT_RETRIES = 2
_MAX_TIMEOUT = 120.0
_MAX_RETRIES = 5

_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SECURITY = ("starttls", "tls", "none")
# One address alone: no name, no list, no space or line break, no C1 control (the C0
# ones are spaces or refused as the file is read).
_ADDRESS = re.compile(r"[^@\s<>\"',;\x7f-\x9f]+@[^@\s<>\"',;\x7f-\x9f]+\.[^@\s<>\"',;\x7f-\x9f]+")
# The Unicode categories of the characters that end a line (CR, LF, NEL, U+2028, U+2029)
# or are controls: no mail header carries one as written (the email package refuses to
# write a header with a line break, and a control character is no part of a name).
LINE_BREAKING = ("Cc", "Zl", "Zp")
# The name and address of `from` apart: `Name <address>`, read only to suggest a fix.
_NAMED = re.compile(r"\s*(?P<name>[^<>]*?)\s*<(?P<address>[^<>]*)>\s*")
_ENCODED_HINT = (
    "write the name without '=?': in a mail header it starts an encoded word (RFC 2047), "
    "which readers decode into other text"
)
_SENDER_EXAMPLE = "e.g. 'from: status@example.com' or 'from: Example Status <status@example.com>'"

_COMMON_KEYS = ("type", "name", "page", "components", "changes", "timeout", "retries")
_KEYS = {
    "slack": ("url_env",),
    "discord": ("url_env",),
    "teams": ("url_env",),
    "webhook": ("url", "url_env", "secret_env"),
    "email": (
        "host",
        "port",
        "security",
        "username",
        "username_env",
        "password_env",
        "from",
        "to",
        "list_unsubscribe",
    ),
}
# The environment variable a chat channel's URL is shown in, in every example for it.
_HOOK_NAMES = {
    "slack": "SLACK_WEBHOOK_URL",
    "discord": "DISCORD_WEBHOOK_URL",
    "teams": "TEAMS_WEBHOOK_URL",
}
# The variable each other `*_env` key is shown naming: a mail server's password shown as
# `SLACK_WEBHOOK_URL` would be the wrong secret to store.
_ENV_EXAMPLES = {
    "url_env": "WEBHOOK_URL",
    "secret_env": "WEBHOOK_SECRET",
    "username_env": "SMTP_USERNAME",
    "password_env": "SMTP_PASSWORD",
}
# What a channel's key left empty is told where removing the line is no fix, or its
# default no small matter: an empty `secret_env:` would send every message unsigned.
_EMPTY_HINTS = {
    "url_env": "write the name of the environment variable holding the URL, e.g. "
    f"'url_env: {_ENV_EXAMPLES['url_env']}'",
    "secret_env": "write the name of the environment variable holding the signing secret, "
    f"e.g. 'secret_env: {_ENV_EXAMPLES['secret_env']}', or remove the line to send unsigned",
}
# Keys that would hold a secret literally, and the key to use instead.
_LITERAL_SECRETS = {"secret": "secret_env", "password": "password_env", "token": "url_env"}


@dataclass(frozen=True)
class Channel:
    """One place messages go. Secrets are environment-variable names, read when sending."""

    type: str
    name: str  # unique among the channels; shown in the summary
    line: int  # where it is configured, for messages about it
    column: int = 0
    # The page (`pages:`) whose audience it speaks for: it is told only what that page
    # shows, in its words and with its links. None on a site without pages.
    page: str | None = None
    page_place: tuple[int, int] = (0, 0)  # (line, column) of `page:`'s value
    components: tuple[str, ...] = ()  # empty: every change, whatever it touches
    # (line, column) of each entry of `components`, for "unknown component" diagnostics.
    component_places: tuple[tuple[int, int], ...] = ()
    kinds: tuple[str, ...] = KINDS
    timeout: float = DEFAULT_TIMEOUT
    retries: int = DEFAULT_RETRIES
    url: str | None = None  # the generic webhook's address, when it is not a secret
    url_env: str | None = None
    secret_env: str | None = None
    host: str | None = None
    port: int | None = None
    security: str = "starttls"
    username: str | None = None
    username_env: str | None = None
    password_env: str | None = None
    # `from`, one mailbox: its address is the SMTP envelope's sender and the From header's,
    # and its name is written in the header quoted as needed (`"Acme, Inc." <...>`).
    sender: str | None = None
    sender_name: str = ""
    recipients: tuple[str, ...] = ()
    list_unsubscribe: str | None = None


@dataclass(frozen=True)
class Subscribe:
    """Addresses the operator publishes on the subscribe page (no secrets here)."""

    email: str | None = None  # a mailing-list address or its sign-up page
    webhook: str | None = None  # where readers register a webhook of their own
    # (line, column) of each value, for check's warnings; (0, 0) when not written.
    email_place: tuple[int, int] = (0, 0)
    webhook_place: tuple[int, int] = (0, 0)
    # As a page publishes it (published_subscribe): whether every webhook channel
    # speaking for the page signs its requests (`secret_env`).
    signed: bool = False


@dataclass(frozen=True)
class NotifySettings:
    channels: tuple[Channel, ...] = ()
    state: str = DEFAULT_STATE_FILE
    subscribe: Subscribe = Subscribe()


def parse_notify(
    path: str,
    node: Node,
    diagnostics: list[Diagnostic],
    private: Collection[str] = (),
    root: Path | None = None,
) -> NotifySettings | None:
    """The `notify:` mapping as NotifySettings, reporting each mistake; None when it is not
    a mapping. `private`: the site's folders its `state:` may not lie in (those it reads or
    publishes, relative to the site); with the site's folder `root`, links are followed. A
    channel with mistakes is kept as far as it could be read, so that what it
    names (components, a page) is checked in the same run (unknown_components,
    channel_pages): the settings are not valid while `diagnostics` holds anything."""
    fields = _mapping(
        path,
        node,
        diagnostics,
        ("notify", "'notify'"),
        "write 'notify:' and under it 'channels:' with a list of channels",
    )
    if fields is None:
        return None
    noun, hint = _LISTS["channels"]
    if not fields.mapping.entries:
        # As `channels: []`: a notify: that tells no one, which its author cannot have meant.
        fields.report(node, f"'notify' lists no {noun}", hint)
        return None
    fields.check_keys(("channels", "state", "timeout", "retries", "subscribe"))
    state = _state(fields, private, root)
    timeout = _timeout(fields) or DEFAULT_TIMEOUT
    retries = _retries(fields)
    defaults = (timeout, DEFAULT_RETRIES if retries is None else retries)
    channels: list[Channel] = []
    listed = None if fields.lists_nothing("channels", noun, hint) else fields.node("channels")
    if listed is not None and not isinstance(listed, Sequence):
        fields.wrong_type(
            "channels",
            listed,
            "a list of channels",
            "start each channel with '- type: slack' or another type",
        )
    elif listed is not None:
        for item in listed.items:
            channel = _channel(path, item, diagnostics, defaults)
            if channel is not None:
                channels.append(channel)
    names: dict[str, int] = {}
    for channel in channels:
        if channel.name in names:
            diagnostics.append(
                Diagnostic(
                    path,
                    channel.line,
                    0,
                    f"two channels are named '{channel.name}' (the other is on line "
                    f"{names[channel.name]})",
                    "give each channel its own 'name:'",
                )
            )
        names.setdefault(channel.name, channel.line)
    subscribe = _subscribe(path, fields, diagnostics)
    return NotifySettings(channels=tuple(channels), state=state, subscribe=subscribe)


def _mapping(
    path: str,
    node: Node,
    diagnostics: list[Diagnostic],
    what: tuple[str, str],
    hint: str,
    hints: dict[str, str] | None = None,
) -> Fields | None:
    """Fields over `node` (with `hints` for its keys left empty), or None after reporting
    that it is not a mapping.

    `what` is the name used in later messages and the subject of this one.
    """
    if isinstance(node, Mapping):
        return Fields(path, node, diagnostics, what[0], hints)
    diagnostics.append(
        Diagnostic(
            path,
            node.line,
            node.column,
            f"{what[1]} must be a mapping, not {type_name(node)}",
            hint,
        )
    )
    return None


def unknown_components(
    path: str, settings: NotifySettings, names: ComponentNames, shown: dict[str, frozenset[str]]
) -> list[Diagnostic]:
    """A diagnostic for each component a channel is limited to that the site does not have,
    or has retired: such a channel would silently never hear of it. A group is told with
    those of its components to name instead that the channel's page shows (`shown`: the
    ids each page shows; every one on a site without pages, or when they are unknown)."""
    found: list[Diagnostic] = []
    for channel in settings.channels:
        page = channel.page
        showing = shown.get(page) if page is not None else None
        for name, (line, column) in zip(channel.components, channel.component_places, strict=True):
            if name in names.ids:
                continue
            # Retired to take it off the pages, where no change of it is shown: said as
            # for a monitor or an ingest rule, not as an unknown id (the author retired it).
            problem = (
                names.retired_problem(
                    name,
                    f"channel '{channel.name}'",
                    "remove it from the channel's 'components:', name a current component in "
                    "its place",
                )
                or names.several(name)
                or names.group_problem(name, channel=channel.name, page=page, shown=showing)
            )
            message, hint = (
                problem
                or unseen_slip("component", name, names.ids.__contains__)
                or (
                    f"channel '{channel.name}' is limited to an unknown component '{name}'",
                    f"{names.did_you_mean(name)}use ids from content/components.yaml",
                )
            )
            found.append(Diagnostic(path, line, column, message, hint))
    return found


def unshown_components(
    path: str, settings: NotifySettings, shown: dict[str, frozenset[str]], known: Collection[str]
) -> list[Diagnostic]:
    """A diagnostic for each component a channel is limited to that its page does not show
    (`shown`: the ids each page shows): the channel hears only of what its page shows, so
    it would silently never be sent anything about it. Ids not `known` and unknown pages
    are left to unknown_components and channel_pages."""
    found: list[Diagnostic] = []
    for channel in settings.channels:
        if channel.page not in shown:
            continue
        places = zip(channel.components, channel.component_places, strict=True)
        for name, (line, column) in places:
            if name in shown[channel.page] or name not in known:
                continue
            hint = f"add '{name}' to the 'show:' of page '{channel.page}'"
            showing = [page for page, ids in shown.items() if name in ids]
            if showing:
                hint += f", or give the channel a page that shows it: {', '.join(showing)}"
            found.append(
                Diagnostic(
                    path,
                    line,
                    column,
                    f"channel '{channel.name}' is limited to component '{name}', which its "
                    f"page '{channel.page}' does not show: it would never be sent anything",
                    hint,
                )
            )
    return found


def channel_pages(path: str, settings: NotifySettings, pages: tuple[str, ...]) -> list[Diagnostic]:
    """A diagnostic for each channel whose `page:` does not fit the site's `pages:`. On a site
    with pages a channel must name one: a default would tell one audience another's news."""
    found: list[Diagnostic] = []
    listed = ", ".join(pages)
    for channel in settings.channels:
        line, column = channel.page_place
        if channel.page is None and pages:
            found.append(
                Diagnostic(
                    path,
                    channel.line,
                    channel.column,
                    f"channel '{channel.name}' does not say which page's audience it speaks for",
                    f"add 'page:' with one of the pages: {listed}",
                )
            )
        elif channel.page is not None and not pages:
            found.append(
                Diagnostic(
                    path,
                    line,
                    column,
                    f"channel '{channel.name}' names page '{channel.page}', but this site has "
                    "no 'pages:'",
                    "remove 'page:': without pages every channel speaks for the one page",
                )
            )
        elif channel.page is not None and channel.page not in pages:
            found.append(
                Diagnostic(
                    path,
                    line,
                    column,
                    *unseen_slip("page", channel.page, pages.__contains__)
                    or (
                        f"channel '{channel.name}' names page '{channel.page}', which is not "
                        "a page",
                        f"{did_you_mean(channel.page, pages)}pages: {listed}",
                    ),
                )
            )
    return found


def _state(fields: Fields, private: Collection[str], root: Path | None) -> str:
    """The state file `state:` names, relative to the site; reported when it lies outside
    the site or in one of its `private` folders. The state holds every page's incident
    titles, messages and component names, private pages' included: in static/ or an output
    folder it would be published, in content/ read as an incident, and outside the site a
    changed statusgen.yaml could have any file of the machine overwritten."""
    from statusgen.config import home_path

    node = fields.scalar("state")
    if node is None or not node.text.strip():
        # The default file may be a link (to keep the state elsewhere): not into a folder
        # a build publishes, where a link of its own would be refused as a `state:` is.
        named = f"the state file {DEFAULT_STATE_FILE!r}"
        refused = _refused(named, DEFAULT_STATE_FILE, private, root) if root is not None else None
        if refused is not None:
            fields.report(
                fields.mapping if node is None else node,
                refused,
                f"link {DEFAULT_STATE_FILE} to a file outside the folders a build reads or "
                "publishes, or name one with 'state:'",
            )
        return DEFAULT_STATE_FILE
    written = node.text.strip()
    home, _ = home_path(written)
    plain = posixpath.normpath(home.replace("\\", "/"))
    hint = _state_hint(
        f"'state: {DEFAULT_STATE_FILE}' (the default); to keep it elsewhere, pass --state or "
        "make that file a symbolic link to a file there (create it empty to start)"
    )
    if plain.startswith(("/", "../")) or plain in (".", "..") or re.match(r"[A-Za-z]:", plain):
        fields.report(node, f"state must name a file inside the site, not {written!r}", hint)
        return DEFAULT_STATE_FILE
    refused = _refused(f"state {written!r}", plain, private, root)
    if refused is not None:
        fields.report(node, refused, hint)
        return DEFAULT_STATE_FILE
    return plain


def check_state_option(written: Path, root: Path, private: Collection[str]) -> None:
    """Raise the problem with `--state` (relative to the working folder) when it lies in one
    of the site's `private` folders, as a `state:` there is refused (_state). Outside the
    site it is what the option is for: the person running notify chose it, no file did."""
    path = Path(os.path.abspath(written))
    site = Path(os.path.abspath(root))
    plain = path.relative_to(site).as_posix() if path.is_relative_to(site) else str(path)
    refused = _refused(f"--state {written.as_posix()!r}", plain, private, root)
    if refused is not None:
        raise fail(
            str(written),
            refused,
            _state_hint(f"'--state {DEFAULT_STATE_FILE}' (the default), or outside the site"),
        )


def _refused(named: str, plain: str, private: Collection[str], root: Path | None) -> str | None:
    """Why the state file `plain` (relative to the site, or absolute), `named` so, may not
    be there, its links followed when the site's folder `root` is known: in one of the
    site's `private` folders, or among the repository's settings, which each run would
    write over and the deploy workflow cache and restore as the state; None when it may."""
    from statusgen.config import folders_overlap

    inside = _published(plain, private, root)
    if inside is not None:
        return _state_refusal(named, inside)
    # As written, and where its links lead (a state kept "elsewhere" through a link).
    places = [plain]
    if root is not None:
        real = Path(os.path.realpath(root / plain))
        site = Path(os.path.realpath(root))
        if real.is_relative_to(site):
            places.append(real.relative_to(site).as_posix())
    if SETTINGS_FILE in places:
        return f"{named} is the site's settings file: each notify run would write over it"
    if any(folders_overlap(place, GITHUB_DIR) for place in places):
        return (
            f"{named} lies in {GITHUB_DIR}/, the repository's workflows and settings for "
            "GitHub: each notify run would write among them"
        )
    return None


def _published(plain: str, private: Collection[str], root: Path | None) -> str | None:
    """Which of the site's `private` folders the state file `plain` (relative to the site,
    or absolute) lies in, its links followed when the site's folder `root` is known: said
    as private_reach says it; None when it lies in none."""
    from statusgen.config import folders_overlap

    inside = next((f"{f}/" for f in private if folders_overlap(plain, f)), None)
    if inside is None and root is not None:
        from statusgen.load.files import private_reach

        inside = private_reach(root / plain, root, private)
    return inside


def _state_refusal(named: str, inside: str) -> str:
    return (
        f"{named} lies in {inside}, which a build reads or publishes: what notify told "
        "(private pages' incidents included) would go with it"
    )


def _state_hint(example: str) -> str:
    return f"keep it in the site's own folder, e.g. {example}"


def _timeout(fields: Fields) -> float | None:
    node = fields.scalar("timeout", expected="a number of seconds")
    if node is None:
        return None
    # Before the type: `090` is text to YAML 1.1.
    if fields.not_decimal("timeout", node, refused=_timeout_refused):
        return None
    if node.kind not in ("int", "float") or isinstance(node.value, bool):
        fields.wrong_type("timeout", node, "a number of seconds")
        return None
    assert isinstance(node.value, int | float)
    refusal = _timeout_refused(node.value)
    if refusal is not None:
        fields.report(node, f"timeout {refusal[0].removeprefix('it ')}", refusal[1])
        return None
    return float(node.value)


def _timeout_refused(value: float) -> tuple[str, str] | None:
    """Why a timeout of `value` seconds is refused, and a value to write instead."""
    if 0 < value <= _MAX_TIMEOUT:
        return None
    return (
        f"it must be more than 0 and at most {_MAX_TIMEOUT:g} seconds",
        nearest_hint("timeout", value, 0, _MAX_TIMEOUT)
        if value > _MAX_TIMEOUT
        else f"e.g. 'timeout: {DEFAULT_TIMEOUT:g}', the default",
    )


def _retries(fields: Fields) -> int | None:
    retries = fields.integer(
        "retries", example=DEFAULT_RETRIES, refused=between("retries", 0, _MAX_RETRIES)
    )
    if retries is not None and not 0 <= retries <= _MAX_RETRIES:
        node = fields.mapping.get("retries")
        assert isinstance(node, Scalar)  # integer read a number from it
        fields.report(
            node,
            f"retries must be between 0 and {_MAX_RETRIES}, not {as_written(node)}",
            nearest_hint("retries", retries, 0, _MAX_RETRIES),
        )
        return None
    return retries


def _env_name(fields: Fields, key: str, kind: str, *, required: bool = False) -> str | None:
    """The environment variable's name `key` holds in a `kind` channel, if well written."""
    named = _HOOK_NAMES[kind] if key == "url_env" and kind in _HOOK_NAMES else _ENV_EXAMPLES[key]
    node = fields.scalar(
        key,
        required=required,
        expected="the name of an environment variable",
        example=f"e.g. '{key}: {named}'",
    )
    if node is None:
        return None
    if not _ENV_NAME.fullmatch(node.text):
        fields.report(
            node,
            f"'{key}' names an environment variable, not {node.text!r}",
            f"write the variable's name, e.g. {named}, and set its value in CI secrets",
        )
        return None
    return node.text


# What each list-valued channel key lists, and how to fix it when it lists nothing.
_LISTS = {
    "channels": (
        "channel",
        "add a channel below 'channels:', e.g. '- type: slack', or remove 'notify:' to send "
        "no messages",
    ),
    "components": (
        "component",
        "name the components this channel is told about, e.g. 'components: [api, checkout]', "
        "or remove 'components:' to tell it about every component",
    ),
    "changes": (
        "kind of change",
        "name the kinds it is sent, e.g. 'changes: [incident, maintenance]', or remove "
        "'changes:' to send it every kind",
    ),
    "to": ("address", "e.g. 'to: [oncall@example.com]'"),
}


def _strings(fields: Fields, key: str) -> tuple[Scalar, ...] | None:
    """A list of scalars (a single scalar counts as a list of one); None when absent, and
    after reporting a value that is not a list or lists nothing."""
    # Left empty (`to:` or `to: []`) a list means nothing the author could have wanted:
    # no recipient fails every run, no kind of change sends nothing ever, and no component
    # would read as "no limit", every change, the opposite of what it says.
    if fields.lists_nothing(key, *_LISTS[key]):
        return None
    node = fields.node(key)
    if node is None:
        return None
    items = (
        (node,) if isinstance(node, Scalar) else node.items if isinstance(node, Sequence) else None
    )
    if items is None or not all(isinstance(i, Scalar) for i in items):
        fields.wrong_type(key, node, "a list of names", f"e.g. '{key}: [first, second]'")
        return None
    return tuple(i for i in items if isinstance(i, Scalar))


def _channel(
    path: str, node: Node, diagnostics: list[Diagnostic], defaults: tuple[float, int]
) -> Channel | None:
    fields = _mapping(
        path,
        node,
        diagnostics,
        ("channel", "a channel"),
        "e.g. '- type: slack' with 'url_env: SLACK_WEBHOOK_URL' under it",
        _EMPTY_HINTS,
    )
    if fields is None:
        return None
    known = f"known types: {', '.join(CHANNEL_TYPES)}"
    kind_node = fields.scalar(
        "type", required=True, expected="a channel type", example=f"e.g. 'type: slack'; {known}"
    )
    if kind_node is None:
        return None
    kind = kind_node.text
    if kind not in CHANNEL_TYPES:
        fields.report(
            kind_node,
            f"unknown channel type '{kind}'",
            f"{did_you_mean(kind, CHANNEL_TYPES)}{known}",
        )
        return None
    # Secrets written out are reported by _literal_secrets, not as unknown keys; the known
    # keys listed are the ones this type accepts, never one just refused.
    fields.check_keys((*_COMMON_KEYS, *_KEYS[kind]), reported=_literal_secrets(fields, kind))
    values: dict[str, object] = {
        "type": kind,
        "name": fields.text("name") or kind,
        "line": node.line,
        "column": node.column,
        "timeout": _timeout(fields) or defaults[0],
    }
    page = fields.scalar("page")
    if page is not None:
        values["page"] = page.text
        values["page_place"] = (page.line, page.column)
    retries = _retries(fields)
    values["retries"] = defaults[1] if retries is None else retries
    components = _strings(fields, "components")
    if components is not None:
        values["components"] = tuple(c.text for c in components)
        values["component_places"] = tuple((c.line, c.column) for c in components)
    changes = _strings(fields, "changes")
    if changes is not None:
        values["kinds"] = _kinds(fields, changes)
    if kind in ("slack", "discord", "teams"):
        # A URL written out was reported above; asking for url_env as well says it twice.
        values["url_env"] = _env_name(
            fields, "url_env", kind, required="url" not in fields.mapping.entries
        )
    elif kind == "webhook":
        _webhook(fields, values)
    else:
        _email(fields, values)
    # Returned despite mistakes of its own (reported): its page and components are checked
    # too, and a run must say every problem at once.
    return Channel(**values)  # type: ignore[arg-type]


def _literal_secrets(fields: Fields, kind: str) -> set[str]:
    """A secret written in the file is readable by everyone who can read the repository.
    Returns the keys reported so (a refused `url` too), for check_keys to pass over."""
    reported: set[str] = set()
    for key, entry in fields.mapping.entries.items():
        if key == "url" and kind in _HOOK_NAMES:
            fields.report(
                entry.key,
                f"a {kind} webhook URL is a secret: anyone who has it can post to the channel",
                f"keep it out of statusgen.yaml: write 'url_env: {_HOOK_NAMES[kind]}' and store "
                "the URL in that environment variable (a CI secret)",
            )
        elif key == "url" and kind != "webhook":
            fields.report(entry.key, "unknown key 'url' in channel", "an e-mail channel has 'host'")
        elif key in _LITERAL_SECRETS:
            instead = _LITERAL_SECRETS[key]
            fields.report(
                entry.key,
                f"'{key}' would put a secret into statusgen.yaml",
                f"write '{instead}: NAME' and store the value in the environment variable NAME "
                "(a CI secret)",
            )
        else:
            continue
        reported.add(key)
    return reported


def _kinds(fields: Fields, changes: tuple[Scalar, ...]) -> tuple[str, ...]:
    chosen: set[str] = set()
    known = (*KIND_FAMILIES, *KINDS)
    for item in changes:
        if item.text in KIND_FAMILIES:
            chosen.update(KIND_FAMILIES[item.text])
        elif item.text in KINDS:
            chosen.add(item.text)
        else:
            # Several written as one ('incident, maintenance'): a did-you-mean would name
            # one of them, and following it would drop the others without a word.
            fields.report(
                item,
                *one_for_several(item.text, known, "kinds of change")
                or (
                    f"unknown kind of change '{item.text}'",
                    f"{did_you_mean(item.text, known)}known: {', '.join(known)}",
                ),
            )
    return tuple(k for k in KINDS if k in chosen)


# The address a webhook channel's examples show.
_WEBHOOK_URL = "https://hooks.example.com/status"


def _webhook(fields: Fields, values: dict[str, object]) -> None:
    url = fields.scalar("url", expected="an http(s) URL", example=f"e.g. 'url: {_WEBHOOK_URL}'")
    url_env = _env_name(fields, "url_env", "webhook")
    if (url is None) == (url_env is None):
        if url is None and {"url", "url_env"} & fields.mapping.entries.keys():
            # Written but unreadable (`url_env:` left empty, `url: [...]`, a name that is
            # no variable's): said so, which is the one to fix; it is not missing.
            return
        fields.report(
            fields.mapping,
            "a webhook channel needs exactly one of 'url' and 'url_env'",
            f"e.g. 'url: {_WEBHOOK_URL}'",
        )
        return
    if url is not None:
        _webhook_url(fields, url)
        values["url"] = url.text
    values["url_env"] = url_env
    values["secret_env"] = _env_name(fields, "secret_env", "webhook")


def _webhook_url(fields: Fields, url: Scalar) -> None:
    """Report what keeps the webhook's `url` from being delivered to as written."""
    unseen = unseen_problem(url.text)
    if unseen is not None:  # said before the wrong scheme, which repeats the URL
        fields.report(url, f"'url' {unseen}", UNSEEN_HINT)
        return
    try:
        parts = urlsplit(url.text)
    except ValueError:  # "http://[::1/": a bracket not closed
        fields.report(
            url,
            "'url' must be an http(s) URL: a '[' around an IPv6 address is not closed",
            "e.g. 'url: https://hooks.example.com/status' or 'url: http://[::1]:8080/hook'",
        )
        return
    # The credential first: the message about a wrong scheme repeats the URL.
    if carries_credential(url.text):
        fields.report(
            url,
            "this URL carries a credential, which would be a secret in statusgen.yaml",
            "write 'url_env: NAME' and store the whole URL in the environment variable NAME",
        )
    elif parts.scheme not in ("http", "https") or not parts.netloc:
        fields.report(
            url,
            f"'url' must be an http(s) URL, not {url.text!r}",
            "e.g. 'url: https://hooks.example.com/status'",
        )
    elif has_bad_port(url.text):
        low, high = PORTS
        fields.report(
            url,
            f"the port in 'url' is not a number from {low} to {high}",
            "e.g. 'url: https://hooks.example.com:8443/status', or leave the port out for the "
            "scheme's own (80 or 443)",
        )
    else:
        try:
            in_ascii(url.text)  # what notify sends: a host outside ASCII in its IDNA form
        except UnicodeError:
            fields.report(
                url,
                f"the host in 'url' is not a domain name: {parts.hostname!r}",
                "write the host as the domain is registered, e.g. störung.example.de or its "
                "ASCII form xn--strung-xxa.example.de",
            )


def _email(fields: Fields, values: dict[str, object]) -> None:
    values["host"] = fields.text("host", required=True)
    security = fields.scalar("security", choices=_SECURITY)
    if security is not None:
        if security.text in _SECURITY:
            values["security"] = security.text
        else:
            fields.report(
                security,
                f"unknown security '{security.text}'",
                f"{did_you_mean(security.text, _SECURITY)}use starttls (port 587), tls (port 465) "
                "or none (a relay on the same machine only)",
            )
    port = fields.integer("port", example=587)
    if port is not None and not 0 < port < 65536:
        written = fields.mapping.entries["port"].value
        assert isinstance(written, Scalar)  # integer read a number from it
        fields.report(
            written,
            f"port must be 1 to 65535, not {as_written(written)}",
            "e.g. 'port: 587' for starttls or 'port: 465' for tls; leave it out for that default",
        )
    values["port"] = port if port is not None else (465 if values.get("security") == "tls" else 587)
    values["username"] = fields.text("username")
    values["username_env"] = _env_name(fields, "username_env", "email")
    values["password_env"] = _env_name(fields, "password_env", "email")
    logs_in = any(values[k] for k in ("username", "username_env", "password_env"))
    host = values["host"]
    if security is not None and security.text == "none" and logs_in and isinstance(host, str):
        from statusgen.serve.server import is_loopback

        if not is_loopback(host.lower()):
            # Without TLS the login crosses the network in clear text: anyone on the way
            # reads the password.
            fields.report(
                security,
                f"security: none would send the SMTP login to {host} in clear text",
                "use 'security: starttls' (port 587) or 'security: tls' (port 465); 'none' is "
                "for a relay on this machine only (localhost, 127.0.0.1, ::1)",
            )
    _sender(fields, values)
    recipients = _strings(fields, "to")
    if recipients is None and "to" not in fields.mapping.entries:
        fields.report(
            fields.mapping, "channel missing required key 'to'", "add 'to: [address, ...]'"
        )
    for item in recipients or ():
        if not _ADDRESS.fullmatch(item.text):
            fields.report(
                item,
                f"{item.text!r} is not an e-mail address",
                "write each address alone, e.g. 'to: [oncall@example.com, team@example.com]'",
            )
    values["recipients"] = tuple(r.text for r in recipients or ())
    unsubscribe = fields.scalar("list_unsubscribe")
    if unsubscribe is not None:
        scheme = urlsplit(unsubscribe.text).scheme
        # https only, as for one-click unsubscribing (RFC 8058): a plain http link would
        # let anyone on the way read or replay a reader's unsubscribe request.
        unseen = unseen_problem(unsubscribe.text)  # a header is one line: no break in it
        if unseen is not None:
            fields.report(unsubscribe, f"'list_unsubscribe' {unseen}", UNSEEN_HINT)
        elif "=?" in unsubscribe.text:
            # Mail readers decode `=?…?=` in a header, and their decoded line break would
            # start a header of its own (the email package reads the address so too).
            fields.report(
                unsubscribe,
                f"'list_unsubscribe' holds '=?', which mail readers decode: {unsubscribe.text!r}",
                "write its '?' as %3F",
            )
        elif scheme in ("mailto", "https") and not any(c in unsubscribe.text for c in "<>"):
            values["list_unsubscribe"] = unsubscribe.text
        else:
            fields.report(
                unsubscribe,
                f"'list_unsubscribe' must be a mailto: or https: URL, not {unsubscribe.text!r}",
                "e.g. mailto:status-announce-unsubscribe@lists.example.com",
            )


def _sender(fields: Fields, values: dict[str, object]) -> None:
    """`from` as one mailbox, its name and address apart; a value that is no mailbox, or
    several (`Acme, Inc. <...>` is two: a comma parts addresses), is reported."""
    node = fields.scalar("from", required=True)
    if node is None:
        return
    text = node.text
    wrong = f"'from' must be an e-mail address, not {text!r}"
    broken = _line_break(text)
    if broken is not None:
        fields.report(node, wrong, f"remove {_described(broken)}: a mail header is one line")
        return
    header = _parsed(text)
    if header is None:
        fields.report(node, wrong, _ENCODED_HINT if "=?" in text else _SENDER_EXAMPLE)
        return
    names = [mailbox.display_name for mailbox in header.addresses]
    if any(_line_break(name) for name in names):  # `=?utf-8?q?a=01b?=` decoded
        fields.report(
            node, wrong, "its name decodes to a line break or control character: write it as text"
        )
        return
    if any("=?" in name for name in names):
        # Written into the header as it is, the name would be decoded by every reader,
        # and by the email package itself when it folds the line: `"\=?utf-8?q?a=0Ab?="`
        # came out as a header broken in two.
        fields.report(node, wrong, _ENCODED_HINT)
        return
    mailbox = _one_mailbox(header)
    if mailbox is not None:
        values["sender"] = mailbox.addr_spec
        values["sender_name"] = mailbox.display_name
        return
    several = len(header.addresses) > 1
    fields.report(
        node,
        f"'from' must be {'one' if several else 'an'} e-mail address, not {text!r}",
        _sender_hint(text, several=several),
    )


def _parsed(text: str) -> AddressHeader | None:
    """`text` read as the email package reads a From header; None where its parser fails:
    on some values that are no address (`"`, `.<a?=?=`), and on a name encoded as
    `=?utf-8?q?a=0Ab?=`, a line break once decoded."""
    # Imported here: only a site that sends e-mail reads an address, and the email
    # package's parser takes long to import.
    from email.headerregistry import AddressHeader
    from email.policy import default

    try:
        header = default.header_factory("from", text)
    except Exception:  # IndexError and AttributeError too, not only ValueError
        return None
    return header if isinstance(header, AddressHeader) else None


def _one_mailbox(header: AddressHeader) -> Address | None:
    """The header's address when it holds that one alone: not in a group (`Team: a@b.c;`),
    with nothing its parser skipped (`a <b@c.d> e`), an address `to:` would take too."""
    from email.errors import InvalidHeaderDefect

    mailboxes = header.addresses
    if (
        len(mailboxes) == 1
        and all(group.display_name is None for group in header.groups)
        and not any(isinstance(defect, InvalidHeaderDefect) for defect in _defects(header))
        and _ADDRESS.fullmatch(mailboxes[0].addr_spec)
    ):
        return mailboxes[0]
    return None


def _defects(header: AddressHeader) -> tuple[MessageDefect, ...]:
    """What the parser found wrong in `header`. The registry's header classes are each an
    AddressHeader and a BaseHeader, which has them; the type stubs know of no such class."""
    return cast("BaseHeader", header).defects


def _sender_hint(text: str, *, several: bool) -> str:
    """How to write `from` as one mailbox: its name quoted when it has `Name <address>`'s
    shape (in single quotes for YAML, which would read a value opening with `"` itself)."""
    from email.headerregistry import Address

    named = _NAMED.fullmatch(text)
    address = _parsed(named["address"]) if named and named["name"] else None
    found = None if address is None else _one_mailbox(address)
    if named and found is not None:
        mailbox = str(Address(named["name"].strip('"'), found.username, found.domain))
        quoted = "'" + mailbox.replace("'", "''") + "'"
        return (
            f"write from: {quoted}: a name with a comma or another mark of punctuation goes "
            "in double quotes"
        )
    if several:
        return f"a message comes from one sender: {_SENDER_EXAMPLE}"
    return _SENDER_EXAMPLE


def _line_break(text: str) -> str | None:
    """The first character of `text` no mail header may hold (LINE_BREAKING), or None."""
    return next((c for c in text if unicodedata.category(c) in LINE_BREAKING), None)


def _described(char: str) -> str:
    """`U+2028 (line separator)` or `U+000D (a control character)`: the character itself
    may not print, or may end the diagnostic's line."""
    name = unicodedata.name(char, "").lower() or "a control character"
    return f"U+{ord(char):04X} ({name})"


def _subscribe(path: str, fields: Fields, diagnostics: list[Diagnostic]) -> Subscribe:
    node = fields.node("subscribe")
    if node is None:
        return Subscribe()
    if not isinstance(node, Mapping):
        fields.wrong_type(
            "subscribe",
            node,
            "a mapping with 'email' and/or 'webhook'",
            "write 'email:' and/or 'webhook:' indented below 'subscribe:'",
        )
        return Subscribe()
    inner = Fields(path, node, diagnostics, "subscribe")
    inner.check_keys(("email", "webhook"))
    found: dict[str, str] = {}
    places: dict[str, tuple[int, int]] = {"email": (0, 0), "webhook": (0, 0)}
    for key in ("email", "webhook"):
        value = inner.scalar(key)
        if value is None:
            continue
        places[key] = (value.line, value.column)
        text = value.text.strip()
        scheme = urlsplit(text).scheme
        if key == "email" and scheme == "mailto":
            # Written as the link it becomes: the address is what follows "mailto:" (the
            # colon would let it pass for a plain address, linked as mailto:mailto:...).
            address, mark, query = text[len("mailto:") :].partition("?")
            if _ADDRESS.fullmatch(address) and not any(c in text for c in "<>\"' "):
                found[key] = f"mailto:{address}{mark}{query}"
            else:
                inner.report(
                    value,
                    f"subscribe email's mailto: URL must name one address, not {address!r}",
                    "e.g. mailto:status-announce@lists.example.com, or the address alone",
                )
            continue
        plain_address = key == "email" and _ADDRESS.fullmatch(text)
        if plain_address or (
            scheme in ("https", "http", "mailto") and not any(c in text for c in "<>\"' ")
        ):
            found[key] = f"mailto:{text}" if plain_address else text
        else:
            inner.report(
                value,
                f"subscribe {key} must be an address or an http(s) URL, not {text!r}",
                "e.g. status-announce@lists.example.com or https://example.com/status-webhooks",
            )
    return Subscribe(
        email=found.get("email"),
        webhook=found.get("webhook"),
        email_place=places["email"],
        webhook_place=places["webhook"],
    )


def _speaking(settings: NotifySettings, kind: str, page: str | None) -> list[Channel]:
    """The channels of type `kind` that speak for `page` (every one on a site without
    pages, where `page` is None)."""
    return [c for c in settings.channels if c.type == kind and (page is None or c.page == page)]


def published_subscribe(settings: NotifySettings, page: str | None) -> Subscribe:
    """The addresses the subscribe page of `page` (None: the one page of a site without
    `pages:`) shows, without their places. On a site with pages an address is shown only on
    the pages a channel of its kind speaks for: the same list or endpoint on every page
    would publish a private page's address on a public one. The webhook is `signed` when
    every webhook channel of the page has a `secret_env`."""
    subscribe = settings.subscribe
    hooks = _speaking(settings, "webhook", page)
    return Subscribe(
        email=subscribe.email if page is None or _speaking(settings, "email", page) else None,
        webhook=subscribe.webhook if page is None or hooks else None,
        signed=bool(hooks) and all(c.secret_env for c in hooks),
    )


def unsent_subscribe(
    path: str, settings: NotifySettings, pages: Collection[str]
) -> list[Diagnostic]:
    """A warning for each address under `subscribe:` that no channel of its kind sends to:
    on a site without pages readers would sign up for messages statusgen never sends
    them; on a site with pages it is shown on no page (published_subscribe). A sign-up
    page (an http(s) URL for `email`) is no list statusgen sends to: the list's owner
    feeds it, and only a site with pages is warned that it is shown on none."""
    found: list[Diagnostic] = []
    subscribe = settings.subscribe
    for kind, value, (line, column) in (
        ("email", subscribe.email, subscribe.email_place),
        ("webhook", subscribe.webhook, subscribe.webhook_place),
    ):
        if value is None or _speaking(settings, kind, None):
            continue
        sign_up = kind == "email" and not value.startswith("mailto:")
        if sign_up and not pages:
            continue
        if sign_up:
            # As a list address: a private page's sign-up page must not reach a public one.
            message = (
                "subscribe email's sign-up page is shown on no page: like an address, it is"
                " shown only on the pages an email channel speaks for"
            )
            hint = (
                "add a channel with 'type: email' and the 'page:' whose readers sign up "
                "there, or remove 'email:' under 'subscribe:'"
            )
        elif pages:
            message = f"subscribe {kind} is shown on no page: no {kind} channel speaks for any page"
            hint = (
                f"add a channel with 'type: {kind}' and the 'page:' whose readers sign up "
                f"there, or remove '{kind}:' under 'subscribe:'"
            )
        else:
            message = (
                f"subscribe {kind} is shown on the subscribe page, but no {kind} channel "
                "sends to it"
            )
            hint = f"add a channel with 'type: {kind}', or remove '{kind}:' under 'subscribe:'"
        found.append(
            Diagnostic(
                path,
                line,
                column,
                message,
                hint,
                Severity.WARNING,
            )
        )
    return found
