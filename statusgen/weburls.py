"""The rules every http(s) URL a site's files give shares: `base_url`, a webhook's `url`,
a monitor's `url`. Each rule lives here once, so the three keys refuse the same things and
turn a URL into what goes over the wire the same way.
"""

from __future__ import annotations

import html
import itertools
import re
import unicodedata
from collections.abc import Iterator
from typing import NamedTuple
from urllib.parse import SplitResult, parse_qsl, quote, unquote, urlsplit, urlunsplit

# The schemes a page links to; the sanitizer drops a link to any other (render/markdown.py).
# `tel:` too: a support line's number is as often linked on a status page as its mail.
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# What stays as written when a URL is put in ASCII: RFC 3986's unreserved and reserved
# characters (bar the delimiters "?" and "#" and the IPv6 brackets) and "%", so an escape
# already written is kept, not escaped twice.
_KEPT_IN_PATH = "/%!$&'()*+,;=:@-._~"
_KEPT_IN_QUERY = _KEPT_IN_PATH + "?"
# The ports a URL can name and anything be connected to: 0 is none, and beyond 65535
# http.client fails as if the server had refused the connection.
PORTS = (1, 65535)


def _split_login(url: str) -> tuple[str, str | None]:
    """`url` without the login before its host, and the login as written (None when none).

    The login is read as a person writes it, not as urlsplit reads it: urlsplit ends the
    host at "#", "?" or "/", so in `https://deploy:Top#1@host/` it took "deploy:Top" for
    host and port, and the password for a port to print. Here an "@" between "//" (or
    the start, when "//" is missing: `deploy:pw@host/`) and the next "/" marks a login,
    up to the last "@" there: a password may hold "#", "?", ":" and "@".

    A password may hold "/" too (generated ones often do): when what precedes the first
    "/" reads as a user and password, not a host and port (`deploy:ab` in
    `https://deploy:ab/cd@host/`), an "@" after it and before any "?" or "#" ends the
    login. Without such a "port" (`https://medium.com/@user/post`, `host:8080/@ops`) an
    "@" after the "/" is part of the path."""
    head, slashes, _ = url.partition("//")
    # After "https://" or "//"; else ("deploy:pw@host/") from the start, leading "/" off.
    written = bool(slashes) and "/" not in head
    start = len(head) + 2 if written else len(url) - len(url.lstrip("/"))
    end = url.find("/", start)
    if end >= 0 and "@" not in url[start:end] and not _names_port(url[start:end]):
        rest = re.match(r"[^?#@]*@", url[end:])
        if rest is not None:  # the login runs past the "/" to this "@"
            end = url.find("/", end + rest.end())
    login, at, _ = url[start : len(url) if end < 0 else end].rpartition("@")
    if not at:
        return url, None
    return url[:start] + url[start + len(login) + 1 :], login


def _names_port(authority: str) -> bool:
    """Whether `authority` (no "@" in it) reads as a host, with a port if any: nothing or
    digits after its last ":" (an IPv6 address's own colons are inside its brackets)."""
    host_port = authority.rpartition("]")[2]
    colon, port = host_port.rpartition(":")[1:]
    return not colon or port == "" or (port.isascii() and port.isdigit())


def has_login(url: str) -> bool:
    """Whether the URL names a user or password before its host (`https://u:p@host/`),
    also when the `https://` is missing (`deploy:pw@host/`, `pw@host/`).

    Callers refuse it without repeating the URL, so the password stays out of logs."""
    return _split_login(url)[1] is not None


# Words that name a credential as a word of a query parameter's name, or at the end of
# one run together with others (?apitoken=, ?authtoken=, ?X-Amz-Security-Token=,
# ?JSESSIONID=), where no ordinary word ends with them; at its start they begin ordinary
# words (tokenizer, secretary, passwordless, credentialing). Plurals only where they name
# a credential as often (?credentials=, not ?tokens_left=).
_SECRET_PARTS = frozenset(
    {"token", "secret", "password", "passwd", "passphrase", "credential", "signature"}
    | {"credentials", "secrets", "sessionid", "sessid"}
    | {"apikey", "accesskey", "secretkey", "privatekey"}
)
# Short words that name one only as a whole word of the name (_WORD: ?api_key=, ?apiKey=,
# ?sig=, ?client_assertion=): inside longer words they are ordinary names (signup,
# author, keyword, passage).
_SECRET_WORDS = frozenset(
    {"key", "sig", "auth", "pwd", "pass", "authorization", "bearer", "jwt", "hmac", "assertion"}
)
# `?code=` is an OAuth authorization code where one is sent back (_is_oauth_code), while
# `?country_code=` or `?promo-code=` never is.
_CODE = "code"
# Two words that name a credential together, and apart nothing (?session_id=, ?sessionId=).
# `?session=` alone is not one of them: it names a conference's talk or a course's
# meeting (`?session=keynote`) as often as a login's id.
_SECRET_PAIRS = frozenset({("session", "id")})
# A last word that makes the name say something about a credential, not hold one
# (?token_type=bearer, ?auth_type=oauth, ?signature_required=false, ?tokenFormat=jwt,
# ?hmac_algorithm=sha256, ?key_id=, ?keyId=, ?auth_error=access_denied,
# ?auth_provider=google, ?pass_count=3, Grafana's ?var-auth_service=, ?password_reset=1).
_ABOUT_WORDS = frozenset(
    {"type", "required", "method", "mode", "format", "algorithm"}
    | {"id", "error", "provider", "count", "service", "reset"}
)
# Words that make a key one given out, not kept (?public_key=, ?publicKey=, Stripe's
# ?publishable_key=).
_PUBLIC_WORDS = frozenset({"public", "publishable"})
# Last two words that name something else than a credential: a list's cursor
# (?pageToken=, ?next_page_token=, as Google's APIs and many after them name it), and a
# key that orders, finds or routes records, not one that opens anything (?sort_key=).
_OTHER_THAN_SECRETS = frozenset(
    {("page", "token"), ("sort", "key"), ("primary", "key"), ("partition", "key")}
    | {("cache", "key"), ("routing", "key"), ("idempotency", "key")}
)
# A name's words: parts between "_", "-" or ".", and camelCase parts (apiKey, AWSAccessKeyId).
_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+")


