"""Where a site's own files are, relative to its root: the one spelling of every path.

    statusgen.yaml                the settings
    content/components.yaml       the components and groups
    content/incidents/*.md        one file per incident or maintenance window
    content/monitors.yaml         the monitors (optional)
    data/monitors/<id>.json       what probes and heartbeats recorded
    themes/templates/, static/    one-file overrides of the theme
    themes/<name>/                a theme of the site's own (`theme: <name>`)
    translations/<language>.po    the site's own messages (statusgen/i18n; catalog_file)
    static/                       files copied to the output root as they are (a CNAME)
    .statusgen-cache/             what incremental builds remember; notify runs take turns on it
    .statusgen-cache/pages/<name>/  the same for each of the site's `pages:`
    .statusgen-notify.json        what `statusgen notify` last told (notify: state:)
    .statusgen-notify-*.tmp       its next version while a run sends (notify_temp_prefix)
    .statusgen-import-*/          an import's files while it runs (IMPORT_STAGE_PREFIX)
The built-in theme and catalogs travel inside the package (`BUILTIN_THEME`,
`BUILTIN_CATALOGS`).
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from statusgen.model import Page, Settings

SETTINGS_FILE = "statusgen.yaml"
CONTENT_DIR = "content"
COMPONENTS_FILE = f"{CONTENT_DIR}/components.yaml"
INCIDENTS_DIR = f"{CONTENT_DIR}/incidents"
INCIDENT_SUFFIX = ".md"
MONITORS_FILE = f"{CONTENT_DIR}/monitors.yaml"
DATA_DIR = "data"
MONITOR_DATA_DIR = f"{DATA_DIR}/monitors"
THEMES_DIR = "themes"
TEMPLATES_DIR = "templates"  # inside each theme folder
STATIC_DIR = "static"  # inside each theme folder
TRANSLATIONS_DIR = "translations"
CATALOG_SUFFIX = ".po"
# The site's own static folder, at its root: Hugo's name for it (MkDocs and Pelican copy
# such files the same way). Its files reach the output root as they are.
SITE_STATIC_DIR = "static"
# Every folder of the site a build reads (beside SETTINGS_FILE): what serve watches, and
# what an output folder may not be inside.
SOURCE_FOLDERS = (CONTENT_DIR, THEMES_DIR, SITE_STATIC_DIR, DATA_DIR, TRANSLATIONS_DIR)
CACHE_FOLDER = ".statusgen-cache"
# The cache folder of each of the site's `pages:`, by its name (lastbuild.open_cache).
CACHE_PAGES = f"{CACHE_FOLDER}/pages"
# The site's folders a static folder may never publish, nor lead into by a symbolic link:
# its sources, each published only as the build renders it (drafts and internal-only
# incidents never), and its working state. The output folders are never published either
# (unpublished_folders).
UNPUBLISHED_FOLDERS = tuple(
    f for f in (*SOURCE_FOLDERS, CACHE_FOLDER, ".git") if f != SITE_STATIC_DIR
)
# What a theme's static folder (published under assets/) may not lead into: the same
# but themes/, whose files one theme may share with another.
THEME_UNPUBLISHED = tuple(f for f in UNPUBLISHED_FOLDERS if f != THEMES_DIR)
NOTIFY_STATE_FILE = ".statusgen-notify.json"
# Where GitHub looks for a repository's workflows and its other settings.
GITHUB_DIR = ".github"
# The site's files no static or template folder may publish through a link: the settings
# name notify's recipients and private pages' addresses; notify's state, what was told.
UNPUBLISHED_FILES = (SETTINGS_FILE, NOTIFY_STATE_FILE)
# The folders an import writes its files into before moving them into the site (one per
# run, named by tempfile.mkdtemp); one a killed import left is cleared by the next command
# that takes the edit lock (authoring.save.editing), and never read as the site's.
IMPORT_STAGE_PREFIX = ".statusgen-import-"
IMPORT_STAGE_NAME = re.compile(re.escape(IMPORT_STAGE_PREFIX) + r"[a-z0-9_]+")
# The file in a staging folder that says its files are being moved into the site: one a
# killed import left holding it means the site has only part of that import (unfinished_imports).
IMPORT_MOVING_FILE = "moving-in"
# The next version of a notify state file, written beside it before a run sends anything
# and moved into place after (one per run, named by tempfile.mkstemp); one a run stopped
# from outside left is removed by the next run of that state file (notify.run.notifying).
# Our own prefix and suffix, so that nothing of the user's beside the state ever matches.
NOTIFY_TEMP_PREFIX = ".statusgen-notify-"
NOTIFY_TEMP_SUFFIX = ".tmp"


def unfinished_imports(root: Path) -> list[str]:
    """The staging folders, by name, of imports that are moving files into the site at
    `root` or were stopped (killed, the power lost) while they did: the site then holds
    part of what they imported."""
    try:
        with os.scandir(root) as entries:
            stages = [e.name for e in entries if IMPORT_STAGE_NAME.fullmatch(e.name)]
    except OSError:
        return []
    return sorted(s for s in stages if os.path.isfile(root / s / IMPORT_MOVING_FILE))


def notify_temp_prefix(state: Path) -> str:
    """The start of the names of the next versions of the state file `state`.

    NOTIFY_TEMP_PREFIX and a tag of the state file's name: runs of one site take turns
    (on its cache folder), not runs of any site, so another site's state file in the same
    folder has next versions of its own, which a run of this one must never take for a
    leftover."""
    tag = hashlib.sha256(os.fsencode(state.name)).hexdigest()[:8]
    return f"{NOTIFY_TEMP_PREFIX}{tag}_"


def notify_temp_name(state: Path) -> re.Pattern[str]:
    """The names of the next versions of the state file `state` (notify_temp_prefix)."""
    return re.compile(
        re.escape(notify_temp_prefix(state)) + r"[a-z0-9_]+" + re.escape(NOTIFY_TEMP_SUFFIX)
    )


BUILTIN_THEME = Path(__file__).resolve().parent / "themes" / "default"
# The shipped message catalogs: <language>/LC_MESSAGES/statusgen.po and .mo.
BUILTIN_CATALOGS = Path(__file__).resolve().parent / "i18n" / "catalogs"


class IncidentFolder(NamedTuple):
    """What content/incidents/ holds, listed once (10,000 names on a large site)."""

    # Relative paths of the incident files, sorted (never directory-listing order);
    # hidden files (editors' temporary copies) and other suffixes are not incidents.
    files: list[str]
    # The names of its other entries, hidden ones left out, sorted: what a build does
    # not read there (validate.unread_files says why).
    others: list[str]
    # Why there is something at content/incidents that could not be listed ("" when it
    # was, or when there is nothing: a site may have no incidents yet). validate.py
    # reports it: a site published without its incidents would hide every outage.
    problem: str = ""
    # The incident files that are symbolic links: each checked for leading out of the
    # site (validate.check_site), told apart by the listing at no cost of its own.
    linked: tuple[str, ...] = ()
    # Whether the `problem` is a permission the folder lacks (no read: it cannot be
    # listed; no execute: its files cannot be opened), told as one fix for the folder
    # rather than one problem for each file in it.
    denied: bool = False


def content_denied(root: Path) -> str | None:
    """Why no file in the site's content folder can be opened (no execute permission on it:
    chmod a-x, another user's 700), or None: asked once, before its files are read one by
    one. A folder that is missing, or no folder, is None: each file read then says so."""
    try:
        os.stat(os.path.join(root, CONTENT_DIR, os.curdir))
    except PermissionError as error:
        return f"cannot open the files in the folder: {error.strerror}"
    except OSError:
        return None
    return None


def list_incident_folder(root: Path) -> IncidentFolder:
    """The incident folder's listing; empty when there is no such folder, and with the
    `problem` when what is there cannot be listed (a file, a link to nothing)."""
    folder = root / INCIDENTS_DIR
    try:
        # A plain listing: pathlib's glob costs a large site a tenth of a second. Its
        # entries say which are links without a call each (os.path.islink on 10,000
        # files: 60-100 ms).
        with os.scandir(folder) as entries:
            found = [(entry.name, entry.is_symlink()) for entry in entries]
    except FileNotFoundError:
        if os.path.islink(folder):
            return IncidentFolder([], [], "a link to a folder that does not exist")
        return IncidentFolder([], [])
    except NotADirectoryError:
        return IncidentFolder([], [], "not a folder")
    except PermissionError as error:
        return IncidentFolder([], [], f"cannot list the folder: {error.strerror}", denied=True)
    except OSError as error:  # a link loop
        return IncidentFolder([], [], f"cannot list the folder: {error.strerror or error}")
    if found:
        # A folder that may be listed but not searched (chmod a-x) names its files and
        # opens none: asked once here, not told once for each of 10,000 files.
        try:
            os.lstat(os.path.join(folder, found[0][0]))
        except PermissionError as error:
            problem = f"cannot open the files in the folder: {error.strerror}"
            return IncidentFolder([], [], problem, denied=True)
        except OSError:
            pass  # gone since the listing: read as any other file
    # looked_at_in_incidents of a name right in the folder, spelled out: every build lists
    # the folder, 10,000 names at 10,000 incidents (a call per name costs 1.3 ms more).
    listed = [name for name, _ in found if not name.startswith(_HIDDEN)]
    # A copy git mergetool left of an incident (x_LOCAL_1234.md) is no incident: read, it
    # would be published twice; it is reported as not read, to be removed.
    # Nor is Word's lock of one it has open (~$26-11-01-outage.md): no Markdown at all.
    read = [
        n
        for n in listed
        if n.endswith(INCIDENT_SUFFIX)
        and merge_copy_of(n) is None
        and not n.startswith(OFFICE_LOCK)
    ]
    names = sorted(read)
    others = sorted(set(listed).difference(read))
    linked = tuple(
        sorted(
            f"{INCIDENTS_DIR}/{name}"
            for name, link in found
            if link and name.endswith(INCIDENT_SUFFIX) and looked_at_in_incidents(name)
        )
    )
    return IncidentFolder([f"{INCIDENTS_DIR}/{name}" for name in names], others, "", linked)


def linked_twins(root: Path, folder: IncidentFolder) -> dict[str, str]:
    """The incident files of `folder` that are symbolic links to another of its incident
    files, each with the one it leads to (relative paths): read, it would publish that
    incident twice. A link to a file elsewhere in the site, read once, is no twin."""
    if not folder.linked:
        return {}
    linked = set(folder.linked)
    incidents = os.path.realpath(root / INCIDENTS_DIR)
    # A file that is no link is where it is listed (the folder may itself be a link).
    read_at = {
        os.path.join(incidents, relpath.rpartition("/")[2]): relpath
        for relpath in folder.files
        if relpath not in linked
    }
    twins: dict[str, str] = {}
    for relpath in folder.linked:  # sorted: of two links to one file, the second is told
        real = os.path.realpath(root / relpath)
        first = read_at.setdefault(real, relpath)
        if first != relpath:
            twins[relpath] = first
    return twins


# What a hidden entry's name begins with: editors' temporary copies, never read.
_HIDDEN = "."
# Other names for Markdown files, still looked for in subfolders of content/incidents/.
OTHER_MARKDOWN_SUFFIXES = (".markdown", ".mdown", ".mkd", ".mkdn", ".MD", ".Md")


def looked_at_in_incidents(relpath: str) -> bool:
    """Whether a build reads or reports the entry at `relpath` (relative to
    content/incidents/, "/"-separated): every entry right in the folder but hidden ones
    (editors' temporary copies), which is read or reported as not read, and the Markdown
    files in its subfolders, reported as skipped (validate.unread_files). serve's watcher
    asks the same, so that what a build would say follows every save."""
    folder, _, name = relpath.rpartition("/")
    if name.startswith(_HIDDEN):
        return False
    return not folder or _markdown(name)


def _markdown(name: str) -> bool:
    """Whether the file `name` is Markdown, by any of the names it goes by."""
    return name.endswith((INCIDENT_SUFFIX, *OTHER_MARKDOWN_SUFFIXES))


# Folders at the site's top, beside content/, that an author takes for where incidents
# are kept (an `incidents/` or `maintenance/` made by hand): never read, so their Markdown
# files are reported as those in content/ outside content/incidents/ are. No other
# top-level folder (docs/, .github/, static/) is looked into.
STRAY_INCIDENT_FOLDERS = (INCIDENTS_DIR.rpartition("/")[2], "maintenance")
# The files content/ holds by name, saved at the site's top instead (validate reports them).
STRAY_CONTENT_FILES = {
    relpath.rpartition("/")[2]: relpath for relpath in (COMPONENTS_FILE, MONITORS_FILE)
}


class ContentOutside(NamedTuple):
    """What content/ holds outside content/incidents/, and the folders beside content/
    named for incidents (STRAY_INCIDENT_FOLDERS), as far as a build cares."""

    # The folders looked through (content/ and its subfolders but incidents/, and the
    # stray folders and theirs, hidden ones left out), sorted: a file saved into one
    # changes only that folder's mtime. A stray folder is listed even when absent: its
    # appearing is what a later build has to notice.
    folders: list[str]
    # The Markdown files in them, sorted: never read, as only content/incidents/ holds
    # incidents and maintenance windows (validate.misplaced_files reports each).
    markdown: list[str]


def content_outside_incidents(root: Path) -> ContentOutside:
    """The folders of content/ outside content/incidents/, and those beside content/ named
    for incidents (STRAY_INCIDENT_FOLDERS), and the Markdown files in them. A link to a
    folder is followed (an author keeping windows in `content/maintenance ->
    ../shared/maintenance` loses them as surely), each real folder once, and never into
    content/incidents/, which the build reads."""
    folders: list[str] = list(STRAY_INCIDENT_FOLDERS)
    markdown: list[str] = []
    incidents = os.path.realpath(root / INCIDENTS_DIR)
    seen = {incidents}
    for top in (CONTENT_DIR, *STRAY_INCIDENT_FOLDERS):
        # A top-level folder linked to one met before (incidents/ -> content/incidents/)
        # is that folder.
        real = os.path.realpath(root / top)
        if real in seen or real.startswith(incidents + os.sep):
            continue
        _walk_outside(root, top, incidents, seen, folders, markdown)
    return ContentOutside(sorted(folders), sorted(markdown))


def _walk_outside(
    root: Path, top: str, incidents: str, seen: set[str], folders: list[str], markdown: list[str]
) -> None:
    """Add the folders under `top` and the Markdown files in them to `folders` and
    `markdown`, as content_outside_incidents lists them."""
    for folder, dirs, names in os.walk(root / top, followlinks=True):
        relfolder = Path(folder).relative_to(root).as_posix()
        seen.add(os.path.realpath(folder))
        # incidents/ is listed by list_incident_folder; hidden folders, like hidden files,
        # are the author's or their tools' own. A folder met before (a link back up, a
        # second link to it) is not walked again.
        kept = []
        for name in sorted(dirs):
            real = os.path.realpath(os.path.join(folder, name))
            if name.startswith(_HIDDEN) or real in seen or real.startswith(incidents + os.sep):
                continue
            seen.add(real)
            kept.append(name)
        dirs[:] = kept
        if relfolder not in STRAY_INCIDENT_FOLDERS:
            folders.append(relfolder)
        markdown += (
            f"{relfolder}/{name}"
            for name in names
            if not name.startswith(_HIDDEN) and _markdown(name)
        )


# What tools add to a file's name for the copy they leave beside it, in any case (a
# Windows tool's X.BAK): editors (x~; x.bak: Notepad++, UltraEdit, `sed -i.bak`), patch
# (x.orig, x.rej), git's mergetool (x.orig with keepBackup; in older git x.BACKUP.1234 and
# its BASE, LOCAL, REMOTE while it runs), people (x.old). validate.py tells such a copy of
# an incident file by it; any other file's is an editor leftover (below).
COPY_MARK = r"~|\.(?:bak|orig|rej|old)|\.(?:BACKUP|BASE|LOCAL|REMOTE)\.\d+"
# Current git's mergetool puts its mark before the file's last extension, so the copy
# opens as the file does: logo_BACKUP_1234.svg, x_LOCAL_1234.md. In capitals only, as git
# writes it: `report_base_2024.pdf` is the author's own file.
_MERGE_COPY_MARK = re.compile(r"_(?:BACKUP|BASE|LOCAL|REMOTE)_[0-9]+(?=(?:\.[^.]*)?$)")


# How Microsoft Office names the lock file of a document it has open (`~$report.docx`).
OFFICE_LOCK = "~$"


def merge_copy_of(name: str) -> str | None:
    """The name of the file that `name` is git mergetool's copy of (x_LOCAL_1234.md of
    x.md), or None when it is no such copy."""
    mark = _MERGE_COPY_MARK.search(name)
    return None if mark is None else name[: mark.start()] + name[mark.end() :]


# What editors, safe saves, merge tools and file managers leave beside the files they
# touch: never a source a build reads by listing a folder, nor a file it publishes
# (load/files.list_files leaves them out of every static and template folder and warns),
# nor a change worth a rebuild (serve's watcher). Other hidden files are published as they
# are: hosts read `.well-known/`, `.nojekyll` and `.htaccess`.
_EDITOR_LEFTOVER = re.compile(
    "|".join(
        (
            rf"(?i:{COPY_MARK})$",  # a tool's copy of the file (COPY_MARK)
            r"^#.*#$",  # emacs auto-save
            r"^\.#",  # emacs lock (a link to nothing)
            r"^\..*\.sw[a-p]$",  # vim swap: .x.swp, then .x.swo and on to .x.swa
            r"^4913$",  # vim writes and deletes it to test that a folder is writable
            r"\.tmp$",  # a safe save's copy before it replaces the file
            r"\.kate-swp$",  # kate swap
            r"\.___jb_...___$",  # JetBrains safe save
            r"^\.goutputstream-",  # gedit's safe save
            r"^flycheck_",  # emacs flycheck's copy of the file it checks
            # Office's lock while a document is open (`~$report.docx`, its name's first
            # letters cut for a long one: `~$udget.xlsx`), and LibreOffice's, which holds
            # the user's name, host and home folder (`.~lock.report.docx#`).
            rf"^{re.escape(OFFICE_LOCK)}",
            r"^\.~lock\..*#$",
            # The file managers' own files are named in any case: the systems that write
            # them do not tell THUMBS.DB from Thumbs.db, and a copy may change the case.
            r"(?i:^\.DS_Store$)",  # macOS Finder
            # macOS's AppleDouble file: a file's metadata, beside each file copied to a
            # disk that cannot hold it (FAT, exFAT, a network share) or unpacked from a zip.
            r"^\._",
            r"(?i:^\.Trashes$)",  # macOS's trash folder on such a disk
            r"^Icon\r$",  # macOS Finder's custom icon of a folder (its name ends in a CR)
            r"(?i:^\.localized$)",  # macOS Finder's mark of a folder named per language
            r"(?i:^Thumbs\.db$)",  # Windows Explorer's thumbnails
            r"(?i:^ehthumbs(?:_vista)?\.db$)",  # Windows Media Center's thumbnails
            r"(?i:^desktop\.ini$)",  # Windows Explorer's folder settings
            r"(?i:^\$RECYCLE\.BIN$)",  # Windows' trash folder on a disk carried over
            # Windows' mark of a downloaded file (an NTFS stream), a file of its own
            # (`x.md:Zone.Identifier`) when copied through WSL or a network share.
            r":Zone\.Identifier$",
        )
    )
)


# A repository's own records, in a static folder that is a clone or a submodule: its whole
# history (and whatever was ever committed to it) if published. Never published, never a
# change worth a rebuild; unlike an editor leftover, no warning: they are where a
# submodule keeps them on purpose, at every build.
VERSION_CONTROL = frozenset({".git", ".hg", ".svn", ".bzr"})


# Files that hold secrets by their very name: an environment file, a tool's stored login,
# a private key. One copied into a static folder would be published to anyone; list_files
# leaves it out and warns, as it does a leftover (renamed, it is published as any file).
# `.env.example` and the like, written to be shared, are not among them: a name whose
# last part says so (`.env.production.example` too). Any other parts after `.env` name
# an environment or a copy of one (`.env.production.local`, as Vite, Next.js and Create
# React App name them; `.env.prod.backup`), in any case (`.ENV`), and so do words after a
# space (`.env copy`, as macOS' Finder names a duplicate). A name ending `.env` is one too
# (`prod.env`, as Docker Compose's `env_file:` reads it), unless it says it is a sample.
_SHARED_ENV = r"(?:example|sample|template|dist)"
_SECRET_FILE = re.compile(
    rf"(?i)^\.env(?:rc|(?:\.[^.]+)*\.(?!{_SHARED_ENV}$)[^.]+)?$"
    rf"|^\.env (?!.*\.{_SHARED_ENV}$)"
    rf"|^(?!(?:.*[._ -])?{_SHARED_ENV}\.env$).+\.env$"
    r"|^[._]netrc$|^\.(?:git-credentials|npmrc|pypirc|pgpass|htpasswd)$"
    r"|^id_(?:rsa|dsa|ecdsa|ed25519)(?:_[a-z0-9]+)?$"
    r"|^application_default_credentials\.json$"
)
# Files that hold a tool's stored login by their place in its folder, as copied from a home
# folder: the cloud's, the container registries', the cluster's.
_SECRET_PATH = re.compile(
    r"(?i)(?:^|/)(?:\.aws/(?:credentials|config)|\.docker/config\.json|\.kube/config)$"
)
# Files that may hold a private key (`server.key`, `tls.pem`, a `bundle.crt` of certificate
# and key, a PGP key exported as `signing.asc` or `signing.gpg`, a DER key as `key.der`,
# PuTTY's `deploy.ppk`), or
# only what is meant to be served: a certificate chain, a public key, a signature, a Keynote
# deck. Their bytes decide (load.files), not their name. These are read whole for it; a
# static folder's other files only when small (load.files.KEY_SCAN_BYTES): its images and
# downloads are not read twice on every build.
_KEY_FILE = re.compile(r"(?i)\.(?:pem|key|crt|cer|cert|der|p8|pk8|asc|gpg|pgp|ppk)$")


def secret_file(name: str) -> bool:
    """Whether a file named `name` holds secrets by its kind (`.env`, `.netrc`, `.npmrc`,
    `id_rsa`): never published from a static folder."""
    return _SECRET_FILE.match(name) is not None


def secret_path(relative: str) -> bool:
    """Whether a file at `relative` (a path in a folder) holds a tool's stored login by
    its place (`.aws/credentials`, `.docker/config.json`, `.kube/config`): never published
    from a static folder."""
    return _SECRET_PATH.search(relative) is not None


# The names Windows keeps for its devices, with any extension (`aux.md`, `con`, `com1.txt`):
# Git for Windows refuses to check out a file or folder of one, so a clone of the site
# there fails.
_WINDOWS_DEVICE = re.compile(r"(?i)(?:con|prn|aux|nul|com[1-9]|lpt[1-9])")


def windows_device(name: str) -> bool:
    """Whether `name` (a file's or folder's, no "/") is one Windows keeps for a device,
    whatever its extension; Windows ignores spaces before it too."""
    return bool(_WINDOWS_DEVICE.fullmatch(name.partition(".")[0].rstrip(" ")))


def key_file(name: str) -> bool:
    """Whether a file named `name` may hold a private key (`.pem`, `.key`, `.crt`, `.asc`
    and the like): left out of a static folder when its text holds one."""
    return _KEY_FILE.search(name) is not None


def editor_leftover(name: str) -> bool:
    """Whether a file or folder named `name` is left behind by an editor, a merge tool or
    a file manager (a swap file, a `~` or `.orig` copy, an auto-save, `.DS_Store`, `._x`,
    mergetool's `x_BASE_1234.svg`), not written by the site's author."""
    return _EDITOR_LEFTOVER.search(name) is not None or merge_copy_of(name) is not None


def catalog_file(name: str) -> str:
    """The relative path of the site's catalog named `name` (`de`, `pt_BR`, `pt-BR`)."""
    return f"{TRANSLATIONS_DIR}/{name}{CATALOG_SUFFIX}"


def incident_files(root: Path) -> list[str]:
    """Relative paths of the incident files, sorted (IncidentFolder.files)."""
    return list_incident_folder(root).files


def incident_file(name: str) -> str:
    """The relative path of the incident file named `name` (its slug, without suffix)."""
    return f"{INCIDENTS_DIR}/{name}{INCIDENT_SUFFIX}"


def slug_of(relpath: str) -> str:
    """The slug of an incident file: its name without folder and suffix."""
    return relpath.rpartition("/")[2].removesuffix(INCIDENT_SUFFIX)


def static_incident_page(root: Path, slug: str) -> str | None:
    """The site's static page published at the address of an incident named `slug` (the
    page docs/content.md shows to keep a renamed incident's old address working), as a
    path relative to `root`, or None when `static/` publishes none there."""
    from statusgen import urls

    relpath = f"{SITE_STATIC_DIR}/{urls.incident(slug)}index.html"
    try:
        return relpath if (root / relpath).is_file() else None
    except (OSError, ValueError):  # a name no file can have (a NUL): none there
        return None


def moved_to(root: Path, slug: str, slugs: Collection[str]) -> str | None:
    """The incident of `slugs` that the static page at the address of `slug` sends its
    visitors on to (static_incident_page), or None when there is no such page or it names
    none of them: where a renamed incident went, known without asking git."""
    relpath = static_incident_page(root, slug)
    if relpath is None:
        return None
    try:
        text = (root / relpath).read_text("utf-8", errors="replace")
    except OSError:
        return None
    # `../new/`, `/incidents/new/` or a full URL: the slug after the incidents' folder or
    # `../`, the first that is an incident's.
    for found in re.finditer(r"(?:\.\./|incidents/)([^/\s\"'#?<>]+)/", text):
        if found[1] in slugs and found[1] != slug:
            return found[1]
    return None


# How close the words of a name typed with its date must be to those of an incident of
# another day: a typo in the date with the words right, not another incident that merely
# ends in `-errors` too (difflib's ratio; close_matches' default is 0.6).
_OTHER_DAY_CUTOFF = 0.85


def close_slugs(wanted: str, slugs: Sequence[str]) -> list[str]:
    """The slugs (at most three, closest first) a mistyped name most likely meant.

    A typo of a short form `find_event` takes (`chekout` for 2026-12-04-checkout-errors)
    is as close to the slug as that short form is: each slug is matched by its name
    without the date and by their leading words too. A name typed with its date is
    matched by its words alone (every slug shares the date's shape, which would make any
    of them look close), and an incident of another day only when its words are all but
    the same: a renamed incident's old name is no typo of an unrelated one."""
    from statusgen.errors import close_matches

    typed = wanted.split("-")
    by_words = wanted[:4].isdigit() and len(typed) > 3
    if by_words:
        wanted = "-".join(typed[3:])
    forms: dict[str, list[str]] = {}
    other_days: dict[str, list[str]] = {}
    for slug in slugs:
        words = slug.split("-")
        dated = slug[:4].isdigit()
        # Leading words with the date and without it; a date alone names a day, not an event.
        heads = set()
        if not by_words or not dated:
            heads = {slug} | {"-".join(words[:end]) for end in range(4 if dated else 1, len(words))}
        if dated:
            heads |= {"-".join(words[3:end]) for end in range(4, len(words) + 1)}
        same_day = not by_words or not dated or words[:3] == typed[:3]
        for head in sorted(heads):
            (forms if same_day else other_days).setdefault(head, []).append(slug)
    found: list[str] = []
    for named, cutoff in ((forms, 0.6), (other_days, _OTHER_DAY_CUTOFF)):
        for form in close_matches(wanted, named, len(named), cutoff):
            found += [slug for slug in named[form] if slug not in found]
    return found[:3]


def theme_folder(root: Path, name: str | None = None) -> Path:
    """The site's override folder (`themes/`), or its theme `name` (`themes/<name>/`)."""
    return root / THEMES_DIR if name is None else root / THEMES_DIR / name


def theme_chain(root: Path, theme: str = "default") -> list[Path]:
    """The theme folders a template or static file is looked up in, in order: the site's
    overrides, its theme `theme` (unless the built-in "default"), the built-in theme."""
    chosen = [theme_folder(root, theme)] if theme != "default" else []
    return [theme_folder(root), *chosen, BUILTIN_THEME]


def has_theme(root: Path, name: str) -> bool:
    """Whether the site holds the theme `name` (`theme: <name>`): a folder with templates/
    right under themes/ (a name with a path in it would lead elsewhere, out of the site)."""
    return is_theme_name(name) and (theme_folder(root, name) / TEMPLATES_DIR).is_dir()


def is_theme_name(name: str) -> bool:
    """Whether `name` can name a folder right under themes/: not a path, which would lead
    elsewhere (`/etc`, `../../x`), out of the site."""
    return name not in ("", ".", "..") and "/" not in name and "\\" not in name


def theme_names(root: Path) -> list[str]:
    """The names of the site's own themes (has_theme), sorted."""
    try:
        listed = os.listdir(root / THEMES_DIR)
    except OSError:  # no themes/ folder, or a file of that name
        return []
    return sorted(n for n in listed if not n.startswith(".") and has_theme(root, n))


# What a build reads by name ("/" ends a folder's): the names misnamed() compares with
# unless given others (a language's catalogs, which the settings name).
_READ_BY_NAME = (
    SETTINGS_FILE,
    f"{CONTENT_DIR}/",
    COMPONENTS_FILE,
    MONITORS_FILE,
    f"{INCIDENTS_DIR}/",
    f"{SITE_STATIC_DIR}/",
)


def theme_read_by_name(root: Path, theme: str = "default") -> list[str]:
    """The theme files a build reads by name, relative to the site: an override of each
    built-in template and static file in each of the site's theme folders (theme_chain),
    and the folders they are in (ending in "/": templates/, templates/partials/). An
    override, or a folder of them, in another case is read by a disk that ignores case (a
    Mac) and skipped by one that does not (CI); a static one would be published beside the
    file pages use."""
    builtin = [
        Path(folder, name).relative_to(BUILTIN_THEME).as_posix()
        for kind in (TEMPLATES_DIR, STATIC_DIR)
        for folder, _, names in os.walk(BUILTIN_THEME / kind)
        for name in names
    ]
    folders = {f"{parent.as_posix()}/" for name in builtin for parent in Path(name).parents}
    return sorted(
        (folder / name).relative_to(root).as_posix() + ("/" if name.endswith("/") else "")
        for folder in theme_chain(root, theme)[:-1]
        for name in [*builtin, *(folders - {"./"})]
    )


# Suffixes that name the same kind of file: either is the other misspelled.
_YAML_SUFFIXES = (".yaml", ".yml")
# What Notepad and TextEdit add to a name saved as a text document: `de.po.txt`.
_TEXT_SUFFIX = ".txt"
# How alike a name must be to count as a misspelling: "incident" and "incidnets" for
# "incidents", not "incidents-old" (an archive) or "contact" (for "content").
_ALIKE = 0.85


class Misnamed(NamedTuple):
    """An entry of the site that statusgen does not read, named nearly as one it reads."""

    found: str  # its relative path, e.g. "content/monitors.yml" or "content/incident"
    expected: str  # the name to use, e.g. "content/monitors.yaml" or "content/incidents"
    expected_exists: bool  # both are there: its contents belong in the other
    folder: bool = False  # the name to use is a folder's


def theme_static_folders(root: Path, theme: str = "default") -> list[str]:
    """The static folders of the site's theme folders (theme_chain), relative to the site
    and ending in "/": each is published whole, every file in it by the name it has."""
    return [
        f"{(folder / STATIC_DIR).relative_to(root).as_posix()}/"
        for folder in theme_chain(root, theme)[:-1]
    ]


def misnamed(
    root: Path,
    wanted: Sequence[str] = _READ_BY_NAME,
    *,
    distinct: Callable[[str, str], bool] | None = None,
    whole: Collection[str] = (),
) -> list[Misnamed]:
    """The site's files and folders named nearly as one of `wanted` (relative paths a build
    reads, a folder's ending in "/"): another case, the other YAML suffix, a `.txt` an
    editor added, the singular, a typo. They would otherwise be skipped without a word:
    `content/monitors.yml`, `content/incident/`, `statusgen.yml`, `translations/DE.po`
    (which a disk that ignores case reads, so that a preview there and CI would differ).
    `distinct(found, wanted)`, given two names without their suffix, says they each mean
    something of their own however alike (two languages' catalogs): never a typo.
    A folder of `whole` (one of `wanted`) is published whole, every file of it read by
    listing: in another case it is named itself, whatever it holds (themes/Static/)."""
    found: list[Misnamed] = []
    for parent in sorted({w.rstrip("/").rpartition("/")[0] for w in wanted}):
        names = [w for w in wanted if w.rstrip("/").rpartition("/")[0] == parent]
        folder = root / parent if parent else root
        try:
            listed = sorted(os.listdir(folder))
        except OSError:  # no such folder: nothing misnamed in it
            continue
        read = {n.rstrip("/").rpartition("/")[2] for n in names}
        for entry in listed:
            if entry.startswith(".") or entry in read:
                continue
            for name in names:
                expected = name.rstrip("/")
                target = root / expected
                base = expected.rpartition("/")[2] + ("/" if name.endswith("/") else "")
                if not _alike(entry, base, folder / entry, distinct):
                    continue
                if target.exists() and os.path.samefile(target, folder / entry):
                    break  # a folder that ignores case: this is the one read
                relpath = f"{parent}/{entry}" if parent else entry
                if (
                    name.endswith("/")
                    and name not in whole
                    and any(w.startswith(name) and w != name for w in wanted)
                ):
                    found += _misnamed_in(root, relpath, name, wanted)
                    break
                exists = os.path.lexists(target)
                found.append(Misnamed(relpath, expected, exists, name.endswith("/")))
                break
    return found


def stray_content_files(root: Path) -> list[Misnamed]:
    """The files content/ holds by name (STRAY_CONTENT_FILES) saved at the site's top
    instead, beside content/: `components.yaml` there is never read."""
    return [
        Misnamed(name, relpath, os.path.lexists(root / relpath))
        for name, relpath in sorted(STRAY_CONTENT_FILES.items())
        if os.path.isfile(root / name)
    ]


def _misnamed_in(root: Path, relpath: str, name: str, wanted: Sequence[str]) -> list[Misnamed]:
    """What the folder `relpath`, named nearly as the folder `name` of `wanted`, holds
    that `wanted` names in `name` (as named there, in the same case): nothing when it holds
    none (a site's own Partials/ holding only its own banner.html, read by that name);
    the folder when it holds only those; else each of them, as renaming the folder would
    break what the site reads by its own name."""
    held: list[str] = []  # relative to the folder; a folder's ends in "/"
    for folder, dirs, names in os.walk(root / relpath):
        dirs.sort()
        at = Path(folder).relative_to(root / relpath).as_posix()
        prefix = "" if at == "." else f"{at}/"
        held += [f"{prefix}{d}/" for d in dirs] + [f"{prefix}{n}" for n in sorted(names)]
    # A folder counts when it is read as one (incidents/), not when only named as where
    # files read are (partials/): a site's own Partials/Foo/ holds none of them.
    read = [
        h
        for h in held
        if f"{name}{h}" in wanted
        and not (
            h.endswith("/") and any(w.startswith(f"{name}{h}") for w in wanted if w[-1:] != "/")
        )
    ]
    if not read:
        return []
    expected = name.rstrip("/")
    inside_read = tuple(h for h in read if h.endswith("/"))
    own = [
        h for h in held if not h.endswith("/") and h not in read and not h.startswith(inside_read)
    ]
    if not own:
        return [Misnamed(relpath, expected, os.path.lexists(root / expected), True)]
    return [
        Misnamed(
            f"{relpath}/{h.rstrip('/')}",
            f"{expected}/{h.rstrip('/')}",
            os.path.lexists(root / expected / h),
            h.endswith("/"),
        )
        for h in read
        if not h.startswith(tuple(r for r in inside_read if r != h))
    ]


def _alike(
    entry: str, name: str, path: Path, distinct: Callable[[str, str], bool] | None = None
) -> bool:
    """Whether the entry `entry` at `path` looks like the file or folder `name` (a folder's
    ends in "/") misspelled: not when `distinct` says their names are two things."""
    from statusgen.errors import close_matches

    if name.endswith("/"):
        if not path.is_dir():
            return False
        stem, want = entry.casefold(), name.rstrip("/")
    else:
        want, _, own = name.rpartition(".")
        suffixes = _YAML_SUFFIXES if f".{own}" in _YAML_SUFFIXES else (f".{own}",)
        lowered = entry.casefold().removesuffix(_TEXT_SUFFIX)
        suffix = next((s for s in suffixes if lowered.endswith(s)), None)
        if suffix is None or path.is_dir():
            return False
        stem, want = lowered.removesuffix(suffix), want.casefold()
    if stem == want:
        return True
    if distinct is not None and distinct(stem, want):
        return False
    # Most names differ at once (public/, themes/, README.md): no difflib for them.
    if stem[:1] != want[:1] or abs(len(stem) - len(want)) > 2:
        return False
    return bool(close_matches(stem, [want], cutoff=_ALIKE))


NOT_A_SITE = f"not a statusgen site (no {SETTINGS_FILE} here or in any parent folder)"
NOT_A_SITE_HINT = (
    "run the command inside a site's folder, pass -C DIR, or create a site with 'statusgen init'"
)


def near_site(start: Path) -> str:
    """Where a settings file under another name lies, from `start` upwards ("statusgen.yml"
    beside it, "../statusgen.yml"...), as the hint find_site's failure gives; "" if none."""
    for folder in [start, *start.resolve().parents]:
        for twin in misnamed(folder, (SETTINGS_FILE,)):
            where = folder / twin.found
            shown = where if folder != start else Path(twin.found)
            return f"{shown} is there: rename it to {SETTINGS_FILE}"
    return ""


def find_site(start: Path) -> Path | None:
    """The nearest folder from `start` upwards holding statusgen.yaml, or None: the site a
    command run anywhere inside it (in content/incidents/, say) acts on, as git finds its
    repository.

    `start` itself comes back unchanged when it holds the file, so paths printed for a
    site given with -C read as the user wrote them.
    """
    # Any entry of that name marks the site, a FIFO or a broken link included: reading
    # it then reports what is wrong with it, rather than "not a statusgen site".
    if os.path.lexists(start / SETTINGS_FILE):
        return start
    for folder in start.resolve().parents:
        if os.path.lexists(folder / SETTINGS_FILE):
            return folder
    return None


def listed_pages(root: Path) -> tuple[Page, ...]:
    """The pages the settings of the site at `root` define under `pages:`; () when they
    define none or cannot be read (validation then reports why)."""
    return defined_pages(root) or ()


def defined_pages(root: Path) -> tuple[Page, ...] | None:
    """The pages the settings of the site at `root` define under `pages:` (() for none);
    None when the settings cannot be read (validation then reports why)."""
    data = settings_bytes(root)
    if data is None:
        return None
    # Most sites have one page: a file that never names the section is not parsed here,
    # and a build with nothing to do then loads no YAML (nor the settings' rules) at all.
    if b"pages" not in data:
        return ()
    from statusgen.config import parse_settings

    settings, _ = parse_settings(data)
    return settings.pages if settings is not None else None


def defined_zones(root: Path) -> tuple[str, ...]:
    """The time zones the settings of the site at `root` name (Settings.zones); () when
    the settings cannot be read (validation then reports why)."""
    data = settings_bytes(root)
    if data is None:
        return ()
    from statusgen.config import parse_settings

    settings, _ = parse_settings(data)
    return settings.zones if settings is not None else ()


def settings_bytes(root: Path) -> bytes | None:
    """The bytes of the settings file of the site at `root`, for a look before (or after)
    validation; None when it cannot be read (validation then reports why)."""
    path = root / SETTINGS_FILE
    # Only a plain file is read here: the build itself reports a FIFO, a device or a link
    # out of the site as a diagnostic, and must not hang or read outside before it can.
    if not path.is_file() or not path.resolve().is_relative_to(root.resolve()):
        return None
    try:
        return path.read_bytes()
    except OSError:
        return None


def output_folders(settings: Settings) -> tuple[str, ...]:
    """The output folders the settings name, relative to the site: every page's, or the
    site's when it has no pages. Each build replaces them."""
    # The same for every page's settings (whose `output` is the page's own).
    return tuple(dict.fromkeys([page.output for page in settings.pages] or [settings.output]))


def named_folders(settings: Settings) -> tuple[str, ...]:
    """The folders the settings name, relative to the site as written: every output
    (output_folders) and every page's own static folder. Each is the site's own, however
    alike a folder read by name: a page's static-a/ is no misspelling of static/."""
    statics = [page.static for page in settings.pages if page.static is not None]
    return tuple(dict.fromkeys((*output_folders(settings), *statics)))


def unpublished_folders(settings: Settings) -> tuple[str, ...]:
    """The folders, relative to the site, that no static folder of it may be, hold, lie in
    or link into: UNPUBLISHED_FOLDERS, every page's output (a link into a private page's
    output would publish that page on a public one), and the own static folder of every
    private page but the one being built (`settings.page`): a link in static/ to it would
    publish its files (a runbook) on every page."""
    others = [
        p.static
        for p in settings.pages
        if p.private and p.static is not None and p.name != settings.page
    ]
    return tuple(dict.fromkeys((*UNPUBLISHED_FOLDERS, *output_folders(settings), *others)))


def working_folder() -> Path | None:
    """The current folder, resolved; None when it no longer exists. A build run inside its
    own output folder (public/incidents/) replaces that folder with the new site's, and the
    process is left in the deleted one."""
    try:
        return Path.cwd().resolve()
    except FileNotFoundError:
        return None
