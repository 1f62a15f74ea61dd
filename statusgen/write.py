"""Atomic output: the new site is assembled beside the output folder and swapped in whole,
or, when only some files changed, those are staged beside it and moved in under a journal.

A build that fails, or is killed, part way leaves the previous site exactly as it was.
Files whose bytes did not change are hard-linked from the previous site rather than
rewritten, so their timestamps (and a CDN's sync) see no change; unless their permissions,
group or ACL are not those a file written now gets (a build under a stricter umask, a chmod,
an output folder given the web server's group or ACL since), as a web server may not read
them: those are written again.

The folder beside the output may be shared (/tmp, a deploy folder other users write to),
so nothing found there is trusted unless this build's own user made it for this very
output: a leftover journal is only carried out from a staging folder named for the output,
owned by us and closed to everyone else, and only ever against the output itself. Builds
into one folder take turns (a lock on the folder holding it), and a file system that
fails (full, read-only) ends in a diagnostic with the previous site intact.
"""

from __future__ import annotations

import ctypes
import dataclasses
import errno
import functools
import json
import os
import re
import shlex
import shutil
import stat
import sys
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, ExitStack, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, NamedTuple

from statusgen import urls
from statusgen.errors import Diagnostic, NewSiteInPlace, StatusgenError, cannot_write, fail
from statusgen.folderlock import folder_lock, leftover_folders
from statusgen.layout import (
    CACHE_FOLDER,
    SETTINGS_FILE,
    SITE_STATIC_DIR,
    SOURCE_FOLDERS,
    VERSION_CONTROL,
)
from statusgen.load.files import (
    LOOPING_LINK,
    MAX_INPUT_BYTES,
    link_at_fault,
    real_path,
    shown_in_site,
)
from statusgen.signals import signals_held

if TYPE_CHECKING:
    from statusgen.model import Page

STAGING_PREFIX = ".statusgen-new-"
RETIRED_PREFIX = ".statusgen-old-"
# Every build writes this file; as a build writes it (holds_site), it says the folder is a
# site statusgen built.
SITE_MARKER = urls.STATUS_JSON
# The largest status.json a build writes: the site's title, from a settings file of at most
# MAX_INPUT_BYTES, is most of it. A larger one is not read to be told apart.
_MAX_MARKER_BYTES = 2 * MAX_INPUT_BYTES
# Inside a staging folder of an update: the new files, and the list that commits them.
_STAGED = "files"
_JOURNAL = "journal.json"
# How long a build waits for another one writing into the same folder to finish.
LOCK_WAIT_SECONDS = 60.0


@dataclass(frozen=True)
class WriteResult:
    files: int  # files in the site
    bytes: int  # their total size
    written: int  # files whose bytes changed (or are new)
    removed: int  # files of the previous site that are gone
    # Emptied folders of removed pages that stayed (their path, and why), which a site
    # built anew would not have.
    kept_folders: tuple[tuple[str, str], ...] = ()
    # The permissions a file and a folder written into the site got (what the umask, or a
    # default ACL, leaves them), which the record checks the site's files still have;
    # None when nothing was written.
    modes: tuple[int, int] | None = None
    # The group a file written into the site got (the output folder's, with setgid), which
    # the record checks the site's files still have; None when nothing was written.
    group: int | None = None
    # What the user should know and act on: a previous site left beside the output, the
    # output folder's group the new site could not take.
    warnings: tuple[str, ...] = ()


def said_changes(written: int, removed: int) -> str:
    """What a build changed in its output folder, as `build` and `serve` say it: "3
    changed", with ", 2 removed" when files of the previous site are gone (a change too,
    but not a changed file)."""
    return f"{written} changed" + (f", {removed} removed" if removed else "")


@dataclass(frozen=True)
class Staged:
    """A file of the new site already in its folder (NewSite.put), in place of its bytes."""

    size: int
    written: bool  # False: linked from the previous site, whose file has the same bytes


# What a build has for each path of its site: the bytes to write, the file already in
# the new site's folder, or None to keep the output folder's file as it is.
FileData = bytes | Staged | None


# Where the output folder was chosen, named in the diagnostics about it.
OUTPUT_OPTION = "-o/--output"


class OutputProblem(NamedTuple):
    """What is wrong with an output folder (output_folder_problem)."""

    message: str
    hint: str
    # What is at fault, relative to the site, named in place of where the folder was
    # chosen, which is not wrong: the symbolic link (public/ leading into content/, or
    # looping), or the folder itself when what it holds is no site to replace.
    place: str | None = None


def check_output_folder(
    root: Path,
    output: Path,
    *,
    pages: Iterable[Page],
    from_option: bool = False,
    own: str | None = None,
    recorded: bool = False,
    whole: bool = False,
    built: Callable[[], Collection[str]] | None = None,
    users: Callable[[], Sequence[str]] | None = None,
    page: str | None = None,
) -> None:
    """Refuse an output folder that would swallow or replace the site's own sources (see
    output_folder_problem), named where it was chosen: -o, or the `output:` of the page
    `page` (None: the site's) in the settings file, at its line as `check` names it."""
    problem = output_folder_problem(
        root,
        output,
        pages=pages,
        from_option=from_option,
        own=own,
        recorded=recorded,
        whole=whole,
        built=built,
        users=users,
    )
    if problem is None:
        return
    if problem.place is not None:
        raise fail(problem.place, problem.message, problem.hint)
    if from_option:
        raise fail(OUTPUT_OPTION, problem.message, problem.hint)
    # Read only for a folder refused: a build with nothing to do reads no YAML.
    from statusgen.config import output_position
    from statusgen.layout import settings_bytes

    line, column = output_position(settings_bytes(root) or b"", page)
    raise fail(SETTINGS_FILE, problem.message, problem.hint, line=line, column=column)


