"""The site's own static/ folder, copied to the output root as it is.

The folder is where a custom domain's CNAME, a search engine's verification file or
an image linked from an incident goes: the build replaces the output folder whole, so a
file put there by hand would be deleted by the next build. On a site with `pages:`, a
page's own folder (its `static:`) is copied after it, its files winning: one page's
CNAME is not another's. A `_headers` (JOINED) is the exception: each folder's is added
to the one statusgen writes, the page's after static/'s.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from statusgen import urls
from statusgen.errors import Diagnostic, Severity, StatusgenError
from statusgen.layout import (
    SETTINGS_FILE,
    SITE_STATIC_DIR,
    STATIC_DIR,
    THEMES_DIR,
    theme_chain,
    unpublished_folders,
)
from statusgen.load.files import InputError, list_files, read_input, read_published
from statusgen.load.text import split_lines, unified
from statusgen.model import Site

if TYPE_CHECKING:  # `check` lists static files without loading the renderers
    from statusgen.render.context import Outputs, RenderContext

# The file GitHub Pages reads a branch-published site's domain from.
CNAME = "CNAME"


@dataclass(frozen=True)
class StaticFiles:
    """What a site's static folders publish: each output name with the file it comes
    from (relative to the site, for diagnostics, and its path)."""

    files: dict[str, tuple[str, Path]]
    problems: list[Diagnostic]  # what cannot be published at all: a build stops on them
    left_out: list[Diagnostic] = field(default_factory=list)  # warnings: not published
    # The files of an earlier folder that one of `files` replaces, by output name (static/'s
    # CNAME under a page's own): a diagnostic about that output names them too.
    replaced: dict[str, list[str]] = field(default_factory=dict)


def static_folders(site: Site) -> tuple[str, ...]:
    """The folders, relative to the site, whose files `site` publishes at its root in
    order, a later one's file replacing an earlier one's: static/, then the page's own."""
    settings = site.settings
    own = next((p.static for p in settings.pages if p.name == settings.page), None)
    return (SITE_STATIC_DIR,) if own is None else (SITE_STATIC_DIR, own)


def list_static(site: Site) -> StaticFiles:
    """The files `site` publishes from its static folders (load/files.py's checks: a link
    leading out of the site or into its unpublished folders, or a special file, is a
    problem), less editor leftovers and a CNAME naming another host than the page's (a
    warning each)."""
    root = Path(site.root)
    files: dict[str, tuple[str, Path]] = {}
    replaced: dict[str, list[str]] = {}
    problems: list[Diagnostic] = []
    left_out: list[Diagnostic] = []
    folders = static_folders(site)
    private = unpublished_folders(site.settings)
    for folder in folders:
        listing = list_files(root / folder, root, folder, private)
        problems += listing.problems
        left_out += listing.left_out  # editor leftovers
        for name, path in listing.files.items():
            if name in files:
                replaced.setdefault(name, []).append(files[name][0])
            files[name] = (f"{folder}/{name}", path)
    if len(folders) > 1:  # one folder cannot hold a file and a folder of one name
        problems += _files_for_folders(files)
    left_out += _case_clashes(files)  # published both, as the author named them
    if CNAME in files and site.settings.page:
        warning = _other_host(site, *files[CNAME], replaced.get(CNAME, []))
        if warning is not None:
            del files[CNAME]
            left_out.append(warning)
    return StaticFiles(dict(sorted(files.items())), sorted(set(problems)), left_out, replaced)


def _files_for_folders(files: dict[str, tuple[str, Path]]) -> list[Diagnostic]:
    """An error for each file of one static folder published where a file of another
    needs a folder (static/images/logo.png, and a page's own file `images`): a page's
    folder replaces files by name, and neither can give way to the other."""
    under = _folders(files)
    problems = []
    for name, (relpath, _) in files.items():
        holder = under.get(name)
        if holder is not None:
            held = files[holder][0]
            problems.append(
                Diagnostic(
                    relpath,
                    0,
                    0,
                    f"would be published at {name}, where {held} needs a folder",
                    f"rename {relpath}, or the folder {held.removesuffix(holder) + name}",
                    also=(held, relpath, held.removesuffix(holder) + name),
                )
            )
    return problems


