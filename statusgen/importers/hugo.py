"""What Hugo makes of a site's YAML, which is what cState's pages show: its keys in any
case."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from statusgen.importers.sources import LinedDict, SourceError, SourceErrors, key_line


def folded(data: dict[Any, Any], where: Path) -> LinedDict:
    """`data` with its keys in lower case, each at its line: Hugo reads front matter and
    config keys so (`Date:` is `date:`, and cState's templates ask for `.Params.resolved`).
    SourceErrors at the second of two keys that are one to Hugo: it keeps only one."""
    found = LinedDict()
    spelled: dict[Any, Any] = {}  # each folded key → the key as written first
    problems: list[SourceError] = []
    for key, value in data.items():
        name = key.lower() if isinstance(key, str) else key
        line = key_line(data, key) if isinstance(key, str) else 0
        if name in spelled:
            first = found.lines.get(name, 0)
            problems.append(
                SourceError(
                    where,
                    f"'{key}' and '{spelled[name]}'{f' (line {first})' if first else ''} are "
                    "one key to Hugo, which reads keys in any case and keeps only one of the two",
                    "remove one of them",
                    line=line,
                )
            )
            continue
        spelled[name] = key
        found[name] = value
        if line:
            found.lines[name] = line
    if problems:
        raise SourceErrors(problems)
    return found
