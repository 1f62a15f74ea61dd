"""The output folder as the last build left it: recorded sizes and times, and the check
that nothing touched it since."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from statusgen.incremental.manifest import Manifest
from statusgen.write import current_umask, inherited


def snapshot(
    output: Path,
    files: Mapping[str, object],
    recorded: Mapping[str, tuple[int, int, int]],
    recorded_folders: Mapping[str, int],
) -> tuple[dict[str, tuple[int, int, int]], dict[str, int]]:
    """Size, mtime and ctime of each file, and mtime of each folder of the site ("" for
    the output folder itself) but a page's own. A file the build left in place (None)
    keeps the stat `recorded` for it, if any, and a folder nothing was written into or
    removed from (at any depth) the mtime `recorded_folders` gives it.

    A file added by hand changes only its folder's mtime, so every folder is recorded
    (assets/, api/v2/incidents/) but a page's own, holding its index.html alone: there
    are as many as pages (a stat each would cost the no-op check a tenth), its page is
    checked itself, and only a stray file or folder added beside that page, or the
    folder's permissions changed by hand, go unseen (write.py repairs the permissions
    when it writes that page again).
    """
    base = str(output) + os.sep
    stat = os.stat
    # The folders whose mtime this build may have moved: those written into or removed
    # from, and every one above them (a folder made or removed in it moves its mtime).
    touched = {""}
    moved = [path for path, data in files.items() if data is not None]
    moved += [path for path in recorded if path not in files]
    for path in moved:
        folder = path.rpartition("/")[0]
        while folder not in touched:
            touched.add(folder)
            folder = folder.rpartition("/")[0]
    # A page's own folder: its index.html and nothing else, no folder either (none lies
    # two levels below).
    alone: dict[str, bool] = {}
    above: set[str] = set()
    for path in files:
        folder, _, name = path.rpartition("/")
        alone[folder] = folder not in alone and name == "index.html"
        above.add(folder.rpartition("/")[0])
    found: dict[str, tuple[int, int, int]] = {}
    folders: dict[str, int] = {"": stat(output).st_mtime_ns}
    for path, data in files.items():
        known = recorded.get(path) if data is None else None
        if known is not None:
            found[path] = known
        else:
            info = stat(base + path)
            found[path] = (info.st_size, info.st_mtime_ns, info.st_ctime_ns)
        folder = path.rpartition("/")[0]
        if alone[folder] and folder not in above:
            folder = folder.rpartition("/")[0]
        while folder not in folders:
            mtime = None if folder in touched else recorded_folders.get(folder)
            folders[folder] = stat(base + folder).st_mtime_ns if mtime is None else mtime
            folder = folder.rpartition("/")[0]
    return found, folders


def output_is_intact(manifest: Manifest, output: Path) -> bool:
    """Whether the output folder is exactly as the manifest's build left it.

    A file's size and modification time change whenever it is written (a hand edit
    included), and its change time even when the other two are set back (`touch -d`,
    as for inputs); a folder's mtime whenever an entry is added, removed or renamed in
    it, and every folder but a page's own is recorded (`snapshot`). So comparing them
    catches every change but one to a page's own folder: a stray file or folder added
    beside its page, or its permissions changed by hand (until that page is written again).
    """
    return folder_is_intact(
        manifest.output,
        manifest.files,
        manifest.folders,
        output,
        manifest.umask,
        (manifest.file_mode, manifest.folder_mode),
        (manifest.group, manifest.inherited),
    )


def folder_is_intact(
    recorded: str,
    files: Mapping[str, tuple[int, int, int]],
    folders: Mapping[str, int],
    output: Path,
    umask: int,
    modes: tuple[int, int] = (-1, -1),
    given: tuple[int, tuple[Any, ...]] = (-1, ()),
) -> bool:
    """output_is_intact of a record given by its parts: the folder it was made of, the
    sizes and times of its files and folders, the umask it was written under, the
    permissions its new files and folders got (-1: the umask's), and the group they got
    with what the output folder gave them (write.inherited; -1 and (): not recorded),
    (checker.py sends them to another process)."""
    if recorded != str(output.resolve()):
        return False
    group, folder_gave = given
    # The output folder given another group or default ACL since (chgrp, chmod g+s,
    # setfacl): a new site's files would get them, the site's have not. A file's group is
    # checked with its stat below; its ACL is the folder's default one, read once.
    try:
        if folder_gave and tuple(folder_gave) != inherited(output):
            return False
    except OSError:
        return False
    # Under another umask a new site's files and folders get other permissions (640 and
    # 750 under 027, not 644 and 755): the site is built anew, as --no-cache would.
    mask = current_umask()
    if umask != mask:
        return False
    base = recorded + os.sep
    stat = os.stat
    # A file or folder lacking permissions a build under this umask gives (a chmod by
    # hand) is written again: a web server may not read it. Those the build gave, where a
    # default ACL gives other ones than the umask (the site would never be intact); and
    # only lacking: the output folder keeps what more the user gave it (setgid, a group).
    file_mode = modes[0] if modes[0] >= 0 else 0o666 & ~mask
    folder_mode = modes[1] if modes[1] >= 0 else 0o777 & ~mask
    try:
        for path, (size, mtime, ctime) in files.items():
            info = stat(base + path)
            if info.st_size != size or info.st_mtime_ns != mtime or info.st_ctime_ns != ctime:
                return False
            if file_mode & ~info.st_mode or (group >= 0 and info.st_gid != group):
                return False
        for folder, mtime in folders.items():
            info = stat(base + folder)
            if info.st_mtime_ns != mtime or folder_mode & ~info.st_mode:
                return False
    except (OSError, TypeError, ValueError):  # damaged entries vouch for nothing
        return False
    return True
