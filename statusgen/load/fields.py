"""Typed reads from a located YAML mapping; every wrong type or unknown key becomes a diagnostic."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection, Iterable
from collections.abc import Mapping as Table
from datetime import date
from decimal import Decimal

from statusgen.errors import Diagnostic, Severity, close_matches
from statusgen.load.text import blank, is_odd_space, name_character, without_odd_spaces
from statusgen.load.yamlnodes import Mapping, Node, Scalar, Sequence, type_name
from statusgen.weburls import SecretAddress, credentials_in, tokens_outside_addresses


def did_you_mean(word: str, known: Iterable[str], offered: Table[str, str] | None = None) -> str:
    """ "did you mean 'x'? " for the closest known word, or "" when nothing is close or
    `word` holds a list's comma or semicolon (`major_outage; website=…`): the word offered
    would be one of its items, and following it would quietly drop the others. `offered`
    gives what to offer for a known word instead of itself (an id for a name)."""
    if _LIST_MARKS.search(word):
        return ""
    close = close_matches(word, known)
    if not close:
        return ""
    return f"did you mean '{(offered or {}).get(close[0], close[0])}'? "


def short_forms(names: Iterable[str]) -> dict[str, str]:
    """Each of `names` by itself and by its first word (`major` for `major_outage`), to
    match a typo against, each form offering its name: a typo of a short form (`majr`) is as
    close to the name as the short form is. The command line and `check` offer the same."""
    listed = list(names)
    return {name.split("_")[0]: name for name in listed} | {name: name for name in listed}


# What ends a line in a title: YAML's line breaks (`|`, `"\\n"`) and the Unicode ones.
_TITLE_BREAKS = frozenset("\n\r\v\f\x85\u2028\u2029")
# What a title is warned of holding though it shows nothing: a byte order mark pasted in.
# The authoring commands drop these from a title typed on the command line.
TITLE_UNSEEN = frozenset("\ufeff")
_TITLE_WARNED = _TITLE_BREAKS | TITLE_UNSEEN


def unseen_slip(what: str, text: str, known: Callable[[str], bool]) -> tuple[str, str] | None:
    """(message, hint) when `text`, a value of `what` (a status, a component), is one
    `known` takes but for characters that show nothing or only look like a space (a
    zero-width space pasted from chat, a no-break space): the first named, with where it
    is and the value to write. None when there is none, or the value is unknown without
    them too. A did-you-mean would offer back the very value typed."""
    meant = without_odd_spaces(text)
    if meant == text or not meant or not known(meant):
        return None
    at = next(index for index, char in enumerate(text) if is_odd_space(char))
    odd = name_character(text[at])
    if at == 0:
        where = f"begins with {odd}"
    elif all(is_odd_space(char) for char in text[at:]):
        where = f"ends with {odd}"
    else:
        where = f"holds {odd} after '{text[:at]}'"
    seen = "only looks like a space" if text[at].isspace() else "shows nothing"
    them = "it" if len(text) - len(meant) == 1 else "them"
    return f"{what} '{text}' {where}, which {seen}", f"delete {them}: write '{meant}'"


def as_list(names: list[str]) -> str:
    """How to write several names as a YAML list: one_for_several's usual fix."""
    return f"write a list: [{', '.join(names)}]"


# What separates the names of a list typed as one value: what an author puts between them.
_LIST_SEPARATORS = re.compile(r"[\s,;]+")
# Those of them no single word holds: a space may be a typo's (`major outage`).
_LIST_MARKS = re.compile(r"[,;]")


def one_for_several(
    text: str, known: Collection[str], what: str, fix: Callable[[list[str]], str] = as_list
) -> tuple[str, str] | None:
    """(message, hint) when `text` is several of the `known` names (`what` they are: pages,
    components) written as one value, a list typed without its brackets or commas (`public,
    internal`, `[api website]`, `api; website`): split at commas, semicolons and spaces, at
    least half of them known. None for one word, or words that mostly name nothing known:
    those get a did-you-mean, which for a list would name one item and quietly drop the
    others. `fix` writes the hint from the names where they are not a list's items (a
    mapping's keys)."""
    # A semicolon kept on a name would make the hint's list name an unknown id ('api;').
    parts = [part for part in _LIST_SEPARATORS.split(text) if part]
    if len(parts) < 2 or 2 * sum(part in known for part in parts) < len(parts):
        return None
    return f"this is one value '{text}', not {len(parts)} {what}", fix(parts)


