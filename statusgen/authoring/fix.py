"""What `check --fix` writes: first each line check refuses with its retyping as the hint
(retype.py), then, once the site checks clean, the offset of each time written without
one (pin.py) and an announcement in each maintenance window written without any
(announce.py).

Each file is written on its own, atomically, and each fix stands alone: a file the system
refuses (read-only, full) or that changed meanwhile is left as it was and named, and the
others are fixed all the same, so that running `check --fix` again has only it left to
do. (The files `ingest` writes depend on each other: it stops at the first it cannot.)
Each file written is told the moment it is (`written`), not once all are: a run stopped
part way (Ctrl-C) has said every file it changed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol, TypeVar

from statusgen.authoring import announce, pin, retype
from statusgen.authoring.save import editing, save
from statusgen.errors import Diagnostic, StatusgenError
from statusgen.model import Site

# What a file that could not be fixed is told, beside why: the others were written.
_LEFT = "the file is left as it was"


class _Edit(Protocol):
    @property
    def relpath(self) -> str: ...
    @property
    def previous(self) -> bytes: ...
    @property
    def data(self) -> bytes: ...


E = TypeVar("E", bound=_Edit)


@dataclass(frozen=True)
class Fixed:
    """What `check --fix` wrote, and why each file it could not write is left as it was."""

    pinned: list[pin.Pinned]
    announced: list[announce.Announced]
    refused: list[Diagnostic]

    def written(self) -> set[str]:
        """The files written, by relative path."""
        return {p.relpath for p in self.pinned} | {a.relpath for a in self.announced}

    def left(self) -> set[str]:
        """The files left without a fix they need, by relative path."""
        return {d.path for d in self.refused}


def _unsaid(edit: object) -> None:
    """A file written that no one is told of as it is."""


def retype_site(
    root: Path, written: Callable[[retype.Retyped], None] = _unsaid
) -> tuple[list[retype.Retyped], list[Diagnostic]]:
    """Retype the lines check refuses with their retyping as its hint, each file on its
    own: the files written (each given to `written` once it is), and a problem for each
    that was not. Needs no valid site: the raw files are enough, and those errors would
    keep every other fix from being made.

    Holds the site's edit lock (see fix_site)."""
    with editing(root):
        return _save_each(root, retype.plan(root), written)


def fix_site(
    root: Path,
    site: Site,
    now: datetime,
    written: Callable[[pin.Pinned | announce.Announced], None] = _unsaid,
) -> Fixed:
    """Pin the site's offset-less times, then announce its unannounced windows at `now`,
    each file on its own; the files written (each given to `written` once it is), and a
    problem for each that was not.

    Holds the site's edit lock, as the authoring commands do: an update arriving meanwhile
    waits its turn. Raises StatusgenError, writing nothing, when the lock is not had."""
    with editing(root):
        pinned, refused = _save_each(root, pin.plan(root, site.settings), written)
        # Pinned first: the announcement is written in the file as pinned.
        announced, unannounced = _save_each(root, announce.plan(root, site, now), written)
    return Fixed(pinned, announced, refused + unannounced)


def _save_each(
    root: Path, edits: Sequence[E], written: Callable[[E], None]
) -> tuple[list[E], list[Diagnostic]]:
    """Write each edit (refusing a file changed since it was read), telling `written` of
    each the moment it is: those written, and the problems of those that were not."""
    saved: list[E] = []
    refused: list[Diagnostic] = []
    for edit in edits:
        try:
            save(
                root / edit.relpath,
                edit.data,
                previous=edit.previous,
                shown=edit.relpath,
                then=_LEFT,
            )
        except StatusgenError as error:
            refused += error.diagnostics
        else:
            saved.append(edit)
            written(edit)
    return saved, refused