def _other_host(site: Site, relpath: str, path: Path, replaced: list[str]) -> Diagnostic | None:
    """A warning when the CNAME at `path` names another host than the page's base_url:
    published, it would claim that host's domain for this page's folder. `replaced` are
    the CNAMEs of earlier folders it replaces: not published either."""
    named = named_host(path)
    if named is None:
        return None  # the build reports it as it reads the file
    host = (urlsplit(site.settings.base_url).hostname or "").lower()
    if same_host(named, host):
        return None
    page = site.settings.page
    files = [relpath]
    if relpath.startswith(SITE_STATIC_DIR + "/"):  # shared by every page
        hint = (
            f"every page publishes {SITE_STATIC_DIR}/: move {relpath} into a folder of its "
            f"own for the page it names ('static:' under that page in {SETTINGS_FILE}, e.g. "
            "'static: static-public')"
        )
        folders = static_folders(site)
        if len(folders) > 1:  # the page has a folder, with no CNAME of its own yet
            files.append(f"{folders[-1]}/{CNAME}")
            hint += f", and write {host} into {files[-1]} if page '{page}' needs one"
        else:
            hint += f", and give page '{page}' one too if it needs a CNAME"
    else:
        hint = f"write {host} into it, or remove it"
    message = f"names {named!r}, not {host!r}, the host of page '{page}': not published with it"
    if replaced:
        others = " and ".join(replaced)
        message += f", nor {others}, which it replaces"
        # Removing this one helps only when the one under it names the page's host; else
        # that one is left out too, and the page publishes no CNAME either way.
        below = replaced[-1]
        shown = named_host(Path(site.root) / below)
        if shown is None or same_host(shown, host):
            hint += f" to publish {others} in its place"
        else:
            hint = (
                f"write {host} into it: {below} names {shown!r}, not {host!r}, so without "
                "this one the page publishes no CNAME either"
            )
    # Every file named, as the warning's own path is named (report.relative_to_cwd).
    return Diagnostic(relpath, 1, 0, message, hint, Severity.WARNING, also=(*replaced, *files))


def named_host(path: Path) -> str | None:
    """The host the CNAME at `path` names (its first line that is not blank, a byte order
    mark before it dropped); None when
    it cannot be read (the build reports that as it reads the file)."""
    try:
        # Without the byte order mark Notepad saves: '\ufeffstatus.example.com' is no host.
        text = unified(read_input(path)).decode("utf-8", errors="replace")
    except (OSError, InputError):
        return None
    return next((line.strip() for line in split_lines(text) if line.strip()), "")


def same_host(named: str, host: str) -> bool:
    """Whether a CNAME naming `named` is the page's `host` (case and a final dot aside)."""
    return named.lower().rstrip(".") == host


def collisions(static: StaticFiles, generated: Collection[str], site: Site) -> list[Diagnostic]:
    """An error for each of the `static` files that would replace a file statusgen writes
    for `site` (`generated`), or take the place of a folder it writes, or sit in a folder
    where it writes a file: neither may win silently, and every one is named at once."""
    if not static.files:
        return []
    page = site.settings.page
    where = f" on page '{page}'" if page else ""
    under = _folders(generated)
    problems = []
    for name, (winner, _) in static.files.items():
        if name in JOINED:
            continue
        file = None
        if name not in generated and name not in under:
            file = next((p for p in _parents(name) if p in generated), None)
            if file is None:
                continue
        # A file of an earlier folder that this one replaces would take the path next:
        # each one is named, with the others.
        claims = [*static.replaced.get(name, ()), winner]
        for relpath in claims:
            others = [other for other in claims if other != relpath]
            also = f" (as would {' and '.join(others)})" if others else ""
            if file is not None:
                folder = relpath.removesuffix(name) + file
                message = f"its folder {folder} would replace the file statusgen writes at {file}"
                hint = f"rename or remove the folder {folder}"
            elif name in generated:
                message = f"would replace the file statusgen writes at {name}"
                hint = _replacing_hint(name)
            else:
                message = f"would replace the folder statusgen writes at {name}/"
                hint = "rename or remove it"
                also = f" (which holds {under[name]}){also}"
            problems.append(Diagnostic(relpath, 0, 0, f"{message}{where}{also}", hint))
    # A disk that ignores case or Unicode form (macOS's, Windows') holds one file for both.
    folded = {_folded(path): path for path in generated}
    for name, (winner, _) in static.files.items():
        other = folded.get(_folded(name))
        if other is not None and other != name and name not in JOINED:
            problems.append(
                Diagnostic(
                    winner,
                    0,
                    0,
                    f"would replace the file statusgen writes at {other}{where} on a disk "
                    "that ignores case or Unicode form (macOS, Windows)",
                    f"rename it so its name differs from {other} by more than case",
                )
            )
    return problems


def _folded(name: str) -> str:
    """`name` as a disk that ignores case and Unicode form (macOS's, Windows') tells it."""
    return unicodedata.normalize("NFC", name).casefold()