def output_folder_problem(
    root: Path,
    output: Path,
    *,
    pages: Iterable[Page],
    from_option: bool = False,
    own: str | None = None,
    recorded: bool = False,
    whole: bool = False,
    built: Callable[[], Collection[str]] | None = None,
    users: Callable[[], Sequence[str]] | None = None,
) -> OutputProblem | None:
    """What is wrong with building the site at `root` into `output`, or None: the one rule
    `build` refuses by and `check` reports with. `pages` are the site's pages, whose own
    static folders (`static:`) no output may lie in or hold either.

    `from_option`: the folder came from -o, so the hint says to change that (the
    settings file's `output:` is not what to change). `own`: the folder the hint offers
    instead (folder_of_its_own), by default the default output folder. A symbolic link on
    the way that loops, or leads where no output may be, is named itself: the name chosen
    is not wrong. `recorded`: the record of the last build into `output` is about to vouch
    for every file and folder in it (a build with nothing to do), so what it holds is not
    looked at. `whole`: a repository's records are looked for in every folder of it, not
    only at its top: a walk of every file, which `check` pays, and a build only when it
    replaces the folder whole (its swap deletes whatever the new site lacks). `built`: the
    files the site's own record says its last build wrote into `output` (none: no record),
    asked only when the folder's status.json is not one a build writes: a folder still
    holding every other file of them is that site, its status.json cut short or deleted
    since, and is built again like any page damaged. `users`: what the folder holds beside
    the files the build that left the site there wrote, as the note of a folder left
    behind records them (lastbuild.users_files_left), asked only for a folder holding a
    site: the user's, which replacing the folder would delete, so it is refused."""
    if own is None:
        own = folder_of_its_own(root, None, ())
    real_output = real_path(output)
    if real_output is None:
        found = link_at_fault(output, root, lambda target: target is None)
        return OutputProblem(
            LOOPING_LINK,
            "remove the link, and the build makes the folder; or point it at a folder of its own",
            found[0] if found is not None else str(output),
        )
    # The site's own folder is found, so reached without a loop.
    site, chosen = root, output
    root, output = Path(os.path.realpath(root)), Path(real_output)
    display = shown_in_site(output, root)
    own_folder = (
        f"pass -o a folder of its own, such as {own}"
        if from_option
        else f"set `output:` to a folder of its own, such as `{own}`"
    )
    statics = _page_statics(root, pages)
    forbidden = _forbidden(output, root, statics)
    if forbidden is not None:
        found = link_at_fault(
            chosen,
            site,
            lambda target: (
                target is not None and _forbidden(Path(target), root, statics) is not None
            ),
            # static/ a link to shared/: an output in shared/ is inside static/, whichever
            # name -o gave, and the link is where the site keeps that folder.
            own=(*_OWN_FOLDERS, *(page.static for page in pages if page.static is not None)),
        )
        if found is None:
            return OutputProblem(f"the output folder {display!r} {forbidden[0]}", own_folder)
        link, target = found
        assert target is not None  # a link that loops is never the one at fault here
        shown = os.path.relpath(target, root) if Path(target).is_relative_to(root) else target
        return OutputProblem(
            f"a symbolic link to {shown}, {forbidden[1]}",
            "point the link at a folder of its own outside the site's folders, or remove "
            "it and the build makes the folder",
            link,
        )
    in_the_way = _file_in_the_way(output)
    if in_the_way is not None:
        # Said before writing: the file system would answer only "File exists" or "Not a
        # directory", naming neither the file nor where the output folder was chosen.
        file = shown_in_site(in_the_way, root)
        return OutputProblem(
            f"the output folder {display!r} is a file"
            if in_the_way == output
            else f"the output folder {display!r} is to be made in {file!r}, which is a file",
            f"a folder is needed at {file}: move the file away, or {own_folder}",
        )
    # The build replaces the output folder whole. A folder holding anything else (a typo in
    # -o, a folder of documents, a project with a status.json of its own) would be deleted
    # with it: only a previous site is replaced, and never a repository's records, which no
    # site holds (a checkout of a gh-pages branch would lose its history).
    if not recorded and output.is_dir():
        records = _records_in(str(output), whole=whole)
        if records is not None:
            return OutputProblem(*_holds_records(records, display))
        recorded_files = functools.cache(built if built is not None else tuple)
        site_there = holds_site(output)
        if not site_there and not _still_built(output, recorded_files()):
            try:
                with os.scandir(output) as entries:
                    empty = next(entries, None) is None
            except OSError as error:
                # Left by another user (a deploy with umask 077, sudo), or the user's own
                # closed by hand (chmod 000): what it holds cannot be told, and the build
                # could not delete the previous site either. Its owner may open it again;
                # anyone else must be made its owner.
                quoted = shlex.quote(display)
                fix = (
                    f"let its owner in (chmod u+rwx {quoted})"
                    if _owned_by_us(output)
                    else "make the user who runs statusgen its owner "
                    f'(sudo chown -R "$USER" {quoted})'
                )
                return OutputProblem(
                    f"the output folder {display!r} cannot be opened: {error.strerror}",
                    f"the build looks into the folder and replaces it whole: {fix}, "
                    "or delete it and build again",
                )
            if not empty:
                # A file of that name alone is no site: when there is one, say why it is not.
                if os.path.lexists(output / SITE_MARKER):
                    why = f": its {SITE_MARKER} is damaged, or not one statusgen writes"
                elif os.path.lexists(output / urls.INDEX):
                    why = f": its {SITE_MARKER} is missing"
                else:
                    why = ""
                return OutputProblem(
                    f"the output folder {display!r} is not empty and holds no statusgen site{why}",
                    f"{_REPLACED_WHOLE}; if this folder is statusgen's output, delete it and "
                    "build again",
                    # -o names it where it was chosen; `output:` is right, the folder not,
                    # named as a folder (`public/`): a count of files leaves it out.
                    None if from_option else f"{display.rstrip('/')}/",
                )
        elif users is not None and (others := users()):
            # A folder an earlier build left behind (the settings named another), and the
            # user was told the files put there since are theirs: never deleted with it.
            named = named_files(others)
            # The folder offered is this one when `output:` went back to the default.
            elsewhere = "" if Path(os.path.realpath(root / own)) == output else f", or {own_folder}"
            return OutputProblem(
                f"the output folder {display!r} holds the site an earlier build left there, "
                f"beside what that build did not write there ({named}), which the build "
                "would delete with the folder",
                f"the build replaces the whole folder: move {named} out of {display}/ "
                f"first{elsewhere}",
            )
        # The folder's own files first: the record of the last build is read whole (an
        # edit's rebuild of a large site would pay for it), and a folder holding only what
        # a build writes needs none.
        elif site_there and (strays := _not_built(output, root, pages)) and not recorded_files():
            # A status.json says a statusgen site is there, but not that this site put it
            # there: copied in, or another site's, beside files of the user's (photos, notes)
            # that replacing the folder would delete. Without a record of a build into it,
            # only what a build writes, or this site's static folders hold, is its own.
            records = _records_in(str(output), whole=True)
            if records is not None:  # said first: the more a build would destroy
                return OutputProblem(*_holds_records(records, display))
            named = named_files(strays)
            return OutputProblem(
                f"the output folder {display!r} holds a statusgen site this site never built "
                f"there, beside files no build writes ({named}), which the build would delete "
                "with the folder",
                f"{_REPLACED_WHOLE}, or move {named} out of {display}/ first",
                None if from_option else f"{display.rstrip('/')}/",
            )
    return None


def named_files(paths: Sequence[str]) -> str:
    """`paths` as a warning or an error names them: the first few, the rest counted."""
    named = ", ".join(paths[:_NAMED])
    if len(paths) > _NAMED:
        named += f" and {len(paths) - _NAMED} more"
    return named


_NAMED = 3  # the user's files a message names; the rest are counted


def folder_of_its_own(root: Path, page: str | None, pages: Collection[Page]) -> str:
    """The output folder a hint offers the page `page` of the site at `root` (None: a site
    of one page, offered the default): `public-<page>`, numbered when need be, so that it
    is no output folder of another of `pages` nor a page's `static:`, and lies in or holds
    none of them. On a site with pages the default is often another page's folder, which
    following the hint would then replace (or publish this page inside)."""
    from statusgen.model import Settings

    if page is None:
        return Settings.output
    if not pages:  # a build with nothing to do asks so: it loads no YAML, as config does
        return f"{Settings.output}-{page}"
    from statusgen.config import folders_overlap, output_place

    taken = [output_place(root, p.output) for p in pages if p.name != page]
    taken += [output_place(root, p.static) for p in pages if p.static is not None]
    # One holding the site (a static folder linked to it) holds every folder offered, and is
    # a mistake reported of its own; each of the others rules out one name at most.
    site = Path(output_place(root, "."))
    taken = [folder for folder in taken if not site.is_relative_to(folder)]
    offered = f"{Settings.output}-{page}"
    number = 1
    while any(folders_overlap(output_place(root, offered), folder) for folder in taken):
        number += 1
        offered = f"{Settings.output}-{page}-{number}"
    return offered


# Looked for in this order, each by name: listing the folder would cost more.
_RECORDS = sorted(VERSION_CONTROL)
_REPLACED_WHOLE = "the build replaces the whole folder: pick an empty or new folder"


