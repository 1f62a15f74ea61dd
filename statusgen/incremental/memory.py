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
  - the manifest of each output folder, only while the manifest file is the one this
    process read or wrote (same inode, size and mtime): a build by another process into
    that folder, or a dropped manifest, sends the next build back to the file.

Memory saves reading, never a check: the output folder, the inputs and the facts of every
output are checked exactly as in a build without it. A value handed out is shared with
the later builds, as the same file would give it: readers never change it in place
(save_markdown adds only conversions, each still filed by its own text).
"""

from __future__ import annotations

from pathlib import Path

from statusgen.incremental.inputs import Stat, stat_of
from statusgen.incremental.manifest import Manifest
from statusgen.incremental.store import Cache


class BuildMemory:
    """Values of a site's cache folder, kept between the builds of one process."""

    def __init__(self) -> None:
        # (cache folder, file name) → (key, value): what Cache.load would return for key.
        self.values: dict[tuple[Path, str], tuple[str, object]] = {}
        # Manifest file → the stat it had when this process read or wrote it, and its value.
        self.manifests: dict[Path, tuple[Stat, Manifest]] = {}

    def cache(self, root: Path, *, enabled: bool = True) -> Cache:
        """The cache folder of the site at `root`, read through this memory."""
        return MemoryCache(root, self, enabled=enabled)


class MemoryCache(Cache):
    """A site's cache folder whose reads are answered from a BuildMemory when it holds
    what the file would give, and whose writes are remembered there too."""

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

    def save(self, name: str, key: str, value: object) -> None:
        super().save(name, key, value)
        if self.enabled:
            self.memory.values[self.folder, name] = (key, value)

    def manifest(self, output: Path | None = None) -> Manifest | None:
        if not self.enabled:
            return None
        path = self._manifest_path(output)
        stat = stat_of(str(path))
        kept = self.memory.manifests.get(path)
        if kept is not None and stat is not None and kept[0] == stat:
            return kept[1]
        manifest = super().manifest(output)
        # Stat'ed before reading: a file replaced in between is read again next time.
        self._keep(path, stat, manifest)
        return manifest

    def save_manifest(self, manifest: Manifest, output: Path | None = None) -> None:
        super().save_manifest(manifest, output)
        if self.enabled:
            path = self._manifest_path(output)
            self._keep(path, stat_of(str(path)), manifest)

    def forget_manifest(self, output: Path | None = None) -> None:
        super().forget_manifest(output)
        self.memory.manifests.pop(self._manifest_path(output), None)

    def _keep(self, path: Path, stat: Stat | None, manifest: Manifest | None) -> None:
        if stat is None or manifest is None:
            self.memory.manifests.pop(path, None)
        else:
            self.memory.manifests[path] = (stat, manifest)