def _is_secret_param(name: str) -> bool:
    named = [word.lower() for word in _WORD.findall(name)]
    # Before the words about one: ?session_id= ends with "id" and is the credential.
    if not _SECRET_PAIRS.isdisjoint(itertools.pairwise(named)):
        return True
    words = set(named)
    if named and (
        named[-1] in _ABOUT_WORDS
        or tuple(named[-2:]) in _OTHER_THAN_SECRETS
        or not words.isdisjoint(_PUBLIC_WORDS)
    ):
        return False
    return not words.isdisjoint(_SECRET_WORDS) or any(
        word.endswith(part) for word in words for part in _SECRET_PARTS
    )


# Path words of the address an OAuth provider sends its code back to (/callback,
# /oauth2/return, /auth/cb, /signin-oidc, /sso/…).
_OAUTH_PATH_WORDS = frozenset(
    {"callback", "cb", "oauth", "authorize", "authorise", "auth", "redirect", "sso", "signin"}
    | {"oidc"}
)
# An OAuth code's length at the least: Google's, GitHub's and Azure's are 20 to hundreds.
_OAUTH_CODE_LENGTH = 16


def _is_oauth_code(value: str, path: str, names: set[str]) -> bool:
    """Whether `?code=value` reads as an OAuth authorization code: on a path an OAuth
    provider redirects to, beside the `state` it is sent with, or a value as long as one,
    letters and digits mixed. `code` names an HTTP status (`https://http.cat/?code=503`),
    an error's or a language's (`?lang=de&code=python`) far more often in text, and
    warning of those would have the author hunt for a secret there is none of."""
    return (
        "state" in names
        or not _OAUTH_PATH_WORDS.isdisjoint(word.lower() for word in _WORD.findall(path))
        or (
            len(value) >= _OAUTH_CODE_LENGTH
            and any(char.isdigit() for char in value)
            and any(char.isalpha() for char in value)
        )
    )


# A value written in place of the secret, which is then not in the text: a redaction
# (REDACTED, REDACTED_TOKEN, ***, xxxx, …), a placeholder for the reader's own
# (YOUR_TOKEN, your-token-here) or a name in a shell's or a template's syntax
# ($API_TOKEN, ${TOKEN}, {{ token }}, <token>, [token], [REDACTED], %TOKEN%).
_STAND_IN = re.compile(
    r"(?i)[\W_]*|x+|(?:[a-z]+[_-])*(?:redacted|removed|hidden|masked)(?:[_-][a-z]+)*"
    r"|your[_-][a-z_-]+|\$\{?\w+\}?|\{\{?\s*[\w.-]+\s*\}?\}|<[\w.-]+>|\[[\w.-]+\]|%\w+%"
)
# A value after the "#" that names a view or a form a single-page app opens
# (`#password=reset`, `#token=new`), not a secret. Words, not a shape: a token written
# for an example (`#access_token=abc`) is still one to warn of.
_PAGE_STATE = re.compile(
    r"(?i)reset|forgot|change|new|create|edit|show|hide|open|close|settings|on|off|true|false"
)
# The incoming webhooks of the chat services notify posts to (its slack, discord and
# teams channels): the address is the secret, anyone who has it can post to the channel.
# Matched against the host and path, lowercased.
# Slack's workflow webhooks (/triggers/, /workflows/) are as much the secret as its
# incoming ones (/services/).
_CHAT_HOOK = re.compile(
    r"hooks\.slack\.com/(?:services|triggers|workflows)/"
    r"|(?:[a-z]+\.)?discord(?:app)?\.com/api/(?:v[0-9]+/)?webhooks/"
    r"|[a-z0-9-]+\.webhook\.office\.com/webhookb2/"
    r"|outlook\.office\.com/webhook/"
)


def _is_chat_hook(parts: SplitResult) -> bool:
    return bool(_CHAT_HOOK.match(f"{parts.netloc.lower()}{parts.path.lower()}"))


# A secret crossed out letter by letter, as `_STAND_IN` takes it.
_CROSSED_OUT = re.compile(r"(?i)x+")
# Slack's webhooks, and an id in one of them made up of zeros (`T00000000`, `B000`), as
# Slack's own documents write one: `/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX`.
_SLACK_HOOK = "hooks.slack.com/"
_ZERO_ID = re.compile(r"[A-Za-z]?0+")


def _hook_stand_in(parts: SplitResult) -> bool:
    """Whether a chat service's webhook address (_is_chat_hook) is a how-to's, its secret
    not written: its path ends with the service's own or a "/" (`/services/<token>`, where
    `<` ends the address), or with a stand-in (_STAND_IN: `/services/...`, `/{{ hook }}`).
    Letters crossed out (`XXXX`) hide a real one's secret too sloppily to be sure of,
    but in Slack's, whose documented example is just that, with ids of zeros: there a
    secret crossed out, or ids all zeros (which name no workspace), is a placeholder."""
    written = f"{parts.netloc.lower()}{parts.path.lower()}"
    hook = _CHAT_HOOK.match(written)
    rest = unquote(parts.path[len(hook.group()) - len(parts.netloc) :]) if hook else ""
    *ids, last = rest.split("/")
    if not last or (_STAND_IN.fullmatch(last) is not None and not _CROSSED_OUT.fullmatch(last)):
        return True
    return written.startswith(_SLACK_HOOK) and (
        _CROSSED_OUT.fullmatch(last) is not None
        or bool(ids and all(_ZERO_ID.fullmatch(one) for one in ids))
    )