def _records_in(output: str, *, whole: bool) -> str | None:
    """Where the folder `output` holds a repository's records, relative to it (`.git`,
    `incidents/.hg`): at its top, or with `whole` in any of its folders, the first in
    name order; None when it holds none."""
    if not whole:
        return next((n for n in _RECORDS if os.path.lexists(f"{output}/{n}")), None)
    for place, folders, names in os.walk(output):
        if not (VERSION_CONTROL.isdisjoint(folders) and VERSION_CONTROL.isdisjoint(names)):
            found = min(VERSION_CONTROL.intersection([*folders, *names]))
            return os.path.relpath(os.path.join(place, found), output).replace(os.sep, "/")
        folders.sort()  # the same one named whatever order the folder lists them in
    return None


def _holds_records(records: str, display: str) -> tuple[str, str]:
    """The problem, and its hint, of the output folder (shown as `display`) holding the
    records of a repository at `records`, a path in it (`.git`, `incidents/.hg`)."""
    return (
        f"the output folder {display!r} holds {records}, a repository's records, which the "
        "build would delete with the folder",
        f"{_REPLACED_WHOLE}; to publish from a checkout (a gh-pages branch), build into a "
        "folder of its own and copy the site into the checkout",
    )


def _still_built(output: Path, built: Collection[str]) -> bool:
    """Whether the folder `output` still holds the files of `built` (a record of the last
    build into it) but its status.json, and but a few others: nothing recorded, nothing
    vouched for."""
    # Only paths a build wrote are tried: a record names no `..`, and none leads out.
    others = [path for path in built if path != SITE_MARKER]
    missing = sum(not os.path.lexists(output / path) for path in others)
    if not others or missing * _STILL_BUILT_SHARE > len(others):
        return False  # emptied and its name reused: few or none of the site's files left
    # A file or two deleted by hand or by a failing disk leaves the site the build put
    # there, to be written whole again, but only while it holds nothing else: a file of
    # the user's put in its place must never go with the folder.
    return not missing or _holds_only(output, frozenset(built))


# A recorded folder is still the site's while at most one in this many of its files is gone.
_STILL_BUILT_SHARE = 10


def _holds_only(folder: Path, files: Collection[str]) -> bool:
    """Whether every file in `folder` is one of `files` (paths relative to it); a link to
    a folder, which a build never writes, or a folder that cannot be read is not."""
    unread: list[OSError] = []
    for top, folders, names in os.walk(folder, onerror=unread.append):
        relative = Path(top).relative_to(folder)
        if any((relative / name).as_posix() not in files for name in names):
            return False
        if any(os.path.islink(os.path.join(top, name)) for name in folders):
            return False
    return not unread


# What a build writes in a folder of its own (the pages of incidents and components, the
# history, the theme's assets, the API, the search index's parts): any name inside is its.
_BUILT_FOLDERS = frozenset(
    folder.rstrip("/")
    for folder in (
        urls.INCIDENTS,
        urls.COMPONENTS,
        urls.HISTORY,
        urls.SUBSCRIBE,
        urls.ASSETS,
        urls.API_ROOT,
        urls.SEARCH_PARTS,
    )
)


def _not_built(output: Path, root: Path, pages: Iterable[Page]) -> list[str]:
    """The files in the folder `output`, in name order, that no build of the site at `root`
    (its `pages`) writes: neither one of urls.FILES, nor in a folder only a build fills, nor
    a file of the site's static folders; a folder that cannot be read counts as one."""
    statics = [root / SITE_STATIC_DIR, *(root / page.static for page in pages if page.static)]
    found: list[str] = []
    unread: list[OSError] = []
    for top, folders, names in os.walk(output, onerror=unread.append):
        relative = Path(top).relative_to(output)
        if relative == Path("."):
            folders[:] = [name for name in folders if name not in _BUILT_FOLDERS]
        folders.sort()
        for name in sorted(names):
            path = (relative / name).as_posix()
            if path in urls.FILES or any(os.path.isfile(folder / path) for folder in statics):
                continue
            found.append(path)
    found += (os.path.relpath(str(error.filename), output) for error in unread)
    return sorted(found)


def _owned_by_us(folder: Path) -> bool:
    """Whether this build's user owns `folder` (False when it cannot be told)."""
    try:
        return os.lstat(folder).st_uid == os.geteuid()
    except OSError:
        return False


def _file_in_the_way(output: Path) -> Path | None:
    """What is not a folder at `output` (a real path), or at the nearest of the folders
    above it that exists, where the build needs a folder; None when there is none."""
    for place in (output, *output.parents):
        try:
            mode = os.stat(place).st_mode
        except (FileNotFoundError, NotADirectoryError):
            continue  # not there yet: the build makes it, if what is above is a folder
        except OSError:
            return None  # cannot be told (no permission): writing says why it cannot
        return None if stat.S_ISDIR(mode) else place
    return None


def holds_site(output: Path) -> bool:
    """Whether the folder `output` holds a site statusgen built (a previous build's): its
    status.json is one a build writes, an object of exactly urls.STATUS_JSON_KEYS."""
    try:
        # Not through a link, and never waiting on a pipe: a build writes a regular file.
        handle = os.open(f"{output}/{SITE_MARKER}", os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return False
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode) or info.st_size > _MAX_MARKER_BYTES:
            return False
        found = json.loads(os.read(handle, info.st_size + 1))
    except (OSError, ValueError, RecursionError):  # RecursionError: nested too deeply
        return False
    finally:
        os.close(handle)
    return isinstance(found, dict) and found.keys() == urls.STATUS_JSON_KEYS


# The site's folders no output folder may be in or hold, relative to its root.
_OWN_FOLDERS = (*SOURCE_FOLDERS, CACHE_FOLDER, ".git")


def _page_statics(root: Path, pages: Iterable[Page]) -> list[tuple[Path, str]]:
    """Where the own static folder of each of `pages` really is (the site being really
    at `root`), with what to call it in a diagnostic."""
    return [
        (
            Path(os.path.realpath(root / page.static)),
            f"{page.static}/, the static folder of page '{page.name}'",
        )
        for page in pages
        if page.static is not None
    ]


def _forbidden(
    real: Path, root: Path, statics: Iterable[tuple[Path, str]]
) -> tuple[str, str] | None:
    """Why no output folder may really be at `real`, the site being really at `root` with
    its pages' static folders at `statics` (_page_statics), as said of the folder ("is
    inside content/") and of a link leading there ("inside content/"); None when one may."""
    if real == root or root.is_relative_to(real):
        return "holds the site itself", "which holds the site itself"
    # The site's own folders, and the cache's: a site built into it would publish what
    # incremental builds keep, and the next build's cache would overwrite the site. Each
    # where it really is: static/ may be a link to shared/, and a private page's site built
    # into shared/ would go out with the public one.
    for source in _OWN_FOLDERS:
        folder = Path(os.path.realpath(root / source))
        if real.is_relative_to(folder):
            return f"is inside {source}/", f"inside {source}/"
        if folder.is_relative_to(real):  # kept outside the site, where `real` holds it
            return f"holds {source}/", f"which holds {source}/"
    # A page's own static folder is published as static/ is, by its page: a private
    # page's site built into it would go out with the public one. One an output holds
    # would be replaced with the output at the next build.
    for folder, named in statics:
        if real.is_relative_to(folder):
            return f"is inside {named}", f"inside {named}"
        if folder.is_relative_to(real):
            return f"holds {named}", f"which holds {named}"
    return None


