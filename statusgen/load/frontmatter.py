"""Front matter: the YAML between a first line `---` and the next `---`, then the Markdown body."""

from __future__ import annotations

from dataclasses import dataclass

from statusgen.errors import Diagnostic

_FENCE = "---"
_EXAMPLE = (
    "start the file with a line '---', the front matter (title: ..., status: ...), then '---'"
)


@dataclass(frozen=True)
class FrontMatter:
    """A Markdown file split in two. Line numbers are 1-based lines of the whole file."""

    yaml: str
    yaml_line: int  # the line the YAML text starts on
    body: str
    body_line: int  # the line the body starts on


def split(path: str, text: str) -> tuple[FrontMatter | None, Diagnostic | None]:
    """Split decoded text (see load.text.decode) into front matter and body, or report why not."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != _FENCE:
        return None, Diagnostic(path, 1, 1, "missing front matter", _EXAMPLE)
    for index in range(1, len(lines)):
        if lines[index].rstrip() == _FENCE:
            return FrontMatter(
                yaml="\n".join(lines[1:index]) + "\n",
                yaml_line=2,
                body="\n".join(lines[index + 1 :]),
                body_line=index + 2,
            ), None
    return None, Diagnostic(
        path,
        1,
        1,
        "front matter is never closed",
        "add a line '---' after the last front matter key, before the Markdown text",
    )