def _carries_token(bare: str, *, stand_ins: bool = False) -> bool:
    """Whether the URL, its login taken off, is a chat service's webhook (_CHAT_HOOK) or
    has a query parameter named for a credential (an OAuth code: _is_oauth_code); with
    `stand_ins`, not counting one whose value only stands in for it (_STAND_IN), or after
    the "#" names a page's state (_PAGE_STATE).

    The fragment is read as a query too: a single-page app takes its parameters from
    after the "#" (`#/?auth_token=…`, OAuth's `#access_token=…`), and a token there is
    published as much as one before it."""
    try:
        parts = urlsplit(bare)
    except ValueError:  # "http://[::1/": a bracket not closed, no query to read
        return False
    if _is_chat_hook(parts):
        # A how-to's address (`/services/<token>`, Slack's `/services/T000/B000/XXXX`) is none.
        return not (stand_ins and _hook_stand_in(parts))
    # The fragment's own query when it has one (`#/route?token=…`), else all of it: a
    # fragment with no "=" (`#section-2`) yields no parameter.
    in_fragment = parts.fragment.partition("?")[2] or parts.fragment
    query, fragment = parse_qsl(parts.query), parse_qsl(in_fragment)
    names = {name.lower() for name, _ in (*query, *fragment)}
    return any(
        (
            _is_secret_param(name)
            or (name.lower() == _CODE and _is_oauth_code(value, parts.path, names))
        )
        and not (
            stand_ins and (_STAND_IN.fullmatch(value) or (after and _PAGE_STATE.fullmatch(value)))
        )
        for after, params in ((False, query), (True, fragment))
        for name, value in params
    )


def carries_credential(url: str, *, stand_ins: bool = False) -> bool:
    """Whether the URL holds a login before its host, is a chat service's webhook, or has a
    query parameter whose value is a credential in practice (`?token=…`, `?api_key=…`):
    each is a secret, not to be written in a site's files nor published. Callers say so
    without repeating the URL. With `stand_ins`, a password or token that only stands in
    for the secret (_STAND_IN: `app:***@`, `?token=$API_TOKEN`) is none, unless the user
    name is a token (_holds_secret_login): for a URL to be shown, not one sent as written,
    where `$TOKEN` would be the password.

    The login is read as written (_split_login), not where urlsplit ends the host: in
    `https://deploy:Top#1@host/` that is at "#", and the password would pass unseen. An
    "@" after the authority's "/" (`https://example.com/?contact=ops@example.com`) is
    no login. A user name alone counts: a URL given to be called holds one only as a
    token (`https://abc123@hooks.example.com/`)."""
    bare, login = _split_login(url)
    if login is not None and (
        not stand_ins or not login.partition(":")[2] or _holds_secret_login(url)
    ):
        return True
    return _carries_token(bare, stand_ins=stand_ins)


# Where a Markdown link's text ends and its target begins (`[https://…](https://…)`):
# no address runs on past it, so the text's address and the target's are read apart.
_LINK_TARGET = r"(?:(?!\]\()\S)"
# An address in free text: from its scheme, any scheme (`redis://`, `mongodb+srv://`),
# wherever that begins (`[docs](https://…)`, `Probe:https://…`, `DATABASE_URL=postgres://…`),
# or from the "//" of one that takes the page's scheme (`[dash](//admin:pw@host/)`,
# `href="//…"`, which a browser opens as `https://admin:pw@host/`), to the next space or a
# link's `](` (_in_text ends it sooner). That "//" is never one inside a word or another
# address (`a//b`, `https://`, `/a//b`), nor one before a space or another "/": a code
# comment (`// TODO`) or a rule of slashes.
_URL_IN_TEXT = re.compile(
    rf"(?i)(?:[a-z][a-z0-9+.-]*:|(?<![a-z0-9:/.@%~+-])(?=//[^\s/]))//{_LINK_TARGET}+"
)
# An address written without its scheme: a host with a dot (`api.example.com`,
# `10.0.0.5`), or one with a port (`localhost:8080`), then a path, a query or a fragment
# (`api.example.com?api_key=…`); or a path alone, beginning a word, as an access log or an
# error quotes a request (`"GET /v1/items?api_key=… HTTP/1.1"`, `` `/login?password=…` ``).
# Only its query and fragment are read: a word with an "@" and no scheme is a mail
# address far more often than a login (`ops@example.com`).
_BARE_ADDRESS = re.compile(
    r"(?i)(?:\b(?:[a-z0-9-]+(?:\.[a-z0-9-]+)+(?::[0-9]+)?|[a-z0-9-]+:[0-9]+)"
    rf"|(?<![^\s\"'`(\[<=])(?=/[^/]))[/?#]{_LINK_TARGET}+"
)
# ASCII characters no URL holds unescaped (RFC 3986 §2), which end one in a sentence.
_NEVER_IN_URL = frozenset('"<>\\^`{|}')
# What ends a sentence, or closes Markdown's emphasis or strikethrough around an address
# (`**https://…**`, `_https://…_`, `~~https://…~~`), rather than being the address's last
# character: GitHub's autolinker (cmark-gfm) leaves it out, and so do render/autolinks.py
# when it links one and the import when it hides a token in one, so they agree on its end.
ADDRESS_TRAILING = frozenset("?!.,:;*_~'\"")
# What wraps or ends an address in a sentence, not part of it; a closing bracket is the
# address's own when it closes one opened in it (`?sig=[REDACTED]`, `/wiki/Go_(language)`).
_AROUND_ADDRESS = ADDRESS_TRAILING | frozenset("()<>[]")
_OPENING = {")": "(", "]": "["}
# Punctuation that runs an address into the next words in prose (`https://example.com,ops@…`)
# and that a user name written in a URL holds next to never.
_PROSE_AFTER_HOST = re.compile(r"[,;]")


