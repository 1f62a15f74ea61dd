"""Reading input files: regular files only, of bounded size, never a link out of the site.

A FIFO would block a read forever, /dev/zero would never end, and a symbolic link in a
theme's static folder would publish whatever it names (/etc/passwd, /proc/self/environ,
which holds the build's environment and so a CI's secrets). Every input is opened
without blocking and checked on the open file, so what is checked is what is read.
"""

from __future__ import annotations

import binascii
import codecs
import errno
import io
import itertools
import os
import re
import stat
from collections import Counter
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from statusgen.errors import Diagnostic, Severity
from statusgen.layout import (
    UNPUBLISHED_FILES,
    VERSION_CONTROL,
    editor_leftover,
    key_file,
    secret_file,
    secret_path,
)
from statusgen.weburls import credentials_in, tokens_in

# Far beyond any settings, components or incident file (the loaders handle 8 MB titles),
# and any theme asset; small enough that a runaway file cannot exhaust memory.
MAX_INPUT_BYTES = 64 * 1024 * 1024

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class InputError(Exception):
    """A file that is not read: its diagnostic says why (relative to the site when known).

    `link`, when set, is the symbolic link at fault, relative to the site: a folder above
    the file (content/ leading out of the site), named in place of each file under it."""

    def __init__(self, message: str, hint: str = "", link: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.link = link

    def diagnostic(self, shown: str) -> Diagnostic:
        return Diagnostic(self.link or shown, 0, 0, self.message, self.hint)


# What a link out of the site is told, for a content input as for a theme's file.
_OUTSIDE_HINT = "copy the {} into the site instead; links may only point inside it"


# What a symbolic link that leads to itself (`ln -s stale stale`), or round through others
# back to itself, is told: nothing can be read through it.
LOOPING_LINK = "a symbolic link that loops"


def looping_hint(kind: str = "file") -> str:
    """What a looping link where a `kind` ("file", "folder") is expected is told."""
    return f"point the link at the {kind} it stands for, or put the {kind} itself in its place"


def dangling_link(path: Path | str, kind: str = "file") -> InputError | None:
    """The error for `path` when it is a symbolic link to nothing (`ln -s gone.html
    custom.html`), naming where it points as the link says it, with the fix for where a
    `kind` ("file", "file or folder") is expected; None when it is no such link."""
    try:
        target = os.readlink(path)
    except OSError:
        return None  # not a link (or not there at all)
    if os.path.exists(path):
        return None
    return InputError(
        f"a symbolic link to {target}, which does not exist",
        f"point the link at the {kind} it stands for, or remove it",
    )


def link_to_nothing(
    path: Path | str, site: Path | str | None = None, kind: str = "file"
) -> InputError | None:
    """Why nothing is at `path` when a symbolic link leads nowhere: `path` itself, or
    (with `site`) a folder between the site and it, named as the error's `link`. None when
    nothing was put there: only then may an input the site can leave out (monitors.yaml, a
    monitor's data, a translation) be read as left out, or a page would go green on a
    monitors file that sits on a disk not mounted. `kind` is dangling_link's."""
    nowhere = dangling_link(path, kind)
    if nowhere is not None or site is None:
        return nowhere
    found = link_at_fault(
        path, site, lambda target: target is not None and not os.path.exists(target)
    )
    folder = None if found is None else dangling_link(os.path.join(site, found[0]), "folder")
    if found is None or folder is None:
        return None
    return InputError(folder.message, folder.hint, found[0])


def real_path(path: Path | str) -> str | None:
    """Where `path` really is, its symbolic links followed (where it would be, when it
    does not exist); None when a link on the way loops. os.path.realpath alone returns a
    looping link as if it were a plain name, and Path.resolve raises RuntimeError."""
    try:
        return os.path.realpath(path, strict=True)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return None
        return os.path.realpath(path)  # not there (yet), or a folder that may not be read


def link_at_fault(
    path: Path | str,
    site: Path | str,
    wrong: Callable[[str | None], bool],
    *,
    own: Collection[str] = (),
) -> tuple[str, str | None] | None:
    """The first symbolic link from `site` down to `path` (a folder on the way, or `path`
    itself) whose target is `wrong` (None: it loops), relative to the site, with that
    target; None when `path` is not under `site` or no link on the way is wrong. A link
    at one of the paths `own` is that folder of the site (static/ kept elsewhere), never
    at fault for leading there."""
    relative = os.path.relpath(path, site)
    if relative == os.curdir or relative.startswith(os.pardir):
        return None
    current = os.fspath(site)
    parts = Path(relative).parts
    for depth, part in enumerate(parts, 1):
        current = os.path.join(current, part)
        link = "/".join(parts[:depth])
        if os.path.islink(current) and link not in own and wrong(target := real_path(current)):
            return link, target
    return None


def outside_site(path: Path | str, site: Path | str) -> str | None:
    """Where `path` really is when a symbolic link (of it or of a folder above it) leads
    out of `site`; None when it stays inside, or does not exist yet."""
    real = os.path.realpath(path)
    return None if Path(real).is_relative_to(os.path.realpath(site)) else real


def private_reach(path: Path | str, site: Path | str, private: Collection[str]) -> str | None:
    """Where `path` really is, when its links followed it is, holds or lies in one of the
    folders `private` (relative to `site`), said so: "content/", "content/incidents (in
    content/)", "the site's folder (holding content/)". None when it reaches none.

    The rule for whatever a build publishes as it is (a static folder and what it links
    to): a link to content/ would publish drafts and internal-only incidents."""
    real = Path(os.path.realpath(path))
    root = Path(os.path.realpath(site))
    for folder in private:
        other = Path(os.path.realpath(root / folder))
        if real == other:
            return f"{folder}/"
        if real.is_relative_to(other):
            return f"{real.relative_to(root).as_posix()} (in {folder}/)"
        if other.is_relative_to(real):
            where = real.relative_to(root).as_posix() if real.is_relative_to(root) else str(real)
            shown = "the site's folder" if real == root else where
            return f"{shown} (holding {folder}/)"
    return None


# What an editor leftover in a folder is told, before what the folder does not do with it.
_LEFTOVER = "left by an editor or file manager (a swap file, backup or auto-save)"
_SECRET = "a kind of file that holds secrets (an environment file, a stored login, a private key)"
# What a file left out for what it holds is (load.files.left_out): no other name helps it.
HOLDS_KEY = "a file that holds a private key"
HOLDS_TOKEN = "a file that holds a token, or an address with a login or token"


@dataclass(frozen=True)
class Publisher:
    """A kind of folder whose files reach the built site as they are, as a link in it
    that reaches one of the site's private folders (private_reach) is told of."""

    name: str  # "a static folder"
    why: str  # how its files reach the site
    fix: str  # what to do instead of the link
    # What an editor leftover in it is not, which its warning says, and what it would be
    # if meant: a template folder publishes nothing, its files are read as templates.
    unused: str = "published"
    meant: str = "published"

    def leftover(self, shown: str) -> Diagnostic:
        """The warning for the editor leftover `shown` that list_files leaves out of it."""
        return Diagnostic(
            shown,
            0,
            0,
            f"{_LEFTOVER}: not {self.unused}",
            f"delete it, or rename it if it is meant to be {self.meant}",
            Severity.WARNING,
        )

    def secret(self, shown: str) -> Diagnostic:
        """The warning for the file of secrets `shown` (layout.secret_file) that list_files
        leaves out of it."""
        return Diagnostic(
            shown,
            0,
            0,
            f"{_SECRET}: not {self.unused}",
            f"delete it from here, or rename it if it is meant to be {self.meant}",
            Severity.WARNING,
        )

    def private_key(self, shown: str, line: int) -> Diagnostic:
        """The warning for the file `shown` that list_files leaves out of it for the private
        key it holds from `line` (0: the file is one, in binary). Found by what the file
        holds, it is left out under any other name too: renaming it is no fix."""
        if line == 0:
            message = f"{HOLDS_KEY} (in binary): not {self.unused}"
            hint = "delete it from here; a private key is never published"
        else:
            message = f"{HOLDS_KEY}, from line {line}: not {self.unused}"
            hint = "remove the key from the file; the rest is then " + self.meant
        hint += " (and make a new key, if the site was published with it)"
        return Diagnostic(shown, line, 0, message, hint, Severity.WARNING)

    def token(self, shown: str, line: int) -> Diagnostic:
        """The warning for the text file `shown` that list_files leaves out of it for the
        token, or address with a login or token, it holds from `line` (_token_line)."""
        return Diagnostic(
            shown,
            line,
            0,
            f"{HOLDS_TOKEN}, from line {line}: not {self.unused}",
            "remove it from the file, or write a placeholder such as <token> in its place;"
            f" the rest is then {self.meant} (and revoke it, if the site was published with it)",
            Severity.WARNING,
        )

    def refusal(self, reach: str) -> str:
        """What such a folder, or a link in one, that reaches `reach` is told."""
        return f"a symbolic link to {reach}, which {self.name} may not publish"

    def hint(self, private: Collection[str], fix: str | None = None) -> str:
        """The hint: `fix` (the publisher's own by default), and why."""
        folders = ", ".join([*(f"{folder}/" for folder in private), *UNPUBLISHED_FILES])
        return f"{fix or self.fix}; {self.why}, so it may not be or link into {folders}"

    def confined_hint(self) -> str:
        """The hint for a link out of the theme's folders (list_files' `confined`)."""
        return f"{self.fix}; {self.why}, so a link in it may lead only into the theme's folders"


STATIC_FOLDER = Publisher(
    "a static folder",
    "a static folder is published as it is",
    "copy the files to publish into the folder instead",
)
# A template includes a file by its name under the folder (`{% include "x/y.md" %}`), and
# prints it as it is: a link to content/ would publish a draft's file.
TEMPLATE_FOLDER = Publisher(
    "a template folder",
    "a template prints the files it includes as they are",
    "copy the files to include into the folder instead",
    "read as a template",
    "a template",
)


def unpublished_file(path: Path | str, site: Path | str) -> str | None:
    """The name of the site's file (layout.UNPUBLISHED_FILES: its settings, notify's state)
    that `path` really is, its links followed; None when it is none of them."""
    real = os.path.realpath(path)
    root = os.path.realpath(site)
    return next((f for f in UNPUBLISHED_FILES if os.path.join(root, f) == real), None)


# What a link into an output folder is told: each build replaces that folder.
_IN_OUTPUT_HINT = (
    "move the {} out of the output folder and point the link there;"
    " each build replaces the output folder, and would delete it"
)


def refuse_outside(
    path: Path | str, site: Path | str, kind: str = "file", *, outputs: Collection[str] = ()
) -> None:
    """InputError when `path` leads out of `site`: a build reads nothing outside it, or a
    link to /proc/self/environ would publish the build's secrets; and when a link on the
    way loops, or leads into one of the output folders `outputs` (real paths), which the
    next build deletes. The error names the link at fault: content/ leading out of the
    site is one error, not one for each file read through it."""
    real = real_path(path)
    inside = os.path.realpath(site)
    if real is not None and (found_at := Path(real)).is_relative_to(inside):
        # Only a link can lead there: the real path is compared, nothing more is looked up.
        output = next((o for o in outputs if found_at.is_relative_to(o)), None)
        if output is None:
            return
        found = link_at_fault(
            path, site, lambda target: target is not None and Path(target).is_relative_to(output)
        )
        if found is None:
            return
        if found[0] != Path(os.path.relpath(path, site)).as_posix():
            kind = "folder"
        raise InputError(
            f"a symbolic link to {shown_in_site(found[1], inside)}, inside the output folder"
            f" {shown_in_site(output, inside)}/",
            _IN_OUTPUT_HINT.format(kind),
            found[0],
        )
    found = link_at_fault(
        path, site, lambda target: target is None or not Path(target).is_relative_to(inside)
    )
    link, target = found if found is not None else (None, real)
    if link is not None and link != Path(os.path.relpath(path, site)).as_posix():
        kind = "folder"  # a folder above the file
    if target is None:
        raise InputError(LOOPING_LINK, looping_hint(kind), link)
    raise InputError(
        f"a symbolic link to {target}, outside the site", _OUTSIDE_HINT.format(kind), link
    )


def shown_in_site(real: Path | str | None, inside: Path | str) -> str:
    """A real path as a diagnostic names it: relative to the site's real folder `inside`
    when in it, else in full."""
    if real is None or not Path(real).is_relative_to(inside):
        return str(real)
    return Path(real).relative_to(inside).as_posix()


def read_input(
    path: Path | str,
    limit: int = MAX_INPUT_BYTES,
    *,
    site: Path | str | None = None,
    outputs: Collection[str] = (),
) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; InputError otherwise, and
    for a path that links out of `site` when one is given, or into one of its `outputs`
    (refuse_outside).

    FileNotFoundError only when nothing was put at `path`, for callers that take a file
    left out apart: a symbolic link to nothing there is an InputError (link_to_nothing).
    """
    if site is not None:
        refuse_outside(path, site, outputs=outputs)
    try:
        # O_NONBLOCK: opening a FIFO with no writer would otherwise wait forever.
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        nowhere = link_to_nothing(path, site)
        if nowhere is not None:
            raise nowhere from None
        raise
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise InputError(LOOPING_LINK, looping_hint()) from None
        raise cannot_read(error) from None
    info = os.fstat(handle)
    if not stat.S_ISREG(info.st_mode):
        os.close(handle)
        raise InputError(
            f"{_kind(info.st_mode)} is not a file statusgen can read",
            "only regular files are read; remove it or replace it with a file",
        )
    # Unbuffered, asking for the size the file has (and one byte more, to see it grow):
    # asked for `limit` bytes, Python sets aside that much for every file and gives the
    # rest back after, 22 µs a file instead of 5 (0.2 s of a build's 10,000 incident
    # files) and 9 ms instead of 2 for a 17 MB cache file.
    with os.fdopen(handle, "rb", buffering=0) as stream:
        if info.st_size > limit:
            raise InputError(*_too_large(limit))
        try:
            data = _read_up_to(stream, info.st_size + 1)
            if len(data) > info.st_size:  # grew while being read: read on to the limit
                data += _read_up_to(stream, limit + 1 - len(data))
        except OSError as error:
            raise cannot_read(error) from None
    if len(data) > limit:
        raise InputError(*_too_large(limit))
    return data


# What a file the user running statusgen may not read is told (mode 000, another owner).
_PERMISSION_HINT = "let the user who runs statusgen read it (chmod a+r, or change its owner)"


def folder_permission_hint(shown: str) -> str:
    """What a folder the user running statusgen may not list or open the files of is told
    (chmod a-r, a-x, another owner): the one fix for everything in it."""
    return (
        "let the user who runs statusgen list it and open its files"
        f" (chmod a+rx {shown}, or change its owner)"
    )


def cannot_read(error: OSError) -> InputError:
    """The error for a file the system would not read (`error`), with how to let it be
    read when permission is what is missing."""
    hint = _PERMISSION_HINT if error.errno in (errno.EACCES, errno.EPERM) else ""
    return InputError(f"cannot read file: {error.strerror or error}", hint)


def read_published(
    path: Path, shown: str, read: Callable[[Path], bytes] = read_input
) -> tuple[bytes, list[Diagnostic]]:
    """The bytes of a file published as it is (a static file), read by `read` (a build's:
    those it fingerprinted), and what stops it being published, named `shown`: why it
    cannot be read (no bytes then), or each marker line of a merge conflict left in it
    when it is text (load/conflicts.file_conflicts). `check` asks the same."""
    # Only a build that renders, or check, reads such a file: a cached build with nothing
    # to do never imports the scan.
    from statusgen.load.conflicts import file_conflicts

    try:
        data = read(path)
    except InputError as error:
        return b"", [error.diagnostic(shown)]
    except OSError as error:  # removed since the folder was listed
        return b"", [cannot_read(error).diagnostic(shown)]
    return data, file_conflicts(shown, data)


def _read_up_to(stream: io.RawIOBase, size: int) -> bytes:
    """Up to `size` bytes of a raw stream, fewer only at its end (a raw read may return
    less than asked before then)."""
    parts: list[bytes] = []
    while size > 0:
        part = stream.read(size)
        if not part:
            break
        parts.append(part)
        size -= len(part)
    return parts[0] if len(parts) == 1 else b"".join(parts)


def _kind(mode: int) -> str:
    for test, name in _KINDS:
        if test(mode):
            return name
    return "a special file"


def _too_large(limit: int) -> tuple[str, str]:
    return (
        f"larger than {limit // (1024 * 1024)} MB",
        "split it, or move large downloads out of the site",
    )


@dataclass(frozen=True)
class Listing:
    """The regular files under a folder by path relative to it, and what was refused."""

    files: dict[str, Path]
    problems: list[Diagnostic]
    # The folders walked below it, links to folders among them, by path relative to it:
    # a file added to one changes its mtime, which a cached build must look at.
    folders: list[str] = field(default_factory=list)
    # The files reached through a symbolic link (theirs or a folder's above them): a
    # watcher sees an edit of a file under only one of the names that lead to it.
    linked: frozenset[str] = frozenset()
    # A warning for each editor leftover left out (layout.editor_leftover), file or folder.
    left_out: list[Diagnostic] = field(default_factory=list)
    # The files left out for what they hold (a private key, a token), by path relative to it:
    # saved again without it, one is published, so a cached build must follow its bytes.
    withheld: dict[str, Path] = field(default_factory=dict)


# The armour line that begins a private key (PKCS #1 and #8, SEC 1, OpenSSH's: `-----BEGIN
# RSA PRIVATE KEY-----`; OpenPGP's: `-----BEGIN PGP PRIVATE KEY BLOCK-----`; SSH.com's, in
# RFC 4716's form: `---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----`), encrypted or not, and the
# first line of PuTTY's key file (`PuTTY-User-Key-File-3: ssh-ed25519`), which always holds
# the private half; a certificate, a public key or a signature has none of them.
_PRIVATE_KEY = re.compile(
    rb"-----BEGIN ([A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?)-----"
    rb"|---- BEGIN (SSH2 [A-Z0-9 ]*PRIVATE KEY) ----"
    rb"|^PuTTY-User-Key-File-[0-9]+:",
    re.MULTILINE,
)
_PRIVATE_KEY_END = re.compile(
    rb"-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|---- END SSH2 [A-Z0-9 ]*PRIVATE KEY ----"
)
# An armour's header line (`Proc-Type: 4,ENCRYPTED`, `DEK-Info:`, `Version:`, `Comment:`),
# and a line of its body.
_ARMOUR_HEADER = re.compile(rb"[A-Za-z][A-Za-z0-9-]*:")
_BASE64_LINE = re.compile(rb"[A-Za-z0-9+/=]+")
# Where a key pasted into another file breaks its lines besides a real line break: a JSON
# or JavaScript string's `\n` (`\r\n` from Windows, `\\n` escaped twice, as Terraform's
# and a shell's quoting write it; `\u000a`), HTML's `<br>` or character reference
# (`&#10;`, `&#xa;`), an address's `%0A`.
_KEY_LINE_BREAK = re.compile(
    rb"(?:\\+r)?\\+n|\\+r|\\+u000[ad]|<br\s*/?>|&#(?:0*1[03]|x0*[ad]);|%0[ad]|\r\n?",
    re.IGNORECASE,
)
# What wraps each of its lines there: a Markdown quote's `> `, list's `* ` or `1. ` or
# table's `| … |`, a comment's `#`, `//`, `;`, `--`, `%`, `REM `, `::`, HTML's `<!-- … -->`
# or a C block's `/*`, ` * ` and ` */` (a key commented out in a script is still
# published), a diff's `-`, `+ ` and `<` (removed lines are published too), a shell's prompt
# (`$ `, `user@host:~$ `, `[user@host ~]# `, `C:\> `, `PS C:\> `), a string's quotes and
# the `+` that joins it to the next, a list's commas, an HTML `<pre>`, indentation. A body
# line is what remains; `+` and `/` are base64 characters, so only a `+` before a space or
# after a quote and a `/` before a `/` or `*` are cut, and a prompt only up to its `$`, `#`
# or `>` and a space, which a key's base64 never holds.
_KEY_LINE_WRAPPER = re.compile(
    rb"^(?:</?(?:pre|code)>|&gt;|&quot;|rem\s|//|/\*|\+\s|[0-9]+\.\s"
    rb"|(?:PS\s)?[\w.@:~\\/-]*[$#>]\s|\[[^]\n]*\][$#]\s|[\s>\"'`(\[#;:|!*%$<-])+"
    rb"|(?:[\s\"'`,;|)\]\\]|\"\s*\+|\*/|-->|&quot;|</?(?:pre|code)>)+$",
    re.IGNORECASE,
)
# Where a markup file (_MARKUP_SUFFIXES) breaks a key's lines besides: a tag closed, then
# another opened (`</td></tr><tr><td>`, `</p>\n<p>`, `</text><text y="2">`), each line of
# the key in an element of its own. Between the armour lines only, so prose that merely
# names the armour holds no body of base64 to count.
_TAG_BOUNDARY = re.compile(
    rb"(?:</[A-Za-z][\w:.-]*\s*>\s*)+(?:<[A-Za-z][\w:.-]*(?:\s[^<>]*)?/?>\s*)+"
)
# The files read as markup: HTML, SVG and XML, and Markdown, which holds HTML as it is.
_MARKUP_SUFFIXES = (".html", ".htm", ".xhtml", ".svg", ".xml", ".md", ".markdown")
# A key pasted on one line, a space where each line broke: lines as long as a PEM's (64)
# or OpenSSH's (70) before the last, which prose between the armour lines never has.
_SPACED_BODY = re.compile(rb"(?:[A-Za-z0-9+/]{40,}\s+)+[A-Za-z0-9+/]+=*")
# An example's elided body (`...`, `…`) between the armour lines: a how-to, not a key.
_ELIDED = re.compile(rb"\.\.\.|\xe2\x80\xa6")
# A PEM file encoded once more as base64 (Kubernetes' `client-key-data`, a CI secret's
# value): `-----BEGIN` encodes to this, then the rest of its lines' base64.
_PEM_IN_BASE64 = re.compile(rb"LS0tLS1CRUdJTi[A-Za-z0-9+/]*(?:[\r\n]+[A-Za-z0-9+/]+)*=*")
# The body of the smallest key there is (an Ed25519 key in PKCS #8: 48 bytes, 64
# characters), with room for none: a how-to's `...` or `<your key>` between the armour
# lines is no key, and leaving its file out would help no one.
KEY_BODY_CHARS = 60


# The binary forms are told by their first bytes, as a decoder tells them: gpg exports a
# secret key as binary by default (`signing.gpg`), and `openssl ... -outform DER` writes a
# key as DER (`platform.pk8`, `server.key`). A certificate or a public key in the same
# forms opens differently, so it is still published (apt's `archive-keyring.gpg`).
_SEQUENCE, _INTEGER, _OCTET_STRING = 0x30, 0x02, 0x04
# OpenPGP packet tags of a secret key and a secret subkey (RFC 9580 5.5.1.3, 5.5.1.4).
_PGP_SECRET_TAGS = (5, 7)


def _der_item(data: bytes, at: int) -> tuple[int, int, int] | None:
    """The DER item starting at `at`: its tag, where its content starts and where it
    ends; None when the bytes there are not one (too short, a length DER does not write)."""
    if at + 2 > len(data):
        return None
    tag, first = data[at], data[at + 1]
    start = at + 2
    if first < 0x80:
        size = first
    elif 0x81 <= first <= 0x84:
        start += first - 0x80
        if start > len(data):
            return None
        size = int.from_bytes(data[at + 2 : start], "big")
    else:
        return None
    return tag, start, start + size


def _der_private_key(data: bytes) -> bool:
    """Whether `data` is a private key in DER: PKCS #8 (version 0 or 1, then the
    algorithm), PKCS #1 RSA or a DSA key (version 0, then the numbers), SEC 1 EC
    (version 1, then the key's octets) or an encrypted PKCS #8 (the encryption's
    algorithm, then the encrypted octets; a public key has a bit string there, a
    certificate a sequence)."""
    outer = _der_item(data, 0)
    if outer is None or outer[0] != _SEQUENCE or outer[2] > len(data):
        return False
    first = _der_item(data, outer[1])
    second = None if first is None else _der_item(data, first[2])
    if first is None or second is None:
        return False
    if first[0] == _SEQUENCE:
        return second[0] == _OCTET_STRING
    if first[0] != _INTEGER or first[2] - first[1] != 1:
        return False
    version = data[first[1]]
    if version == 0:
        return second[0] in (_SEQUENCE, _INTEGER)
    return version == 1 and second[0] in (_SEQUENCE, _OCTET_STRING)


def _pgp_secret_key(data: bytes) -> bool:
    """Whether `data` is binary OpenPGP that opens with a secret key packet of a known
    version: what `gpg --export-secret-keys` writes."""
    if len(data) < 3 or not data[0] & 0x80:
        return False
    if data[0] & 0x40:  # the new packet format: tag in the low six bits
        tag = data[0] & 0x3F
        first = data[1]
        header = 2 if first < 192 else 3 if first < 224 else 6 if first == 255 else 0
    else:  # the old one: tag in bits 2-5, the length's size in the low two
        tag = (data[0] >> 2) & 0x0F
        header = 1 + (1, 2, 4, 0)[data[0] & 0x03]
    return tag in _PGP_SECRET_TAGS and 0 < header < len(data) and data[header] in (3, 4, 5, 6)


# Any other file this small is read for a private key too: a service account's
# `credentials.json`, a deploy key saved without a key's name. A key is a few kilobytes;
# larger files (images, downloads) are not read again on every build.
KEY_SCAN_BYTES = 64 * 1024


def _held_secret(names: Collection[str], path: Path, size: int) -> tuple[str, int] | None:
    """Why the file at `path` of `size` bytes is left out for what it holds, and the line
    it begins on (0 in binary): a private key (HOLDS_KEY), else, in text, a token or an
    address with a login or token (HOLDS_TOKEN). Read whole when named as a key or
    certificate (layout.key_file), else when small. None when it holds neither."""
    if not (any(map(key_file, names)) or size <= KEY_SCAN_BYTES):
        return None
    data = _scanned(path)
    if data is None:
        return None
    line = _key_line(data, markup=any(name.lower().endswith(_MARKUP_SUFFIXES) for name in names))
    if line is not None:
        return HOLDS_KEY, line
    line = _token_line(data)
    return None if line is None else (HOLDS_TOKEN, line)


def _scanned(path: Path) -> bytes | None:
    """The bytes of the file at `path`, for the scan; None when it cannot be read (left to
    the copy to report)."""
    try:
        # O_NONBLOCK: replaced by a FIFO since it was listed, it must not block the build.
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(handle, "rb") as file:
            return file.read(MAX_INPUT_BYTES)
    except OSError:
        return None


def _token_line(data: bytes) -> int | None:
    """The line of the first token (weburls.tokens_in: `ghp_…`, an AWS key pair) or address
    with a login, a token or a chat webhook (weburls.credentials_in) that `data` holds as
    text (UTF-8, or UTF-16 and UTF-32 as _key_line reads them); None when it holds none,
    or is no text (an image, a font)."""
    text = _scanned_text(data)
    if text is None:
        return None
    starts = [found.at for found in itertools.islice(credentials_in(text), 1)]
    starts += itertools.islice(tokens_in(text), 1)
    return text.count("\n", 0, min(starts)) + 1 if starts else None


# Byte order marks, UTF-32's first: its little-endian mark begins with UTF-16's.
_BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
    (codecs.BOM_UTF8, "utf-8-sig"),
)


def _scanned_text(data: bytes) -> str | None:
    """`data` as the text _token_line reads: by its byte order mark (UTF-16 or UTF-32 as
    Windows' Notepad and PowerShell's `>` save it, a character past the mark's codec read as
    U+FFFD so one odd byte hides no token), else as UTF-8 with the NUL bytes of UTF-16 or
    UTF-32 without a mark taken out (as _key_line reads it); None when it is no text."""
    for mark, codec in _BYTE_ORDER_MARKS:
        if data.startswith(mark):
            return data.decode(codec, errors="replace")
    try:
        return (data.replace(b"\0", b"") if b"\0" in data else data).decode()
    except UnicodeDecodeError:
        return None


def _key_line(data: bytes, *, markup: bool = False) -> int | None:
    """The line where `data` holds a private key, as armoured text (in UTF-8, UTF-16 or
    UTF-32; PuTTY's and SSH.com's forms too), or 0 when it is one in binary (DER,
    OpenPGP); None when it holds none. In `markup` (_MARKUP_SUFFIXES), a tag closed and
    another opened breaks the key's lines too. A `.pem` or `.crt` is as often the
    certificate chain a site serves on purpose, so its name alone does not leave it out."""
    if _der_private_key(data) or _pgp_secret_key(data):
        return 0
    text = _key_text(data)
    found = [_armoured_key(text, markup=markup)]
    for match in _PEM_IN_BASE64.finditer(text):
        if _armoured_key(_decoded(match.group())) is not None:
            found.append(match.start())
    starts = [start for start in found if start is not None]
    return text.count(b"\n", 0, min(starts)) + 1 if starts else None


def _key_text(data: bytes) -> bytes:
    """`data` as _key_line reads it: the text _token_line reads (_scanned_text), in UTF-8,
    so that UTF-16 and UTF-32 are read as UTF-8 is, their byte order mark no part of the
    first line; else (no text) its bytes, the NUL bytes taken out as UTF-16's would be."""
    text = _scanned_text(data)
    if text is not None:
        return text.encode(errors="replace")
    return data.replace(b"\0", b"") if b"\0" in data else data


