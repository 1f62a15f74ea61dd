"""Which outputs to render: the one place that decides (renderers only name their facts).

An output's key is a BLAKE2 hash of the build's `salt` (settings, theme, versions), its path,
its facts, and the current value of each fact it read while it last rendered (recorded
by name, Lektor's record_dependency). When the key is the one the manifest holds for
the output folder's bytes, those bytes stand and the output is not rendered. An output
whose facts are unknown, or that read a fact that has no value now, is always rendered.

Most pages of a large site are an event's page or a page of the history: their facts are
their shape (template, title, place in the history) and the facts of the events they
show. Such a page keeps its key without its facts being worked out when its shape and
events are those the last build recorded and none of the events changed since
(`changed_events`): a changed file, or the clock passing one of its moments. What it
read while rendering (the history's filter links, an open incident's duration) is in
its key still: those values are at hand, where its events' facts would cost the work
of every event it shows (800 history pages of 25 events at 10,000 incidents).
"""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from statusgen.incremental.inputs import encoded

if TYPE_CHECKING:
    from statusgen.incremental.inputs import Recorded
    from statusgen.model import Event
    from statusgen.render.context import EventPages, Output, Recorder

Shape = tuple[tuple[str, ...], tuple[str, ...]]  # an output's shape and its events' slugs
# The pages of single events of one EventPages: its shape, their paths and their slugs.
SinglePages = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]
# The keys, reads and shapes (None: the one the last build recorded) of some outputs, by
# path, and the pages of single events among them (Reuse.handoff).
Decisions = tuple[dict[str, str], dict[str, list[str]], dict[str, Shape | None], list[SinglePages]]


@dataclass
class Reuse:
    """The decisions of one build, and the keys and reads the next build will compare."""

    salt: str = ""
    # When the site's record begins (status.record_began, ISO 8601), which dates the
    # events dated by it: a build that finds another one must show those anew.
    began: str = ""
    previous: Mapping[str, str] = field(default_factory=dict)  # path → key of its bytes
    previous_reads: Mapping[str, Sequence[str]] = field(default_factory=dict)
    previous_shapes: Mapping[str, Shape] = field(default_factory=dict)
    # The pages of single events the last build recorded (`pages`): their shapes apart
    # from `previous_shapes`, where 10,000 of them cost a rebuild 20 ms to load and save.
    previous_pages: Sequence[SinglePages] = ()
    sources: Mapping[str, str] = field(default_factory=dict)  # input file → its SHA-256
    enabled: bool = False
    # Slugs of the events whose facts may differ from the last build's; None when the
    # last build's keys cannot be carried over without working out the facts.
    changed: frozenset[str] | None = None
    keys: dict[str, str] = field(default_factory=dict)
    reads: dict[str, list[str]] = field(default_factory=dict)
    shapes: dict[str, Shape] = field(default_factory=dict)
    pages: list[SinglePages] = field(default_factory=list)

    def to_render(self, outputs: Iterable[Output | EventPages]) -> list[Output]:
        """The outputs whose bytes in the output folder do not stand, in order: those to
        render (the pages of EventPages one by one)."""
        from statusgen.render.context import EventPages

        todo: list[Output] = []
        for output in outputs:
            if isinstance(output, EventPages):
                todo += self._pages_to_render(output)
            elif not self.kept(output):
                todo.append(output)
        return todo

    def _pages_to_render(self, pages: EventPages) -> list[Output]:
        """The pages of `pages` whose bytes do not stand: each decided as `kept` decides
        it, in one loop that makes an Output only of a page to render or one decided on
        the facts it read (10,000 of them on a large site, a few of them rendered)."""
        if not self.enabled:
            return list(pages.members())
        self.pages.append((pages.shape, pages.paths, pages.events))
        before = self._single_pages(pages.shape)
        reads, changed, previous = self.previous_reads, self.changed, self.previous
        todo: list[Output] = []
        for index, (path, slug) in enumerate(zip(pages.paths, pages.events, strict=True)):
            # Kept on its shape (`_shape_kept`): the page of the same event at the same
            # path the last time, in the same shape, and the event unchanged since.
            key = previous.get(path)
            if (
                changed is None
                or key is None
                or before.get(path) != slug
                or slug in changed
                or not self._same_reads(path, key, reads.get(path, ()), pages.recorder)
            ):
                todo.append(pages.member(index))
        return todo

    def _single_pages(self, shape: tuple[str, ...]) -> dict[str, str]:
        """Path → slug of each page of a single event in `shape` the last build recorded;
        none where its record of them is damaged."""
        found: dict[str, str] = {}
        try:
            for recorded, paths, slugs in self.previous_pages:
                if tuple(recorded) == shape:
                    found.update(zip(paths, slugs, strict=True))
        except (TypeError, ValueError):
            return {}
        return found

    def kept(self, output: Output) -> bool:
        """Whether the output folder's bytes of `output` stand (then it is not rendered)."""
        if not self.enabled:
            return False
        read = self.previous_reads.get(output.path, ())
        if output.shape is not None:
            return self._shape_kept(output, read)
        facts = output.known_facts()
        if facts is None:
            return False
        key = self._key(output, facts, read)
        if key is None or key != self.previous.get(output.path):
            return False
        self.keys[output.path] = key
        if read:
            self.reads[output.path] = list(read)
        return True

    def rendered(self, output: Output, read: list[str]) -> None:
        """Note an output rendered anew, with the facts it read, for the next build."""
        if not self.enabled:
            return
        if output.shape is not None:
            # Kept next time on its shape and what it read (`_shape_kept`): no facts to
            # work out.
            key = self._shape_key(output.path, read, output.recorder)
        else:
            facts = output.known_facts()
            key = None if facts is None else self._key(output, facts, read)
        if key is not None:
            self.keys[output.path] = key
            if read:
                self.reads[output.path] = read

    def handoff(self, paths: Iterable[str]) -> Decisions:
        """What this build decided for the outputs at `paths` (their keys, reads and
        shapes), for a child process that decided them to hand back (`take`)."""
        keys, reads, shapes, before = self.keys, self.reads, self.shapes, self.previous_shapes
        paths = list(paths)
        named = set(paths)
        return (
            {path: keys[path] for path in paths if path in keys},
            {path: reads[path] for path in paths if path in reads},
            # A shape the last build recorded too goes as None: the taker has it (the
            # search index's parts name every event of their year, half a megabyte at
            # 10,000 incidents).
            {
                path: None if shapes[path] == before.get(path) else shapes[path]
                for path in paths
                if path in shapes
            },
            [pages for pages in self.pages if not named.isdisjoint(pages[1])],
        )

    def take(self, handed: Decisions) -> None:
        """Take what another process decided (`handoff`) as if decided here."""
        keys, reads, shapes, pages = handed
        self.keys.update(keys)
        self.reads.update(reads)
        before = self.previous_shapes
        self.shapes.update(
            (path, shape if shape is not None else before[path]) for path, shape in shapes.items()
        )
        self.pages += pages

    def _shape_kept(self, output: Output, read: Sequence[str]) -> bool:
        """For a page of events: whether the last build's bytes stand, from its shape,
        its events and the values of what it `read` while it last rendered. Its facts are
        its shape and its events' facts, so they are the last build's while the shape and
        events are and none of the events changed since (`changed`)."""
        assert output.shape is not None
        path = output.path
        self.shapes[path] = shape = (output.shape, output.events)
        changed, key = self.changed, self.previous.get(path)
        return not (
            changed is None
            or key is None
            or self.previous_shapes.get(path) != shape
            or not changed.isdisjoint(output.events)
        ) and self._same_reads(path, key, read, output.recorder)

    def _same_reads(
        self, path: str, key: str, read: Sequence[str], recorder: Recorder | None
    ) -> bool:
        """Whether the page at `path`, its shape and events as the last build's, has the
        `key` the last build gave it with what it read then valued now; if so it is kept."""
        if read and self._shape_key(path, read, recorder) != key:
            return False
        self.keys[path] = key
        if read:
            self.reads[path] = list(read)
        return True

    def _shape_key(self, path: str, read: Sequence[str], recorder: Recorder | None) -> str | None:
        """The key of a page kept on its shape: only a build with the same salt may keep
        it (the last build's record is trusted only then; see LastBuild.reuse), with the
        value now of each fact it read; None when one has no value now."""
        values = _values(read, recorder)
        return None if values is None else _digest(("shape", self.salt, path, *values))

    def _key(self, output: Output, facts: tuple[str, ...], read: Sequence[str]) -> str | None:
        """The output's key now; None when a fact it read has no value now."""
        values = _values(read, output.recorder)
        if values is None:
            return None
        return _digest((self.salt, output.path, str(len(facts)), *facts, *values))