def _in_text(found: str) -> str:
    """The address a match of _URL_IN_TEXT or _BARE_ADDRESS is, as a reader sees it end.

    It ends at a character no URL holds unescaped: ASCII's (_NEVER_IN_URL), and any
    punctuation outside ASCII (a full-width comma or stop, «», “”), after which CJK prose
    often goes on with no space (`详情见https://www.example.com，或联系support@example.com`);
    then any wrapping punctuation is left off (_AROUND_ADDRESS).

    A "," or ";" in the authority before any "@" ends it too when what precedes it reads
    as a host (_names_port): by RFC 3986 `https://example.com,ops@example.com` has the
    login `example.com,ops`, yet in text it is an address and a mail address run
    together, and warning of it would have the author hunt for a secret there is none
    of. A user name holding a comma is next to never written; a password that does
    (`deploy:pa,ss@`) follows a ":" that is no port, and is still read as a login."""
    address = _written_on(found, past_prose=False)
    head, slashes, _ = address.partition("//")
    start = len(head) + len(slashes) if slashes else 0
    # The authority up to a login's "@" or its end: what a reader takes for the host.
    authority = re.split(r"[/?#@]", address[start:], maxsplit=1)[0]
    prose = _PROSE_AFTER_HOST.search(authority)
    if prose is not None and _names_port(authority[: prose.start()]):
        return address[: start + prose.start()]
    return address


def _written_on(found: str, *, past_prose: bool, enclosed: bool = False) -> str:
    """`found` up to a character no URL holds unescaped (_NEVER_IN_URL), or, unless
    `past_prose`, punctuation outside ASCII; without wrapping punctuation (_AROUND_ADDRESS).

    Read `past_prose` for its query: a path may hold such punctuation
    (`/障害報告書（第1報）.pdf?X-Amz-Signature=…`, `/Incident–Response?token=…`), and
    prose after an address seldom holds a "?" followed by a credential's name. `enclosed`:
    as _unwrapped takes it."""
    end = next(
        (
            at
            for at, char in enumerate(found)
            if char in _NEVER_IN_URL
            or (
                not past_prose and not char.isascii() and unicodedata.category(char).startswith("P")
            )
        ),
        len(found),
    )
    return _unwrapped(found[:end], enclosed=enclosed)


def _unwrapped(address: str, *, enclosed: bool = False) -> str:
    """`address` without the punctuation that wraps or ends it in text (_AROUND_ADDRESS).

    It ends first at a ")" or "]" that closes no bracket opened in it: the end of a
    Markdown link's target, read as CommonMark and Python-Markdown read one (its
    parentheses balanced: `[x](https://…?token=…)**`, `(…)/[y](…)`), or of a label
    (`[https://…?token=…]: https://…`). What follows is the text's, not the address's.

    `enclosed`: the address is a link's target or an autolink's (`](…)`, `<…>`), which
    Markdown ends at its bracket alone: a last `_`, `~` or `!` is the address's own."""
    depth = {"(": 0, "[": 0}
    for at, char in enumerate(address):
        opening = _OPENING.get(char)
        if char in depth:
            depth[char] += 1
        elif opening is not None:
            if not depth[opening]:
                address = address[:at]
                break
            depth[opening] -= 1
    while address and address[-1] in _AROUND_ADDRESS and not enclosed:
        opening = _OPENING.get(address[-1])
        if opening is not None and address.count(opening) >= address.count(address[-1]):
            break
        address = address[:-1]
    return address


# The prefixes of GitHub's and GitLab's tokens, which they document cloning with as the
# user name (`https://ghp_…@github.com/acme/api.git`, `https://glpat-…@gitlab.com/…`).
_TOKEN_PREFIX = re.compile(r"gh[oprsu]_|github_pat_|glpat-")
# How long a user name that is a generated token is at the least, and what it holds.
_TOKEN_LENGTH = 20
_TOKEN_CHARACTERS = re.compile(r"[A-Za-z0-9_-]+")


def _is_token(user: str) -> bool:
    """Whether a user name is a token: one of a known prefix (_TOKEN_PREFIX), or a long
    one that reads as generated, its letters and digits mixed (`abc123def456…@o1.ingest…`).

    Mixed means its characters switch between lowercase, uppercase and digits at least once
    every four: a generated token switches at nearly every other one, a name a person
    gives a service account (`svc-deploy-account-2024`) once or twice."""
    if _TOKEN_PREFIX.match(user):
        return True
    if len(user) < _TOKEN_LENGTH or not _TOKEN_CHARACTERS.fullmatch(user):
        return False
    kinds = [(char.isdigit(), char.isupper()) for char in user if char.isalnum()]
    switches = sum(one != other for one, other in itertools.pairwise(kinds))
    has_letter = any(char.isalpha() for char in user)
    return has_letter and any(char.isdigit() for char in user) and switches >= len(user) // 4


# A GitHub or GitLab token written on its own, in a note or a script (`ghp_` and 36 letters
# and digits, `github_pat_` and 82, `glpat-` and 20): _TOKEN_PREFIX, then _TOKEN_LENGTH or
# more of a token's characters, not inside a longer word.
_BARE_TOKEN = re.compile(
    rf"(?<![A-Za-z0-9_-])(?:{_TOKEN_PREFIX.pattern})([A-Za-z0-9_-]{{{_TOKEN_LENGTH},}})"
)
# An AWS access key id (`AKIA…` a user's, `ASIA…` a session's), and the secret access key
# it is of no use without: 40 characters of base64, upper and lower case and digits mixed
# (which a commit's 40 hex digits never are).
_AWS_KEY_ID = re.compile(r"(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])")
_AWS_SECRET = re.compile(r"(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])")
# What AWS's own documents write for a key pair (`AKIAIOSFODNN7EXAMPLE`,
# `wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`), copied into many a how-to.
_EXAMPLE = "EXAMPLE"


