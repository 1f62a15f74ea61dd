"""Diagnostics as text for people, as GitHub Actions annotations, and as JSON for tools."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from statusgen.errors import STDIN, TITLE_ARGUMENT, Diagnostic, Severity
from statusgen.layout import working_folder
from statusgen.model import Site
from statusgen.render.terminal import printable


def format_text(diagnostics: Sequence[Diagnostic]) -> str:
    """`path:line:column: message` and an indented hint per problem, then a count."""
    lines = []
    for d in _readable(diagnostics, lossy=False):
        prefix = "" if d.severity is Severity.ERROR else f"{d.severity.value}: "
        # Messages quote the author's text, which may hold terminal escape sequences.
        lines.append(f"{printable(d.location())}: {prefix}{printable(d.message)}")
        if d.hint:
            lines.append(f"    hint: {printable(d.hint)}")
    counted = [d for d in diagnostics if d.severity is not Severity.NOTICE]
    if counted:
        # A command-line argument (`--component x`) or the theme is no file to count.
        files = len({d.path for d in counted if _names_a_file(d.path)})
        told = sum(d.problems for d in counted)
        warned = sum(d.problems for d in counted if d.severity is Severity.WARNING)
        # Warnings are advice, not problems: a site with only warnings still checks clean.
        # Notices (drafts) are neither, and not counted.
        counts = [
            plural(told - warned, "problem") if warned < told else "",
            plural(warned, "warning") if warned else "",
        ]
        where = f" in {plural(files, 'file')}" if files else ""
        lines.append(f"{' and '.join(c for c in counts if c)}{where}")
    return "\n".join(lines) + ("\n" if lines else "")


def format_github(diagnostics: Sequence[Diagnostic]) -> str:
    """GitHub Actions workflow commands (`::error file=...,line=...,col=...::message`).

    GitHub shows each on the file's line in the pull request; the hint follows the message.
    """
    lines = []
    for d in _readable(diagnostics):
        properties = []
        # An option or variable (`--base-url`) is no file of the pull request to show it on.
        if _names_a_file(d.path):
            properties.append(f"file={_escape_property(d.path)}")
            if d.line > 0:
                properties.append(f"line={d.line}")
                if d.column > 0:
                    properties.append(f"col={d.column}")
        properties.append("title=statusgen")
        message = f"{_said(d)}\nhint: {d.hint}" if d.hint else _said(d)
        lines.append(f"::{d.severity.value} {','.join(properties)}::{_escape_data(message)}")
    return "".join(line + "\n" for line in lines)


def format_json(diagnostics: Sequence[Diagnostic]) -> str:
    """A JSON list of {path, line, column, message, hint, severity}, keys sorted; `path`
    empty for a problem that is in no file (an option or variable such as --base-url)."""
    items = [
        {
            "path": d.path if _names_a_file(d.path) else "",
            "line": d.line,
            "column": d.column,
            "message": _said(d),
            "hint": d.hint,
            "severity": d.severity.value,
        }
        for d in _readable(diagnostics)
    ]
    return json.dumps(items, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _said(d: Diagnostic) -> str:
    """The message, led by what it is about when that is no file (`--base-url/STATUSGEN_
    BASE_URL: ...`), as the text format names it: without a path, nothing else would."""
    return d.message if _names_a_file(d.path) or not d.path else f"{d.path}: {d.message}"


def _readable(diagnostics: Sequence[Diagnostic], *, lossy: bool = True) -> list[Diagnostic]:
    """The diagnostics with each path, message and hint as readable_path gives it: a message
    quotes the file name (`file name 'café' ...`), and must read as the path beside it does
    (in JSON and CI annotations, valid UTF-8)."""
    return [
        replace(
            d,
            path=readable_path(d.path, lossy=lossy),
            message=readable_path(d.message, lossy=lossy),
            hint=readable_path(d.hint, lossy=lossy),
        )
        for d in diagnostics
    ]


def readable_path(path: str, *, lossy: bool = True) -> str:
    """`path` with the bytes Python could not decode (a lone surrogate each, PEP 383) read
    as UTF-8: under a strict C locale every name beyond ASCII comes as such bytes, and
    "\\udcc3\\udc9c" is no name a reader can open, where "Ü" is. Bytes that are not UTF-8
    either (a name from a Latin-1 machine) become U+FFFD when `lossy` (JSON and CI
    annotations have no way to carry them), else stay as they are (the terminal shows
    the byte)."""
    try:
        data = path.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate no file name holds
        return path
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("utf-8", "replace") if lossy else path


FORMATS: dict[str, Callable[[Sequence[Diagnostic]], str]] = {
    "text": format_text,
    "github": format_github,
    "json": format_json,
}


def format_summary(site: Site, diagnostics: Sequence[Diagnostic] = ()) -> str:
    """One line saying what a check without errors found: "No problems found" only when it
    warned of nothing, for the line comes right under the warnings' count."""
    warned = any(d.severity is Severity.WARNING for d in diagnostics)
    return (
        f"{'No errors found' if warned else 'No problems found'}: "
        f"{plural(len(site.components), 'component')}, "
        f"{plural(len(site.incidents), 'incident')}, "
        f"{plural(len(site.maintenances), 'maintenance window')}"
        + (f", {plural(len(site.drafts), 'draft')} (not published)" if site.drafts else "")
        + ".\n"
    )


