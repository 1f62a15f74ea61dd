"""Reading another tool's files: YAML and front matter, times, one error type."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import yaml

from statusgen.load import frontmatter
from statusgen.load.files import InputError, read_input


class SourceError(Exception):
    """The source cannot be read; names the file and what to do."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def read_source(path: Path, hint: str) -> bytes:
    """The bytes of an export file, read like any site input: a regular file of bounded
    size (a FIFO, a device or a huge file is a SourceError naming it, never a hang)."""
    try:
        return read_input(path)
    except FileNotFoundError:
        raise SourceError(f"{path}: no such file", hint) from None
    except InputError as error:
        raise SourceError(f"{path}: {error.message}", error.hint) from None


def read_yaml(path: Path, hint: str) -> Any:
    """A YAML file's data; SourceError when it is missing or not YAML."""
    data = read_source(path, hint)
    try:
        return yaml.safe_load(data.decode("utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError) as error:
        raise SourceError(
            f"{path}: cannot be read ({error})", "fix the file and import again"
        ) from None


def read_markdown(path: Path) -> tuple[dict[str, Any], str]:
    """A Markdown file's front matter (YAML) and body."""
    try:
        text = read_source(path, "").decode("utf-8").replace("\r\n", "\n")
    except UnicodeDecodeError as error:
        raise SourceError(f"{path}: not UTF-8 ({error})", "save the file as UTF-8") from None
    parts, problem = frontmatter.split(str(path), text)
    if parts is None:
        raise SourceError(
            f"{path}: {problem.message if problem else 'no front matter'}",
            "each post starts with a '---' line, its front matter, and another '---'",
        )
    try:
        data = yaml.safe_load(parts.yaml) or {}
    except yaml.YAMLError as error:
        raise SourceError(f"{path}: front matter is not YAML ({error})", "fix the file") from None
    if not isinstance(data, dict):
        raise SourceError(f"{path}: front matter is not a mapping", "write 'key: value' lines")
    return data, parts.body


def moment(value: Any) -> datetime | None:
    """A time as YAML or JSON hands it over (text or datetime); a time without an offset
    is UTC, as both cState and GitHub write them."""
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
    return found if found.tzinfo is not None else found.replace(tzinfo=timezone.utc)