def _armoured_key(text: bytes, *, markup: bool = False) -> int | None:
    """Where in `text` the first private key in armour (or PuTTY's form) begins; None
    when it holds none. In `markup`, a tag boundary (_TAG_BOUNDARY) breaks a line."""
    for match in _PRIVATE_KEY.finditer(text):
        if match.group(1) is None and match.group(2) is None:
            return match.start()  # PuTTY's: a form of its own
        # Any key's END line: one edited by hand may not repeat its BEGIN line's kind.
        end = _PRIVATE_KEY_END.search(text, match.end())
        if end is None:
            continue
        body = text[match.end() : end.start()]
        if markup:
            body = _TAG_BOUNDARY.sub(b"\n", body)
        if _key_body(body, _frame(text, match)):
            return match.start()
    return None


def private_keys_in(text: str) -> Iterator[int]:
    """Where each private key in armour (or PuTTY's form) that `text` holds begins, first
    to last, as the static files' scan finds one (_armoured_key, read as markup: a text
    of the site's Markdown, such as an update, holds HTML as it is)."""
    if "PRIVATE KEY" not in text and "PuTTY-User-Key-File-" not in text:
        return  # nearly every text: no armour to read
    data = text.encode(errors="surrogatepass")
    done = 0
    while (at := _armoured_key(data[done:], markup=True)) is not None:
        begin = done + at
        yield len(data[:begin].decode(errors="surrogatepass"))
        end = _PRIVATE_KEY_END.search(data, begin)
        done = end.end() if end is not None else begin + 1