def _case_clashes(files: dict[str, tuple[str, Path]]) -> list[Diagnostic]:
    """A warning for each static file named as an earlier one but for case or Unicode
    form: published, one replaces the other on a disk that tells them apart by neither."""
    first: dict[str, str] = {}
    warnings = []
    for name, (relpath, _) in sorted(files.items()):
        earlier = first.setdefault(_folded(name), relpath)
        if earlier != relpath:
            warnings.append(
                Diagnostic(
                    relpath,
                    0,
                    0,
                    f"named as {earlier} but for case or Unicode form: one replaces the other "
                    "on a disk that ignores them (macOS, Windows)",
                    "rename one of them, or remove the copy",
                    Severity.WARNING,
                    also=(earlier, relpath),
                )
            )
    return warnings


def _replacing_hint(name: str) -> str:
    """How to change what statusgen writes at `name` instead of replacing it."""
    if name == urls.ROBOTS:
        # Written from the settings alone; no template or setting changes it.
        return (
            "remove it: statusgen writes robots.txt itself (every page may be crawled, with"
            " the sitemap's address; a private page asks crawlers to stay out), and it"
            " cannot be replaced"
        )
    if name.endswith(".html"):
        return "rename or remove it; to change a page, override its template in themes/"
    if name.startswith(urls.ASSETS):
        # Only the theme's static files are published under assets/: one there is replaced
        # by a file of the site's own theme folder, with the links to it (asset_url).
        asset = name.removeprefix(urls.ASSETS)
        return (
            f"to replace it, put it in {THEMES_DIR}/{STATIC_DIR}/{asset} (published as "
            f"{name}); else rename or remove it"
        )
    return "rename or remove it: statusgen writes this file itself"


def _parents(path: str) -> list[str]:
    """The folders `path` lies in, nearest the root first: a/b/c.txt → a, a/b."""
    parts = path.split("/")[:-1]
    return ["/".join(parts[: n + 1]) for n in range(len(parts))]


def _folders(paths: Collection[str]) -> dict[str, str]:
    """Each folder the files `paths` are written in, with the first of them it holds."""
    folders: dict[str, str] = {}
    for path in sorted(paths):
        for folder in _parents(path):
            folders.setdefault(folder, path)
    return folders


def check_static(site: Site, now: datetime) -> list[Diagnostic]:
    """For `statusgen check`: what each page's build (the site's, without pages) would
    report about its static files and the theme's (published under assets/), without
    rendering: the files statusgen writes are known from the model (render/plan.py).
    Each file is read, as the build reads it (load/files.read_published)."""
    from statusgen.audience import page_names, select_page
    from statusgen.render.plan import output_paths
    from statusgen.status import as_of

    names = page_names(site)
    root = Path(site.root)
    diagnostics: set[Diagnostic] = set()
    # The theme's own static folders: Jinja is loaded only for a site that has one.
    chain = theme_chain(root, site.settings.theme)
    if any((folder / STATIC_DIR).is_dir() for folder in chain[:-1]):
        from statusgen.render.theme import asset_problems

        diagnostics.update(asset_problems(root, site.settings.theme))
    folders = {SITE_STATIC_DIR, *(p.static for p in site.settings.pages if p.static)}
    listings = [list_files(root / folder, root, folder) for folder in folders]
    if not any(listing.files or listing.left_out for listing in listings):
        return sorted(diagnostics)  # most sites: no page of a large one is worked out for nothing
    read: set[str] = set()  # each file once, whichever pages publish it
    for each in [select_page(site, name, now) for name in names] if names else [site]:
        static = list_static(each)
        # static/'s own problems are validate.theme_problems'; a page's folder's are new.
        diagnostics.update(static.problems, static.left_out)
        generated = output_paths(as_of(each, now), now)
        diagnostics.update(collisions(static, generated, each))
        diagnostics.update(joined_warnings(each, static, generated))
        for relpath, path in static.files.values():
            if relpath not in read:
                read.add(relpath)
                diagnostics.update(read_published(path, relpath)[1])
    # A page's folder that may not be published at all (a link out of the site, or into
    # content/) is reported at its `static:` line (config.py), not a second time here.
    return sorted(d for d in diagnostics if d.path not in folders - {SITE_STATIC_DIR})


# A host's file of rules that statusgen writes and a site adds to: the site's own rules
# (HSTS, a Content-Security-Policy) follow statusgen's in the published file, where Netlify
# and Cloudflare Pages combine the headers of every rule matching a path.
JOINED = (urls.HEADERS,)