def check_paths(paths: Collection[str], new: Collection[str] | None = None) -> None:
    """Every output path stays inside the output folder, and no file is also a folder.

    `new`, when given, holds the paths not checked before: the others were, all together
    (the build that wrote them), so only these are checked, against all of `paths`."""
    if new is not None and len(new) > _FEW_NEW:
        new = None
    problems = [
        Diagnostic("<build>", 0, 0, f"refusing to write outside the output: {path!r}")
        for path in (paths if new is None else new)
        if not path
        or path.startswith("/")
        or "\\" in path
        or any(part in ("", ".", "..") for part in path.split("/"))
    ]
    problems += [
        Diagnostic("<build>", 0, 0, f"{folder} is written both as a file and a folder")
        for folder in sorted(_clashes(paths) if new is None else _new_clashes(paths, new))
    ]
    if problems:
        raise StatusgenError(sorted(problems))


# With more new paths than this, checking each against every path costs more than
# checking all the paths at once.
_FEW_NEW = 16


def _clashes(paths: Collection[str]) -> set[str]:
    """The paths that are also a folder of another."""
    folders: set[str] = set()
    for path in paths:
        # Plain string slicing: PurePosixPath costs seconds over a large site's paths.
        parent = path.rpartition("/")[0]
        while parent and parent not in folders:
            folders.add(parent)
            parent = parent.rpartition("/")[0]
    return folders & set(paths)


def _new_clashes(paths: Collection[str], new: Iterable[str]) -> set[str]:
    """_clashes(paths) where only the paths `new` can clash (the others never did)."""
    found: set[str] = set()
    for path in new:
        parent = path.rpartition("/")[0]
        while parent:
            if parent in paths:
                found.add(parent)
            parent = parent.rpartition("/")[0]
        folder = path + "/"
        if any(other.startswith(folder) for other in paths):
            found.add(path)
    return found


# What a waiting build is told it waits for (`Waiting`), once a wait lasts
# (folderlock.SAY_WAITING_AFTER): a minute in silence looks like a hang.
Waiting = Callable[[str], None]


def building(root: Path, waiting: Waiting | None = None) -> AbstractContextManager[None]:
    """Hold the site's build lock for a whole build, from reading its inputs to recording
    what it wrote: builds of one site (a `build` beside `serve`, two CI steps) take turns,
    so a build that read the files before an edit can never write after a build that read
    them after it. The lock is on the site folder; it waits at most LOCK_WAIT_SECONDS,
    and tells `waiting` what it waits for once the wait lasts."""
    return folder_lock(
        root,
        LOCK_WAIT_SECONDS,
        lambda: fail(
            str(root),
            f"another build of this site is running; waited {LOCK_WAIT_SECONDS:g} s",
            "wait for it to finish and build again",
        ),
        waiting=None if waiting is None else lambda: waiting("another build of this site"),
    )


def write_site(
    output: Path,
    files: Mapping[str, FileData],
    previous: Mapping[str, int] | None = None,
    new: NewSite | None = None,
    waiting: Waiting | None = None,
) -> WriteResult:
    """Make the output folder hold exactly `files`, atomically.

    A None value keeps the file the output folder holds at that path. With `previous`
    (the paths the output folder holds and their sizes, known to be exactly as the last
    build left them)
    only changed files are replaced; otherwise the whole folder is swapped: with `new`
    (new_site, whose block this runs in), the folder some files are already in (Staged).

    A symbolic link as the output folder is followed: its target receives the site and
    the link stays. Raises StatusgenError when the file system refuses (full, read-only)
    or another build keeps the folder busy; the previous site is then as it was.

    Writers into one folder take turns by a lock on the folder holding the output (a
    build already holds it when the output sits in the site folder it locked).
    """
    # Paths the output folder already holds were checked by the build that wrote them.
    if previous is None:
        check_paths(files.keys())
    elif not files.keys() <= previous.keys():
        check_paths(files.keys(), [path for path in files if path not in previous])
    # Everything below works on the real folder, so the staging folder, the swap and any
    # journal sit beside the target, never beside (or instead of) a link to it.
    output = Path(os.path.realpath(output.absolute()))
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        with _writing_lock(output, waiting):
            if new is not None:  # made under this lock, leftovers cleared then
                return _replace(output, files, new)
            left = _remove_leftovers(output)
            if previous is not None and output.is_dir():
                result = _update(output, files, previous)
                return dataclasses.replace(result, warnings=(*left, *result.warnings))
            return _replace(output, files, NewSite(output, left))
    except _Unfinished as unfinished:
        raise _cannot_write(output, unfinished.error, unchanged=False) from None
    except OSError as error:
        raise _cannot_write(output, error) from None


@contextmanager
def new_site(output: Path, waiting: Waiting | None = None) -> Iterator[NewSite]:
    """The folder a whole new site is written into while the block builds it, under the
    output's writing lock (held on by write_site within the block, which swaps it in).
    The folder is taken away unless write_site swapped it in: a failed build leaves the
    output as it was. Leftovers of killed builds are cleared first, as write_site does."""
    output = Path(os.path.realpath(output.absolute()))
    with ExitStack() as held:
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            # Taken by opening the folder holding the output, which one that may be written
            # but not read (a drop folder, mode 733) refuses: said as write_site says it.
            held.enter_context(_writing_lock(output, waiting))
            new = NewSite(output, _remove_leftovers(output))
        except _Unfinished as unfinished:
            raise _cannot_write(output, unfinished.error, unchanged=False) from None
        except OSError as error:
            raise _cannot_write(output, error) from None
        try:
            yield new
        except NewSiteInPlace:
            raise  # swapped in; the folder holds what is left of the previous site
        except BaseException:
            shutil.rmtree(new.folder, ignore_errors=True)
            raise
        shutil.rmtree(new.folder, ignore_errors=True)  # gone once swapped in


class NewSite:
    """A new site's folder beside the output folder, filled file by file (`put`), by this
    process or by worker processes forked from it: a first build's workers write each
    page they render here, instead of sending its bytes back to be written after.

    A file whose bytes the previous site holds at the same path is linked from there
    rather than written, so its time stamp (and a CDN's sync) sees no change."""

    def __init__(self, output: Path, warnings: Iterable[str] = ()) -> None:
        self.folder = _staging(output)
        self.folder.mkdir()
        # Said with the result (WriteResult.warnings): those of clearing leftovers first.
        self.warnings = list(warnings)
        # By plain strings and system calls: a first build writes 11,000 files at 10,000
        # incidents, and through pathlib each cost twice as much (0.43 s in all).
        self._new, self._old = str(self.folder) + os.sep, str(output) + os.sep
        # Without a previous site (a first build) there is no file to link.
        self._linkable = output.is_dir()
        self._made = {""}  # the folders made so far (by this process)
        try:
            if self._linkable:
                self.warnings += _take_on(self.folder, output)
            self._traits = _new_file_traits(str(self.folder))
            self.modes = (self._traits.mode, _new_folder_mode(str(self.folder)))
            self.group = self._traits.group
        except BaseException:
            shutil.rmtree(self.folder, ignore_errors=True)
            raise

    def put(self, path: str, data: bytes) -> Staged:
        """Write `data` as the file `path` of the new site (or link the previous site's)."""
        self._make_folder(path.rpartition("/")[0])
        old, new = self._old + path, self._new + path
        if self._linkable and _reuse(old, new, data, self._traits):
            return Staged(len(data), written=False)
        _write_file(new, data)
        return Staged(len(data), written=True)

    def keep(self, path: str) -> None:
        """Link the previous site's file `path` into the new site (copy it, when its
        permissions, group or ACL are not those a file written now gets)."""
        self._make_folder(path.rpartition("/")[0])
        old, new = self._old + path, self._new + path
        if _has_traits(os.lstat(old), old, self._traits):
            os.link(old, new)
        else:
            shutil.copyfile(old, new)

    def _make_folder(self, folder: str) -> None:
        """Make the folder `folder` of the new site and those it is in, once each."""
        if folder in self._made:
            return
        self._make_folder(folder.rpartition("/")[0])
        with suppress(FileExistsError):  # made by another process writing into this site
            os.mkdir(self._new + folder)
        self._made.add(folder)