def _frame(text: bytes, begin: re.Match[bytes]) -> re.Pattern[bytes] | None:
    """What stands around the BEGIN armour on its line, as a pattern that takes the same
    off each line of the body: a gutter's or `cat -n`'s number, a list's `1)` or `•`, a
    prompt (`In [1]: `, `❯ `), a table cell's `<tr><td>` and `</td></tr>`. Numbers match
    any number and spaces any spaces, so each line's own count and padding fit; None when
    the armour stands alone on its line."""
    start = text.rfind(b"\n", 0, begin.start()) + 1
    stop = text.find(b"\n", begin.end())
    stop = len(text) if stop == -1 else stop
    prefix, suffix = text[start : begin.start()], text[begin.end() : stop].rstrip(b"\r")
    if _PRIVATE_KEY_END.search(suffix):
        suffix = b""  # the whole key on one line: nothing wraps its lines
    if not prefix.strip() and not suffix.strip():
        return None
    return re.compile(b"^" + _loose(prefix) + b"(.*?)" + _loose(suffix) + b"$", re.DOTALL)


def _loose(framing: bytes) -> bytes:
    """`framing` as a pattern in which a run of digits stands for any number, and a run of
    spaces for any spaces or none."""
    parts = re.split(rb"([0-9]+|\s+)", framing)
    return b"".join(
        b"[0-9]+" if part[:1].isdigit() else b"\\s*" if part[:1].isspace() else re.escape(part)
        for part in parts
        if part
    )


