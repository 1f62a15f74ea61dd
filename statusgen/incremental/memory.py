"""What one long-lived process (`statusgen serve`) keeps in memory between its builds.

Without it every build starts from the cache folder on disk: it unpickles the parse
results of every incident file, reads the output folder's manifest and, when it converts
many messages, the saved Markdown conversions. A `BuildMemory` keeps each value of the
cache folder once a build has read or written it, for the next build of the same
process, under the key its file carries, so nothing kept is trusted further than the
file would be:

  - the values of Cache.load and Cache.save (parse results, Markdown conversions),
    under the key they are saved with (the versions of statusgen and the libraries, and
    for parse results the timezone and component ids they were checked against). Inside,
    each parse result is filed by its file's SHA-256 and each conversion by its text: a
    changed file or message is never answered from memory;
  - the manifest of each output folder, kept here alone: the builds of one memory write
    only folders of their process's own that end with it (serve's temporary folder), so a
    manifest saved to the cache folder (4 MB at 10,000 incidents, 20 ms of every rebuild)
    would be read by no other build.

Memory saves reading, never a check: the output folder, the inputs and the facts of every
output are checked exactly as in a build without it (a folder changed by anyone else no
longer matches its manifest, and its pages are rendered again). The folder is checked
by a helper process the memory keeps (checker.py) while the build goes on, as a build
that can fork has its child check it. A value handed out is shared with the later
builds, as the same file would give it: readers never change it in place (save_markdown
adds only conversions, each still filed by its own text).
"""

from __future__ import annotations

import weakref
from pathlib import Path

from statusgen.incremental.checker import FolderChecker
from statusgen.incremental.manifest import Manifest
from statusgen.incremental.store import Cache


class BuildMemory:
    """Values of a site's cache folder, kept between the builds of one process."""

    def __init__(self) -> None:
        # (cache folder, file name) → (key, value): what Cache.load would return for key.
        self.values: dict[tuple[Path, str], tuple[str, object]] = {}
        # Each output folder's manifest, by the file it would be saved as.
        self.manifests: dict[Path, Manifest] = {}
        # Checks the output folder while a build goes on (the process cannot fork);
        # its helper process ends with this memory, or with the process.
        self.checker = FolderChecker()
        weakref.finalize(self, self.checker.stop)

    def cache(self, root: Path, *, enabled: bool = True) -> Cache:
        """The cache folder of the site at `root`, read through this memory."""
        return MemoryCache(root, self, enabled=enabled)


class MemoryCache(Cache):
    """A site's cache folder whose reads are answered from a BuildMemory when it holds
    what the file would give, whose writes are remembered there too, and whose manifests
    are kept there alone."""

    def __init__(self, root: Path, memory: BuildMemory, *, enabled: bool = True) -> None:
        super().__init__(root, enabled=enabled)
        self.memory = memory

    def load(self, name: str, key: str) -> object:
        if not self.enabled:
            return None
        kept = self.memory.values.get((self.folder, name))
        if kept is not None and kept[0] == key:
            return kept[1]
        value = super().load(name, key)
        if value is not None:
            self.memory.values[self.folder, name] = (key, value)
        return value

    def _reads_file(self, name: str) -> bool:
        return (self.folder, name) not in self.memory.values

    def save(self, name: str, key: str, value: object) -> None:
        super().save(name, key, value)
        if self.enabled:
            self.memory.values[self.folder, name] = (key, value)

    def manifest(self, output: Path | None = None) -> Manifest | None:
        if not self.enabled:
            return None
        return self.memory.manifests.get(self._manifest_path(output))

    def save_manifest(self, manifest: Manifest, output: Path | None = None) -> None:
        if self.enabled:
            self.memory.manifests[self._manifest_path(output)] = manifest

    def forget_manifest(self, output: Path | None = None) -> None:
        self.memory.manifests.pop(self._manifest_path(output), None)
