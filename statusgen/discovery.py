"""Which status site a command acts on: the nearest folder holding statusgen.yaml.

Like git finding its repository, a command run anywhere inside a site (in
content/incidents/, say) acts on that site; outside any site it says so instead of
reporting a missing file or "no incident matches".
"""

from __future__ import annotations

from pathlib import Path

from statusgen.config import SETTINGS_FILE

NOT_A_SITE = f"not a statusgen site (no {SETTINGS_FILE} here or in any parent folder)"
NOT_A_SITE_HINT = (
    "run the command inside a site's folder, pass -C DIR, or create a site with 'statusgen init'"
)


def find_site(start: Path) -> Path | None:
    """The nearest folder from `start` upwards holding statusgen.yaml, or None.

    `start` itself comes back unchanged when it holds the file, so paths printed for a
    site given with -C read as the user wrote them.
    """
    if (start / SETTINGS_FILE).is_file():
        return start
    for folder in start.resolve().parents:
        if (folder / SETTINGS_FILE).is_file():
            return folder
    return None