def relative_to_cwd(diagnostics: Sequence[Diagnostic], root: Path) -> list[Diagnostic]:
    """Diagnostics with paths made relative to the current folder when the site lies inside it.

    Paths are relative to the site root; run from a repository with `-C site`, editors and
    GitHub annotations need `site/content/...` to find the file.
    """
    prefix = _site_prefix(root)
    if prefix is None:
        return list(diagnostics)
    return [_from_cwd(d, prefix, root) for d in diagnostics]


def _from_cwd(d: Diagnostic, prefix: str, root: Path) -> Diagnostic:
    """`d` with its path, and the other files of the site its text names (`also`), under
    `prefix`, the site's folder from the current one."""
    if _in_site(d.path, root):
        d = replace(d, path=f"{prefix}/{d.path}")
    for other in dict.fromkeys(o for o in d.also if _in_site(o, root)):
        # The whole name only: not `content/x.md` inside `content/x.md.bak`, nor one
        # already under the prefix.
        named = re.compile(rf"(?<![\w./-]){re.escape(other)}(?![\w/-]|\.\w)")
        shown = f"{prefix}/{other}".replace("\\", "\\\\")  # a template for sub()
        d = replace(d, message=named.sub(shown, d.message), hint=named.sub(shown, d.hint))
    return d


def path_from_cwd(relpath: str, root: Path) -> str:
    """The path of a file of the site (relative to it) as relative_to_cwd names it: from
    the current folder when the site lies inside it (`site/content/...` after `-C site`)."""
    prefix = _site_prefix(root)
    return relpath if prefix is None else f"{prefix}/{relpath}"


def _site_prefix(root: Path) -> str | None:
    """The site's folder from the current one ("site"), when it lies strictly inside it;
    None otherwise: paths relative to the site are then shown as they are."""
    here = working_folder()
    if here is None:  # nowhere to be relative to
        return None
    try:
        prefix = Path(os.path.relpath(root.resolve(), here)).as_posix()
    except ValueError:  # another drive on Windows
        return None
    return None if prefix == "." or prefix.startswith("..") else prefix


def _in_site(path: str, root: Path) -> bool:
    """Whether a diagnostic's path names a file of the site, relative to it. Commands also
    name what the user typed (`TITLE`, a payload file, an import's source folder, the
    site folder itself), already as the user wrote it: those have no top folder (or file)
    in the site; nor does standard input."""
    if path == STDIN or not _names_a_file(path) or Path(path).is_absolute():
        return False
    return (root / Path(path).parts[0]).exists() if Path(path).parts else False


def _names_a_file(path: str) -> bool:
    """Whether a diagnostic's path is a file (of the site, or one the command read, standard
    input included), not a command-line option (`-o/--output`, `--component x`), the title
    argument (`TITLE`), a stand-in such as `<theme>` or a folder (`content/incidents/`, where
    a name matched no file, or several)."""
    return path == STDIN or (
        path != TITLE_ARGUMENT and path[:1] not in "-<" and not path.endswith("/")
    )


def plural(count: int, word: str) -> str:
    """`1 file`, `2 files`: a count and its word, as every command's summary says it."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
