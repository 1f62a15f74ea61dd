"""The output folder as the last build left it: recorded sizes and times, and the check
that nothing touched it since."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from statusgen.incremental.manifest import Manifest
from statusgen.write import current_umask


def snapshot(
    output: Path,
    files: Mapping[str, object],
    recorded: Mapping[str, tuple[int, int, int]],
) -> tuple[dict[str, tuple[int, int, int]], dict[str, int]]:
    """Size, mtime and ctime of each file, and mtime of the output folder and of each
    folder in it that holds another folder. A file the build left in place (None) keeps
    the stat `recorded` for it, if any.

    A page's own folder (holding only its files) is left out: there are as many as pages,
    its files are checked one by one, and a file removed or renamed in it is noticed by
    them. Only a stray file added beside a page goes unseen by the no-op check.
    """
    base = str(output) + os.sep
    found: dict[str, tuple[int, int, int]] = {}
    folders: dict[str, int] = {"": os.stat(output).st_mtime_ns}
    for path, data in files.items():
        known = recorded.get(path) if data is None else None
        if known is not None:
            found[path] = known
        else:
            info = os.stat(base + path)
            found[path] = (info.st_size, info.st_mtime_ns, info.st_ctime_ns)
        folder = path.rpartition("/")[0].rpartition("/")[0]  # from the grandparent up
        while folder and folder not in folders:
            folders[folder] = os.stat(base + folder).st_mtime_ns
            folder = folder.rpartition("/")[0]
    return found, folders


def output_is_intact(manifest: Manifest, output: Path) -> bool:
    """Whether the output folder is exactly as the manifest's build left it.

    A file's size and modification time change whenever it is written (a hand edit
    included), and its change time even when the other two are set back (`touch -d`,
    as for inputs); a folder's mtime whenever an entry is added, removed or renamed in
    it. So comparing them catches every change but a stray file added beside a page
    (see `snapshot`).
    """
    return folder_is_intact(manifest.output, manifest.files, manifest.folders, output)


def folder_is_intact(
    recorded: str,
    files: Mapping[str, tuple[int, int, int]],
    folders: Mapping[str, int],
    output: Path,
) -> bool:
    """output_is_intact of a record given by its parts: the folder it was made of, and the
    sizes and times of its files and folders (checker.py sends them to another process)."""
    if recorded != str(output.resolve()):
        return False
    base = recorded + os.sep
    stat = os.stat
    # A file or folder lacking permissions a build under this umask gives (one built under
    # a stricter umask, a chmod by hand) is written again: a web server may not read it.
    # Only lacking: a default ACL may give more, and that site would never be intact.
    mask = current_umask()
    file_mode, folder_mode = 0o666 & ~mask, 0o777 & ~mask
    try:
        for path, (size, mtime, ctime) in files.items():
            info = stat(base + path)
            if info.st_size != size or info.st_mtime_ns != mtime or info.st_ctime_ns != ctime:
                return False
            if file_mode & ~info.st_mode:
                return False
        for folder, mtime in folders.items():
            info = stat(base + folder)
            if info.st_mtime_ns != mtime or folder_mode & ~info.st_mode:
                return False
    except (OSError, TypeError, ValueError):  # damaged entries vouch for nothing
        return False
    return True