def _replace(output: Path, files: Mapping[str, FileData], new: NewSite) -> WriteResult:
    """Write every file into the new site's folder and swap it in for the output folder."""
    written = 0
    try:
        for path in sorted(files):
            data = files[path]
            if data is None:
                new.keep(path)
            elif isinstance(data, Staged):
                written += data.written
            else:
                written += new.put(path, data).written
        # Rewritten files are not removed ones: only the old paths the new site lacks.
        removed = len(_previous_files(output) - files.keys()) if output.is_dir() else 0
        left = _swap(new.folder, output)
    except NewSiteInPlace:
        raise  # what is left of the previous site is the next build's to clear
    except BaseException:
        shutil.rmtree(new.folder, ignore_errors=True)
        raise
    return WriteResult(
        files=len(files),
        bytes=_total_bytes(output, files),
        written=written,
        removed=removed,
        modes=new.modes,
        group=new.group,
        warnings=tuple(dict.fromkeys([*new.warnings, *left])),  # each folder said once
    )


# As open(path, "wb") asks: a new file (or one emptied), not inherited by child processes.
_WRITE_FLAGS = (
    os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
)


class FileTraits(NamedTuple):
    """What a file written into a folder gets from it and the umask: a file of the
    previous site without all of it is written again rather than linked, as a web server
    (the group's, or one the ACL names) may not read it."""

    mode: int  # the permissions: what the umask, or a default ACL, leave of 0o666
    group: int
    acl: bytes | None  # its access ACL, inherited from the folder's default one


def _new_file_traits(folder: str) -> FileTraits:
    """What a file this build writes into `folder` gets. Found by making one (and removing
    it), as asking the umask alone would miss a default ACL, and rewrite every file of such
    a site, and the group a setgid folder gives."""
    probe = os.path.join(folder, _PROBE)
    handle = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        info = os.fstat(handle)
        return FileTraits(stat.S_IMODE(info.st_mode), info.st_gid, _acl(handle))
    finally:
        os.close(handle)
        os.unlink(probe)


_ACCESS_ACL, _DEFAULT_ACL = "system.posix_acl_access", "system.posix_acl_default"
_getxattr = getattr(os, "getxattr", None)  # Linux only


def _acl(file: int | str, name: str = _ACCESS_ACL) -> bytes | None:
    """The ACL `name` of `file` (an open handle, or a path not followed if a link), or
    None when it has none (the file system or the system has no ACLs)."""
    if _getxattr is None:
        return None
    try:
        # A handle is the file itself: following is asked only of a path.
        follow = {} if isinstance(file, int) else {"follow_symlinks": False}
        found: bytes = _getxattr(file, name, **follow)
    except OSError:  # ENODATA: none; ENOTSUP: no ACLs there
        return None
    return found


def inherited(output: Path) -> tuple[int, int, bytes]:
    """What the output folder gives every file and folder of a site built into it: its
    group, its setgid bit (which gives the group) and its default ACL (b"": none). Told
    apart from what the record says it gave, it was changed by hand (chgrp, setfacl), and
    the site's files have no longer what a new one gets. A stat and one attribute read."""
    info = os.stat(output)
    return (
        info.st_gid,
        stat.S_IMODE(info.st_mode) & stat.S_ISGID,
        _acl(str(output), _DEFAULT_ACL) or b"",
    )


def _new_folder_mode(folder: str) -> int:
    """The permissions a folder this build makes in `folder` gets, found as
    _new_file_traits finds a file's."""
    probe = os.path.join(folder, _PROBE)
    os.mkdir(probe)
    try:
        # Its setgid bit is the folder's, not permissions a build must give.
        return stat.S_IMODE(os.stat(probe).st_mode) & 0o777
    finally:
        os.rmdir(probe)


# Made and removed in a new site's folder before any of its files: a name no site has.
_PROBE = f"{STAGING_PREFIX}mode"


def _take_on(folder: Path, output: Path) -> list[str]:
    """Give `folder`, made empty to fill with the new site (or its new files), what the
    user gave the output folder: its group, its setgid bit, its ACL (extended attributes),
    before anything is written into it, so that what is made in it gets the group and the
    ACL's entries as in the output folder. Returns a warning when the group could not be
    given.

    Its read, write and search permissions are those a folder made in it gets, by the
    umask or the default ACL, as for every folder of the site: a build under umask 077
    before must not keep the site closed, nor one under 022 keep it open after 027."""
    had, fresh = os.stat(output), os.stat(folder)
    warnings = []
    if had.st_gid != fresh.st_gid:
        try:
            os.chown(folder, -1, had.st_gid)
        except OSError as error:
            # Not one of this user's groups: the site is still built, in the user's group.
            # The new folder replaces the output folder, which alone recorded the group:
            # no later build, a member's included, can know it, so say how to give it back.
            group, quoted = _group_name(had.st_gid), shlex.quote(str(output))
            warnings.append(
                f"could not give the new site the group {group} of {output} "
                f"({error.strerror}): the output folder and its files now belong to group "
                f"{_group_name(fresh.st_gid)}, and later builds keep that; to give them "
                f"back, run: chgrp -R {group} {quoted} && chmod g+s {quoted}, and build as "
                f"a member of {group}"
            )
    # Mode and extended attributes (system.posix_acl_access and _default) on Linux; the
    # times are the folder's until its files are written.
    shutil.copystat(output, folder, follow_symlinks=False)
    # After the group (a chown may clear setgid); owner rwx first, as the probe writes.
    special = stat.S_IMODE(had.st_mode) & 0o7000
    os.chmod(folder, special | 0o700)
    os.chmod(folder, special | _new_folder_mode(str(folder)))
    return warnings


def _group_name(gid: int) -> str:
    try:
        import grp

        return grp.getgrgid(gid).gr_name
    except (ImportError, KeyError):
        return str(gid)


def current_umask() -> int:
    """This process's umask: a file it makes gets 0o666 less it, a folder 0o777 less it."""
    try:
        # Read, not set: setting it for a moment would give a file another thread makes
        # then the wrong permissions.
        with open("/proc/self/status", encoding="ascii") as status:
            return next(int(line.split()[1], 8) for line in status if line.startswith("Umask:"))
    except (OSError, StopIteration, ValueError, IndexError):  # not Linux, or before 4.7
        mask = os.umask(0o022)
        os.umask(mask)
        return mask


def _write_file(path: str, data: bytes) -> None:
    """Write `data` as the file `path`, as Path.write_bytes does, in fewer steps."""
    handle = os.open(path, _WRITE_FLAGS, 0o666)
    try:
        left = memoryview(data)
        while left:
            left = left[os.write(handle, left) :]
    finally:
        os.close(handle)


def _writing_lock(output: Path, waiting: Waiting | None = None) -> AbstractContextManager[None]:
    """Hold the lock on the folder holding `output`: builds into it take turns (`waiting`
    as for `building`)."""
    return folder_lock(
        output.parent,
        LOCK_WAIT_SECONDS,
        lambda: fail(
            str(output),
            f"another build is writing to this folder; waited {LOCK_WAIT_SECONDS:g} s",
            "wait for it to finish and build again",
        ),
        waiting=None if waiting is None else lambda: waiting(f"another build writing to {output}"),
    )


class UnfinishedWrite(StatusgenError):
    """A write stopped after its commit: the output folder holds part of the new site, which
    a journal left for the next build has the rest of, rather than the previous site as
    every other failed build leaves it (and the build says, build.BuildFailed)."""