def _decoded(encoded: bytes) -> bytes:
    """The bytes base64 `encoded` (of _PEM_IN_BASE64) stands for, as far as it is whole."""
    chars = re.sub(rb"[\r\n]+", b"", encoded).rstrip(b"=")
    chars = chars[: len(chars) - (len(chars) % 4 == 1)]  # one more stands for no byte
    return binascii.a2b_base64(chars + b"=" * (-len(chars) % 4))


def _key_body(body: bytes, frame: re.Pattern[bytes] | None = None) -> bool:
    """Whether `body`, between an armour's BEGIN and END lines, is a key's: after its
    header lines, KEY_BODY_CHARS or more of base64, its lines taken out of what a paste
    into a JSON or JavaScript string, a Markdown quote or HTML wraps them in, or of the
    `frame` the BEGIN line stands in. A README that only shows the armour (`...` or `<your
    key>` between its lines) holds no key, nor does a placeholder's body of one character
    (`XXXX`) over and over."""
    if frame is not None:
        # Taken off first, whatever it is: a new gutter or prompt needs no pattern of its own.
        body = b"\n".join(_unframed(frame, line) for line in body.split(b"\n"))
    chars: list[bytes] = []
    continued = False
    for raw in _KEY_LINE_BREAK.sub(b"\n", body).split(b"\n"):
        line = _KEY_LINE_WRAPPER.sub(b"", raw)
        if continued or _ARMOUR_HEADER.match(line):
            continued = line.endswith(b"\\")  # RFC 4716 continues a header so
            continue
        if _ELIDED.search(line):
            return False
        if _BASE64_LINE.fullmatch(line):
            chars.append(line)
        elif _SPACED_BODY.fullmatch(line):
            chars.extend(line.split())
    body_chars = b"".join(chars).rstrip(b"=")
    if len(body_chars) < KEY_BODY_CHARS:
        return False
    # A key's base64 spreads over the alphabet; a placeholder's is most of it one letter.
    most = Counter(body_chars).most_common(1)[0][1]
    return most * 2 < len(body_chars)


