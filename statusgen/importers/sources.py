"""Reading another tool's files: YAML and front matter, times, one error type."""

from __future__ import annotations

import bisect
import json
import json.decoder
import json.scanner
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timezone, tzinfo
from pathlib import Path
from typing import Any

import yaml

from statusgen.clock import EARLIEST_YEAR, LATEST_YEAR, in_supported_years
from statusgen.errors import Diagnostic
from statusgen.load import frontmatter
from statusgen.load.files import InputError, outside_site, read_input
from statusgen.load.text import LONE_SURROGATE, held_character, json_text
from statusgen.load.yamlnodes import (
    MAX_DEPTH,
    nested_too_deeply,
    shielded,
    syntax_problem,
    unreadable_value,
    unshielded,
    unsupported_tag,
)
from statusgen.timeline import no_such_time


class SourceError(Exception):
    """The source cannot be read: the file (or folder, or address) and line it is about,
    what is wrong and what to do."""

    def __init__(
        self, where: Path | str, message: str, hint: str, *, line: int = 0, column: int = 0
    ) -> None:
        super().__init__(f"{where}: {message}")
        self.where = str(where)
        self.message = message
        self.hint = hint
        self.line = line
        self.column = column

    def diagnostic(self) -> Diagnostic:
        """The problem as `statusgen check` would report it: `file:line: message`."""
        return Diagnostic(self.where, self.line, self.column, self.message, self.hint)


class SourceErrors(Exception):
    """Every SourceError one import met, so that one run reports them all."""

    def __init__(self, errors: list[SourceError]) -> None:
        super().__init__("\n".join(str(error) for error in errors))
        self.errors = errors

    def diagnostics(self) -> list[Diagnostic]:
        """The problems as `statusgen check` would report them."""
        return [error.diagnostic() for error in self.errors]


class Problems:
    """The SourceErrors an import meets while it reads on: a broken file is noted, the
    next one read all the same, and `settle` raises them together."""

    def __init__(self) -> None:
        self.found: list[SourceError] = []

    @contextmanager
    def gathered(self) -> Iterator[None]:
        """Run the block; a SourceError (or several) in it is kept, not raised."""
        try:
            yield
        except SourceError as error:
            self.found.append(error)
        except SourceErrors as errors:
            self.found += errors.errors

    def settle(self) -> None:
        """Raise SourceErrors with every problem gathered, if there is any."""
        if self.found:
            raise SourceErrors(self.found)


def read_source(path: Path, hint: str, *, inside: Path | None = None) -> bytes:
    """The bytes of an export file, read like any site input: a regular file of bounded
    size (a FIFO, a device or a huge file is a SourceError naming it, never a hang), and
    when it is one of the folder `inside`, never a link out of it."""
    if inside is not None:
        # The folder imported is all an import reads of it: a link in a cloned repository
        # (or a name built from its data) must not import, and so publish, a file elsewhere.
        real = outside_site(path, inside)
        if real is not None:
            raise SourceError(
                path,
                f"a symbolic link to {real}, outside the folder imported ({inside})",
                "copy the file into the folder instead; an import reads nothing outside it",
            )
    try:
        return read_input(path)
    except FileNotFoundError:
        raise SourceError(path, "no such file", hint) from None
    except InputError as error:
        raise SourceError(path, error.message, error.hint) from None


def read_json(path: Path, hint: str, *, inside: Path | None = None) -> Any:
    """A JSON file's data; SourceError when it is missing or not JSON, at the line and
    column to fix when the parser knows them (or, as read_source, outside `inside`)."""
    data = read_source(path, hint, inside=inside)
    try:
        return whole_characters(json_data(data), path)
    except json.JSONDecodeError as error:
        raise SourceError(
            path, f"not valid JSON: {error.msg}", hint, line=error.lineno, column=error.colno
        ) from None
    except UnicodeDecodeError:
        raise SourceError(path, "not UTF-8 text", "save the file as UTF-8") from None
    except RecursionError:  # [[[[... deeper than Python's stack
        raise SourceError(path, "JSON nested too deeply", hint) from None
    except ValueError:  # a number of more digits than Python converts
        raise SourceError(path, "not JSON a tool would save", hint) from None


