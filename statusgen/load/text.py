"""Source files as text: UTF-8, byte order mark dropped, line endings unified, and only
characters every output can carry.

The one rule for what text may hold lives here: the characters XML 1.0 cannot hold (C0
controls other than tab and line break, U+FFFE, U+FFFF, lone surrogates). Feeds, the
sitemap and badges are XML, so such a character would pass `check` and fail `build`.
Every source file is decoded here and every YAML value is checked against the same
rule, so `check` refuses exactly what the build could not write.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import replace
from difflib import SequenceMatcher
from unicodedata import normalize

from statusgen.errors import Diagnostic
from statusgen.weburls import (
    credential_at,
    tokens_in,
    without_credentials,
    without_secret_addresses,
    without_tokens,
)

_NOT_SLUG = re.compile(r"[^a-z0-9]+")

_UTF8_BOM = "\ufeff".encode()
# Not in XML 1.0's Char production (CR never reaches it: line endings become LF first).
NOT_TEXT = "\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff"  # a regex class's contents
_NOT_TEXT = re.compile(f"[{NOT_TEXT}]")
# Half of a UTF-16 pair, which a "\ud800" escape in JSON or YAML gives: no UTF-8 file can
# hold one, so nothing read with one can be written.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
TEXT_HINT = "remove it: feeds and other XML outputs cannot carry it"
# Where a line ends in every format statusgen reads (YAML, Markdown, .po, CSV, JSON
# Lines), as editors number lines. Not str.splitlines(), which also ends one at NEL
# (U+0085, and so at byte 0x85 inside a UTF-8 character read as Latin-1), U+2028, U+2029
# and a few controls: text within a line to all these formats, and a split there cuts a
# field in two and shifts the line of every diagnostic after it.
LINE_ENDING = re.compile("\r\n|\r|\n")
# The same in bytes not yet decoded: a file not UTF-8 is told at the line its editor shows.
_BYTE_LINE_ENDING = re.compile(LINE_ENDING.pattern.encode())


def forbidden_character(text: str) -> int | None:
    """The index of the first character no statusgen text may hold, or None."""
    found = _NOT_TEXT.search(text)
    return found.start() if found else None


def held_character(text: str, where: str, refused: re.Pattern[str] = _NOT_TEXT) -> str | None:
    """ "'id' holds U+D800 (a lone surrogate)": the first character of `text` that `refused`
    matches (by default those no text may hold), told of `where`; None when none is."""
    found = refused.search(text)
    return f"{where} holds {describe_character(found.group())}" if found else None


def name_character(char: str) -> str:
    """'a NO-BREAK SPACE (U+00A0)', 'an EN DASH (U+2013)': a character that may not show,
    or look like another, by its name and code point."""
    return with_article(f"{unicodedata.name(char, 'character')} (U+{ord(char):04X})")


# Names that begin with a vowel letter but a "y" or "w" sound: "a EURO SIGN", "a UNIT".
_SOUNDED_Y_OR_W = ("eu", "uni", "one", "use", "uti")


def with_article(name: str) -> str:
    """The name with its article: "an EN DASH", "an Alertmanager", "a MINUS SIGN", "a EURO
    SIGN". Chosen by the first letter, but for the vowels read as a consonant ("eu", "uni",
    "one"), the sounds the names of characters and services begin with."""
    vowel = name[:1].lower() in "aeiou" and not name.lower().startswith(_SOUNDED_Y_OR_W)
    return f"an {name}" if vowel else f"a {name}"


def is_odd_space(char: str) -> bool:
    """Whether `char` looks like a space or nothing at all but is neither a plain space nor
    a tab: a no-break space, a zero-width space, a byte order mark, a direction mark."""
    return char not in " \t" and (char.isspace() or unicodedata.category(char) == "Cf")


def without_odd_spaces(text: str) -> str:
    """`text` without the characters is_odd_space: the value its author sees."""
    return "".join(char for char in text if not is_odd_space(char))


def odd_space(text: str) -> str:
    """The first character of `text` that is_odd_space, named ("a NO-BREAK SPACE
    (U+00A0)"); "a tab" when there is none but a tab; "" when neither."""
    if text.isascii() and text.isprintable():
        # Nearly every heading: no tab or other control character, and nothing outside
        # ASCII that could be a space or invisible (looked at character by character, a
        # tenth of parsing a file).
        return ""
    for char in text:
        if is_odd_space(char):
            return name_character(char)
    if "\t" in text:
        return "a tab"
    return ""


def describe_character(char: str) -> str:
    """`U+0001 (a control character)`, for diagnostics (the character itself may not print)."""
    code = ord(char)
    if unicodedata.category(char) == "Cc":  # C0, DEL and C1 alike
        kind = "a control character"
    elif 0xD800 <= code <= 0xDFFF:
        kind = "a lone surrogate"
    else:
        kind = "a noncharacter"
    name = unicodedata.name(char, "")
    return f"U+{code:04X} ({kind}{', ' + name if name else ''})"


def decode(path: str, data: bytes) -> tuple[str | None, list[Diagnostic]]:
    """Return the file's text with "\\n" line endings, or the diagnostics: bytes that are not
    UTF-8, or every character no text may hold.

    CRLF and lone CR become LF, which keeps line numbers the same as an editor shows them.
    """
    text, problems = decode_past_refused(path, data)
    return (None if problems else text), problems


# What stands in for a character no text may hold while the rest of its file is read: one
# character, so every line and column after it stays where its editor shows it; one no
# check refuses, so the character is told once, where it is; and a space, which a title,
# a message or a heading's time reads past (U+FFFD would be quoted back in the problems after
# it: "cannot read the time '09:00 \ufffd'"). Not where only spaces and tabs come before
# it on its line: a space there is one more of the line's indent, which YAML and Markdown
# read (`\x1bstatus:` would be a key indented under `title:`, `\x1b---` no closing fence),
# so there the character is left out (_LEADING), and only that line's later columns move.
STAND_IN = " "
# A line's indent with the characters no text may hold in it or just after it.
_LEADING = re.compile(f"^[ \t{NOT_TEXT}]*[{NOT_TEXT}]", re.MULTILINE)


def decode_past_refused(path: str, data: bytes) -> tuple[str | None, list[Diagnostic]]:
    """Like decode, but a character no text may hold is told and stood in by STAND_IN (left
    out in a line's indent), so the rest of the file can still be read and its other
    problems told in the same run.
    The text is None only when the bytes are not UTF-8 text."""
    data = unified(data)
    utf16 = saved_as_utf16(path, data)
    if utf16 is not None:
        return None, [utf16]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return None, [not_utf8(path, data, error)]
    problems = refused_characters(path, text)
    if problems:
        # Problems, not the text's end: the caller still refuses the file.
        text = _LEADING.sub(lambda indent: _NOT_TEXT.sub("", indent[0]), text)
        text = _NOT_TEXT.sub(STAND_IN, text)
    return text, problems


def as_written(path: str, data: bytes, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """`diagnostics` of the file at `path`, read by decode_past_refused from `data`, each
    at the column its editor shows where a character left out of a line's indent moved
    the rest of that line; the characters' own are where they are already."""
    if not diagnostics:
        return diagnostics  # nearly every file: a character left out is always told
    text, told = decode_past_refused(path, data)
    if text is None or not told:
        return diagnostics
    text = unified(data).decode("utf-8")  # as written, the characters in it
    # For each line, the columns (as read) a left-out character stood just before.
    before: dict[int, list[int]] = {}
    for indent in _LEADING.finditer(text):
        line = text.count("\n", 0, indent.start()) + 1
        gone = 0
        for offset, char in enumerate(indent[0]):
            if _NOT_TEXT.match(char):
                before.setdefault(line, []).append(offset - gone + 1)
                gone += 1
    if not before:
        return diagnostics
    return [
        replace(d, column=d.column + sum(1 for at in before[d.line] if at <= d.column))
        if d.line in before and d.column > 0 and d not in told
        else d
        for d in diagnostics
    ]


def json_text(data: bytes, errors: str = "strict") -> str:
    """JSON's bytes as text, decoded as json.loads decodes them: UTF-8, or UTF-16 or
    UTF-32 told by a byte order mark or by the NUL bytes of its first characters (what
    Windows PowerShell 5.1's Out-File and some browsers save). UnicodeDecodeError else."""
    return data.decode(json.detect_encoding(data), errors)


def saved_as_utf16(path: str, data: bytes) -> Diagnostic | None:
    """What the file at `path` is told when its bytes `data` look like UTF-16 text (with
    or without a byte order mark): one message for the whole file, not a "U+0000" per
    line of it, nor a byte that is not UTF-8 at a column no editor shows. None else."""
    if b"\x00" not in data[:_UTF16_SAMPLE]:
        return None
    if looks_utf16(data):
        return Diagnostic(path, 1, 1, UTF16_MESSAGE, UTF16_HINT)
    if looks_utf32(data):
        return Diagnostic(path, 1, 1, UTF32_MESSAGE, UTF16_HINT)
    return None


def looks_utf16(data: bytes) -> bool:
    """Whether `data` looks like UTF-16 text: a NUL byte every other byte (Western text
    saved as "Unicode" by a Windows tool), which UTF-8 reads as a NUL per character."""
    sample = data[:_UTF16_SAMPLE]
    if len(sample) < 4:
        return False
    for nuls, others in ((sample[1::2], sample[::2]), (sample[::2], sample[1::2])):
        if nuls.count(0) * 4 >= len(nuls) * 3 and others.count(0) * 4 < len(others):
            return True
    return False


def looks_utf32(data: bytes) -> bool:
    """Whether `data` looks like UTF-32 text (some editors' and PowerShell's `-Encoding
    UTF32`): three NUL bytes with every character, which UTF-8 reads as three NULs each."""
    sample = data[:_UTF16_SAMPLE]
    if len(sample) < 8:
        return False
    lanes = [sample[lane::4] for lane in range(4)]
    for text in (0, 3):  # little-endian, then big-endian
        nuls = [lane for index, lane in enumerate(lanes) if index != text]
        if lanes[text].count(0) * 4 < len(lanes[text]) and all(
            lane.count(0) * 4 >= len(lane) * 3 for lane in nuls
        ):
            return True
    return False


# How much of a file looks_utf16 looks at: its first lines tell.
_UTF16_SAMPLE = 512
UTF16_MESSAGE = "the file is UTF-16 text, not UTF-8 (a NUL byte every other byte)"
UTF32_MESSAGE = "the file is UTF-32 text, not UTF-8 (three NUL bytes with every character)"
UTF16_HINT = "save the file as UTF-8 (in Notepad: Save As, Encoding: UTF-8)"


def unified(data: bytes) -> bytes:
    """`data` without a UTF-8 byte order mark (as Windows Notepad saves), and with "\\n"
    line endings: as decode reads every input, for a file whose encoding it names itself
    (a .po catalog's charset, ASCII-compatible in all but UTF-16, which fails anyway)."""
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM) :]
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return data