def _placeholder(token: str) -> bool:
    """Whether `token` only stands in for one: a stand-in (_STAND_IN: `XXXX`, `<token>`,
    `REDACTED`), an example's (`…EXAMPLE…`), or most of it one character (`ghp_0000…`)."""
    if _STAND_IN.fullmatch(token) or _EXAMPLE in token.upper():
        return True
    most = max(token.count(char) for char in set(token))
    return most * 2 >= len(token)


def _aws_secret(text: str) -> bool:
    """Whether `text` holds what reads as an AWS secret access key (_AWS_SECRET)."""
    return any(
        not _placeholder(found)
        and any(c.isupper() for c in found)
        and any(c.islower() for c in found)
        and any(c.isdigit() for c in found)
        for found in _AWS_SECRET.findall(text)
    )


def tokens_in(text: str) -> Iterator[int]:
    """Where each token written on its own begins in `text`, first to last: a GitHub or
    GitLab token (_BARE_TOKEN), and an AWS access key id when the text holds a secret
    access key too. A placeholder (`ghp_XXXX…`, AWS's examples) is none.

    The text is read as written and as Markdown publishes it (_as_published), as
    credential_at reads it: an escape (`ghp\\_…`) or a character reference (`ghp&#95;…`)
    hides a token from the one and not from the page; the place is then where the escaped
    token is written."""
    found = set(_tokens_written(text))
    if ("\\" in text or "&" in text) and _may_hold_token(text, published=True):
        published, written_at = _as_published(text)
        found.update(written_at[at] for at in _tokens_written(published))
    yield from sorted(found)


def _may_hold_token(text: str, *, published: bool = False) -> bool:
    """Whether `text` holds what some token begins with (one of _TOKEN_PREFIX's, an AWS
    key id's `AKIA`/`ASIA`), or, `published`, a character reference that may spell it: a
    test of substrings, which spares nearly every message the patterns (0.16 s of CPU in a
    first build at 10,000 incidents)."""
    return (
        "gh" in text
        or "github_pat_" in text
        or "glpat-" in text
        or "AKIA" in text
        or "ASIA" in text
        or (published and "&#" in text)
    )


def _tokens_written(text: str) -> list[int]:
    """Where in `text`, read as written, each token tokens_in finds begins."""
    if not _may_hold_token(text):
        return []
    found = [m.start() for m in _BARE_TOKEN.finditer(text) if not _placeholder(m.group(1))]
    if "AKIA" in text or "ASIA" in text:
        ids = [m.start() for m in _AWS_KEY_ID.finditer(text) if not _placeholder(m.group())]
        if ids and _aws_secret(text):
            found += ids
    return found


def tokens_outside_addresses(text: str) -> Iterator[int]:
    """Where each token tokens_in finds begins in `text`, first to last, but for one in an
    address credentials_in finds (`https://ghp_…@github.com/`): the address is told of,
    and its token would be told twice."""
    found = list(tokens_in(text))
    if not found:  # nearly every text: its addresses stay unread
        return
    spans = [
        (address.at, address.at + max(len(_address_written(text, address.at)), 1))
        for address in credentials_in(text)
    ]
    yield from (at for at in found if not any(start <= at < end for start, end in spans))


def _holds_secret_login(url: str) -> bool:
    """Whether the URL's login holds a password, not one that stands in for it
    (_STAND_IN: `postgresql://app:***@db/`, `redis://default:REDACTED@cache/`), or a
    token for a user name (_is_token). A user name alone (`ssh://git@host/`,
    `https://acme@dev.azure.com/`) says who logs in, not how, and is no secret in text."""
    login = _split_login(url)[1]
    if login is None:
        return False
    user, _, password = _login_parts(login)
    return (password != "" and not _STAND_IN.fullmatch(password)) or _is_token(user)


_ENCODED_COLON = re.compile("%3A", re.IGNORECASE)


def _login_parts(login: str) -> tuple[str, str, str]:
    """A URL's login as its user, the colon as written, and its password. A login with no
    ":" but a "%3A" is split there: a browser sends `admin%3Apw` decoded, as `admin:pw`,
    and the server reads a user and a password."""
    if ":" in login:
        return login.partition(":")
    colon = _ENCODED_COLON.search(login)
    if colon is None:
        return login, "", ""
    return login[: colon.start()], colon.group(), login[colon.end() :]


class SecretAddress(NamedTuple):
    """An address in free text that carries a secret (credential_at)."""

    at: int  # where it begins in the text
    # A chat service's webhook (_CHAT_HOOK): the whole address is the secret, not a login
    # or a token in it that could be taken out.
    webhook: bool


def credential_at(text: str) -> SecretAddress | None:
    """The first address in free text (a description, an update) that carries a password,
    a token or is a chat service's webhook, wherever in a word it begins; None when none.
    Callers say so without repeating the text: the secret is in it.

    A value standing in for the token (`?token=REDACTED`, `?token=$API_TOKEN`) is none.

    The text is read as written and as Markdown publishes it (_as_published): an escape
    (`?access\\_token=…`) or a character reference (`?token&#61;…`) hides a token from
    the one and not from the page; the place is then where the escaped address is written."""
    found = _credential_written(text)
    if "\\" in text or "&" in text:
        published, written_at = _as_published(text)
        seen = _credential_written(published)
        if seen is not None and (found is None or written_at[seen.at] < found.at):
            found = SecretAddress(written_at[seen.at], seen.webhook)
    return found