def _cannot_write(output: Path, error: OSError, *, unchanged: bool = True) -> StatusgenError:
    """A diagnostic for a failed write: the output folder holds the previous site, or
    (not `unchanged`, an UnfinishedWrite) part of the new one."""
    beside = _cannot_replace(output, error) if unchanged else None
    if beside is not None:
        return beside
    where = str(error.filename) if error.filename else str(output)
    left = f"the site in {output} is left partly updated, and the next build finishes it"
    problem = cannot_write(
        where,
        "the site",
        error,
        again="build again",
        elsewhere=f"pick another folder with {OUTPUT_OPTION}",
        then="" if unchanged else left,
    )
    return problem if unchanged else UnfinishedWrite(problem.diagnostics)


def _cannot_replace(output: Path, error: OSError) -> StatusgenError | None:
    """The diagnostic for a build refused where it puts the new site in place, beside the
    output folder: renaming the folder itself (a mount point), or making a folder in the
    one holding it (closed to writing). Said of the output folder, and of what it needs,
    never of the hidden folder made beside it; None for any other failure."""
    failed = os.fspath(error.filename) if error.filename else ""
    reason = error.strerror or str(error)
    copy = "build into another folder and copy the site into this one"
    if failed == str(output) and error.errno == errno.EBUSY:
        return fail(
            failed,
            f"cannot replace the output folder: {reason} (it is a mount point, or in use by "
            "the system)",
            "the build renames a new site into the output folder's place, which a mount "
            f"point cannot take: {copy}, or mount the folder holding it instead",
        )
    # The staging (or retired) folder, or the output folder renamed to one: not a folder
    # in the output, which a read-only output refuses (_refused).
    renamed = failed == str(output) and error.filename2 is not None
    made_beside = renamed or (
        os.path.dirname(failed) == str(output.parent)
        and _leftover_name(output).fullmatch(os.path.basename(failed)) is not None
    )
    refused = error.errno in (errno.EACCES, errno.EPERM, errno.EROFS)
    if renamed and refused and _locked(output):
        quoted = shlex.quote(str(output))
        return fail(
            str(output),
            f"cannot replace the output folder: {reason} (the folder itself may not be "
            f"moved: it is immutable or append-only, see lsattr -d {quoted})",
            "the build renames a new site into the output folder's place: unlock the "
            f"folder (chattr -i -a {quoted}), or {copy}",
        )
    # The folder holding the output itself, there (a folder to make is named by its own
    # path): opened for the writing lock, listed for what killed builds left in it.
    unread = failed == str(output.parent) and os.path.isdir(failed)
    if (made_beside or unread) and refused:
        return fail(
            str(output),
            f"cannot write the site: {reason} in {output.parent}, the folder holding the "
            "output folder",
            "the build makes the new site beside the output folder and renames it into "
            f"place: let statusgen {'list and write to' if unread else 'write to'} "
            f"{output.parent}, or {copy}",
        )
    return None


def _locked(output: Path) -> bool:
    """Whether the output folder itself refuses to be renamed (chattr +i or +a): the folder
    holding it lets this user make and move names, its own ones in a sticky folder too."""
    try:
        holder = os.stat(output.parent)
        owner = os.stat(output, follow_symlinks=False).st_uid
    except OSError:
        return False
    # A sticky folder (/tmp) lets only their owners move the names in it.
    ours = not holder.st_mode & stat.S_ISVTX or os.geteuid() in (0, owner, holder.st_uid)
    return ours and os.access(output.parent, os.W_OK | os.X_OK)


class _Unfinished(Exception):
    """A committed journal that stopped part way: the output holds some of its files."""

    def __init__(self, error: OSError) -> None:
        super().__init__(error)
        self.error = error


def _staging(output: Path) -> Path:
    return output.parent / f"{STAGING_PREFIX}{output.name}-{os.getpid()}"


def _update(
    output: Path, files: Mapping[str, FileData], previous: Mapping[str, int]
) -> WriteResult:
    """Replace only the files whose bytes changed, and remove those that are gone.

    The new files are first written into a staging folder beside the output; a build
    killed then leaves the output untouched. Then a journal is renamed into place (the
    commit point) and the files are moved in, each by one rename. A build killed during
    that short step leaves a journal the next build reads to finish moving them in,
    before it does anything else.

    Before the commit point, the folders the moves need are made and checked: a folder
    that refuses them ends the update with nothing replaced, rather than part way. One
    where a removed file is (a file that became a folder) is made with the moves.
    """
    staging = _staging(output)
    put: list[str] = []
    made: list[str] = []
    try:
        # Closed to everyone else: only a folder like this is trusted with a journal.
        staging.mkdir(mode=0o700)
        os.chmod(staging, 0o700)  # whatever the umask
        # The new files are made in a folder like the output folder (its group, setgid,
        # default ACL), so that they are moved in as a whole new site would have them.
        (staging / _STAGED).mkdir()
        warnings = _take_on(staging / _STAGED, output)
        traits = _new_file_traits(str(staging / _STAGED))
        folder_mode = _new_folder_mode(str(staging / _STAGED))
        rendered = sorted((path, data) for path, data in files.items() if data is not None)
        for path, data in rendered:
            assert not isinstance(data, Staged), "only a whole new site is staged"
            if previous.get(path) == len(data) and _same(output / path, data, traits):
                continue
            target = staging / _STAGED / path
            target.parent.mkdir(parents=True, exist_ok=True)
            _write_file(str(target), data)
            put.append(path)
        journal: dict[str, Any] = {
            "output": output.name,
            "put": put,
            "remove": sorted(set(previous) - set(files)),
        }
        _make_room(output, journal, made)
        temporary = staging / f"{_JOURNAL}.tmp"
        temporary.write_text(json.dumps(journal), encoding="utf-8")
        temporary.rename(staging / _JOURNAL)
    except BaseException:
        for folder in reversed(made):
            with suppress(OSError):
                os.rmdir(folder)
        shutil.rmtree(staging, ignore_errors=True)
        raise
    stopped = False
    try:
        kept = _apply(staging, output, journal)
    except KeyboardInterrupt:
        # Taken once every file is in (the move holds Ctrl-C until it ends): the output
        # holds the whole new site, which "Interrupted." alone would leave the user to
        # doubt, and build again.
        stopped, kept = True, ()
    _give_folder_mode(output, {path.rpartition("/")[0] for path in put}, folder_mode)
    if stopped:
        raise NewSiteInPlace(previous_left=False)
    # _apply deleted it unless the folder holding it refused (made read-only, or immutable,
    # during the build): said now, not first by the next build.
    warnings += _remove_previous(staging)
    return WriteResult(
        files=len(files),
        bytes=sum(previous[p] if d is None else _size(d) for p, d in files.items()),
        written=len(put),
        removed=len(journal["remove"]),
        kept_folders=kept,
        modes=(traits.mode, folder_mode),
        group=traits.group,
        warnings=tuple(warnings),
    )


def _give_folder_mode(output: Path, folders: Iterable[str], wanted: int) -> None:
    """Give each of the output's `folders` (written into) the permissions a new folder gets
    where it lacks them. A page's own folder is not in the record's check (outputs.snapshot:
    a stat per page), so one made unreadable by hand is repaired when its page is written:
    one stat of a folder being written into anyway. After the moves, as a build that stops
    before them leaves the previous site as it was; one killed between leaves no record,
    so the next build makes a whole new site. `wanted`: the permissions a new folder
    gets (_new_folder_mode), a default ACL's as much as the umask's."""
    for folder in sorted(folders):
        where = os.path.join(output, folder) if folder else str(output)
        with suppress(OSError):  # not ours to change (another owner): as it was before
            mode = stat.S_IMODE(os.stat(where).st_mode)
            if wanted & ~mode:
                os.chmod(where, mode | wanted)


