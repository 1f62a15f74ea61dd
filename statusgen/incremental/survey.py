"""What changed on disk since the last build into a folder, as a build starts: the input
files whose stat differs from its record (Manifest.changed_sources), whether the output
folder is as that build left it (outputs.output_is_intact), and the incident folder's
listing (10,000 names, 10-20 ms to list and sort at 10,000 incidents).

Each is a stat of every file: 10,000 inputs and 10,982 outputs at 10,000 incidents,
about 50 ms together. A child process forked as the build starts takes them, and
answers on a pipe, while the build reads its cache; the build asks when it needs to
know. Where forking is not possible or not safe (no fork, one CPU, other threads
running, as in `serve`), or the child gives no answer, each is worked out here when
first asked; `serve` has its preview folder checked by a helper process instead
(checker.py), as its watcher names the changed inputs and the listing is needed first.

Last, the child converts the Markdown of the changed incident files' messages, which
the build takes if they are there by the time it renders (`converted_yet`): never
worked out here, as the build converts what it shows anyway.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import weakref
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from statusgen.forked import close, fork_answering, ready, receive
from statusgen.incremental.manifest import Manifest
from statusgen.incremental.outputs import output_is_intact
from statusgen.layout import IncidentFolder, list_incident_folder

if TYPE_CHECKING:
    from statusgen.incremental.checker import FolderChecker

_NO_ANSWER = object()


class Survey:
    """The answers for the last build's `manifest` of the site at `root`. Where no child
    can be forked, `checker` (a helper process, as `serve` runs one) checks the output
    folder meanwhile."""

    def __init__(
        self, manifest: Manifest, root: Path, checker: FolderChecker | None = None
    ) -> None:
        # Numbered as asked (the child answers in the order a build needs them: `_answer`).
        questions: tuple[Callable[[], Any], ...] = (
            partial(manifest.changed_sources, root),
            partial(output_is_intact, manifest, Path(manifest.output)),
            partial(_listing, root),
        )
        self._questions = questions
        self._heard: dict[int, Any] = {}  # the child's answers so far, by question
        self._answers: dict[int, Any] = {}  # those worked out here
        # The read end of the child's pipe while it is open (statusgen.forked); None where
        # no child was forked: each answer is then worked out here.
        self._pipe: int | None = None
        ahead = partial(_converted, manifest, root)
        child = fork_answering(partial(_answer, questions, ahead))
        self.forked = child is not None
        if child is not None:
            self._pipe = child[0]
            # Reaped with this survey, if not once every answer is in (a build that stops
            # at a mistake).
            self._closed = weakref.finalize(self, close, *child)
        # The helper's answer to whether the output folder is intact, when it was asked.
        self._checked = checker.ask(manifest) if checker is not None and not child else None

    def inputs(self) -> tuple[bool, list[str]] | None:
        """Manifest.changed_sources: whether the input folders are unchanged, and the input
        files that may have changed (None: nothing can be taken as recorded)."""
        return self._answer(0)  # type: ignore[no-any-return]

    def inputs_unchanged_yet(self) -> bool:
        """Whether it is known already, without waiting, that no input changed (the
        child has answered so, or the answer was asked for before)."""
        asked = 0 in self._heard or 0 in self._answers
        if not asked and (self._pipe is None or not ready(self._pipe, 0)):
            return False
        found = self.inputs()
        return found is not None and found[0] and not found[1]

    def output_intact(self) -> bool:
        """Whether the output folder is exactly as the last build left it."""
        if self._checked is not None and 1 not in self._answers:
            checked, self._checked = self._checked(), None
            if checked is not None:  # else the helper gave no answer: checked here
                self._answers[1] = checked
        return self._answer(1)  # type: ignore[no-any-return]

    def incident_folder(self) -> IncidentFolder:
        """The incident folder's listing (layout.list_incident_folder)."""
        return IncidentFolder(*self._answer(2))

    def converted_yet(self, wait: float = 0.0) -> dict[str, str]:
        """The child's Markdown conversions of the messages of the incident files changed
        or added (`_converted`), if it has sent them within `wait` seconds; {} if not.
        Not worked out here: the build converts what it shows anyway."""
        while self._pipe is not None and _CONVERTED not in self._heard:
            if not ready(self._pipe, wait):
                break
            if not self._hear():
                break
        found = self._heard.get(_CONVERTED)
        return found if isinstance(found, dict) else {}

    def close(self) -> None:
        """Stop hearing the child (its answers not asked for by now go unread): its pipe is
        closed as the build ends, not when this survey is collected, which in a process
        that builds again and again may be never (collector.paused keeps its objects)."""
        if self._pipe is not None:
            self._pipe = None
            self._closed()

    def _hear(self) -> bool:
        """Take the child's next answer; False when it gave none (nor will)."""
        heard = self._from_child()
        if heard is _NO_ANSWER:
            return False
        self._heard[heard[0]] = heard[1]
        if len(self._heard) == len(self._questions) + 1:  # and the conversions
            self._pipe = None
            self._closed()
        return True

    def _answer(self, index: int) -> Any:
        """The answer to question `index`: the child's (see `_answer` below for their
        order), or worked out here (alone: in this process a question asks only what it
        asks)."""
        while self._pipe is not None and index not in self._heard:
            if not self._hear():
                break
        found = self._heard.get(index, _NO_ANSWER)
        if found is _NO_ANSWER:
            found = self._answers.get(index, _NO_ANSWER)
            if found is _NO_ANSWER:
                found = self._answers[index] = self._questions[index]()
        return found

    def _from_child(self) -> Any:
        """The child's next (question, answer); _NO_ANSWER when it gave none, and then
        none after it: the others are worked out here."""
        assert self._pipe is not None
        data = receive(self._pipe)
        try:
            index, found = marshal.loads(data)
        except (EOFError, ValueError, TypeError):  # no answer, or a damaged one
            self._pipe = None
            self._closed()
            return _NO_ANSWER
        return index, found


