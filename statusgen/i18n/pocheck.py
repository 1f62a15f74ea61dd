"""What a site's own .po file must be for its pages: .po syntax line by line (Babel reads
an unclosed quote as if closed, dropping the string's last letter), and translations that
keep to the values of their message (one naming another fails the build)."""

from __future__ import annotations

import codecs
import gettext
import io
import re
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from typing import TypeVar

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.plurals import get_plural
from babel.messages.pofile import PoFileError, PoFileParser, unescape

from statusgen.errors import Diagnostic, Severity, StatusgenError
from statusgen.i18n import PLURAL_PROBE
from statusgen.i18n import formatted as is_formatted
from statusgen.load.text import split_lines

FORMAT_HINT = "see docs/languages.md for the file format"
# A line of a .po file other than a comment or a blank one: a keyword and its quoted
# string, or a quoted string continuing the one above.
_PO_LINE = re.compile(
    r'\s*(?:(msgctxt|msgid|msgid_plural|msgstr(?:\[(\d+)\])?)\s+)?"(?:[^"\\]|\\.)*"\s*'
)
# The same, its string not closed (groups as in _PO_LINE).
_UNCLOSED = re.compile(r'\s*(?:(msg\w*?(?:\[(\d+)\])?)\s+)?"(?:[^"\\]|\\.)*\\?')
# What a translation may write with a percent sign: a value of its message, in any of
# Python's conversions (`%(count)s`, `%(num)d`, `%(ratio).1f`, flags and width too, as
# Jinja's own docs write them), or %%. Groups: the name, the conversion as written, and
# its type. A width or precision of `*` cannot be given with named values.
_PERCENT = re.compile(r"%(?:%|\((\w+)\)([#0 +-]*\d*(?:\.\d*)?[hlL]?([diouxXeEfFgGcrsa])))?")
# Conversions of a number: one the msgid writes with them is given a number.
_NUMERIC = frozenset("diouxXeEfFgG")
# Conversions that write any value.
_ANY = frozenset("rsa")
_NPLURALS = re.compile(rb"nplurals\s*=\s*(\d+)")
# The escapes of a .po string, as gettext writes them and Babel reads them (the letter
# after the backslash); any other would be shown as typed, backslash and all.
_ESCAPES = '\\"ntrabfv'
_VALID_ESCAPES = ", ".join(f"\\{letter}" for letter in _ESCAPES)