def not_utf8(path: str, data: bytes, error: UnicodeDecodeError) -> Diagnostic:
    """What a file whose bytes `data` are not UTF-8 (`error`, from decoding them) is told:
    at the line and column of the first byte that is not, with the fix. Every text file
    a site writes, a theme's templates included, is told the same."""
    lines = _BYTE_LINE_ENDING.split(data[: error.start])
    line, column = len(lines), len(lines[-1]) + 1
    message = f"not valid UTF-8 (byte 0x{data[error.start]:02x})"
    return Diagnostic(path, line, column, message, "save the file as UTF-8")


# Every character in one run, yet a binary file saved by mistake must not flood the
# terminal: a few per line and a screenful per file, then one line with the count.
_SHOWN_PER_LINE = 3
SHOWN_PER_FILE = 20


def refused_characters(
    path: str,
    text: str,
    refused: re.Pattern[str] = _NOT_TEXT,
    hint: str = TEXT_HINT,
    *,
    first_line: int = 1,
) -> list[Diagnostic]:
    """A diagnostic for each character of `text` that `refused` matches (by default those
    no text may hold), at its line and column (bounded); `first_line` is the file line
    the text starts on."""
    problems: list[Diagnostic] = []
    # Characters not listed: `within` those past a line's few among the listed ones, the
    # rest after the last one listed, the first of them at `first_after`.
    first_after: tuple[int, int] | None = None
    last_left_out: tuple[int, int] = (0, 0)
    left_out = within = 0
    line, line_start, scanned, on_line = first_line, 0, 0, 0
    for found in refused.finditer(text):
        index = found.start()
        if len(problems) >= SHOWN_PER_FILE and first_after is not None:
            left_out += 1  # past the screenful: counted, not located
            continue
        # Counted from the previous match on, so a long line of them stays linear.
        newlines = text.count("\n", scanned, index)
        if newlines:
            line += newlines
            line_start = text.rfind("\n", scanned, index) + 1
            on_line = 0
        scanned = index
        on_line += 1
        column = index - line_start + 1
        if on_line > _SHOWN_PER_LINE or len(problems) >= SHOWN_PER_FILE:
            left_out += 1
            first_after = first_after or (line, column)
            last_left_out = (line, column)
            continue
        message = f"character {describe_character(found.group())} is not allowed"
        problems.append(Diagnostic(path, line, column, message, hint))
        within, first_after = left_out, None
    if left_out:
        # Said where it is true: "from here on" only of those after every one listed.
        more = f"and {left_out} more characters that are not allowed"
        past = f"past the first {_SHOWN_PER_LINE} of a line"
        if first_after is None:
            message, where = f"{more}, {past} on the lines listed", last_left_out
        elif within:
            after = left_out - within
            message, where = f"{more}: {within} {past} above, {after} from here on", first_after
        else:
            message, where = f"{more}, from here on", first_after
        problems.append(Diagnostic(path, *where, message, hint, problems=left_out))
    return problems