def credentials_in(text: str) -> Iterator[SecretAddress]:
    """Each address in free text that credential_at finds, first to last, each told once:
    a text holding a login, a webhook and a token warns of all three in one pass, not of
    the next only once the first is taken out."""
    done = 0
    while (found := credential_at(text[done:])) is not None:
        at = done + found.at
        yield found._replace(at=at)
        done = at + max(len(_address_written(text, at)), 1)


def without_secret_addresses(text: str) -> str:
    """`text` without each address credentials_in finds, all of it: for a name made from
    the text (a file's, which is its page's address), where the stand-ins that
    without_credentials writes would read as the title's words."""
    kept: list[str] = []
    done = 0
    for found in credentials_in(text):
        kept.append(text[done : found.at])
        done = found.at + max(len(_address_written(text, found.at)), 1)
    return "".join(kept) + text[done:]


def without_tokens(text: str) -> str:
    """`text` without each token tokens_in finds, all of it, and with an AWS access key id
    the secret access key it is of no use without: for a name made from the text, as
    without_secret_addresses leaves out an address (`Deploy with ghp_… failed`)."""
    kept: list[str] = []
    done = 0
    for start, end in _token_spans(text):
        kept.append(text[done:start])
        done = end
    return "".join(kept) + text[done:]


def _token_spans(text: str) -> list[tuple[int, int]]:
    """Where each token tokens_in finds is written in `text`, first to last, those that
    overlap joined: with an AWS access key id, the secret access key that goes with it."""
    found = list(tokens_in(text))
    if not found:  # nearly every text
        return []
    spans = [(at, _token_end(text, at)) for at in found]
    if any(_AWS_KEY_ID.match(text, at) for at in found):
        spans += [m.span() for m in _AWS_SECRET.finditer(text) if _aws_secret(m.group())]
    joined: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if joined and start < joined[-1][1]:
            joined[-1] = (joined[-1][0], max(joined[-1][1], end))
        else:
            joined.append((start, end))
    return joined


# The longest an address written in text can run: to the next space, or a link's `](`.
_WRITTEN_RUN = re.compile(rf"{_LINK_TARGET}+")


def _address_written(text: str, at: int) -> str:
    """The address credential_at found at `at` in `text`, as written there, with any
    escapes it holds (`https\\://…`, `?access\\_token=…`): no part of it is then read
    again as an address of its own."""
    match = _URL_IN_TEXT.match(text, at) or _BARE_ADDRESS.match(text, at)
    written = _escaped_address(match.group()) if match else ""
    if not written:
        run = _WRITTEN_RUN.match(text, at)
        written = run.group() if run else ""
    return written


# What Markdown publishes otherwise than written: a backslash before ASCII punctuation
# (CommonMark's escapes), and a character reference, as html.unescape reads one.
_MARKDOWN_ESCAPE = re.compile(
    r"\\([!-/:-@\[-`{-~])|&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)"
)


def _as_published(text: str) -> tuple[str, list[int]]:
    """`text` with Markdown's escapes and character references as a page shows them, and
    for each of its characters the offset in `text` it is written at."""
    shown: list[str] = []
    written_at: list[int] = []
    done = 0
    for escape in _MARKDOWN_ESCAPE.finditer(text):
        shown.append(text[done : escape.start()])
        written_at.extend(range(done, escape.start()))
        published = escape.group(1) or html.unescape(escape.group())
        shown.append(published)
        written_at.extend([escape.start()] * len(published))
        done = escape.end()
    shown.append(text[done:])
    written_at.extend(range(done, len(text)))
    return "".join(shown), written_at


def _credential_written(text: str) -> SecretAddress | None:
    """Where in `text`, read as written, credential_at's first address begins."""
    # A login needs an "@" in an address with a scheme, a token an "=" after a "?" or "#",
    # a chat service's webhook its host or path (_CHAT_HOOK): text with none of them is
    # passed without a regex, and each regex only runs over text that can hold what it
    # finds. This runs over every update of every incident a first build parses, and
    # status updates often hold a link, a "Components: api=..." line and the word
    # "webhooks": at 10,000 incidents the two regexes over all such text took 0.3 s.
    scheme = "//" in text  # `https://`, or `//host/` that takes the page's scheme
    query = "=" in text and ("?" in text or "#" in text)
    lowered = text.lower() if "ook" in text or "OOK" in text else ""
    hook = "hooks.slack.com/" in lowered or "/webhook" in lowered
    if not ((scheme and "@" in text) or query or hook):
        return None
    found: list[SecretAddress] = []
    for m in _URL_IN_TEXT.finditer(text) if scheme else ():
        if _holds_secret_login(_in_text(m.group())):
            found.append(SecretAddress(m.start(), webhook=False))
            continue
        bare = _split_login(_written_on(m.group(), past_prose=True))[0]
        if _carries_token(bare, stand_ins=True):
            found.append(SecretAddress(m.start(), _chat_hook(bare)))
    for m in _BARE_ADDRESS.finditer(text) if query or hook else ():
        bare = f"https://{_written_on(m.group(), past_prose=True)}"
        if _carries_token(bare, stand_ins=True):
            found.append(SecretAddress(m.start(), _chat_hook(bare)))
    return min(found, default=None)


# What the import writes in place of a secret: stand-ins _STAND_IN accepts, so the text
# passes `check` and still shows where the secret was.
HIDDEN_PASSWORD = "***"
HIDDEN_TOKEN = "REDACTED"
HIDDEN_WEBHOOK = "[webhook address removed]"
# A query or fragment parameter as written: its name and value, up to the next one.
_PARAM = re.compile(r"(?<=[?&#;])(?P<name>[^=&#;?\s]+)=(?P<value>[^&#;\s]*)")