def known_list(known: Collection[str], limit: int = 12) -> str:
    """A short comma-separated list of names, cut off with a count beyond `limit`."""
    names = list(known)
    shown = ", ".join(names[:limit])
    return f"{shown} and {len(names) - limit} more" if len(names) > limit else shown


# Why a setting does not take a number, and how to fix it (None when it takes it).
Refusal = Callable[[float], tuple[str, str] | None]


def nearest_hint(key: str, value: float, low: float, high: float) -> str:
    """How to fix a number outside low..high: the allowed value nearest to it, as an example."""
    nearest = low if value < low else high
    shown = str(nearest) if isinstance(nearest, int) else f"{nearest:g}"
    return f"e.g. '{key}: {shown}', the nearest value allowed"


def between(key: str, low: float, high: float) -> Refusal:
    """Why a value outside low..high is refused, and the nearest allowed (nearest_hint)."""
    shown = [str(end) if isinstance(end, int) else f"{end:g}" for end in (low, high)]

    def check(value: float) -> tuple[str, str] | None:
        if low <= value <= high:
            return None
        return f"it must be between {shown[0]} and {shown[1]}", nearest_hint(key, value, low, high)

    return check


# A whole number as written in decimal digits, which YAML 1.1 reads as written.
DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")


# What YAML 1.1 reads as text, though it is a number: a leading zero before an 8 or a 9
# (`090`, `0_9`), or an exponent without a point or its sign (`1e1`, `2.5e1`, `.5e3`).
_LEADING_ZERO = re.compile(r"[-+]?0[0-9_]*[0-9][0-9_]*")
_MANTISSA = r"[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9][0-9_]*)"
_EXPONENT = re.compile(_MANTISSA + r"[eE][-+]?[0-9]{1,3}")
# A number as an author writes one, in decimal: underscores, a point, an exponent.
_NUMBER = re.compile(_MANTISSA + r"(?:[eE][-+]?[0-9]{1,3})?")
# More significant digits than any number setting takes: the range check says so as
# written (as_written), where the decimal could run to more than Python turns into text.
_LONGEST = 24


def meant_number(text: str) -> str | None:
    """The decimal number an author meant by `text` (`030`, `-0200`, `0_9`, `1e1`, a quoted
    `'2'`): a plus, leading zeros and underscores dropped, an exponent worked out (`1e20`
    in all its digits, out of range as it is). None when `text` is no such number, or one
    of more digits than any setting takes, written out."""
    written = text.strip()
    if _NUMBER.fullmatch(written) is None:
        return None
    sign = "-" if written.startswith("-") else ""
    body = written.lstrip("+-").replace("_", "")
    if body.isdigit():
        significant = body.lstrip("0") or "0"
        if len(significant) > _LONGEST:
            return None
        return "0" if significant == "0" else sign + significant
    exact = Decimal(sign + body)
    if exact == exact.to_integral_value():
        # Worked out exactly: a float shows 1e15 and beyond with an exponent again.
        return str(int(exact))
    return _plain(float(exact))


def whole_or(key: str, refused: Refusal | None) -> Refusal:
    """`refused` for a setting that takes whole numbers only: a value with a fraction is
    refused too, told the nearest whole number the setting takes."""

    def check(value: float) -> tuple[str, str] | None:
        if value.is_integer() or math.isinf(value):  # `1e400`, beyond a float, is whole
            return None if refused is None else refused(value)
        nearest = round(value)
        hint = None if refused is None else refused(nearest)
        return (
            "it must be a whole number",
            f"e.g. '{key}: {nearest}', the nearest whole number" if hint is None else hint[1],
        )

    return check


def _plain(value: float) -> str | None:
    """`value` in decimal digits (10, 0.5), or None where that takes an exponent."""
    shown = f"{value:.15g}"
    return None if "e" in shown or "n" in shown else shown