def split_lines(text: str) -> list[str]:
    """The lines of `text`, split at LINE_ENDING only; like str.splitlines(), no empty
    line after a final line ending."""
    lines = LINE_ENDING.split(text)
    if lines[-1] == "":
        lines.pop()
    return lines


def blank(text: str) -> bool:
    """Whether `text` shows nothing: only spaces of any kind and format characters (a
    zero-width space, a direction mark), which a reader sees as an empty title."""
    return all(char.isspace() or unicodedata.category(char) == "Cf" for char in text)


def title_key(text: str) -> str:
    """`text` as two titles or names a reader takes for one compare: case, spacing and
    Unicode form aside (macOS types "é" as "e" and an accent, and Hangul as its jamo:
    NFD; Windows and Linux compose them: NFC)."""
    return " ".join(normalize("NFC", normalize("NFC", text).casefold()).split())


# The spelling of each Cyrillic letter of _SPELLED_OUT, in its order (ь has none).
_ICAO = (
    *("a", "b", "v", "g", "g", "d", "g", "d", "e", "ie", "zh", "z", "dz", "i", "i", "j"),
    *("k", "l", "lj", "m", "n", "nj", "o", "p", "r", "s", "t", "c", "k", "u", "f", "kh"),
    *("ts", "ch", "dz", "sh", "shch", "ie", "y", "", "e", "iu", "ia"),
)
# The spelling of each Greek letter of _SPELLED_OUT, in its order.
_ELOT = (
    *("a", "v", "g", "d", "e", "z", "i", "th", "i", "k", "l", "m", "n", "x", "o", "p"),
    *("r", "s", "s", "t", "y", "f", "ch", "ps", "o"),
)
# Letters that are no letter and an accent, so NFKD leaves them whole, as a reader
# without them on the keyboard types them (lowercase: slugify lowercases first). The
# theme's search.js folds the Latin ones alike for its own matching (a search in
# Cyrillic or Greek is typed in its own letters). Scripts with no letter-for-letter
# spelling (Chinese, Japanese, Korean, Arabic, Hebrew, Thai...) are left out: dropped.
_SPELLED_OUT = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "ø": "o",
        "ł": "l",
        "œ": "oe",
        "đ": "d",
        "þ": "th",
        "ð": "d",
        "ħ": "h",
        "ŧ": "t",
        "ı": "i",
        # Cyrillic (Ukrainian, Russian, Belarusian, Bulgarian, Serbian, Macedonian) as ICAO
        # Doc 9303 romanises it for machine-readable passports: one international scheme in
        # plain ASCII, with a single spelling for each letter, so г is g and и is i in
        # Ukrainian too (its passports' own h and y would respell Russian and Bulgarian).
        # Й, ё, ї, ў, ѓ, ќ, ѐ and ѝ are spelled as the letter without the mark, so a title
        # typed decomposed (macOS) gives the same name.
        **dict(zip("абвгґдѓђеєжзѕиіјклљмнњопрстћќуфхцчџшщъыьэюя", _ICAO, strict=True)),
        # Greek as ELOT 743 (ISO 843) spells it letter by letter, as Greek passports do;
        # accents decompose and are dropped like Latin ones.
        **dict(zip("αβγδεζηθικλμνξοπρσςτυφχψω", _ELOT, strict=True)),
    }
)


