"""`--commit`: record each changed file in git, and nothing else the author has staged."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from statusgen.errors import Diagnostic, StatusgenError, fail


def _git(
    args: list[str], cwd: Path, timeout: float | None = None
) -> subprocess.CompletedProcess[str]:
    # Literal pathspecs: a file name is never read as a glob or as pathspec magic.
    env = {**os.environ, "GIT_LITERAL_PATHSPECS": "1"}
    try:
        return subprocess.run(
            ["git", *args],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=timeout,
        )
    except FileNotFoundError:
        raise fail("<git>", "git is not installed", "install git, or leave out --commit") from None


def repository(folder: Path) -> Path:
    """The top folder of the git work tree holding `folder`; StatusgenError outside a
    repository or without git. Asked before anything is written, and said so."""
    try:
        result = _git(["rev-parse", "--show-toplevel"], folder)
    except StatusgenError as error:
        (missing,) = error.diagnostics
        raise fail(missing.path, missing.message, f"nothing was written; {missing.hint}") from None
    if result.returncode != 0:
        raise fail(
            str(folder),
            "not inside a git repository, so --commit cannot commit the change",
            "nothing was written; run `git init` there first, or leave out --commit",
        )
    return Path(result.stdout.strip())


def work_tree_top(folder: Path, timeout: float | None = None) -> Path | None:
    """The top folder of the git work tree `folder` is in (or would be in, for a folder not
    made yet), resolved; None outside any, when git is not installed, or when it does not
    answer within `timeout` seconds."""
    resolved = folder.resolve()
    start = next((part for part in (resolved, *resolved.parents) if part.is_dir()), None)
    if start is None:
        return None
    try:
        result = _git(["rev-parse", "--show-toplevel"], start, timeout)
    except (StatusgenError, subprocess.TimeoutExpired):  # no git: no work tree that matters
        return None
    if result.returncode != 0 or not result.stdout.strip():
        return None
    return Path(result.stdout.strip()).resolve()


def current_branch(repo: Path) -> str | None:
    """The branch checked out at `repo`, the top of a git work tree (one without commits
    yet included); None on a detached HEAD, or when git cannot say."""
    try:
        result = _git(["symbolic-ref", "--quiet", "--short", "HEAD"], repo)
    except StatusgenError:
        return None
    branch = result.stdout.strip()
    return branch if result.returncode == 0 and branch else None


def ignored(repo: Path, folder: Path, timeout: float | None = None) -> bool | None:
    """Whether the repository at `repo` ignores `folder` (which may not exist yet); None
    when git cannot say (not installed, or no answer within `timeout` seconds)."""
    # As a folder ("/"-ended), which a folder not made yet is to git only so; and on
    # stdin, as check-ignore takes no pathspec magic, literal included.
    relative = Path(os.path.relpath(folder.resolve(), repo)).as_posix() + "/"
    command = ["git", "check-ignore", "--quiet", "--stdin"]
    try:
        result = subprocess.run(
            command, cwd=repo, input=relative, capture_output=True, text=True, timeout=timeout
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    # 0: ignored, 1: not; anything else (128) is git failing to say.
    return {0: True, 1: False}.get(result.returncode)


def on_no_branch(repo: Path) -> bool:
    """Whether a commit made now is on no branch, to be left behind at the next checkout
    of one: HEAD is detached. (During a rebase, which detaches HEAD too, nothing is
    committed: see unfinished.)"""
    return _git(["symbolic-ref", "--quiet", "HEAD"], repo).returncode != 0


# The work git can leave stopped (at a conflict, or by --no-commit), by the file that says
# so. The next commit is its own: git refuses one of a single file, or (a revert) ends it
# with that file alone; and its --abort deletes any file staged since.
_UNFINISHED = {"MERGE_HEAD": "merge", "CHERRY_PICK_HEAD": "cherry-pick", "REVERT_HEAD": "revert"}

# A rebase (or `git am`, which keeps its state in rebase-apply too) by its folder: a
# commit made while it is stopped becomes one of its commits, which its --abort throws
# away, the file with it (a reset --hard back to where it started).
_REBASING = ("rebase-merge", "rebase-apply")


def unfinished(repo: Path) -> str | None:
    """The merge, cherry-pick, revert, rebase or am stopped in `repo` (its name as git's
    command has it), or None."""
    for file, name in _UNFINISHED.items():
        found = _state(repo, file)
        if found is not None and found.exists():
            return name
    for folder in _REBASING:
        found = _state(repo, folder)
        if found is not None and found.is_dir():
            applying = found / "applying"  # git am's mark in the folder it shares
            return "am" if applying.exists() else "rebase"
    return None


def left_unstaged(repo: Path, operation: str, path: Path, shown: str) -> Diagnostic:
    """What is said of the file `shown` (at `path`), written during the stopped `operation`
    (unfinished) and so neither staged nor committed, with a way out that keeps it."""
    said = (
        f"written, but neither staged nor committed: a {operation} is in progress, and the "
        f"next commit is the {operation}'s"
    )
    finish = f"finish the {operation} (`git {operation} --continue`), then `git add` and commit"
    if operation in ("rebase", "am"):
        said = (
            f"written, but neither staged nor committed: a {operation} is in progress, and a "
            f"commit now would be one of its own, which `git {operation} --abort` throws away "
            "with the file"
        )
        if _tracked(repo, path):
            # --continue refuses a changed tracked file, and --abort (a reset --hard)
            # throws the change away: the edit must wait outside the work tree.
            hint = (
                f"copy the file aside, `git restore` it, finish the {operation} (`git "
                f"{operation} --continue`), then copy it back, `git add` it and commit"
            )
        else:
            hint = f"{finish} the file"
        return Diagnostic(shown, 0, 0, said, hint)
    if _staged(repo, path):
        # The stopped work changed this very file: its --abort (a reset --merge) refuses
        # a file changed both in the index and after it ("not uptodate").
        return Diagnostic(
            shown,
            0,
            0,
            f"{said}; the {operation} changed this file too, so `git {operation} --abort` "
            "would refuse to run",
            f"{finish} the file; to abort the {operation} instead, copy the file aside and "
            "`git restore` it first",
        )
    return Diagnostic(
        shown,
        0,
        0,
        said,
        f"`git {operation} --abort` leaves the file as it is; or {finish} the file yourself",
    )


def _tracked(repo: Path, path: Path) -> bool:
    """Whether the index holds `path`."""
    relative = os.path.relpath(path.resolve(), repo.resolve())
    return _git(["ls-files", "--error-unmatch", "--", relative], repo).returncode == 0


def _staged(repo: Path, path: Path) -> bool:
    """Whether the index holds a change to `path` against HEAD (an addition included)."""
    relative = os.path.relpath(path.resolve(), repo.resolve())
    result = _git(["diff", "--cached", "--quiet", "HEAD", "--", relative], repo)
    return result.returncode == 1


def _state(repo: Path, name: str) -> Path | None:
    """Where git keeps the state file or folder `name` of `repo`'s work tree; None if unsaid."""
    # --git-path: in a linked worktree the state is in that worktree's git folder.
    found = _git(["rev-parse", "--git-path", name], repo).stdout.strip()
    return repo / found if found else None