def _values(read: Sequence[str], recorder: Recorder | None) -> list[str] | None:
    """`name=value` of each fact in `read`, valued now; None when one has no value now."""
    values: list[str] = []
    for name in read:
        value = recorder.value(name) if recorder is not None else None
        if value is None:
            return None
        values.append(f"{name}={value}")
    return values


def _digest(parts: Sequence[str]) -> str:
    """The BLAKE2 hash of a key's parts."""
    # NUL-joined parts stay apart while none holds a NUL (hashes, times, paths and names do
    # not; a key of facts is led by their number); one that does is keyed by repr, which
    # escapes it (and has no NUL, so the two forms never meet). Three times as fast as
    # repr alone, over every output of a large site.
    text = "\0".join(parts)
    if text.count("\0") != len(parts) - 1:
        text = repr(parts)
    return hashlib.blake2b(encoded(text), digest_size=20).hexdigest()


def changed_events(
    events: Iterable[Event],
    before: Mapping[str, Recorded],
    sources: Mapping[str, str],
    then: datetime,
    now: datetime,
    read: Container[str] | None = None,
    *,
    record_moved: bool = False,
) -> frozenset[str]:
    """Slugs of the events whose facts may differ from a build at `then` that recorded
    the input files `before`: a file not recorded or with other bytes now (`sources`),
    or a moment at which the event as of the clock changes (status.cut_moments) that
    the clock has passed, either way, between `then` and `now`; with `record_moved` (the
    site's record began at another moment then), every event dated by it
    (status.dated_by_record). `read`, when given, holds the files whose bytes were read
    since: the others hold what `before` says."""
    from statusgen.status import cut_moments, dated_by_record, last_cut_moment

    low, high = (then, now) if then <= now else (now, then)
    moved = low != high
    # Most events lie wholly before the earlier clock: one comparison with it in UTC,
    # where each event keeps its last such moment, says so.
    earliest = low.astimezone(timezone.utc)
    found: set[str] = set()
    for event in events:
        path = event.source.path
        if read is None or path in read:
            recorded = before.get(path)
            if recorded is None or recorded[-1] != sources.get(path):
                found.add(event.slug)
                continue
        if record_moved and dated_by_record(event):
            found.add(event.slug)
            continue
        if moved:
            last = last_cut_moment(event)
            if last is None or last <= earliest:
                continue
            moments = cut_moments(event)
            if bisect_right(moments, low) != bisect_right(moments, high):
                found.add(event.slug)
    return frozenset(found)