def slugify(name: str) -> str:
    """A new id or file name made from a display name: "Payments API" → "payments-api",
    "Großer Ausfall in Łódź" → "grosser-ausfall-in-lodz", "Збій оплати" → "zbii-oplati"
    (ASCII letters, digits and dashes; "" if nothing is left, as of a title in a script
    with no letter-for-letter spelling: Chinese, Japanese, Arabic, Hebrew, Thai...).

    An address with a secret in it (a login, a token, a chat webhook) and a token written
    on its own (`ghp_…`, an AWS key pair) are left out whole: the name becomes a page's
    address, published even after the title is cleaned."""
    return _slug_words(without_tokens(without_secret_addresses(name)))


def _slug_words(name: str) -> str:
    return stable_slug(ascii_letters(name.lower()))


def names_secret(slug: str, title: str) -> bool:
    """Whether the file name `slug` holds what an address in `title` has for a secret (the
    password, the token, the webhook: what without_credentials hides) or a token written
    on its own there (without_tokens), as a slug made from the title before slugify left
    them out spelled it."""
    # Nearly every title: nothing to compare.
    if credential_at(title) is None and next(tokens_in(title), None) is None:
        return False
    written = _slug_words(title).split("-")
    hidden = _slug_words(without_tokens(without_credentials(title))).split("-")
    named = slug.split("-")
    runs = SequenceMatcher(None, written, hidden, autojunk=False).get_opcodes()
    # More often in the name than in the title without its secrets: a password that is also
    # a word of the title (`grafana:grafana@`) is in the name as often as the title says it.
    return any(
        _count(named, written[start:end]) > _count(hidden, written[start:end])
        for kind, start, end, _, _ in runs
        if kind in ("replace", "delete")
    )


def _count(words: list[str], run: list[str]) -> int:
    """How many times `run` is in `words`, word for word."""
    size = len(run)
    return sum(words[at : at + size] == run for at in range(len(words) - size + 1))


def ascii_letters(text: str) -> str:
    """Lowercase `text` in ASCII as a reader without its letters types it: accents dropped,
    letters that have none spelled out ("Über" → "uber", "straße" → "strasse", "збій" →
    "zbii", "δίκτυο" → "diktyo"); other characters that are no ASCII dropped."""
    # Decomposed first, so a Greek or Cyrillic letter with a mark is spelled as its letter.
    spelled = normalize("NFKD", text).translate(_SPELLED_OUT)
    return normalize("NFKD", spelled).encode("ascii", "ignore").decode()


def stable_slug(name: str) -> str:
    """The slug earlier releases made of `name`, which drops the letters slugify spells out
    ("Straße" → "strae"): for what is made again from a name at every read and stored
    nowhere else (a component's id written without `id:`, which incidents and its page's
    address name; an import's id for a source item without one), so it never changes."""
    ascii_name = normalize("NFKD", name).encode("ascii", "ignore").decode()
    return _NOT_SLUG.sub("-", ascii_name.lower()).strip("-")
