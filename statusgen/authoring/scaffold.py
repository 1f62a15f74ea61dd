"""`statusgen init`: a new status site that builds as it is, from templates in the package."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo

from statusgen import __version__
from statusgen.authoring.timeparse import format_local
from statusgen.errors import Diagnostic, StatusgenError
from statusgen.layout import COMPONENTS_FILE, SETTINGS_FILE, incident_file

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


def init_site(folder: Path, *, now: datetime, force: bool = False) -> list[str]:
    """Write a new site into `folder` (created if needed); returns the paths written.

    Raises StatusgenError, writing nothing, when any of the files exists and `force` is off.
    """
    files = site_files(now)
    if not force:
        existing = [path for path in files if (folder / path).exists()]
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
    for path, data in files.items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return list(files)