def _answer(
    questions: tuple[Callable[[], Any], ...],
    ahead: Callable[[Any, Any], dict[str, str]],
    send: Callable[[bytes], None],
) -> None:
    """In the child: each (question, answer), as marshal writes it, in the order the build
    asks for them. Which inputs changed comes first; then, when none did, whether the
    output folder is intact (a build with nothing to do stops on it), else the listing
    of the incident folder, which a rebuild reads its inputs by, while whether the
    folder is intact (47 ms at 10,000 incidents) is asked only once the site is loaded.
    Last, `ahead`'s conversions of what changed: work this child does while the build,
    on the other CPU, loads the site (see `_converted`)."""
    changed = questions[0]()
    send(marshal.dumps((0, changed)))
    nothing = changed is not None and changed[0] and not changed[1]
    answers: dict[int, Any] = {}
    for index in (1, 2) if nothing else (2, 1):
        answers[index] = questions[index]()
        send(marshal.dumps((index, answers[index])))
    if nothing:
        send(marshal.dumps((_CONVERTED, {})))
        return
    # What is left may go unused: at the lowest priority, so the build's own threads
    # never wait for a CPU it takes (the thread reading the cache ahead, say).
    with contextlib.suppress(OSError):
        os.nice(19)
    send(marshal.dumps((_CONVERTED, ahead(changed, answers[2]))))


# The number of the child's last answer, the conversions (`Survey.converted_yet`).
_CONVERTED = 3
# More changed or added incident files than this are not converted ahead: a build with
# many is a bulk change, whose conversions the build makes with its own workers.
_AHEAD_FILES = 32


def _converted(
    manifest: Manifest,
    root: Path,
    changed: tuple[bool, list[str]] | None,
    listing: tuple[list[str], list[str]],
) -> dict[str, str]:
    """The Markdown conversions of the messages of every incident file changed or added
    since the last build (by source text), made in the child: the build shows them on
    the pages it renders, and would otherwise load the Markdown library to convert them
    (20 ms). Read as the build parses them; a message read otherwise here is only not
    found there, and converted by the build. Nothing this child meets may reach the
    user: any failure gives no conversions."""
    try:
        if changed is None:
            return {}
        recorded, stat_changed = manifest.sources, set(changed[1])
        paths = [p for p in listing[0] if p in stat_changed or p not in recorded]
        if not paths or len(paths) > _AHEAD_FILES:
            return {}
        import warnings

        from statusgen.render.markdown import convert_markdown
        from statusgen.validate import parse_event

        conversions: dict[str, str] = {}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for path in paths:
                event, _ = parse_event(path, (root / path).read_bytes(), "UTC", None)
                if event is None:
                    continue
                for text in (event.summary, *(update.message for update in event.updates)):
                    if text and text not in conversions:
                        conversions[text] = convert_markdown(text)
        return conversions
    except Exception:
        return {}


def _listing(root: Path) -> tuple[list[str], list[str]]:
    # As a plain tuple: marshal writes no named one.
    return tuple(list_incident_folder(root))  # type: ignore[return-value]