def decimal_form(node: Scalar) -> str | None:
    """The decimal value to write for a number YAML 1.1 reads other than as written (an
    unquoted `030`, `0x10`, `1:30`, `1_0_0`, `1:0.5`; `090`, `0_9` and `1e1`, which it reads
    as text), or None when `node` is written in decimal digits, is no number at all, or is
    out of the range of every number setting (the range check says so as written)."""
    if node.quoted:
        return None
    written = node.text.strip()
    if node.kind == "int" and isinstance(node.value, int) and not isinstance(node.value, bool):
        if DECIMAL.fullmatch(written) is not None:
            return None
        if ":" in written or written.lstrip("+-")[:2] in ("0x", "0b"):
            # `0x1e` and `1:30` mean only the value YAML reads; one of thousands of digits
            # is more than Python turns into text, and out of every setting's range.
            return None if node.value.bit_length() > 80 else str(node.value)
        # `030`, `-030` and `0_30` mean 30 as written, however long the zeros run.
        return meant_number(written)
    if node.kind == "float" and isinstance(node.value, float):
        # Sexagesimal (`1:0.5` is 60.5) or with underscores: not the decimal written.
        return _plain(node.value) if ":" in written or "_" in written else None
    if node.kind == "str" and (
        _LEADING_ZERO.fullmatch(written) is not None or _EXPONENT.fullmatch(written) is not None
    ):
        return meant_number(written)
    return None


def as_written(node: Scalar) -> str:
    """A number's value as written, shortened, for a message about it: one of thousands of
    digits (0x..., 1:2:3 sexagesimal) could not even be turned back into decimal text."""
    return shortened(node.text)


def shortened(number: str) -> str:
    """A number's digits, cut short for a message (`9e99` means a hundred of them)."""
    return number if len(number) <= 24 else number[:20] + "…"


# How to write a value of each type the readers below expect, for `wrong_type`'s hint.
_EXAMPLES = {
    "text": "e.g. '{key}: Some text'; quote text that starts with [ or {{",
    "true or false": "write '{key}: true' or '{key}: false'",
    "a whole number": "write digits only, e.g. '{key}: {value}'",
    "a number of seconds": "write it without a unit, e.g. '{key}: {value}'",
    "a date": "write it as YYYY-MM-DD, e.g. '{key}: 2026-12-07'",
    "a time zone": "write its IANA name, e.g. '{key}: Europe/Berlin'",
    "a language tag": "e.g. '{key}: de'",
}


# The types above that are numbers, with the value their example shows where the reader
# gives none: a number in quotes is told to drop them.
_NUMBERS = {"a whole number": 30, "a number of seconds": 10}


# What a key written without a value (`timeout:` alone) is told where no better word is
# given: an empty value is an error, never read as the key left out.
EMPTY_HINT = "write a value, or remove the line for the default"


def boolean_hint(key: str) -> str:
    """How to write a true-or-false key, as the hint of a wrong or empty value."""
    return _EXAMPLES["true or false"].format(key=key)


# A day written another common way: with a time after it (2026-10-01T00:00), or with
# slashes or dots between its parts (2026/10/01).
_NEAR_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ]\S.*)?")


def date_hint(key: str, written: str = "") -> str:
    """How to write a date key, as the hint of a wrong value or of a list given for one:
    with the day `written` gives when it reads as one written another way."""
    match = _NEAR_DATE.fullmatch(written.strip())
    if match is not None:
        try:
            day = date(*(int(part) for part in match.groups()))
        except ValueError:
            pass
        else:
            return f"write it as YYYY-MM-DD: '{key}: {day.isoformat()}'"
    return _EXAMPLES["a date"].format(key=key)


def published_secret(
    path: str, line: int, column: int, subject: str, found: SecretAddress
) -> Diagnostic:
    """The warning for a text the site publishes (`subject`: "the title", "this update")
    that holds `found`, an address with a secret (weburls.credential_at), without repeating
    it. A warning: the text is still the author's to publish, once told."""
    if found.webhook:
        # Nothing in it to take out: whoever has the address posts to the channel.
        message = (
            f"{subject} holds a chat service's webhook address, which every page and the API "
            "publish: anyone who has it can post to the channel"
        )
        hint = (
            "remove the address (and make a new webhook in the chat service, if the site was "
            "published with it)"
        )
    else:
        message = (
            f"{subject} holds a URL with a login or a token, which every page and the API publish"
        )
        hint = "remove the login or token from it (and change it, if the site was published)"
    return Diagnostic(path, line, column, message, hint, Severity.WARNING)


def published_token(path: str, line: int, column: int, subject: str) -> Diagnostic:
    """The warning for a text the site publishes (`subject`: "this update") that holds a
    token written on its own (weburls.tokens_in: `ghp_…`, `glpat-…`, an AWS key pair),
    without repeating it. A warning, as published_secret's."""
    return Diagnostic(
        path,
        line,
        column,
        f"{subject} holds a token (GitHub's, GitLab's or an AWS access key), which every page "
        "and the API publish: anyone who reads it can use it",
        "rotate the token (revoke it and make a new one: it is in the file's history too), "
        "then remove it from the text",
        Severity.WARNING,
    )