def joined_static(context: RenderContext, name: str) -> list[tuple[str, bytes]]:
    """The files `name` (one of JOINED) of the site's static folders that the build adds to
    the file statusgen writes there, in the order of the folders (static/'s, then the
    page's own: each adds to the other rather than replacing it), each named relative to
    the site, with its bytes. Raises StatusgenError when one cannot be published
    (read_published)."""
    static = list_static(context.site)
    found = static.files.get(name)
    if found is None:
        return []
    root = Path(context.site.root)
    sources = [*((relpath, root / relpath) for relpath in static.replaced.get(name, ())), found]
    joined: list[tuple[str, bytes]] = []
    problems: list[Diagnostic] = []
    for relpath, path in sources:
        data, unpublished = read_published(path, relpath, context.read)
        joined.append((relpath, data))
        problems += unpublished
    if problems:
        raise StatusgenError(problems)
    return joined


def header_warnings(site: Site, now: datetime) -> list[Diagnostic]:
    """For a build of `site` as of `now`: what `check` warns of in its own `_headers`
    rules (joined_warnings), worked out only for a site that has some."""
    static = list_static(site)
    if urls.HEADERS not in static.files:
        return []
    from statusgen.render.plan import output_paths
    from statusgen.status import as_of

    return joined_warnings(site, static, output_paths(as_of(site, now), now))


def joined_warnings(
    site: Site, static: StaticFiles, generated: Collection[str]
) -> list[Diagnostic]:
    """A warning for each line of the site's own `_headers` files among `static` that the
    hosts would read otherwise than meant, next to the rules statusgen writes for
    `generated` (render/site_files.own_rule_warnings). A file that cannot be read is left
    to the build, which reports it as it reads it."""
    found = static.files.get(urls.HEADERS)
    if found is None:
        return []
    from statusgen.load.text import unified
    from statusgen.render.site_files import (
        header_rules,
        keeps_origins,
        origin_warnings,
        own_rule_warnings,
        short_lived_rules,
    )

    settings = site.settings
    ours = header_rules(settings, short_lived_rules(generated))
    published = {*generated, *static.files}
    root = Path(site.root)
    folders = static_folders(site)
    own = f"{folders[-1]}/" if len(folders) > 1 else ""
    warnings: list[Diagnostic] = []
    for relpath in [*static.replaced.get(urls.HEADERS, ()), found[0]]:
        try:
            data = read_input(root / relpath)
        except (OSError, InputError):
            continue
        text = unified(data).decode("utf-8", errors="replace")
        warnings += own_rule_warnings(text, relpath, ours, published, settings.page)
        if not keeps_origins(settings, relpath):
            warnings += origin_warnings(text, relpath, settings.page, own)
    return warnings


def render_site_static(context: RenderContext, generated: Collection[str]) -> Outputs:
    """Each file of the site's static folders (list_static) at the same path in the
    output, following its own bytes.

    What cannot be published (a file that cannot be read, a merge conflict left in a
    text file: load/files.read_published), and each file that would replace one statusgen
    writes (`generated`), stops the build, all of them named at once."""
    from statusgen.render.context import Output, constant

    site = context.site
    static = list_static(site)
    problems = [*static.problems, *collisions(static, generated, site)]
    read: list[tuple[str, bytes]] = []
    for name, (relpath, path) in static.files.items():
        if name in JOINED:
            continue  # added to statusgen's own (site_files.render_headers)
        data, unpublished = read_published(path, relpath, context.read)
        if name == CNAME:
            # GitHub Pages reads the host from its first bytes: a byte order mark there
            # (Notepad's) names no domain it serves.
            data = data.removeprefix(codecs.BOM_UTF8)
        read.append((name, data))
        problems += unpublished
    if problems:
        raise StatusgenError(sorted(set(problems)))
    for name, data in read:
        yield Output(name, constant(data), (hashlib.sha256(data).hexdigest(),))


# Files people put into the output folder by hand, which a build replacing the folder
# deletes: a custom domain for GitHub Pages, a host's verification files.
_HAND_PLACED = (CNAME, ".well-known", "keybase.txt")


def hand_placed(output: Path, generated: Collection[str]) -> list[str]:
    """The well-known hand-placed files in `output` (each file of such a folder) that the
    new site will not hold: the build is about to delete them, so it can say where each
    belongs instead. A folder the site writes into holds those it does not write too
    (static/.well-known/ publishing one file beside a hand-placed security.txt)."""
    lost = []
    for name in _HAND_PLACED:
        path = output / name
        if path.is_file():
            found = [name]
        elif path.is_dir():
            base = str(output)
            found = sorted(
                os.path.relpath(os.path.join(place, file), base).replace(os.sep, "/")
                for place, _, files in os.walk(path)
                for file in files
            )
        else:
            continue
        lost += [file for file in found if file not in generated]
    return lost
