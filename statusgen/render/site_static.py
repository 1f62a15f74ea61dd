"""The site's own static/ folder, copied to the output root as it is.

The folder is where a custom domain's CNAME, a search engine's verification file or
an image linked from an incident goes: the build replaces the output folder whole, so a
file put there by hand would be deleted by the next build.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Container
from pathlib import Path

from statusgen.errors import StatusgenError, fail
from statusgen.layout import SITE_STATIC_DIR
from statusgen.load.files import InputError, list_files, read_input
from statusgen.render.context import Output, Outputs, RenderContext, constant


def render_site_static(context: RenderContext, generated: Container[str]) -> Outputs:
    """Each file under the site's static/ folder at the same path in the output, following
    its own bytes.

    The files are listed and read with the same checks as the themes' static files
    (load/files.py): a link leading out of the site or a special file (a FIFO, a device)
    is a diagnostic and nothing from it is published. A file that would replace one
    statusgen writes (`generated`) is an error rather than a silent winner either way.
    """
    root = Path(context.site.root)
    listing = list_files(root / SITE_STATIC_DIR, root, SITE_STATIC_DIR)
    if listing.problems:
        raise StatusgenError(sorted(set(listing.problems)))
    for name, path in sorted(listing.files.items()):
        if name in generated:
            raise fail(
                f"{SITE_STATIC_DIR}/{name}",
                f"would replace the file statusgen writes at {name}",
                "rename or remove it; to change a page, override its template in themes/",
            )
        try:
            data = read_input(path)
        except (OSError, InputError) as error:
            reason = error.message if isinstance(error, InputError) else str(error.strerror)
            raise fail(f"{SITE_STATIC_DIR}/{name}", f"cannot read the file: {reason}") from None
        yield Output(name, constant(data), (hashlib.sha256(data).hexdigest(),))


# Files people put into the output folder by hand, which a build replacing the folder
# deletes: a custom domain for GitHub Pages, a host's verification files.
_HAND_PLACED = ("CNAME", ".well-known", "keybase.txt")


def hand_placed(output: Path, generated: Collection[str]) -> list[str]:
    """The well-known hand-placed files in `output` that the new site will not hold: the
    build is about to delete them, so it can say where they belong instead."""
    lost = []
    for name in _HAND_PLACED:
        path = output / name
        if path.is_file() and name not in generated:
            lost.append(name)
        elif path.is_dir() and not any(p.startswith(name + "/") for p in generated):
            lost.append(name + "/")
    return lost
