"""The site's own static/ folder, copied to the output root as it is.

The folder is where a custom domain's CNAME, a search engine's verification file or
an image linked from an incident goes: the build replaces the output folder whole, so a
file put there by hand would be deleted by the next build.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Container
from pathlib import Path

from statusgen.errors import fail
from statusgen.layout import SITE_STATIC_DIR
from statusgen.render.context import Output, Outputs, RenderContext, constant
from statusgen.render.theme import files_under


def render_site_static(context: RenderContext, generated: Container[str]) -> Outputs:
    """Each file under the site's static/ folder at the same path in the output, following
    its own bytes.

    A file that would replace one statusgen writes (`generated`) is an error rather than
    a silent winner either way: the page or the file would be lost without a word.
    """
    folder = Path(context.site.root) / SITE_STATIC_DIR
    for name, path in files_under(folder).items():
        if name in generated:
            raise fail(
                f"{SITE_STATIC_DIR}/{name}",
                f"would replace the file statusgen writes at {name}",
                "rename or remove it; to change a page, override its template in themes/",
            )
        data = path.read_bytes()
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
