"""Which commit a site's files come from, and whether it is older than the one last told
from: when git can say, the sure sign of a re-run of an older deploy (run.py). The files
alone cannot tell a commit from before an incident from a later one that withdrew it."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

# A commit id as git writes it (SHA-1 or SHA-256): anything else in a state file edited by
# hand is no commit to ask about, and must never reach git's command line as an option.
_COMMIT = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str] | None:
    """git's answer in the work tree holding `root`; None when git is not installed."""
    try:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
    except OSError:
        return None


def head(root: Path) -> str | None:
    """The commit checked out in the git work tree holding `root`; None outside one, in
    one without commits, or without git."""
    found = _git(root, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
    if found is None or found.returncode != 0:
        return None
    commit = found.stdout.strip()
    return commit if _COMMIT.fullmatch(commit) else None


def holding(root: Path, told: str) -> list[str] | None:
    """The branches and remote-tracking branches that hold `told` in their history, by
    short name, the local ones first; None when git cannot say."""
    if not _COMMIT.fullmatch(told):
        return None
    found = _git(
        root,
        "for-each-ref",
        "--contains",
        told,
        "--format=%(symref) %(refname:short)",
        "refs/heads",
        # Not tags: a tag set on every deploy would hold an undone commit for good.
        "refs/remotes",
    )
    if found is None or found.returncode != 0:
        return None
    # A symbolic ref (origin/HEAD) only repeats the branch it points to.
    return [line[1:] for line in found.stdout.splitlines() if line.startswith(" ")]


def older(root: Path, commit: str, told: str) -> bool | None:
    """Whether `commit` is older than `told`, the commit the state was told from: True
    when it is an ancestor of it that a branch still holds (`holding`); False when it is
    it, descends from it, or no branch holds `told` any more (or no such commit is here in
    a clone that fetched every branch in full); None when git cannot say (a shallow or
    single-branch clone without it, or histories apart while a branch holds it: a deploy
    of another branch).

    A re-run of an older deploy finds the newer commit on its branch (the deploy workflow
    fetches every branch). A commit undone (`git reset --hard`, a rebase, a force-push) is
    on none, only in the reflog, or not in a fresh clone at all: the checkout is then what
    the site shows, and held back for it, no run would ever tell anything again, an
    outage's end included."""
    if not _COMMIT.fullmatch(told):
        return None
    if commit == told:
        return False
    ancestor = False
    for first, second in ((told, commit), (commit, told)):
        asked = _git(root, "merge-base", "--is-ancestor", first, second)
        if asked is None:
            return None
        # 0: an ancestor; 1: not one; anything else: a commit this clone does not hold.
        if asked.returncode == 0:
            if first == told:
                return False
            ancestor = True
            break
        if asked.returncode != 1:
            return False if _holds_every_branch(root) else None
    branches = holding(root, told)
    if branches is None:
        return None
    if not branches:
        return False
    return True if ancestor else None


def added_since_cut(root: Path, commit: str, told: str, paths: list[str]) -> list[str]:
    """Of `paths` (relative to `root`), those `told` holds that this checkout's `commit` and
    it last had in common (their merge base) lacks: files added on `told`'s line after this
    branch was cut from it, missing here only because the branch is older. One the merge
    base held was deleted on this branch, on purpose. [] when git cannot say."""
    if not paths or not _COMMIT.fullmatch(told):
        return []
    base = _git(root, "merge-base", commit, told)
    if base is None or base.returncode != 0:
        return []
    held: list[set[str]] = []
    for tree in (told, base.stdout.strip()):
        # Relative to `root`, which may be a folder of the work tree, as the paths are.
        listed = _git(root, "ls-tree", "--name-only", tree, "--", *paths)
        if listed is None or listed.returncode != 0:
            return []
        held.append(set(listed.stdout.splitlines()))
    at_told, at_base = held
    return [path for path in paths if path in at_told and path not in at_base]


def _holds_every_branch(root: Path) -> bool:
    """Whether the repository holding `root` would hold any commit a branch held when it
    last fetched: not a shallow clone, and every remote fetched with all its branches. A
    clone of one branch (`git clone --single-branch`, a CI checkout's default) lacks the
    commits of the others though no history was rewritten."""
    shallow = _git(root, "rev-parse", "--is-shallow-repository")
    if shallow is None or shallow.returncode != 0 or shallow.stdout.strip() != "false":
        return False
    found = _git(root, "config", "--get-regexp", r"^remote\..*\.fetch$")
    if found is None or found.returncode not in (0, 1):
        return False
    # 1: no remote at all, so every branch is here and keeps what it holds.
    every: dict[str, bool] = {}
    for line in found.stdout.splitlines():
        key, _, refspec = line.partition(" ")
        remote = key.removeprefix("remote.").removesuffix(".fetch")
        source = refspec.removeprefix("+").partition(":")[0]
        every[remote] = every.get(remote, False) or source == "refs/heads/*"
    return all(every.values())