def _unframed(frame: re.Pattern[bytes], line: bytes) -> bytes:
    """`line` without the `frame` around it, or as it is when it stands in none."""
    framed = frame.match(line.rstrip(b"\r"))
    return line if framed is None else framed.group(1)


def left_out(relative: str, path: Path | None = None) -> str | None:
    """Why list_files leaves out the file at `relative` under a folder (found at `path`):
    an editor leftover in any part of it, a file of secrets by its name, or, with `path`,
    a key file that holds a private key; None for a file it lists. A template's lookup
    and asset_url() tell a name the warnings left out by this."""
    parts = relative.split("/")
    if any(map(editor_leftover, parts)):
        return _LEFTOVER
    # A link is told by the name of what it leads to as well: `config.txt -> ../.env`.
    names = {parts[-1]} if path is None else {parts[-1], os.path.basename(os.path.realpath(path))}
    if any(map(secret_file, names)) or secret_path(relative):
        return _SECRET
    if path is None:
        return None
    try:
        size = os.stat(path).st_size
    except OSError:
        return None  # left to the copy to report
    held = _held_secret(names, path, size)
    return None if held is None else held[0]


def list_files(
    folder: Path,
    site: Path,
    shown: str,
    private: Collection[str] = (),
    publisher: Publisher = STATIC_FOLDER,
    confined: Collection[Path] | None = None,
    packaged: bool = False,
) -> Listing:
    """Every regular file under `folder`, following links that stay inside `site`: what a
    build publishes from it, and what a cached build hashes to see whether it changed.

    A link leading out of the site, a special file (FIFO, device, socket) and a link
    loop each become a diagnostic naming `shown`/<path> and nothing from them is listed;
    so do `folder` and each link in it that is, holds or lies in one of the site's
    `private` folders (private_reach), told as `publisher` may not publish it. Editor
    leftovers (`x~`, `.x.swp`, `#x#`, `.DS_Store`: layout.editor_leftover) are not listed,
    each a warning in `left_out`; version control's records (`.git`: layout.VERSION_CONTROL)
    are left out without one; other dot files are listed like any other (`.well-known/`,
    `.nojekyll`). With
    `private`, a link to the site's settings or notify state (unpublished_file) is refused
    too; with `confined` (a theme's folders), so is each link that leads out of them and
    `folder`. A `packaged` folder is statusgen's own (the built-in theme, its catalogs):
    no file in it is read for a private key, which every build would do again.
    """
    files: dict[str, Path] = {}
    problems: list[Diagnostic] = []
    left_out: list[Diagnostic] = []
    withheld: dict[str, Path] = {}
    folders: list[str] = []
    linked: set[str] = set()
    inside = Path(os.path.realpath(site))
    hint = publisher.hint(private)
    # A theme's folder may be a link to one elsewhere in the site, and share partials with
    # another theme: what a link in it may reach is where those folders really are. A
    # deny-list of the site's secrets would miss the next one (a `.env`, a key).
    allowed = None if confined is None else [Path(os.path.realpath(f)) for f in (*confined, folder)]

    def report(relative: str, message: str, hint: str) -> None:
        problems.append(Diagnostic(f"{shown}/{relative}", 0, 0, message, hint))

    def denied(relative: str, message: str) -> None:
        # Said once of the folder, with the fix for it, not once for each file in it.
        where = f"{shown}/{relative}" if relative else shown
        problems.append(Diagnostic(where, 0, 0, message, folder_permission_hint(where)))

    def walk(current: Path, relative: str, seen: frozenset[str], through_link: bool) -> None:
        try:
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except PermissionError as error:
            denied(relative, f"cannot list the folder: {error.strerror}")
            return
        except OSError as error:
            report(relative or ".", f"cannot list folder: {error.strerror or error}", "")
            return
        for entry in entries:
            name = f"{relative}/{entry.name}" if relative else entry.name
            path = Path(entry.path)
            # Before its links are followed: emacs' lock `.#x` is a link to nothing.
            if editor_leftover(entry.name):
                left_out.append(publisher.leftover(f"{shown}/{name}"))
                continue
            if (secret_file(entry.name) or secret_path(name)) and not entry.is_dir():
                left_out.append(publisher.secret(f"{shown}/{name}"))
                continue
            if entry.name in VERSION_CONTROL:
                continue
            # The names the file goes by: a link's own, and that of what it leads to, whose
            # kind a harmless name does not change (`config.txt -> ../.env`).
            names = {entry.name}
            if entry.is_symlink():
                target = os.path.realpath(path)
                names.add(os.path.basename(target))
                if not Path(target).is_relative_to(inside):
                    report(
                        name,
                        f"a symbolic link to {target}, outside the site",
                        _OUTSIDE_HINT.format("file"),
                    )
                    continue
                reach = private_reach(target, inside, private)
                if reach is not None:
                    report(name, publisher.refusal(reach), hint)
                    continue
                secret = unpublished_file(target, inside) if private else None
                if secret is not None:
                    report(name, publisher.refusal(secret), hint)
                    continue
                if allowed is not None and not any(Path(target).is_relative_to(a) for a in allowed):
                    where = Path(target).relative_to(inside).as_posix()
                    reach = f"{where}, outside the theme's folders"
                    report(name, publisher.refusal(reach), publisher.confined_hint())
                    continue
                if target in seen:
                    report(
                        name,
                        "a symbolic link that loops back into its own folder",
                        "remove the link, or point it at a folder that does not hold it",
                    )
                    continue
            try:
                info = os.stat(path)
            except PermissionError as error:
                if entry.is_symlink():  # the link's target is in a folder that may not be opened
                    report(name, f"cannot read: {error.strerror}", "")
                    continue
                # A folder that may be listed but not searched (chmod a-x): none of it opens.
                denied(relative, f"cannot open the files in the folder: {error.strerror}")
                return
            except OSError as error:
                nowhere = dangling_link(path, "file or folder")
                if error.errno == errno.ELOOP:
                    report(name, LOOPING_LINK, looping_hint("file or folder"))
                elif nowhere is not None:
                    report(name, nowhere.message, nowhere.hint)
                else:
                    report(name, f"cannot read: {error.strerror or error}", "")
                continue
            link = through_link or entry.is_symlink()
            if stat.S_ISREG(info.st_mode) and any(map(secret_file, names)):
                left_out.append(publisher.secret(f"{shown}/{name}"))
                continue
            if stat.S_ISDIR(info.st_mode):
                real = os.path.realpath(path)
                folders.append(name)
                walk(path, name, seen | {real}, link)
            elif stat.S_ISREG(info.st_mode):
                held = None if packaged else _held_secret(names, path, info.st_size)
                if held is not None:
                    why, line = held
                    if why == HOLDS_KEY:
                        left_out.append(publisher.private_key(f"{shown}/{name}", line))
                    else:
                        left_out.append(publisher.token(f"{shown}/{name}", line))
                    withheld[name] = path
                    continue
                files[name] = path
                if link:
                    linked.add(name)
            else:
                report(
                    name,
                    f"{_kind(info.st_mode)} is not a file statusgen can publish",
                    "remove it; only regular files are copied",
                )

    real = os.path.realpath(folder)
    # Only a folder reached through a link: one that holds an output folder itself is
    # reported as the output's mistake (write.output_folder_problem).
    # The folder itself (static/), or one between it and the site (themes/), a link.
    through = Path(real) != inside / os.path.relpath(folder, site)
    reach = private_reach(real, inside, private) if through else None
    if real_path(folder) is None:  # static/ a link to itself: nothing of it is published
        found = link_at_fault(folder, site, lambda target: target is None)
        where = found[0] if found is not None else shown
        problems.append(Diagnostic(where, 0, 0, LOOPING_LINK, looping_hint("folder")))
    elif not Path(real).is_relative_to(inside):
        problems.append(
            Diagnostic(
                shown,
                0,
                0,
                f"a symbolic link to {real}, outside the site",
                _OUTSIDE_HINT.format("folder"),
            )
        )
    elif reach is not None:
        # Nothing of it is listed: the build publishes none of it.
        problems.append(Diagnostic(shown, 0, 0, publisher.refusal(reach), hint))
    elif folder.is_dir():
        walk(folder, "", frozenset({real}), through)
    elif (nowhere := dangling_link(folder, "folder")) is not None:
        # Not a folder left out: static/ on a disk not mounted would drop the CNAME.
        problems.append(nowhere.diagnostic(shown))
    return Listing(
        dict(sorted(files.items())),
        problems,
        sorted(folders),
        frozenset(linked),
        left_out,
        dict(sorted(withheld.items())),
    )