def commit_file(repo: Path, path: Path, message: str, *, shown: str) -> str:
    """Stage exactly `path` and commit only it with `message`; returns the new commit's id.

    A file `path` was renamed from (`git mv`, or `mv`) goes into the commit as removed, or
    the commit would hold both names, the old one as it was. Other changes the author has
    staged stay staged and out of this commit. When git refuses either step, raises
    StatusgenError naming the file as `shown` and saying whether it is staged. Asked only
    when no merge, cherry-pick, revert or rebase is stopped (unfinished).
    """
    relative = os.path.relpath(path.resolve(), repo.resolve())
    _step(repo, ["add", "--", relative], "written, but neither staged nor committed", shown)
    paths = [relative, *_renamed_from(repo, relative)]
    _step(
        repo,
        ["commit", "--quiet", "-m", message, "--", *paths],
        "written and staged, but not committed",
        shown,
    )
    return _git(["rev-parse", "HEAD"], repo).stdout.strip()


def _renamed_from(repo: Path, relative: str) -> list[str]:
    """The files of HEAD, in the folder of `relative`, that git sees renamed to it in the
    work tree: gone from there, their content (much of it) now under the new name."""
    # Against the work tree, not the index: a plain `mv` stages nothing, `git mv` the
    # removal too, and either is a rename here once the new name is staged.
    folder = os.path.dirname(relative)
    result = _git(["diff", "-M", "--name-status", "-z", "HEAD", "--", folder or "."], repo)
    if result.returncode != 0:  # no commit yet: nothing to rename from
        return []
    fields = result.stdout.split("\0")
    renamed: list[str] = []
    at = 0
    while at < len(fields) - 1:
        status = fields[at]
        if status.startswith(("R", "C")):
            old, new = fields[at + 1], fields[at + 2]
            at += 3
            if status.startswith("R") and new == relative and os.path.dirname(old) == folder:
                renamed.append(old)
        else:
            at += 2
    return renamed


def _step(repo: Path, args: list[str], left: str, shown: str) -> None:
    """Run one git step of a commit; StatusgenError saying the file is `left` if git refuses."""
    result = _git(args, repo)
    if result.returncode == 0:
        return
    # A diagnostic is one line: git's lines joined, not shown as "\x0a" escapes.
    said = (result.stderr or result.stdout).splitlines()
    output = " / ".join(line.strip() for line in said if line.strip())
    if output:
        raise fail(
            shown,
            f"{left}: `git {args[0]}` failed: {output}",
            "fix the problem, then commit the file yourself",
        )
    # A hook that exits non-zero without a word stops a commit so: its status is
    # all git passes on, and where to look is the one thing left to say.
    hook = "a hook (pre-commit, commit-msg) may have refused it without a word; "
    raise fail(
        shown,
        f"{left}: `git {args[0]}` failed with exit status {result.returncode} and gave no reason",
        f"{hook if args[0] == 'commit' else ''}fix the problem, then commit the file yourself",
    )