def without_credentials(text: str) -> str:
    """`text` with the secret of each address credential_at finds replaced by a stand-in:
    a password by `***` (a token for a user name too), a credential's query value by
    `REDACTED`, a chat service's webhook, all of it a secret, by words saying so."""
    done = 0
    while (found := credential_at(text[done:])) is not None:
        at = done + found.at
        match = _URL_IN_TEXT.match(text, at) or _BARE_ADDRESS.match(text, at)
        # In a link's `](…)` or `<…>` the address runs to its bracket: a trailing `_` left
        # out there would be published after the stand-in, outside it, as a bare one is.
        written = _written_on(match.group(), past_prose=True, enclosed=True) if match else ""
        if not _enclosed(text, at, written):
            written = _written_on(match.group(), past_prose=True) if match else ""
        hidden = HIDDEN_WEBHOOK if found.webhook else _hidden(written)
        after = text[:at] + hidden + text[at + len(written) :]
        again = credential_at(after[at:])
        if not written or (again is not None and again.at < len(hidden)):
            # Written so that the address read here is not the one published (escapes,
            # `?access\\_token=`): all of it is left out, up to where the text around
            # ends it (a space, a link's `](`, a closing `)`, `>` or quote), so the
            # Markdown or HTML it is written in stays whole.
            hidden = HIDDEN_WEBHOOK if found.webhook else HIDDEN_TOKEN
            end = at + len(_escaped_address(match.group())) if match else _word_end(text, at)
            after = text[:at] + hidden + text[end:]
        text, done = after, at + len(hidden)
    return text


def without_secrets(text: str) -> str:
    """`text` as without_credentials writes it, and each token written on its own
    (tokens_in) replaced by HIDDEN_TOKEN, an AWS access key id's secret access key too (as
    without_tokens leaves both out): for a line that leaves the site's files, a commit's
    subject or what a command prints, where a warning cannot take it back."""
    text = without_credentials(text)
    kept: list[str] = []
    done = 0
    for start, end in _token_spans(text):
        kept += [text[done:start], HIDDEN_TOKEN]
        done = end
    return "".join(kept) + text[done:]


def _token_end(text: str, at: int) -> int:
    """Where the token tokens_in found at `at` in `text` ends."""
    match = _BARE_TOKEN.match(text, at) or _AWS_KEY_ID.match(text, at)
    return match.end() if match else _word_end(text, at)


def _enclosed(text: str, at: int, address: str) -> bool:
    """Whether `address`, written in `text` at `at`, is a Markdown link's target (after a
    `](`, before its `)` or title) or an autolink (`<…>`), which its bracket alone ends."""
    after = text[at + len(address) : at + len(address) + 1]
    if text[max(at - 2, 0) : at] == "](":
        return after == ")" or after.isspace()
    return text[at - 1 : at] == "<" and after == ">"


def _escaped_address(found: str) -> str:
    """`found` as _written_on ends it, bar the backslash of Markdown's escapes, which it
    holds (`?access\\_token=…`)."""
    end = next((at for at, char in enumerate(found) if char in _NEVER_IN_URL - {"\\"}), None)
    return _unwrapped(found[:end])


_SPACE = re.compile(r"\s")


def _word_end(text: str, at: int) -> int:
    """Where the word of `text` at `at` ends: at the next white space, or the text's end."""
    space = _SPACE.search(text, at)
    return len(text) if space is None else space.start()


def _hidden(address: str) -> str:
    """`address` with its password, a token for a user name, and its credentials' query
    values replaced by stand-ins."""
    bare, login = _split_login(address)
    if login is not None and _holds_secret_login(address):
        user, colon, password = _login_parts(login)
        user = HIDDEN_PASSWORD if _is_token(user) else user
        login = f"{user}{colon}{HIDDEN_PASSWORD if password else ''}"
        head, slashes, rest = bare.partition("//")
        bare = f"{head}{slashes}{login}@{rest}" if slashes else f"{login}@{bare}"
    try:
        path = urlsplit(bare.partition("?")[0].partition("#")[0]).path if "//" in bare else ""
    except ValueError:  # "https://u:pw@[::1/": a bracket not closed, no path to read
        path = ""

    def value(param: re.Match[str]) -> str:
        name = param["name"]
        secret = _is_secret_param(name) or (
            name.lower() == _CODE and _is_oauth_code(param["value"], path, {"state"})
        )
        return f"{name}={HIDDEN_TOKEN}" if secret and param["value"] else param.group()

    return _PARAM.sub(value, bare)


def _chat_hook(url: str) -> bool:
    try:
        return _is_chat_hook(urlsplit(url))
    except ValueError:  # a bracket not closed: no host to read
        return False


def has_bad_port(url: str) -> bool:
    """Whether the URL's authority names a port nothing could be connected to (not a
    number, or outside PORTS). Callers say so without quoting it: when the login is
    written in a way no one can tell from the host, the "port" is part of the password."""
    try:
        netloc = urlsplit(_split_login(url)[0]).netloc
    except ValueError:  # "http://[": a bracket not closed, no port to speak of
        return False
    if netloc.endswith("]") or ":" not in netloc:
        return False  # no port: the scheme's own
    text = netloc.rpartition(":")[2]
    if text == "":
        return False  # "host:" is the scheme's port too
    low, high = PORTS
    return not (text.isascii() and text.isdigit() and low <= int(text) <= high)