def published_key(path: str, line: int, column: int, subject: str) -> Diagnostic:
    """The warning for a text the site publishes (`subject`: "this update") that holds a
    private key (load.files.private_keys_in), at its BEGIN line, without repeating it. A
    warning, as published_token's."""
    return Diagnostic(
        path,
        line,
        column,
        f"{subject} holds a private key, which every page, feed and the API publish: anyone "
        "who reads it can sign or log in as its owner",
        "revoke the key (make a new pair and remove the old public key wherever it is "
        "trusted: it is in the file's history too), then remove it from the text",
        Severity.WARNING,
    )


class Fields:
    """Reads one mapping's keys by type, appending a diagnostic for each problem it meets.

    Readers return None when a key is absent or wrong (already reported); a value that was
    rejected while parsing YAML (an alias) is skipped without a second message. A key
    written without a value is an error every reader reports (`empty`), never the key left
    out: an owner who left `timezone:` blank would publish UTC times without a word, and
    one who left a webhook's `secret_env:` blank would send it unsigned.
    """

    def __init__(
        self,
        path: str,
        mapping: Mapping,
        diagnostics: list[Diagnostic],
        what: str = "",
        hints: Table[str, str] | None = None,
    ) -> None:
        self.path = path
        self.mapping = mapping
        self.diagnostics = diagnostics
        self.what = what  # "component", "group"...: named in "missing required key" messages
        # What to write for a key left empty (or, when required, left out), where a better
        # word than the readers' own fits (an example value, what the default is).
        self.hints: Table[str, str] = hints or {}
        self.emptied: set[str] = set()  # keys reported empty: absent to the readers

    def report(self, node: Node, message: str, hint: str = "") -> None:
        self.diagnostics.append(Diagnostic(self.path, node.line, node.column, message, hint))

    def check_keys(
        self,
        known: Collection[str],
        special: Table[str, str | tuple[str, str]] | None = None,
        reported: Collection[str] = (),
    ) -> None:
        """Report keys not in `known`; `special` maps a key to a tailored message, or to a
        (message, hint) pair when removing the key is not the way to fix it. `reported`:
        keys the caller has reported already, in one problem for several."""
        for key, entry in self.mapping.entries.items():
            if key in known or key in reported:
                continue
            if special and key in special:
                tailored = special[key]
                message, hint = (
                    tailored if isinstance(tailored, tuple) else (tailored, f"remove '{key}'")
                )
                self.report(entry.key, message, hint)
                continue
            self.report(
                entry.key,
                f"unknown key '{key}'" + (f" in {self.what}" if self.what else ""),
                f"{did_you_mean(key, known)}known keys: {', '.join(known)}",
            )

    def empty(self, key: str, hint: str = EMPTY_HINT) -> bool:
        """Whether `key` is written without a value (`timezone:` alone), reported once:
        with its own hint (`hints`), else `hint`. The readers then take the key as not
        written, saying nothing more of it."""
        node = self.mapping.get(key)
        if not isinstance(node, Scalar) or node.kind != "null" or node.rejected:
            return False
        if key not in self.emptied:
            self.emptied.add(key)
            self.report(node, f"'{key}' is empty", self.hints.get(key, hint))
        return True

    def lists_nothing(self, key: str, noun: str, hint: str) -> bool:
        """Whether `key`, a list (or a mapping) of `noun`s, holds none (`to: []`, `match: {}`,
        or `to:` alone), reported once as listing no `noun`, with `hint`. The readers then
        take the key as not written."""
        node = self.mapping.get(key)
        # Neither reading of an empty list is one its author can have meant: as written it
        # takes nothing (no recipient fails every run, no value to match takes no alert),
        # and as the key left out it takes everything (`source: []`, any source), unasked.
        if node is None:
            return False
        if isinstance(node, Scalar):
            listed = node.kind != "null" or node.rejected
        else:
            listed = bool(node.items if isinstance(node, Sequence) else node.entries)
        if listed:
            return False
        if key not in self.emptied:
            self.emptied.add(key)
            self.report(node, f"'{key}' lists no {noun}", hint)
        return True

    def check_empty(self, keys: Iterable[str]) -> None:
        """Report each of `keys` left empty now, whether or not a reader asks for it (a
        section read by its own rules: `notify:`, `pages:`)."""
        for key in keys:
            self.empty(key)

    def node(self, key: str, *, required: bool = False) -> Node | None:
        """The key's value node; None if missing or null (reported when null, or when
        missing and required)."""
        if self.empty(key, f"give '{key}' a value" if required else EMPTY_HINT):
            return None
        node = self.mapping.get(key)
        if node is None and required:
            self.missing(key)
        if node is None or (isinstance(node, Scalar) and node.kind == "null"):
            return None  # missing, or rejected while parsing (reported then)
        return node

    def missing(self, key: str, hint: str = "") -> None:
        """Report the required `key` as left out, with `hint` for what to write (else its
        own hint, `hints`, or `add 'key: ...'`): for a reader that knows the value only
        once more of the file is read."""
        subject = f"{self.what} " if self.what else ""
        hint = hint or self.hints.get(key, f"add '{key}: ...'")
        self.report(self.mapping, f"{subject}missing required key '{key}'", hint)

    def wrong_type(
        self, key: str, node: Node, expected: str, hint: str = "", value: float | None = None
    ) -> None:
        """Report the key's value as not `expected`; the hint defaults to an example of the
        readers' own types (`value`, an allowed one, for a number), or for a number in
        quotes, to the number without them."""
        meant = meant_number(node.text) if isinstance(node, Scalar) and node.quoted else None
        # A `'9e99'` written out is no value to tell anyone to write.
        if meant is not None and shortened(meant) == meant and expected in _NUMBERS and not hint:
            whole = expected != "a whole number" or "." not in meant
            hint = f"remove the quotes: write '{key}: {meant}'" if whole else ""
        shown = f"{_NUMBERS.get(expected, 0) if value is None else value:g}"
        example = _EXAMPLES.get(expected, "").format(key=key, value=shown)
        self.report(node, f"'{key}' must be {expected}, not {type_name(node)}", hint or example)

    def text(self, key: str, *, required: bool = False) -> str | None:
        """A string. Any plain scalar counts: `title: 2026` means the text "2026", as written."""
        node = self.node(key, required=required)
        if node is None:
            return None
        if not isinstance(node, Scalar):
            self.wrong_type(key, node, "text")
            return None
        value = node.text.strip()
        if required and blank(value):
            self.report(node, f"'{key}' must not be empty", f"give '{key}' a value")
            return None
        return value

    def published_text(self, key: str, *, required: bool = False) -> str | None:
        """A string (text) that the site publishes, warned of when it holds a URL with a
        login or a token, or a chat service's webhook (published_secret), or a token
        written on its own (published_token: `ghp_…`, an AWS key pair), as an update is."""
        value = self.text(key, required=required)
        # Each, at once, first to last: the next is not found only after the one before is
        # taken out. A token inside a URL told of is told as the URL, not twice.
        told: list[tuple[int, SecretAddress | None]] = [
            (found.at, found) for found in credentials_in(value or "")
        ]
        told += [(at, None) for at in tokens_outside_addresses(value or "")]
        for at, found in sorted(told, key=lambda one: one[0]):
            node = self.mapping.get(key)
            assert isinstance(node, Scalar)  # text() read it
            # At the secret, not the value's start: a block's URL is lines below its key.
            lead = len(node.text) - len(node.text.lstrip())
            line, column = node.position(lead + at)
            self.diagnostics.append(
                published_token(self.path, line, column, f"the {key}")
                if found is None
                else published_secret(self.path, line, column, f"the {key}", found)
            )
        return value

    def title(self, key: str, *, required: bool = False) -> str | None:
        """published_text for a title, which a page's <title>, the feeds and the API show
        on one line: warned of at a line break in it (`title: |`, `"API\\nerrors"`) or a
        byte order mark pasted in, which each publish as they are."""
        value = self.published_text(key, required=required)
        at = (
            None
            if value is None
            else next((i for i, c in enumerate(value) if c in _TITLE_WARNED), None)
        )
        if value is not None and at is not None:
            node = self.mapping.get(key)
            assert isinstance(node, Scalar)  # text() read it
            lead = len(node.text) - len(node.text.lstrip())
            line, column = node.position(lead + at)
            if value[at] in TITLE_UNSEEN:
                message = f"the {key} holds {name_character(value[at])}, which shows nothing"
                hint = f"remove it: a byte order mark has no place inside the {key}"
            else:
                message = f"the {key} is on more than one line, which is published as it is"
                hint = f"write the {key} on one line, without '|', '>' or '\\n'"
            self.diagnostics.append(
                Diagnostic(self.path, line, column, message, hint, Severity.WARNING)
            )
        return value

    def scalar(
        self,
        key: str,
        *,
        required: bool = False,
        expected: str = "text",
        example: str = "",
        choices: Collection[str] = (),
    ) -> Scalar | None:
        """A scalar node (for values read by their own rules, such as times and dates).
        `expected` says what a list or mapping given should be, where the value has a form
        of its own (a date, a number, a time zone) that "Some text" would mislead about; its
        example is the readers' own (_EXAMPLES) unless `example` is given. `choices`: the
        words the value is one of, named instead."""
        node = self.node(key, required=required)
        if node is None:
            return None
        if not isinstance(node, Scalar):
            if choices and not example:
                expected, example = "one word", f"{key} is one of: {', '.join(choices)}"
            self.wrong_type(key, node, expected, example)
            return None
        return node

    def boolean(self, key: str) -> bool | None:
        """true or false. An empty value is an error, never false: `draft:` or `private:`
        left empty means something meant to stay hidden, and guessing would publish it."""
        if self.empty(key, boolean_hint(key)):
            return None
        node = self.node(key)
        if node is None:
            return None
        if not isinstance(node, Scalar) or node.kind != "bool":
            self.wrong_type(key, node, "true or false")
            return None
        return bool(node.value)

    def integer(self, key: str, example: int = 30, refused: Refusal | None = None) -> int | None:
        """A whole number in decimal digits; `example`, an allowed value, for the hints;
        `refused`, why the setting does not take a value and the hint (None for one it
        takes), so that a number written otherwise is not told a value refused in turn."""
        node = self.node(key)
        if node is None:
            return None
        if isinstance(node, Scalar) and node.kind == "float":
            # type_name's "a number" would read "must be a whole number, not a number".
            self.report(
                node,
                f"'{key}' must be a whole number, not a decimal number ({as_written(node)})",
                _EXAMPLES["a whole number"].format(key=key, value=example),
            )
            return None
        # Before the type: `0587` is text to YAML 1.1, whose author meant 587.
        if isinstance(node, Scalar) and self.not_decimal(key, node, refused=whole_or(key, refused)):
            return None
        if not isinstance(node, Scalar) or node.kind != "int" or isinstance(node.value, bool):
            self.wrong_type(key, node, "a whole number", value=example)
            return None
        assert isinstance(node.value, int)
        return node.value

    def not_decimal(
        self,
        key: str,
        node: Scalar,
        listed: Sequence | None = None,
        refused: Refusal | None = None,
    ) -> bool:
        """Whether the number `node` holds is written other than in decimal digits
        (reported, with the value to write; `listed`: the list it is an item of, written
        whole in the hint): YAML 1.1 reads `030` as octal 24, `0b11` as 3, `0x10` as 16,
        `1:30` as 90, `1_0_0` as 100, and `090` as text. `refused`: why the setting does
        not take a value and the hint, said instead of writing that value."""
        meant = decimal_form(node)
        if meant is None:
            return False
        refusal = None if refused is None or listed is not None else refused(float(meant))
        if refusal is not None:
            # Told to write the value meant, the author would be refused it in turn.
            message = f"'{key}' must be written in decimal digits: {as_written(node)} means"
            self.report(node, f"{message} {shortened(meant)}, and {refusal[0]}", refusal[1])
            return True
        if node.kind == "str":
            form = "in decimal digits" if _EXPONENT.fullmatch(node.text.strip()) else ""
            message = f"'{key}' must be written {form or 'without a leading zero'}: YAML reads"
            message += f" {as_written(node)} as text, not a number"
        else:
            message = f"'{key}' must be written in decimal digits: YAML reads"
            value = node.value if isinstance(node.value, int) else f"{node.value:.15g}"
            message += f" {as_written(node)} as {value}"
        if listed is not None:
            items = [
                decimal_form(i) or i.text if isinstance(i, Scalar) else "..." for i in listed.items
            ]
            meant = f"[{', '.join(items)}]"
        self.report(node, message, f"write '{key}: {meant}'")
        return True
