"""Rendering many outputs at once: worker processes take disjoint slices of the list and
return their bytes, which come back in the order of the list (so the site is the same
bytes whichever worker rendered what)."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator, Sequence

from statusgen.render.context import Output

Rendered = tuple[bytes, list[str]]  # the bytes, and the facts read while rendering
# Below this many outputs, starting workers costs more than it saves.
PARALLEL_FROM = 400
# Slices per worker: small enough to balance uneven pages, large enough to batch the
# bytes coming back.
_SLICES_PER_JOB = 16

# The outputs of the build that forks the workers; each inherits them, so only indices
# travel to a worker and only bytes travel back.
_pending: Sequence[Output] = ()


def render(output: Output) -> Rendered:
    """The output's bytes, and the facts it read while rendering (by name, sorted)."""
    if output.recorder is None:
        return output.render(), []
    with output.recorder.recording() as names:
        data = output.render()
    return data, sorted(names)


def render_all_in_order(
    outputs: Sequence[Output],
    jobs: int,
    done: Callable[[int], None] | None = None,
    before_fork: Callable[[], None] | None = None,
) -> Iterator[Rendered]:
    """Each output rendered, in order; by `jobs` forked workers when there are enough.

    `done` is told how many are rendered so far; `before_fork` is called here before
    workers start (work each of them would otherwise do again). A worker that fails
    leaves its output to be rendered here again, so the error (a theme mistake, say) is
    raised as itself."""
    if jobs <= 1 or len(outputs) < PARALLEL_FROM or not _can_fork():
        for count, output in enumerate(outputs, 1):
            yield render(output)
            if done is not None:
                done(count)
        return
    if before_fork is not None:
        before_fork()
    global _pending
    _pending = outputs
    size = max(1, len(outputs) // (jobs * _SLICES_PER_JOB))
    slices = [
        range(start, min(start + size, len(outputs))) for start in range(0, len(outputs), size)
    ]
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            count = 0
            for part, results in zip(slices, pool.imap(_render_slice, slices), strict=True):
                for index, result in zip(part, results, strict=True):
                    yield result if result is not None else render(outputs[index])
                count += len(part)
                if done is not None:
                    done(count)
    finally:
        _pending = ()


def _render_slice(indices: range) -> list[Rendered | None]:
    results: list[Rendered | None] = []
    for index in indices:
        try:
            results.append(render(_pending[index]))
        except Exception:
            results.append(None)  # rendered again by the parent, which raises the error
    return results


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()