def _make_room(output: Path, journal: Mapping[str, Any], made: list[str]) -> None:
    """Make the output's folders that the journal's files go into (each one made is
    added to `made`), and check that every folder it changes takes changes: raises the
    OSError a move would have met."""
    into = {path.rpartition("/")[0] for path in journal["put"]}
    out_of = {path.rpartition("/")[0] for path in journal["remove"]}
    removed = set(journal["remove"])
    # Only a few folders: an update moves a few files.
    for folder in sorted(into | out_of):
        where = os.path.join(output, folder) if folder else str(output)
        if folder in into and _in_removed_file(folder, removed):
            # A file of the previous site holds its place (static/docs made a folder):
            # _apply makes it once that file is gone, in the folder holding the file,
            # which is checked below as one a file is removed from. Removing the file now
            # would leave the previous site without it if the build stopped here.
            continue
        if folder in into:
            _make_folder(where, made)
        elif not os.path.isdir(where):
            continue  # its files are gone already
        if not os.access(where, os.W_OK | os.X_OK, effective_ids=_EFFECTIVE_IDS):
            raise _refused(where)


def _refused(folder: str) -> OSError:
    """The error a move into `folder`, which os.access says takes no changes, would meet:
    a read-only file system is said as such (its hint differs), anything else is a
    permission. os.access answers only yes or no."""
    code = errno.EACCES
    with suppress(OSError, AttributeError):  # AttributeError: no statvfs on Windows
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            code = errno.EROFS
    return OSError(code, os.strerror(code), folder)


def _in_removed_file(folder: str, removed: Collection[str]) -> bool:
    """Whether `folder`, or one it is in, is the path of a file in `removed`."""
    while folder:
        if folder in removed:
            return True
        folder = folder.rpartition("/")[0]
    return False


# Whether os.access checks as this process (its effective user), not as who started it.
_EFFECTIVE_IDS = os.access in os.supports_effective_ids


def _make_folder(folder: str, made: list[str]) -> None:
    """Make `folder` and those it is in, adding each one made to `made`."""
    try:
        os.mkdir(folder)
    except FileNotFoundError:
        _make_folder(os.path.dirname(folder), made)
        os.mkdir(folder)
    except FileExistsError:
        if not os.path.isdir(folder):
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), folder) from None
        return
    made.append(folder)