def ambiguous_login(url: str) -> bool:
    """Whether the URL's login holds a "?", "#" or "/" as written: read as a person writes
    it (_split_login), the host follows the last "@"; read as every HTTP client reads it,
    the host ends at the "?", "#" or "/". `https://hooks.example.com?to=a@b` would be sent
    to `b`, and `https://hooks.example.com:80x/a@b` too. Callers refuse it, saying to write
    them as %3F, %23 and %2F, and never send it.

    So is a login followed by another "@" before any "?" or "#": the password held an "@"
    and a "/" (`https://deploy:p@ss/rd@host/`), and the host that HTTP clients read (`ss`)
    would be sent the rest of it."""
    bare, login = _split_login(url)
    if login is None:
        return False
    return any(char in login for char in "?#/") or "@" in re.split("[?#]", bare, maxsplit=1)[0]


def without_login(url: str) -> tuple[str, str | None]:
    """`url` without the user name and password before its host, and them as
    `user:password`, percent-decoded as curl logs in with them; None when it has none.

    HTTP clients take the login for part of the host: it goes in a header instead."""
    bare, login = _split_login(url)
    if login is None:
        return url, None
    user, _, password = login.partition(":")
    return bare, f"{unquote(user)}:{unquote(password)}"


def unseen_character(text: str) -> str | None:
    """The first control, formatting or separator character in `text` (a space, a tab,
    DEL, a C1 control, a zero-width character), which no URL carries as written; None
    when there is none. HTTP clients refuse them with messages that repeat the URL."""
    return next((char for char in text if unicodedata.category(char)[0] in "CZ"), None)


# What to do about one (unseen_problem), where the URL is read from a file.
UNSEEN_HINT = "remove it; write a space as %20 if the address really has one"


def unseen_problem(text: str) -> str | None:
    """What a URL holding an unseen character (unseen_character) is told, naming the
    character and not the URL, or None: what follows the character may be a token."""
    unseen = unseen_character(text)
    if unseen is None:
        return None
    return f"holds an invisible or control character (U+{ord(unseen):04X})"


def in_ascii(url: str) -> str:
    """`url` as it goes over the wire: a host outside ASCII in its IDNA form (punycode),
    a path and query outside ASCII percent-encoded as UTF-8 (RFC 3987 §3.1), as a browser
    or curl sends the address typed. A URL in ASCII is returned as written.

    Raises UnicodeError for a host outside ASCII that is no domain name."""
    if url.isascii():
        return url
    bare, login = _split_login(url)
    parts = urlsplit(bare)
    host = parts.netloc
    written = "" if login is None else f"{quote(login, safe=_KEPT_IN_PATH)}@"
    colon, port = "", ""
    if not host.startswith("["):  # an IPv6 address is ASCII already
        host, colon, port = host.partition(":")
    return urlunsplit(
        (
            parts.scheme,
            f"{written}{idna(host)}{colon}{port}",
            quote(parts.path, safe=_KEPT_IN_PATH),
            quote(parts.query, safe=_KEPT_IN_QUERY),
            quote(parts.fragment, safe=_KEPT_IN_QUERY),
        )
    )


def as_browser_sends(url: str) -> str:
    """`url` as a browser sends and compares it: in ASCII (in_ascii), its scheme and host
    in lowercase and without its scheme's own port (DEFAULT_PORTS); the path as written.

    The one spelling of an address, so `https://Status.Example.com:443/` and
    `https://status.example.com/` publish the same links, feed ids and page id.
    Raises UnicodeError as in_ascii does."""
    bare, login = _split_login(in_ascii(url))
    parts = urlsplit(bare)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()  # IDNA's mapping lowers a host outside ASCII too
    if ":" in host:  # an IPv6 address keeps its brackets
        host = f"[{host}]"
    port = parts.port
    if port is not None and port != DEFAULT_PORTS.get(scheme):
        host = f"{host}:{port}"
    written = "" if login is None else f"{login}@"
    return urlunsplit((scheme, written + host, parts.path, parts.query, parts.fragment))


# The port a browser reaches each scheme on when the URL names none, and leaves out of
# the address when it names that one.
DEFAULT_PORTS = {"http": 80, "https": 443}


def idna(host: str) -> str:
    """The host in ASCII as browsers and curl request it: UTS #46 processing, then
    punycode for each label outside ASCII (raises UnicodeError for a host that is no
    domain name: an empty or too long label, a disallowed character, a bidi or joiner
    rule broken)."""
    if host.isascii():
        return host
    # Not Python's "idna" codec: it is IDNA 2003, which maps ß to "ss" and ς to σ, so
    # faß.de would be requested as fass.de, another registered domain than xn--fa-hia.de.
    # Nor idna.encode(): it applies IDNA 2008's tables on top, refusing ☃.net, which
    # browsers and curl (UTS #46, the deviation characters kept) open as xn--n3h.net.
    # Imported here: its tables cost 15 ms, of every build that reads the settings,
    # while nearly every host is ASCII.
    import idna as uts46

    mapped = uts46.uts46_remap(host, std3_rules=False)
    labels = mapped.split(".")
    end = "." if len(labels) > 1 and labels[-1] == "" else ""
    return ".".join(_ascii_label(label) for label in labels[: -1 if end else None]) + end


def _ascii_label(label: str) -> str:
    """One label of a mapped host in ASCII, after UTS #46's validity checks (§4.1)."""
    if not label.isascii():
        import idna as uts46  # loaded by idna() already

        uts46.check_initial_combiner(label)
        uts46.check_bidi(label)
        for position, char in enumerate(label):
            if char in "\u200c\u200d" and not uts46.valid_contextj(label, position):
                raise UnicodeError("a zero-width (non-)joiner where no script needs one")
        label = "xn--" + label.encode("punycode").decode("ascii")
    if not 0 < len(label) <= 63:  # as DNS takes it
        raise UnicodeError("label empty or too long")
    return label
