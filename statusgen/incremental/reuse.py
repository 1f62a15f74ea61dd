"""Which outputs to render: the one place that decides (renderers only name their facts).

An output's key is a BLAKE2 hash of the build's `salt` (settings, theme, versions), its path,
its facts, and the current value of each fact it read while it last rendered (recorded
by name, Lektor's record_dependency). When the key is the one the manifest holds for
the output folder's bytes, those bytes stand and the output is not rendered. An output
whose facts are unknown, or that read a fact that has no value now, is always rendered.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from statusgen.render.context import Output


@dataclass
class Reuse:
    """The decisions of one build, and the keys and reads the next build will compare."""

    salt: str = ""
    previous: Mapping[str, str] = field(default_factory=dict)  # path → key of its bytes
    previous_reads: Mapping[str, Sequence[str]] = field(default_factory=dict)
    sources: Mapping[str, str] = field(default_factory=dict)  # input file → its SHA-256
    enabled: bool = False
    keys: dict[str, str] = field(default_factory=dict)
    reads: dict[str, list[str]] = field(default_factory=dict)

    def kept(self, output: Output) -> bool:
        """Whether the output folder's bytes of `output` stand (then it is not rendered)."""
        if not self.enabled or output.facts is None:
            return False
        read = self.previous_reads.get(output.path, ())
        key = self._key(output, read)
        if key is None or key != self.previous.get(output.path):
            return False
        self.keys[output.path] = key
        if read:
            self.reads[output.path] = list(read)
        return True

    def rendered(self, output: Output, read: list[str]) -> None:
        """Note an output rendered anew, with the facts it read, for the next build."""
        if self.enabled and output.facts is not None:
            key = self._key(output, read)
            if key is not None:
                self.keys[output.path] = key
                if read:
                    self.reads[output.path] = read

    def _key(self, output: Output, read: Sequence[str]) -> str | None:
        """The output's key now; None when a fact it read has no value now."""
        assert output.facts is not None
        values: list[str] = []
        for name in read:
            value = output.recorder.value(name) if output.recorder is not None else None
            if value is None:
                return None
            values.append(f"{name}={value}")
        # NUL-joined parts, led by the number of facts, stay apart while none holds a NUL
        # (hashes, times, paths and names do not); one that does is keyed by repr, which
        # escapes it (and has no NUL, so the two forms never meet). Three times as fast as
        # repr alone, over every output of a large site.
        parts = (self.salt, output.path, str(len(output.facts)), *output.facts, *values)
        text = "\0".join(parts)
        if text.count("\0") != len(parts) - 1:
            text = repr(parts)
        return hashlib.blake2b(text.encode(), digest_size=20).hexdigest()
