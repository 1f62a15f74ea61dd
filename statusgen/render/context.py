"""What every renderer receives: the site, its computed status, and how to link."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from statusgen.model import Site
from statusgen.status import SiteStatus

# A renderer yields (path relative to the output folder, file bytes). Paths use "/" and
# never start with one; build.py checks them before anything is written.
RenderedFiles = Iterable[tuple[str, bytes]]


@dataclass(frozen=True)
class RenderContext:
    site: Site
    status: SiteStatus

    @property
    def now(self) -> datetime:
        return self.status.now

    @property
    def base_url(self) -> str:
        """Absolute site URL, always ending in "/"; may carry a path prefix."""
        return self.site.settings.base_url

    @property
    def base_path(self) -> str:
        """The path prefix of base_url ("/" or "/status/"), which every page link starts with."""
        return urlsplit(self.base_url).path or "/"

    def url(self, path: str = "") -> str:
        """A link for pages of this site: root-relative, with the base path prefix."""
        return self.base_path + path.lstrip("/")

    def absolute_url(self, path: str = "") -> str:
        """A full URL, for feeds, JSON, sitemaps and anything read off-site."""
        return self.base_url + path.lstrip("/")