def json_data(data: bytes) -> Any:
    """What json.loads gives, except that each object is a LinedDict (`key_line` finds
    the line of its keys): a problem in an answer is reported at its line. Raises what
    json.loads raises."""
    # A BOM or UTF-16, as browsers save, reads too (json_text).
    text = json_text(data, "surrogatepass")
    return _LinedDecoder(text).decode(text)


class _LinedDecoder(json.JSONDecoder):
    """json's own decoder, through its pure-Python scanner: that one takes each object's
    parser from the decoder, which here notes where each value starts."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.starts = [0, *(m.end() for m in re.finditer("\n", text))]
        self.parse_object = self._lined_object
        # json's own pure-Python scanner: in the module since Python 2.6, not in the stubs.
        self.scan_once = json.scanner.py_make_scanner(self)  # type: ignore[attr-defined]

    def _lined_object(
        self,
        s_and_end: tuple[str, int],
        strict: bool,
        scan_once: Callable[[str, int], tuple[Any, int]],
        object_hook: Any,
        object_pairs_hook: Any,
        memo: dict[str, str],
    ) -> tuple[LinedDict, int]:
        found: list[int] = []  # where each value of this object starts, in order

        def scan(string: str, index: int) -> tuple[Any, int]:
            found.append(index)
            return scan_once(string, index)

        pairs, end = json.decoder.JSONObject(  # type: ignore[attr-defined]
            s_and_end, strict, scan, None, list, memo
        )
        data = LinedDict()
        for (key, value), at in zip(pairs, found, strict=True):
            data[key] = value  # the last of two equal keys wins, as in json.loads
            # The key's closing quote: only blanks and the colon stand before the value.
            quote = s_and_end[0].rfind('"', 0, s_and_end[0].rfind(":", 0, at))
            data.lines[key] = bisect.bisect_right(self.starts, quote)
        return data, end


def read_yaml(path: Path, hint: str, *, inside: Path | None = None) -> Any:
    """A YAML file's data; SourceError when it is missing or not YAML (or, as
    read_source, outside `inside`)."""
    try:
        text = read_source(path, hint, inside=inside).decode("utf-8")
    except UnicodeDecodeError as error:
        raise SourceError(path, f"not UTF-8 ({error})", "save the file as UTF-8") from None
    return _load_yaml(text, path)


def read_markdown(path: Path, *, inside: Path) -> tuple[dict[str, Any], str, int]:
    """A Markdown file's front matter (YAML), its body and the file line the body starts
    on; SourceError as read_source's for a file outside `inside`."""
    try:
        text = read_source(path, "", inside=inside).decode("utf-8").replace("\r\n", "\n")
    except UnicodeDecodeError as error:
        raise SourceError(path, f"not UTF-8 ({error})", "save the file as UTF-8") from None
    parts, problem = frontmatter.split(str(path), text)
    if parts is None and text.lstrip("\ufeff").split("\n", 1)[0].rstrip() == "+++":
        # Hugo also takes TOML between `+++` lines; saying "missing front matter" about
        # one would send the author looking for a mistake that is not there.
        raise SourceError(
            path,
            "TOML front matter (+++) is not read",
            "convert it to YAML: '---' lines around it instead of '+++', and each "
            "`key = value` written `key: value`",
            line=1,
        )
    if parts is None:
        raise SourceError(
            path,
            problem.message if problem else "no front matter",
            "each post starts with a '---' line, its front matter, and another '---'",
            line=problem.line if problem else 0,
        )
    data = _load_yaml(parts.yaml, path, first_line=parts.yaml_line) or {}
    if not isinstance(data, dict):
        raise SourceError(
            path, "front matter is not a mapping", "write 'key: value' lines", line=parts.yaml_line
        )
    return data, parts.body, parts.body_line


class ImpossibleTime(str):
    """A value written as a date or time that is none (2026-02-30, month 13): its text and
    the file line it is on. PyYAML raises ValueError for it from inside the parse; kept as
    text, each importer decides what the value is worth (moment() reads it as None)."""

    line: int


# YAML 1.1 reads `yes`, `no`, `on`, `off` (any case) as true/false: a name so written is
# kept as its word (as_written), as a region "NO" or "ON" is meant.
_BOOL_TAG = "tag:yaml.org,2002:bool"


