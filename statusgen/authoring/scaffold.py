"""`statusgen init`: a new status site that builds as it is, from templates in the package."""

from __future__ import annotations

import os
import shlex
from datetime import datetime, timedelta, timezone
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo

from statusgen import __version__
from statusgen.authoring.timeparse import format_local
from statusgen.errors import Diagnostic, StatusgenError
from statusgen.layout import COMPONENTS_FILE, SETTINGS_FILE, find_site, incident_file

# Site path -> template name under statusgen/authoring/templates/ (no dot files in the package).
TEMPLATES = {
    SETTINGS_FILE: "statusgen.yaml",
    COMPONENTS_FILE: "components.yaml",
    ".gitignore": "gitignore",
    # The same files as this repository's own .github/workflows/ (a test keeps them equal).
    ".github/workflows/deploy.yml": "deploy.yml",
    ".github/workflows/incident.yml": "incident.yml",
}
EXAMPLE_INCIDENT = "example-incident.md"
VERSION_TOKEN = b"@STATUSGEN_VERSION@"


def site_files(now: datetime) -> dict[str, bytes]:
    """Every file of a new site, by path relative to its folder.

    The example incident is dated the day before `now`, so it shows in the new site's history.
    """
    folder = resources.files("statusgen.authoring") / "templates"
    files = {path: (folder / name).read_bytes() for path, name in TEMPLATES.items()}
    # The workflows install exactly the statusgen that wrote them: the version lives in
    # statusgen/__init__.py alone, not in each template.
    for path in files:
        files[path] = files[path].replace(VERSION_TOKEN, __version__.encode())
    resolved = now.astimezone(timezone.utc).replace(second=0, microsecond=0) - timedelta(days=1)
    times = {
        "@INVESTIGATING@": resolved - timedelta(minutes=52),
        "@IDENTIFIED@": resolved - timedelta(minutes=31),
        "@RESOLVED@": resolved,
    }
    # The template site's timezone is UTC.
    text = (folder / EXAMPLE_INCIDENT).read_text(encoding="utf-8")
    for token, moment in times.items():
        text = text.replace(token, format_local(moment, ZoneInfo("UTC")))
    day = times["@INVESTIGATING@"].date().isoformat()
    # The record begins the day the site is made (the example incident, a day earlier,
    # moves it back to its own day: a record exists from its first evidence).
    settings = files[SETTINGS_FILE].decode("utf-8")
    today = now.astimezone(timezone.utc).date().isoformat()
    files[SETTINGS_FILE] = settings.replace("@START_DATE@", today).encode("utf-8")
    files[incident_file(f"{day}-slow-api-responses")] = text.encode("utf-8")
    return files


class PartlyWritten(StatusgenError):
    """A file of the new site could not be written after others were: they stay."""


def init_site(folder: Path, *, now: datetime, force: bool = False) -> list[str]:
    """Write a new site into `folder` (created if needed); returns the paths written.

    Raises StatusgenError, writing nothing, when any of the files exists or `folder` lies
    inside another site (unless `force`), or when a folder cannot be made (a file is in
    the way, the system refuses); PartlyWritten when a file fails after others were written.
    """
    files = site_files(now)
    ignored = _joined_ignore(folder / _GITIGNORE, files[_GITIGNORE])
    if ignored is not None:
        files[_GITIGNORE] = ignored
    if not force:
        _refuse_nesting(folder)
        existing = [
            path
            for path in files
            if (folder / path).exists() and not (path == _GITIGNORE and ignored is not None)
        ]
        if existing:
            raise StatusgenError(
                Diagnostic(
                    str(folder / path),
                    0,
                    0,
                    "already exists; statusgen init writes nothing over existing files",
                    "pass --force to replace it, or pick an empty folder",
                )
                for path in existing
            )
    # Every folder first: where one cannot be made, no file has been written yet.
    for parent in dict.fromkeys((folder / path).parent for path in files):
        _make_folder(folder, parent)
    written: list[str] = []
    for path, data in files.items():
        try:
            (folder / path).write_bytes(data)
        except OSError as error:
            raise PartlyWritten(
                [
                    Diagnostic(
                        str(folder / path),
                        0,
                        0,
                        f"cannot write it: {error.strerror or error}",
                        f"written before it: {', '.join(written) or 'nothing'}; fix the cause,"
                        " then run statusgen init --force",
                    )
                ]
            ) from None
        written.append(path)
    return written


_GITIGNORE = ".gitignore"


def _joined_ignore(path: Path, ours: bytes) -> bytes | None:
    """The repository's own .gitignore at `path` (a new GitHub repository comes with one)
    with the lines of `ours` it lacks added at its end; None when there is no such file
    to keep (or it cannot be read as one: then it is refused, or replaced with --force)."""
    try:
        theirs = path.read_bytes()
    except OSError:
        return None
    have = {line.strip() for line in theirs.splitlines()}
    missing = [line for line in ours.splitlines() if line.strip() and line.strip() not in have]
    if not any(line.strip() and not line.startswith(b"#") for line in missing):
        return theirs
    lead = b"" if not theirs or theirs.endswith(b"\n") else b"\n"
    return theirs + lead + b"\n" + b"\n".join(missing) + b"\n"


def _refuse_nesting(folder: Path) -> None:
    """Raise when `folder` lies inside another site: a second site there is most likely
    `init` run from the wrong folder (commands inside it would act on the new one)."""
    above = find_site(folder)
    if above is None or os.path.lexists(folder / SETTINGS_FILE):
        return  # no site around it, or the site is `folder` itself (files exist: see below)
    # Both as the shell reads them: from site/content, ../my-status is the same site.
    outside = shell_path(_new_folder_outside(above))
    raise StatusgenError(
        [
            Diagnostic(
                str(folder),
                0,
                0,
                f"is inside the status site in {above}",
                f"pick a folder outside it (statusgen init {outside}); to work on that site,"
                f" run commands anywhere in it or with -C {shell_path(above)};"
                " --force creates a second site here anyway",
            )
        ]
    )


def _new_folder_outside(site: Path) -> str:
    """A new folder outside `site` and any site around it, as the current folder reaches
    it: where `init` run inside a site can make one (from site/content, ../../my-status)."""
    parent = site.resolve().parent
    while (around := find_site(parent)) is not None and around.resolve().parent != around:
        parent = around.resolve().parent
    name, number = "my-status", 1
    while os.path.lexists(parent / name):
        number += 1
        name = f"my-status-{number}"
    try:
        return os.path.relpath(parent / name)
    except ValueError:  # another drive than the current folder's (Windows)
        return str(parent / name)


def shell_path(path: Path | str) -> str:
    """`path` as one word that a shell, and the command it starts, read as that path:
    quoted, and never taken for an option (`-dash` becomes `./-dash`)."""
    text = str(path)
    if text.startswith("-"):
        text = os.path.join(os.curdir, text)
    return shlex.quote(text)


def _make_folder(shown: Path, folder: Path) -> None:
    """Create `folder`; StatusgenError on `shown` (the folder the user gave) when the
    system will not, saying why in words rather than a traceback."""
    hint = "give a folder that can be created, e.g. statusgen init my-status"
    for part in [*reversed(folder.parents), folder]:
        if part.exists() and not part.is_dir():
            problem = f"cannot create the folder {part}: it is a file"
            raise StatusgenError([Diagnostic(str(shown), 0, 0, problem, hint)])
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        where = error.filename or folder
        problem = f"cannot create the folder {where}: {error.strerror or error}"
        raise StatusgenError([Diagnostic(str(shown), 0, 0, problem, hint)]) from None