def po_lines(data: bytes, relpath: str) -> tuple[list[Diagnostic], dict[int, dict[int, int]]]:
    """The lines of a .po file that are not .po syntax, and a message translated twice (a
    warning: Babel keeps the first, but for a plural copy of a plain one); and the line of
    each msgstr, by the line of its msgid (as Babel numbers its messages) and the plural
    form's index."""
    problems: list[Diagnostic] = []
    msgstr_lines: dict[int, dict[int, int]] = {}
    msgid_line = at = 0
    # Each message by its context (None without msgctxt) and msgid as Babel keys them,
    # their pieces joined and unescaped, for the line it was first at and whether it was
    # plural there: a msgid a tool wrapped (`msgid ""`, the text on the next line) is the
    # same message as one written whole, and a plural one the same as a plain one.
    first_at: dict[tuple[str | None, str], tuple[int, bool]] = {}
    context: str | None = None
    plural: str | None = None
    msgid, reading = "", ""
    # The line of each msgstr of the message being read, by its form: a second one for
    # the same form (Babel keeps the first without a word) is a mistake.
    forms: dict[int, int] = {}
    # Latin-1 never fails, and a multi-byte UTF-8 character holds no quote or backslash
    # (nor a line ending: its bytes are 0x80 and up).
    for number, line in enumerate(split_lines(data.decode("latin-1")), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        found = _PO_LINE.fullmatch(line)
        if found is None:
            # Still the start of its message or translation (Babel reads the string as
            # closed): what else is wrong with it is said at this line, not its msgid's.
            found = _UNCLOSED.fullmatch(line.rstrip())
            if found is not None:
                message = "the quoted string is not closed"
                hint = 'end it with a " on the same line (write \\" for a quote inside it)'
            else:
                message = "cannot read this line of the catalog"
                hint = (
                    'a .po line is a comment (#), a keyword and its quoted string (msgstr "…"), '
                    "or a quoted string continuing the one above; " + FORMAT_HINT
                )
            problems.append(Diagnostic(relpath, number, 0, message, hint))
            if found is None:
                continue
        keyword = found[1] or ""
        problems += _escape_problems(line, relpath, number)
        text = unescape(line[line.find('"') :].strip())
        if keyword == "msgctxt":
            context, reading = text, "msgctxt"
        elif keyword == "msgid":
            msgid_line = at = number
            msgid, plural, reading, forms = text, None, "msgid", {}
        elif keyword == "msgid_plural":
            plural, reading = text, "msgid_plural"
        elif not keyword and reading == "msgid":
            msgid += text
        elif not keyword and reading == "msgid_plural":
            plural = (plural or "") + text
        elif not keyword and reading == "msgctxt":
            context = (context or "") + text
        elif keyword.startswith("msgstr"):
            if reading in ("msgid", "msgid_plural") and msgid:
                key, is_plural = (context, msgid), plural is not None
                earlier, was_plural = first_at.setdefault(key, (msgid_line, is_plural))
                if earlier != msgid_line:
                    # Babel puts a plural copy in place of a plain one, at the first's line.
                    replaces = is_plural and not was_plural
                    problems.append(_twice(relpath, msgid_line, earlier, first_used=not replaces))
                    if replaces:
                        first_at[key], at = (earlier, True), earlier
            if reading != "msgstr":
                context, reading = None, "msgstr"
            index = int(found[2] or 0)
            if index in forms:
                problems.append(_second_msgstr(relpath, number, forms[index], keyword))
                continue
            forms[index] = number
            msgstr_lines.setdefault(at, {})[index] = number
        elif keyword:
            reading = keyword
    return problems, msgstr_lines


def _escape_problems(line: str, relpath: str, number: int) -> list[Diagnostic]:
    """Each escape of the .po line `line` (its string closed) that is none of _ESCAPES, at
    its column: gettext's msgfmt refuses `\\q`, and Babel showed it as typed. gettext's
    `\\x41` and `\\101` Babel does not read either."""
    problems: list[Diagnostic] = []
    start = line.find('"')
    for escape in re.finditer(r"\\(.)", line[start:]):
        letter = escape[1]
        if letter in _ESCAPES:
            continue
        # The line was read as Latin-1: a letter beyond ASCII is said as UTF-8 has it.
        raw = line[start + escape.start() :].encode("latin-1").decode("utf-8", "replace")
        written = raw[:4] if letter in "x01234567" else raw[:2]
        column = len(line[: start + escape.start()].encode("latin-1").decode("utf-8", "replace"))
        hint = (
            "write the character itself (statusgen reads no numbered escapes)"
            if letter in "x01234567"
            else "write \\\\ for a backslash, or delete the backslash"
        )
        problems.append(
            Diagnostic(
                relpath,
                number,
                column + 1,
                f"invalid escape {written} in the string: a .po string may write {_VALID_ESCAPES}",
                hint,
            )
        )
    return problems


class _ReadingOn(PoFileParser):
    """Babel's .po parser, noting each line it cannot read (1-based, with Babel's words)
    and reading on: Babel's own stops at the first, or prints the others to standard
    output. It is made to stop all the same, should a later Babel no longer note them
    here: the first is still said (read_catalog)."""

    def __init__(self, catalog: Catalog) -> None:
        super().__init__(catalog, abort_invalid=True)
        self.unread: list[tuple[int, str]] = []

    def _invalid_pofile(self, line: str, lineno: int, msg: str) -> None:
        self.unread.append((lineno + 1, msg))


def read_catalog(data: bytes, locale: Locale) -> tuple[Catalog, list[tuple[int, str]]]:
    """The catalog Babel reads from a .po file's `data`, and each line it could not read
    (1-based), with Babel's words: read past them, so that one run says every mistake, and
    the translations before and after them are checked too. UnicodeDecodeError for bytes
    that are not in the catalog's encoding."""
    catalog = Catalog(locale=locale)
    parser = _ReadingOn(catalog)
    try:
        parser.parse(io.BytesIO(data))
    except PoFileError as exc:
        # Babel's words end with its own count of lines, from 0: the line is said apart.
        said = str(exc).removesuffix(f" on {exc.lineno}")
        return exc.catalog, [*parser.unread, (exc.lineno + 1, said)]
    return catalog, parser.unread


def header_problems(
    data: bytes, relpath: str, locale: Locale, readers: Sequence[Locale] = ()
) -> list[Diagnostic]:
    """The header fields (msgid "") a build cannot use, each at its line: Babel raises
    on a `Language`, charset, `nplurals` or date it cannot read, and it takes any
    `plural=` expression, which gettext then fails to read when the pages are made.

    `readers` are the locales of every page that reads the catalog (`locale` alone by
    default): the hint is written for all of them, so that one
    catalog read for `de` and `de-CH` pages is one mistake with one fix."""
    readers = readers or (locale,)
    problems: list[Diagnostic] = []
    for line, name, value in _header_fields(data):
        key = name.lower()
        if key == "plural-forms" and re.search(r"=\s*(?:INTEGER|EXPRESSION)\b", value):
            # As xgettext's templates leave it for the translator (statusgen.pot has none).
            problems.append(
                Diagnostic(
                    relpath,
                    line,
                    0,
                    f"the catalog's Plural-Forms header is still the template's placeholder "
                    f"({value})",
                    _header_hint(key, readers),
                )
            )
            continue
        catalog = Catalog(locale=locale)
        try:
            # Babel's own reading of the field, so that whatever it refuses is said here.
            catalog.mime_headers = [(name, value)]
            if key == "content-type":
                found = re.search(r"charset\s*=\s*([^\s;]+)", value, re.IGNORECASE)
                if found and found[1].lower() != "charset":  # gettext's template placeholder
                    codecs.lookup(found[1])
                    mojibake = _utf8_named_otherwise(data, found[1])
                    if mojibake is not None:
                        hint = (
                            "write Content-Type: text/plain; charset=UTF-8, or save the "
                            f"catalog again as {found[1]}"
                        )
                        problems.append(Diagnostic(relpath, line, 0, mojibake, hint))
            elif key == "plural-forms":
                found = re.search(r"plural\s*=\s*([^;]*)", value)
                plural = gettext.c2py(found[1] if found else "(n != 1)")
                if catalog.num_plurals < 1:
                    raise ValueError("nplurals must be 1 or more")
                _tried(plural, catalog.num_plurals)
        except (ValueError, LookupError) as exc:
            problems.append(
                Diagnostic(
                    relpath,
                    line,
                    0,
                    f"the catalog's {name} header cannot be read: {exc}",
                    _header_hint(key, readers),
                )
            )
    return problems


def _utf8_named_otherwise(data: bytes, charset: str) -> str | None:
    """What a catalog saved as UTF-8 whose header names a legacy single-byte charset
    (cp1251, latin-1) would show, said as a problem; None otherwise. Each byte of such a
    charset is a character, so Babel reads the UTF-8 without a fault, and `Працює` would
    be published as `РџСЂР°С†СЋС”`."""
    if codecs.lookup(charset).name == "utf-8" or not re.search(rb"[\x80-\xff]", data):
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None  # not UTF-8: the header may well be right
    if len(bytes(range(256)).decode(charset, errors="replace")) != 256:
        return None  # a multi-byte charset (Shift_JIS), whose reading fails where it is wrong
    word = re.search(r'[^\s"]*[^\x00-\x7f][^\s"]*', text)
    assert word is not None  # a byte from 0x80 on is part of a character beyond ASCII
    shown = word[0].encode("utf-8").decode(charset, errors="replace")
    return (
        f"the catalog is saved as UTF-8, but its header names charset={charset}: "
        f"{word[0]!r} would be shown as {shown!r}"
    )


_N = TypeVar("_N")
# What gettext gives a plural rule (a page's counts are whole numbers).
_Count = float | Decimal

# The counts a catalog's plural rule is tried on before a page uses it: every count up to
# PLURAL_PROBE (Language.plural_texts asks each, a chart counts 1000 runs in two days at a
# run a minute) and a spread of larger ones up to ten million, where a rule written with
# small numbers in mind (`n/(n-1000)`) may go wrong. CheckedPlural stops at any other.
_TRIED_COUNTS = (
    *range(PLURAL_PROBE + 1),
    *sorted(
        {
            first * 10**power + step
            for power in range(3, 7)
            for first in range(1, 10)
            for step in (0, 1, 2, 5, 11, 22, 101, 111)
        }
        - set(range(PLURAL_PROBE + 1))
    ),
    10**7,
)


def _tried(plural: Callable[[int], int], count: int) -> None:
    """ValueError unless `plural` gives a form of the `count` there are for each of
    _TRIED_COUNTS: gettext reads any expression, and one that divides by zero would stop
    the build as its pages are made, one past the last form would show another text."""
    for n in _TRIED_COUNTS:
        _form(plural, count, n)


def _form(plural: Callable[[_N], int], count: int, n: _N) -> int:
    """The form `plural` gives `n`; ValueError when it fails, or names none of `count`."""
    try:
        index = plural(n)
    except ArithmeticError as exc:  # n/0, n%0
        raise ValueError(f"plural= fails for n={n} ({exc})") from None
    if not 0 <= index < count:
        raise ValueError(
            f"plural= gives form {index} for n={n}, and nplurals={count} has forms 0 to {count - 1}"
        )
    return index


class CheckedPlural:
    """A site catalog's plural rule as gettext asks it of each count a page shows: where
    it fails, or names a form past the last (for a count _TRIED_COUNTS does not hold), the
    build stops with the header's line and the count, as `check` says of those it tries.
    Else gettext would raise from inside the page being made, or look the form up in
    statusgen's own catalog, showing its words in place of the site's without a word."""

    def __init__(
        self, plural: Callable[[_Count], int], count: int, relpath: str, line: int, locale: Locale
    ) -> None:
        self.plural, self.count = plural, count
        self.relpath, self.line, self.locale = relpath, line, locale

    def __call__(self, n: _Count) -> int:
        try:
            return _form(self.plural, self.count, n)
        except ValueError as exc:
            problem = Diagnostic(
                self.relpath,
                self.line,
                0,
                f"the catalog's Plural-Forms header cannot be used for a count the pages "
                f"show: {exc}",
                _header_hint("plural-forms", (self.locale,)),
            )
            raise StatusgenError([problem]) from None


def plural_forms_line(data: bytes) -> int | None:
    """The line of the catalog's Plural-Forms header (None without one: the language's
    own rule, which names each of its forms)."""
    return next(
        (line for line, name, _ in _header_fields(data) if name.lower() == "plural-forms"), None
    )


def _header_hint(key: str, readers: Sequence[Locale]) -> str:
    """How to correct the header field `key` of a catalog the pages in `readers` read."""
    named = {str(locale).replace("_", "-"): locale for locale in readers}
    tags = list(named)
    tag = tags[0] if len(tags) == 1 else readers[0].language
    if key == "plural-forms":
        # Each rule once, with the pages that follow it: de and de-CH count alike.
        rules: dict[str, list[str]] = {}
        for name, locale in named.items():
            rules.setdefault(str(get_plural(locale)), []).append(name)
        if len(rules) == 1:
            return (
                f'write "Plural-Forms: {next(iter(rules))}" (CLDR\'s rule for '
                f"{' and '.join(tags)}), or delete the line to use the language's own"
            )
        each = "; ".join(
            f'for {" and ".join(names)}: "Plural-Forms: {rule}"' for rule, names in rules.items()
        )
        return (
            f"delete the line to use each language's own rule (CLDR's {each}): "
            "one header cannot hold both"
        )
    if key == "content-type":
        return "write Content-Type: text/plain; charset=utf-8 and save the catalog as UTF-8"
    if key == "language":
        return f"write the language's tag alone (Language: {tag}), or delete the line"
    return "correct the line as a gettext tool writes it, or delete it"


def _header_fields(data: bytes) -> Iterator[tuple[int, str, str]]:
    """(line, name, value) of each field of the catalog's header, the msgstr of a
    `msgid ""` without msgctxt (as Babel reads it), at the line the field starts on."""
    fields: list[tuple[int, str]] = []  # each field's line and text, as it is read
    reading, msgid, context, header = "", "", False, False
    # Latin-1 as po_lines: a header's names and the values checked are ASCII.
    for number, line in enumerate(split_lines(data.decode("latin-1")), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        keyword, _, quoted = ("", "", stripped) if stripped[0] == '"' else stripped.partition(" ")
        if keyword in ("msgctxt", "msgid") and reading.startswith("msgstr"):
            context = False  # a new message
        if keyword == "msgctxt":
            context = True
        elif keyword == "msgid":
            msgid = quoted.strip()
        elif not keyword and reading == "msgid":
            msgid += quoted.strip()
        if keyword:
            reading = keyword
            header = keyword == "msgstr" and msgid == '""' and not context
        if not header or not quoted.strip().startswith('"'):
            continue
        for piece in re.split(r"(?<=\n)", unescape(quoted.strip())):
            if fields and not fields[-1][1].endswith("\n"):
                fields[-1] = (fields[-1][0], fields[-1][1] + piece)
            elif piece:
                fields.append((number, piece))
    for number, text in fields:
        name, colon, value = text.partition(":")
        if colon:
            yield number, name.strip(), value.strip()


def context_problem(data: bytes, relpath: str, msgid_line: int, context: str) -> Diagnostic:
    """A translation given a `msgctxt`, at that line: statusgen looks each text up by its
    msgid alone, so the translation never shows."""
    lines = split_lines(data.decode("latin-1"))
    line = next(
        (
            number
            for number in range(msgid_line - 1, 0, -1)
            if lines[number - 1].lstrip().startswith("msgctxt")
        ),
        msgid_line,
    )
    return Diagnostic(
        relpath,
        line,
        0,
        f"statusgen shows no text in a context (msgctxt {context!r}): "
        "this translation has no effect",
        "delete the msgctxt line, so that the translation is used wherever the msgid's "
        "text is shown",
        Severity.WARNING,
    )


def _second_msgstr(relpath: str, line: int, earlier: int, keyword: str) -> Diagnostic:
    return Diagnostic(
        relpath,
        line,
        0,
        f"a second {keyword} for the same msgid (the first at line {earlier}): "
        "gettext would use the first and ignore this one",
        "delete one of them; a translation longer than a line goes on in quoted strings "
        'alone on the lines below its msgstr ("…")',
    )


def _one_language(found: str, wanted: str) -> bool:
    """Whether two CLDR language codes name one language: the same, or one the
    macrolanguage CLDR gives the other as its parent (`no` for `nb` and `nn`: Poedit
    writes `Language: nb_NO` for Norwegian)."""
    from babel.core import get_global

    parents = get_global("parent_exceptions")
    return found == wanted or wanted == parents.get(found) or found == parents.get(wanted)


def language_problem(data: bytes, relpath: str, tag: str) -> Diagnostic | None:
    """A header whose Language names another language (or script) than the one the
    catalog is read for (`tag`, the site's `language`): a warning, as its words are
    shown all the same, most likely a catalog saved under another language's name."""
    from statusgen.i18n import tag_locale

    wanted = tag_locale(tag)
    # Said of the language and script alone, which the check compares: one catalog read
    # for `de` and `de-CH` pages is one mistake at one line, with one fix.
    language = tag.replace("-", "_").split("_")[0].lower()
    if wanted is not None:
        language = "-".join(part for part in (wanted.language, wanted.script) if part)
    for line, name, value in _header_fields(data):
        if name.lower() != "language" or not value:
            continue
        found = tag_locale(value)
        if found is None:
            continue
        if wanted is None:
            other = found.language != language
        else:
            # A region apart is the same language (de_DE for de); a script is not.
            scripts = {found.script, wanted.script} - {None}
            other = not _one_language(found.language, wanted.language) or len(scripts) > 1
        if other:
            return Diagnostic(
                relpath,
                line,
                0,
                f"the catalog's header says Language: {value}, but it is read for the pages "
                f"in '{language}': its words are shown on them",
                f"name the catalog for its language (translations/{value.replace('_', '-')}.po) "
                f"and set `language:` to match, or correct the header (Language: {language})",
                Severity.WARNING,
            )
    return None


def _twice(relpath: str, line: int, earlier: int, *, first_used: bool) -> Diagnostic:
    used = "the first translation" if first_used else "this plural one, not the first"
    return Diagnostic(
        relpath,
        line,
        0,
        f"this message is translated a second time (first at line {earlier}): pages use {used}",
        "keep one translation of each msgid and delete the other",
        Severity.WARNING,
    )


def extra_form_problems(
    data: bytes, msgstr_lines: dict[int, dict[int, int]], relpath: str, default: int
) -> list[Diagnostic]:
    """A plural form numbered past the language's count (`msgstr[2]` where German has
    two): Babel cannot read the catalog then. `default`: the count when the header does
    not say it."""
    header = _NPLURALS.search(data)
    count = int(header[1]) if header else default
    return [
        Diagnostic(
            relpath,
            line,
            0,
            f"msgstr[{index}] is a plural form the language does not have: the catalog's "
            + ("only form is msgstr[0]" if count == 1 else f"are msgstr[0] to msgstr[{count - 1}]"),
            f"delete msgstr[{index}], or correct the header's Plural-Forms (nplurals={count})",
        )
        for forms in msgstr_lines.values()
        for index, line in sorted(forms.items())
        if index >= count
    ]


def undecodable_line(data: bytes, encoding: str, relpath: str) -> Diagnostic:
    """The first line of a catalog that is not text in its encoding (`encoding`, as Babel
    read it from the header)."""
    lines = data.splitlines()  # bytes end a line at \n, \r\n and \r only, as po_lines
    for number, raw in enumerate(lines, start=1):
        try:
            raw.decode(encoding)
        except UnicodeDecodeError as exc:
            byte = raw[exc.start : exc.start + 1].hex()
            column = len(raw[: exc.start].decode(encoding)) + 1
            return Diagnostic(
                relpath,
                number,
                column,
                f"this line is not {encoding} text (byte 0x{byte})",
                f"save the catalog as {encoding}, or name its encoding in the header "
                "(Content-Type: text/plain; charset=utf-8)",
            )
    return Diagnostic(relpath, 0, 0, f"the catalog is not {encoding} text")


def named_values(message: str) -> list[str]:
    """The names of the values a message writes (`%(time)s`), in order, each once."""
    found = (m[1] for m in _PERCENT.finditer(message) if m[1] is not None)
    return list(dict.fromkeys(found))


def placeholder_problems(
    ids: tuple[str, ...], string: str, relpath: str, line: int
) -> list[Diagnostic]:
    """A translation that names a value its message is not given (the build would fail),
    writes a lone %, or leaves out a value (a warning: the page would lack it). A plural
    form may leave out the number: "one match" says it. The translation of a message
    without values is shown as written (`formatted`): a lone % is a percent sign there,
    and a %% a warning (the page shows both)."""
    # Each value of the message, as its msgid writes it (`%(num)d`), and its type.
    spelled: dict[str, str] = {}
    kinds: dict[str, set[str]] = {}
    for message in ids:
        for found in _PERCENT.finditer(message):
            if found[1] is not None:
                spelled.setdefault(found[1], f"%({found[1]}){found[2]}")
                kinds.setdefault(found[1], set()).add(found[3])
    allowed = set(spelled)
    shown = allowed if len(ids) == 1 else set()
    formatted = is_formatted(*ids)
    problems: list[Diagnostic] = []
    used: set[str] = set()
    for found in _PERCENT.finditer(string):
        name = found[1]
        if name is not None and name not in allowed:
            known = ", ".join(spelled[n] for n in sorted(allowed)) or "none"
            problems.append(
                Diagnostic(
                    relpath,
                    line,
                    0,
                    f"the translation names %({name})s, which the message does not have",
                    f"use the message's own values ({known}), spelled as in its msgid",
                )
            )
        elif name is not None and not _formats(found[3], kinds[name]):
            # A number's conversion of a value given as text (`%(count)d` for a msgid's
            # `%(count)s`) fails the page's formatting.
            problems.append(
                Diagnostic(
                    relpath,
                    line,
                    0,
                    f"the translation writes {found[0]}, a conversion the value "
                    f"{spelled[name]} of the message cannot be formatted with",
                    f"write {spelled[name]} as in the msgid",
                )
            )
        elif name is not None:
            used.add(name)
        elif found[0] == "%" and formatted:
            problems.append(
                Diagnostic(
                    relpath,
                    line,
                    0,
                    "the translation writes a % that is not one of the message's values",
                    "write %% for a percent sign, or %(name)s as in the msgid",
                )
            )
        elif found[0] == "%%" and not formatted and not problems:
            problems.append(_doubled(relpath, line))
    missing = sorted(shown - used)
    if missing and not problems:
        problems.append(
            Diagnostic(
                relpath,
                line,
                0,
                "the translation leaves out "
                + ", ".join(spelled[n] for n in missing)
                + ": pages will not show it",
                "keep every %(name)s of the msgid in its translation",
                Severity.WARNING,
            )
        )
    return problems


def _formats(conversion: str, kinds: set[str]) -> bool:
    """Whether a translation's conversion (its type, `d`) formats every value the msgid's
    conversions of the same name (`kinds`) are given: any value as text, a number as a
    number, and a conversion the msgid itself writes."""
    return (
        conversion in _ANY or conversion in kinds or (conversion in _NUMERIC and kinds <= _NUMERIC)
    )


def _fallback(shipped: bool) -> str:
    # What the pages show of a message the site's catalog cannot translate: statusgen's own
    # translation only where it ships one for the language (and the message is its own).
    return "pages use statusgen's own translation of it" if shipped else "pages show it in English"


def plural_forms_problem(
    strings: Sequence[str | None], count: int, relpath: str, line: int, *, shipped: bool
) -> Diagnostic | None:
    """A plural message translated with fewer forms than the language has (or with a plain
    msgstr after its msgid_plural): a warning, as the pages then use statusgen's own
    translation of it (`shipped`), or else the English text."""
    missing = [i for i in range(count) if i >= len(strings) or not strings[i]]
    if not missing:
        return None
    absent = ", ".join(f"msgstr[{i}]" for i in missing)
    return Diagnostic(
        relpath,
        line,
        0,
        f"the plural message lacks {absent}: {_fallback(shipped)}",
        f"give all {count} plural forms (Plural-Forms: nplurals={count}), each as "
        'msgstr[N] "…"; a plain msgstr is for a message without msgid_plural',
        Severity.WARNING,
    )


def plain_plural_problem(
    count: int, relpath: str, line: int, template: str, *, shipped: bool
) -> Diagnostic:
    """A plain msgstr for a text the pages show only as a plural message (by ngettext): a
    warning, as gettext never looks it up and the pages use statusgen's own translation
    (`shipped`), or else the English text."""
    forms = "msgstr[0]" if count == 1 else f"msgstr[0] to msgstr[{count - 1}]"
    return Diagnostic(
        relpath,
        line,
        0,
        "the pages show this text as a plural message, which a plain msgstr does not "
        f"translate: {_fallback(shipped)}",
        f"write its msgid_plural (statusgen's are in {template}) and {forms} "
        f"(Plural-Forms: nplurals={count}) in place of the msgstr",
        Severity.WARNING,
    )


def plural_for_plain_problem(relpath: str, line: int, template: str) -> Diagnostic:
    """Plural forms for a text the pages show only without a count (by gettext): a warning,
    as gettext then shows the form for 1 whatever number the text holds."""
    return Diagnostic(
        relpath,
        line,
        0,
        "the pages show this text as a plain message, not a plural one: its form for 1 is "
        "shown whatever the number",
        f"write one msgstr in place of its msgid_plural and msgstr[n] lines (statusgen's "
        f"plain and plural messages are in {template})",
        Severity.WARNING,
    )


def _doubled(relpath: str, line: int) -> Diagnostic:
    # Pages once showed %% in such a translation as one sign; say why they show two now.
    return Diagnostic(
        relpath,
        line,
        0,
        "the translation writes %% in a message without values: pages show both percent signs",
        "write a single % for a percent sign; %% is for a message with values",
        Severity.WARNING,
    )
