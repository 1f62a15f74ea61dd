"""`statusgen init`: a new status site that builds as it is, from templates in the package."""

from __future__ import annotations

import json
import os
import shlex
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo

from statusgen import __version__
from statusgen.authoring.timeparse import format_local
from statusgen.errors import Diagnostic, PartlyWritten, StatusgenError
from statusgen.layout import COMPONENTS_FILE, GITHUB_DIR, SETTINGS_FILE, find_site, incident_file

# GitHub runs the workflows of this folder at the top of a repository, and no other.
WORKFLOWS_FOLDER = f"{GITHUB_DIR}/workflows"
DEPLOY_WORKFLOW = f"{WORKFLOWS_FOLDER}/deploy.yml"
WORKFLOWS = (DEPLOY_WORKFLOW, f"{WORKFLOWS_FOLDER}/incident.yml")
# Site path -> template name under statusgen/authoring/templates/ (no dot files in the package).
TEMPLATES = {
    SETTINGS_FILE: "statusgen.yaml",
    COMPONENTS_FILE: "components.yaml",
    ".gitignore": "gitignore",
    # The same files as this repository's own .github/workflows/ (a test keeps them equal).
    **{path: path.rpartition("/")[2] for path in WORKFLOWS},
}
EXAMPLE_INCIDENT = "example-incident.md"
VERSION_TOKEN = b"@STATUSGEN_VERSION@"
# The workflows' STATUSGEN_SITE, quotes included: the site's folder in the repository.
SITE_TOKEN = b'"@STATUSGEN_SITE@"'
# The branch whose pushes the deploy workflow publishes, unless the repository is on another.
DEFAULT_BRANCH = "main"
BRANCH_TOKEN = b"branches: [main]"


def site_files(
    now: datetime, site_folder: str = ".", branch: str = DEFAULT_BRANCH
) -> dict[str, bytes]:
    """Every file of a new site, by path relative to its folder; the workflows run the site
    in `site_folder`, its path ("/"-separated) from the top of the repository, and deploy
    each push to `branch`.

    The example incident is dated the day before `now`, so it shows in the new site's history.
    """
    folder = resources.files("statusgen.authoring") / "templates"
    files = {path: (folder / name).read_bytes() for path, name in TEMPLATES.items()}
    # The workflows install exactly the statusgen that wrote them: the version lives in
    # statusgen/__init__.py alone, not in each template. A JSON string is a YAML one.
    quoted = json.dumps(site_folder).encode()
    for path in files:
        files[path] = files[path].replace(VERSION_TOKEN, __version__.encode())
        files[path] = files[path].replace(SITE_TOKEN, quoted)
    if branch != DEFAULT_BRANCH:
        pushed = b"branches: [" + json.dumps(branch).encode() + b"]"
        files[DEPLOY_WORKFLOW] = files[DEPLOY_WORKFLOW].replace(BRANCH_TOKEN, pushed)
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


@dataclass(frozen=True)
class Created:
    """What `init_site` wrote: every file, in order; `repository`, the top of the git work
    tree the site is a folder of (None when the site is that top, or in none). The
    workflows went to its .github/workflows/ unless `taken` names files already there."""

    written: list[Path]
    repository: Path | None = None
    taken: list[str] = field(default_factory=list)
    # With `taken`: each workflow's path in the site -> a free one in the repository.
    moves: dict[str, Path] = field(default_factory=dict)
    # The branch the deploy workflow publishes: the repository's current one, when the site
    # is in a repository on a branch (`branch_found`), else DEFAULT_BRANCH.
    branch: str = DEFAULT_BRANCH
    branch_found: bool = False


def init_site(folder: Path, *, now: datetime, force: bool = False) -> Created:
    """Write a new site into `folder` (created if needed); returns what was written.

    In a folder of a larger git repository, the workflows are written for the site's
    folder to the repository's .github/workflows/, where GitHub runs them; when a file of
    the same name is there already, they stay in the site's own (`Created.taken`).

    Raises StatusgenError, writing nothing, when any of the files exists or `folder` lies
    inside another site (unless `force`), or when a folder cannot be made (a file is in
    the way, the system refuses); PartlyWritten when a file fails after others were written.
    """
    top = _repository_above(folder)
    found = _current_branch(folder)
    branch = found or DEFAULT_BRANCH
    files = site_files(
        now, "." if top is None else folder.resolve().relative_to(top).as_posix(), branch
    )
    # Never over the repository's own workflows: then all stay in the site together (the
    # incident workflow starts the deploy workflow by its file name).
    taken = [path for path in WORKFLOWS if top is not None and os.path.lexists(top / path)]
    targets = {path: folder / path for path in files}
    if top is not None and not taken:
        targets.update({path: top / path for path in WORKFLOWS})
    ignored = _joined_ignore(folder / _GITIGNORE, files[_GITIGNORE])
    if ignored is not None:
        files[_GITIGNORE] = ignored
    if not force:
        _refuse_nesting(folder)
        existing = [
            path
            for path in files
            if targets[path].exists() and not (path == _GITIGNORE and ignored is not None)
        ]
        if existing:
            raise StatusgenError(
                Diagnostic(
                    str(targets[path]),
                    0,
                    0,
                    "already exists; statusgen init writes nothing over existing files",
                    "pass --force to replace it, or pick an empty folder",
                )
                for path in existing
            )
    # Every folder first: where one cannot be made, no file has been written yet.
    for parent in dict.fromkeys(target.parent for target in targets.values()):
        _make_folder(folder, parent)
    written: list[Path] = []
    for path, data in files.items():
        try:
            targets[path].write_bytes(data)
        except OSError as error:
            done = ", ".join(str(target) for target in written)
            raise PartlyWritten(
                [
                    Diagnostic(
                        str(targets[path]),
                        0,
                        0,
                        f"cannot write it: {error.strerror or error}",
                        f"written before it: {done or 'nothing'}; fix the cause,"
                        " then run statusgen init --force",
                    )
                ]
            ) from None
        written.append(targets[path])
    moves = {path: _free_name(top, path) for path in WORKFLOWS} if top and taken else {}
    return Created(written, top, taken, moves, branch, found is not None)


def _free_name(repository: Path, path: str) -> Path:
    """`path` in the repository under a name no file has yet: status-deploy.yml."""
    folder, _, name = path.rpartition("/")
    number = 1
    while True:
        free = repository / folder / (f"status-{name}" if number == 1 else f"status{number}-{name}")
        if not os.path.lexists(free):
            return free
        number += 1


def _repository_above(folder: Path) -> Path | None:
    """The top of the git work tree `folder` lies in, when that is not `folder` itself:
    GitHub runs only the workflows at the top, and runs them there. None when the
    repository ignores the folder (a home folder kept in git): the site is no part of it."""
    from statusgen.authoring.git import ignored, work_tree_top

    top = work_tree_top(folder)
    if top is None or top == folder.resolve() or ignored(top, folder):
        return None
    return top


def _current_branch(folder: Path) -> str | None:
    """The branch of the git repository the site is part of (its top, or a folder of it
    the repository does not ignore); None outside one or on a detached HEAD."""
    from statusgen.authoring.git import current_branch, ignored, work_tree_top

    top = work_tree_top(folder)
    if top is None or (top != folder.resolve() and ignored(top, folder)):
        return None
    return current_branch(top)


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