class _Unreadable(Exception):
    """A value that cannot be read as its type (`port: !!bool maybe`): what the file says
    of it (`unreadable_value`) and its place, for `_load_yaml` to report."""

    def __init__(self, message: str, hint: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.line = line
        self.column = column


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader, except that an impossible timestamp is an ImpossibleTime and
    a value that cannot be read as its type, or tagged as no value here is, is an
    _Unreadable at its place."""

    first_line = 1  # the file line the text starts on (front matter sits below `---`)
    back: dict[str, str]  # the line breaks yaml_data shielded, by their stand-ins
    depth = 0  # the lists and mappings open around the node being composed

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        # PyYAML composes a list or mapping in another by a call of its own, so one nested
        # past Python's stack would end the import with a RecursionError: the same limit
        # as a site's own files (yamlnodes.parse_yaml), at the list or mapping past it.
        if not self.check_event(yaml.CollectionStartEvent):
            return super().compose_node(parent, index)
        if self.depth >= MAX_DEPTH:
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
            message, hint = nested_too_deeply()
            raise _Unreadable(message, hint, mark.line + self.first_line, mark.column + 1)
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        # Only the tags the site's own files take are read, each on its kind of node:
        # PyYAML's others (`!!binary`, `!!set`, `!!omap`) build what no import uses, an
        # unknown one (`!foo`, `!!python/…`) or `!!int` on a list fails with a YAML
        # error whose hint (quote the text) does not help. Checked before anything is
        # built, so no tag ever runs a constructor of its own.
        if node.tag not in _READ_TAGS[type(node)]:
            message, hint = unsupported_tag(node.tag)
            mark = node.start_mark
            raise _Unreadable(message, hint, mark.line + self.first_line, mark.column + 1)
        return super().construct_object(node, deep)

    def text(self, node: yaml.ScalarNode) -> str:
        return unshielded(self.construct_scalar(node), self.back)

    def impossible_time(self, node: yaml.ScalarNode) -> object:
        try:
            return self.construct_yaml_timestamp(node)
        # An AttributeError: text tagged `!!timestamp` that is no time at all (PyYAML
        # trusts it to match the pattern), which is as impossible a time.
        except (ValueError, AttributeError):
            found = ImpossibleTime(node.value)
            found.line = node.start_mark.line + self.first_line
            return found

    def typed(self, node: yaml.ScalarNode) -> object:
        try:
            return _TYPED[node.tag](self, node)
        # PyYAML's constructors trust the text to match the tag's pattern, as a plain
        # value does: a tag written by hand can give any text, which then fails as a
        # KeyError (`!!bool maybe`), an IndexError (`!!int ""`) or a ValueError.
        except (ValueError, KeyError, IndexError):
            # A quoted value, or one whose text YAML reads as another type, has its type
            # from a tag written: taking the tag away is the fix, not quotes. (PyYAML's
            # resolver has no types.)
            plain = self.resolve(yaml.ScalarNode, node.value, (True, False))  # type: ignore[no-untyped-call]
            tagged = node.style is not None or plain != node.tag
            text = unshielded(node.value, self.back)
            kind = node.tag.rsplit(":", 1)[-1]
            message, hint = unreadable_value(text, kind, tagged=tagged)
            mark = node.start_mark
            raise _Unreadable(message, hint, mark.line + self.first_line, mark.column + 1) from None

    def lined_mapping(self, node: yaml.MappingNode) -> Iterator[LinedDict]:
        data = LinedDict()
        yield data  # PyYAML's own two steps, so that a mapping may hold itself
        data.update(self.construct_mapping(node))
        # construct_mapping has merged `<<` keys into node.value: each key is there.
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                line = key.start_mark.line + self.first_line
                name = unshielded(key.value, self.back)
                data.lines.setdefault(name, line)
                # The last of a key's values is the one kept, a `<<` merged one first.
                if value.tag == _BOOL_TAG:
                    data.words[name] = value.value
                else:
                    data.words.pop(name, None)

    def lined_sequence(self, node: yaml.SequenceNode) -> Iterator[LinedList]:
        data = LinedList()
        yield data
        data.extend(self.construct_sequence(node))
        data.lines = [item.start_mark.line + self.first_line for item in node.value]
        data.words = {i: item.value for i, item in enumerate(node.value) if item.tag == _BOOL_TAG}


class LinedList(list[Any]):
    """A YAML sequence, and the file line each of its items is on (`item_line`)."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[int] = []
        self.words: dict[int, str] = {}  # a true/false item's word, by its index


def item_line(data: object, index: int) -> int:
    """The file line item `index` of a sequence an import read is on; 0 when unknown."""
    if isinstance(data, LinedList) and 0 <= index < len(data.lines):
        return data.lines[index]
    return 0


class LinedDict(dict[Any, Any]):
    """A YAML mapping, and the file line each of its keys is on (`key_line`)."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[str, int] = {}
        self.words: dict[str, str] = {}  # a true/false value's word, by its key


def as_written(data: object, at: str | int) -> Any:
    """Value `at` of a mapping or item `at` of a sequence an import read (None when
    absent); a true/false as the word written (`yes`, `Off`), which a name means."""
    if isinstance(data, LinedDict) and isinstance(at, str) and at in data.words:
        return data.words[at]
    if isinstance(data, LinedList) and isinstance(at, int) and at in data.words:
        return data.words[at]
    if isinstance(data, dict):
        return data.get(at)
    if isinstance(data, list) and isinstance(at, int) and 0 <= at < len(data):
        return data[at]
    return None


def key_line(data: object, key: str) -> int:
    """The file line `key` of a mapping an import read is on; 0 when unknown."""
    return data.lines.get(key, 0) if isinstance(data, LinedDict) else 0


_Loader.add_constructor("tag:yaml.org,2002:str", _Loader.text)
# YAML 1.1 types a plain `=` as a "default value" that PyYAML cannot build; Hugo, as every
# YAML 1.2 reader, reads the text, which is what a name `=` means.
_Loader.add_constructor("tag:yaml.org,2002:value", _Loader.text)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.impossible_time)
_TYPED = {
    "tag:yaml.org,2002:int": yaml.SafeLoader.construct_yaml_int,
    "tag:yaml.org,2002:float": yaml.SafeLoader.construct_yaml_float,
    _BOOL_TAG: yaml.SafeLoader.construct_yaml_bool,
}
for _tag in _TYPED:
    _Loader.add_constructor(_tag, _Loader.typed)
_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.lined_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _Loader.lined_sequence)
_READ_TAGS: dict[type[yaml.Node], set[str]] = {
    yaml.ScalarNode: {
        "tag:yaml.org,2002:str",
        "tag:yaml.org,2002:value",
        "tag:yaml.org,2002:timestamp",
        "tag:yaml.org,2002:null",
        *_TYPED,
    },
    yaml.SequenceNode: {"tag:yaml.org,2002:seq"},
    yaml.MappingNode: {"tag:yaml.org,2002:map"},
}


def yaml_data(text: str, *, first_line: int = 1) -> Any:
    """What yaml.safe_load gives, except that a timestamp that does not exist is an
    ImpossibleTime, not a ValueError: every YAML file an import reads is read here.
    `first_line` is the file line the text starts on; a YAMLError passes through. A
    NEL, U+2028 or U+2029 is text, as in a site's own files (yamlnodes.shielded)."""
    text, back = shielded(text)
    loader = _Loader(text)
    loader.first_line = first_line
    loader.back = back
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def _load_yaml(text: str, path: Path, *, first_line: int = 1) -> Any:
    """The data of a YAML text; SourceError at the line to fix when it is not YAML, or
    holds a value that cannot be read as its type."""
    try:
        return whole_characters(yaml_data(text, first_line=first_line), path)
    except yaml.YAMLError as error:
        problem = syntax_problem(error, text, str(path), first_line=first_line)
        raise SourceError(
            path, problem.message, problem.hint, line=problem.line, column=problem.column
        ) from None
    except _Unreadable as error:
        raise SourceError(
            path, error.message, error.hint, line=error.line, column=error.column
        ) from None


def whole_characters(data: Any, where: Path | str) -> Any:
    """`data`, read from `where`; SourceError at the line of the first key or text in it
    that holds a lone surrogate (an escape such as "\\ud800"), naming its field: it could
    never be written to a site's UTF-8 files, and the import would stop at it unexplained."""
    # In a loop, not a call per level: a file nests as deep as its parser lets it.
    left: list[tuple[Any, str, int]] = [(data, "", 0)]
    seen: set[int] = set()  # YAML aliases: a list may hold itself, or be held many times
    while left:
        value, field, line = left.pop()
        if isinstance(value, dict | list):
            if id(value) in seen:
                continue
            seen.add(id(value))
        if isinstance(value, dict):
            for key, item in reversed(value.items()):
                at = key_line(value, key) or line
                left.append((item, str(key), at))
                left.append((key, str(key), at))
        elif isinstance(value, list):
            left += reversed(
                [(item, field, item_line(value, i) or line) for i, item in enumerate(value)]
            )
        elif isinstance(value, str):
            held = held_character(value, f"'{field}'" if field else "the file", LONE_SURROGATE)
            if held is not None:
                raise SourceError(
                    where,
                    f"{held}, half of a character, which no file can store",
                    "write the character itself, or its full pair of escapes "
                    '("\\ud83d\\ude00" for one emoji), or remove it',
                    line=line,
                )
    return data


def kind(value: object) -> str:
    """What a YAML value is, in the words yamlnodes.type_name uses for a node."""
    kinds = {
        dict: "a mapping",
        list: "a list",
        bool: "true/false",
        str: "text",
        date: "a date",
    }
    return next((w for t, w in kinds.items() if isinstance(value, t)), "a number")


def as_text(data: dict[Any, Any], key: str, where: Path | str, *, what: str = "") -> str:
    """Value `key` of a mapping an import read, as text: "" when absent, and a number or
    a date YAML read from a name as its text. SourceError at its line, naming it `what`
    (else the key), for a list, a mapping or any other value that is no text: written out,
    it would read as Python's (`['a', 'b']`), and one built of aliases would never end.
    A YAML 1.1 true/false (`name: yes`) is the word written."""
    value = as_written(data, key)
    if value is None:
        return ""
    if not isinstance(value, str | int | float | date):
        said = what or key
        raise SourceError(
            where,
            f"{said} is {kind(value)}, not text",
            f"write {said} as one piece of text; put it in quotes if it starts with [ or {{, "
            "which YAML reads as a list or a mapping",
            line=key_line(data, key),
        )
    return str(value)


def moment(value: Any, zone: tzinfo = timezone.utc) -> datetime | None:
    """A time as YAML or JSON hands it over (ISO text, a datetime or a date); a time
    without an offset is in `zone`, UTC unless the source names another (GitHub and
    Statuspage write UTC). None for anything else, an ImpossibleTime too, and for a time
    outside the years a site's moments lie in (in_years)."""
    return in_years(written_time(value, zone))


def written_time(value: Any, zone: tzinfo = timezone.utc) -> datetime | None:
    """The time `value` writes, as moment() reads it, in any year datetime holds."""
    if isinstance(value, ImpossibleTime):
        return None
    if isinstance(value, datetime):
        found = value
    elif isinstance(value, date):
        found = datetime(value.year, value.month, value.day)
    elif isinstance(value, str) and value.strip():
        try:
            found = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
    else:
        return None
    return found if found.tzinfo is not None else found.replace(tzinfo=zone)


def in_years(found: datetime | None) -> datetime | None:
    """`found`, or None when it lies outside the years every moment of a site lies in
    (clock.in_supported_years): no plan holds such a time, so none dates a file's name or
    is shown in a zone it overflows (time_problem says why it is refused)."""
    return found if found is not None and in_supported_years(found) else None


def time_problem(
    value: object, key: str, line: int = 0, *, read: Callable[[Any], datetime | None] = written_time
) -> tuple[str, int]:
    """Why `key` gives no time ("no date", "date '2026-13-01' is not a valid date", "date
    '1960-01-01' is outside the years 1970 to 9998", "date is a list, not a date"), and
    the line it is on when known (else `line`, the key's own, or 0). `read` reads a time
    in any year, in the forms the source writes."""
    if value in (None, ""):
        return f"no {key}", line
    if isinstance(value, list | dict):  # its Python form would only puzzle the author
        return f"{key} is {kind(value)}, not a date", line
    found = value.line if isinstance(value, ImpossibleTime) else line
    if read(value) is not None:
        return f"{key} '{value}' is outside the years {EARLIEST_YEAR} to {LATEST_YEAR}", found
    why = no_such_time(str(value))
    if why is not None:
        return f"{key} '{value}' is not a valid date ({why[0]})", found
    return f"{key} '{value}' is not a valid date", found