def _apply(staging: Path, output: Path, journal: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    """Carry out a committed journal; safe to run again after being interrupted. Returns
    the emptied folders it could not remove, and why; raises _Unfinished when a file
    could not be moved or removed (the journal stays for the next build)."""
    kept: list[tuple[str, str]] = []
    with signals_held():
        try:
            for path in journal["remove"]:
                (output / path).unlink(missing_ok=True)
                for parent in PurePosixPath(path).parents:
                    if str(parent) == ".":
                        break
                    try:
                        (output / parent).rmdir()  # only once empty: a folder of other pages stays
                    except OSError as error:
                        if error.errno not in (errno.ENOTEMPTY, errno.EEXIST, errno.ENOENT):
                            kept.append((str(parent), error.strerror or str(error)))
                        break
            for path in journal["put"]:
                staged = staging / _STAGED / path
                if not staged.exists():
                    continue  # moved in before the interruption
                (output / path).parent.mkdir(parents=True, exist_ok=True)
                os.replace(staged, output / path)
        except OSError as error:
            raise _Unfinished(error) from None
        shutil.rmtree(staging, ignore_errors=True)
    return tuple(kept)


def _same(old: str | Path, data: bytes, traits: FileTraits) -> bool:
    """Whether the output file `old` holds exactly `data` with the permissions, group and
    ACL of `traits` (never read unless regular): a file left unreadable (a build under a
    stricter umask, a chmod, an output folder given the web server's group or ACL since)
    is written again, as a site built anew would have it."""
    try:
        info = os.lstat(old)
        if (
            not stat.S_ISREG(info.st_mode)
            or info.st_size != len(data)
            or not _has_traits(info, old, traits)
        ):
            return False
        with open(old, "rb") as held:
            return held.read() == data
    except OSError:
        return False


def _total_bytes(output: Path, files: Mapping[str, FileData]) -> int:
    return sum(
        (output / path).stat().st_size if data is None else _size(data)
        for path, data in files.items()
    )


def _size(data: bytes | Staged) -> int:
    return data.size if isinstance(data, Staged) else len(data)


def _has_traits(info: os.stat_result, path: str | Path, traits: FileTraits) -> bool:
    """Whether the file at `path`, of stat `info`, has the permissions, group and ACL of
    `traits`, as a file written now gets them."""
    return (
        stat.S_IMODE(info.st_mode) == traits.mode
        and info.st_gid == traits.group
        and _acl(os.fspath(path)) == traits.acl
    )


def _reuse(old: str, target: str, data: bytes, traits: FileTraits) -> bool:
    """Hard-link the previous file when its bytes, permissions, group and ACL (`traits`)
    are the same; False when it must be written."""
    try:
        if not _same(old, data, traits):
            return False
        os.link(old, target)
    except OSError:
        return False
    return True


def _swap(staging: Path, output: Path) -> list[str]:
    """Put the new site in `staging` in the output folder's place, the previous site
    deleted: in one step where the system can, so the output folder is never missing (a
    web server would answer 404, and a build killed in between would leave no site).
    Returns the warning about the previous site when it could not be deleted; raises
    NewSiteInPlace for Ctrl-C once the new site is in place."""
    if not output.exists():
        staging.rename(output)
        return []
    previous: Path | None = None
    try:
        with signals_held():
            if _exchange(staging, output):
                previous = staging  # the previous site, now
            else:
                # Two renames, with a moment between them without the output folder; a
                # build killed there leaves the previous site beside it, which the next one
                # puts back (_remove_leftovers).
                retired = output.parent / f"{RETIRED_PREFIX}{output.name}-{os.getpid()}"
                output.rename(retired)
                try:
                    staging.rename(output)
                except BaseException:
                    retired.rename(output)
                    raise
                previous = retired
        # Outside the hold: the new site is in place, and deleting the previous one takes
        # seconds on a big site, which Ctrl-C need not wait for (the next build clears
        # what is left, named as a killed build's leftovers are).
        return _remove_previous(previous)
    except KeyboardInterrupt:
        if previous is None:
            raise
        raise NewSiteInPlace from None


def _remove_previous(folder: Path) -> list[str]:
    """Delete `folder`, a previous site beside the output (or what a killed build left
    there); the warning naming it and how to delete it when it cannot be: it would stay
    for good, and be published with the folder holding it if that is served."""
    reason = _remove_tree(folder)
    return [] if reason is None else [_left_beside(folder, reason)]


def _left_beside(folder: Path, reason: str) -> str:
    """The warning about `folder`, a previous site beside the output that stays (why:
    `reason`), with the command that deletes it."""
    quoted = shlex.quote(str(folder))
    if os.geteuid() == 0 and reason == os.strerror(errno.EPERM):
        # Refused to root: an immutable or append-only folder, which sudo does not delete.
        holder = shlex.quote(str(folder.parent))
        return (
            f"could not delete {folder}, left beside the output folder by a build ({reason}: "
            f"it or {holder} is immutable or append-only, see lsattr -d {holder} {quoted}); "
            f"clear the flag with chattr -i -a on the folder that has it, then delete it "
            f"with: rm -rf {quoted}"
        )
    owner = _owner(folder)
    who = f"as its owner ({owner}), or " if owner is not None else ""
    return (
        f"could not delete {folder}, left beside the output folder by a build ({reason}); "
        f"delete it {who}with: sudo rm -rf {quoted}"
    )


def _owner(folder: Path) -> str | None:
    """The name of the user owning `folder` when that is not this build's user."""
    try:
        uid = os.lstat(folder).st_uid
    except OSError:
        return None
    if uid == os.geteuid():
        return None
    try:
        import pwd

        return pwd.getpwuid(uid).pw_name
    except (ImportError, KeyError):
        return str(uid)


def _remove_tree(folder: Path) -> str | None:
    """Delete `folder` and all it holds; why it could not be, or None once it is gone.
    A folder of ours closed by hand (chmod 000) is opened first: it is ours to delete."""
    shutil.rmtree(folder, ignore_errors=True)
    if not os.path.lexists(folder):
        return None
    with suppress(OSError):
        _open_up(str(folder))
    try:
        shutil.rmtree(folder)
    except FileNotFoundError:
        return None
    except OSError as error:
        return error.strerror or str(error)
    return None


def _open_up(folder: str) -> None:
    """Give this user every permission on `folder` and the folders in it that it owns,
    as deleting what they hold needs."""
    info = os.lstat(folder)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid():
        return
    if stat.S_IMODE(info.st_mode) & 0o700 != 0o700:
        os.chmod(folder, stat.S_IMODE(info.st_mode) | 0o700)
    with os.scandir(folder) as entries:
        inside = [entry.path for entry in entries if entry.is_dir(follow_symlinks=False)]
    for path in inside:
        with suppress(OSError):
            _open_up(path)


# renameat2's flag to swap two names (linux/fs.h), and the directory "here" (fcntl.h).
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
# What renameat2 says where it cannot swap: an old kernel, a file system that does not
# (or an old one that knows no flags at all).
_NO_EXCHANGE = frozenset({errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP})


def _exchange(first: Path, second: Path) -> bool:
    """Swap the names of the folders `first` and `second` in one step; False where the
    system cannot (not Linux, an old C library or kernel, a file system that refuses),
    nothing changed. Any other failure raises the OSError a rename of `second` would."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, bytes(first), _AT_FDCWD, bytes(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in _NO_EXCHANGE:
        return False
    raise OSError(code, os.strerror(code), str(second), None, str(first))


@functools.cache
def _renameat2() -> Callable[..., int] | None:
    """The C library's renameat2 (Linux, glibc 2.28 or newer), or None."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None
    call = getattr(libc, "renameat2", None)
    if call is None:
        return None
    call.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    call.restype = ctypes.c_int
    found: Callable[..., int] = call
    return found


def _leftover_name(output: Path) -> re.Pattern[str]:
    """Names of the staging and retired folders builds of this output leave behind."""
    prefixes = "|".join(re.escape(p) for p in (STAGING_PREFIX, RETIRED_PREFIX))
    return re.compile(f"(?:{prefixes}){re.escape(output.name)}-[0-9]+")


def _remove_leftovers(output: Path) -> list[str]:
    """Clear what killed builds of `output` left beside it, finishing a committed journal;
    returns a warning for each such folder that stays (_remove_previous).

    Only folders named for this output and owned by this user are touched, and a journal
    only counts in a staging folder closed to everyone else: whatever another user put
    in a shared folder is left alone and never read, only named.
    """
    # A build killed while staging leaves its staging folder behind; the site itself is
    # intact. One killed while moving committed files in left a journal: finish the move.
    # One killed between the two renames of a swap (_swap) left the previous site moved
    # aside and no output folder: put it back, as a build killed before its swap leaves it.
    strangers: list[Path] = []
    leftovers = list(leftover_folders(output.parent, _leftover_name(output), strangers))
    if _lstat(output) is None:
        retired = [entry for entry in leftovers if entry.name.startswith(RETIRED_PREFIX)]
        if retired:
            # Only one, unless a restore failed before: the last moved aside is the newest.
            latest = max(retired, key=lambda entry: getattr(_lstat(entry), "st_ctime_ns", 0))
            latest.rename(output)
            leftovers.remove(latest)
    for entry in leftovers:
        info = _lstat(entry)
        if info is None:
            continue
        private = stat.S_IMODE(info.st_mode) & 0o077 == 0
        journal = _read_journal(entry / _JOURNAL) if private else None
        if journal is not None and journal["output"] == output.name:
            target = _lstat(output)
            # A link in place of the output would carry the journal's removals elsewhere.
            if target is not None and stat.S_ISDIR(target.st_mode):
                _apply(entry, output, journal)
    warnings = [w for entry in leftovers for w in _remove_previous(entry)]
    # Another user's (a previous site a `sudo` build left) is never deleted, nor looked
    # into, as what another user puts in a shared folder is not ours: only named.
    return warnings + [_left_beside(entry, "owned by another user") for entry in strangers]


def left_beside(output: Path) -> tuple[str, ...]:
    """The warnings about the previous sites left beside `output` that stay, for a build
    that writes nothing: said by every build, as they stay until deleted by hand. Ours are
    tried again first, as a build that writes does, when the writing lock is free at once
    (busy: the build holding it clears and names them); another user's are only named.
    A listing of one folder when there are none."""
    strangers: list[Path] = []
    warnings: list[str] = []
    listed = False
    with suppress(OSError, _Busy), folder_lock(output.parent, 0, _Busy):
        listed = True
        for entry in leftover_folders(output.parent, _leftover_name(output), strangers):
            # A journal is moved in by the next build that writes, never deleted.
            if not os.path.lexists(entry / _JOURNAL):
                warnings += _remove_previous(entry)
    if not listed:
        # The lock busy: another user's are named all the same.
        with suppress(OSError):
            for _ in leftover_folders(output.parent, _leftover_name(output), strangers):
                pass
    others = [_left_beside(entry, "owned by another user") for entry in strangers]
    return tuple(dict.fromkeys([*warnings, *others]))


class _Busy(Exception):
    """The writing lock is held by another build (left_beside does not wait for it)."""


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except OSError:
        return None


def _read_journal(path: Path) -> dict[str, Any] | None:
    try:
        # Not through a link, and only a regular file this user wrote.
        handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    with os.fdopen(handle, "rb") as stream:
        info = os.fstat(stream.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid():
            return None
        try:
            journal = json.loads(stream.read(_MAX_JOURNAL_BYTES).decode("utf-8"))
        except (OSError, ValueError, RecursionError):  # RecursionError: nested too deeply
            return None
    valid = (
        isinstance(journal, dict)
        and isinstance(journal.get("output"), str)
        and "/" not in journal["output"]
        and journal["output"] not in ("", ".", "..")
        and all(
            isinstance(journal.get(k), list) and all(isinstance(p, str) for p in journal[k])
            for k in ("put", "remove")
        )
    )
    if not valid:
        return None
    try:
        check_paths([*journal["put"], *journal["remove"]])
    except StatusgenError:
        return None
    checked: dict[str, Any] = journal
    return checked


# A journal lists paths of one site; anything larger was not written by a build.
_MAX_JOURNAL_BYTES = 256 * 1024 * 1024


def _previous_files(output: Path) -> set[str]:
    """The paths of the files in the output folder `output`, relative to it, as outputs
    are named. A repository's records among them were refused before (the build checks
    a folder it replaces whole: output_folder_problem's `whole`)."""
    base = str(output)
    paths: set[str] = set()
    for place, _, names in os.walk(output):
        paths.update(
            os.path.relpath(os.path.join(place, name), base).replace(os.sep, "/") for name in names
        )
    return paths
