"""Rendering many outputs at once: worker processes take disjoint slices of the list and
return their bytes, which come back in the order of the list (so the site is the same
bytes whichever worker rendered what). map_in_order does the same for any pure function
(parsing the incident files of a first build)."""

from __future__ import annotations

import gc
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from statusgen.render.context import Output

if TYPE_CHECKING:  # multiprocessing is imported where workers start: most builds start none
    import multiprocessing.pool

T = TypeVar("T")
R = TypeVar("R")

Rendered = tuple[bytes, list[str]]  # the bytes, and the facts read while rendering
# Below this many outputs, starting workers costs more than it saves.
PARALLEL_FROM = 400
# Slices per worker: small enough to balance uneven pages, large enough to batch the
# bytes coming back.
_SLICES_PER_JOB = 16
# What an item a worker works out costs (map_in_order), to one this process works out.
_WORKER_COST = 1.25
# How long this process's thread may hold the interpreter lock while another waits for
# it, as the workers send their results (map_in_order): Python's default is 5 ms.
_HANDOVER_S = 0.0002

# The work of the process that forks the workers (a function and its items); each worker
# inherits it, so only indices travel to a worker and only results travel back.
_task: tuple[Callable[[Any], Any], Sequence[Any]] | None = None
# Together.collect of the outputs rendered together, inherited the same way.
_collect: Callable[[], Any] | None = None


def render(output: Output) -> Rendered:
    """The output's bytes, and the facts it read while rendering (by name, sorted)."""
    if output.recorder is None:
        return output.render(), []
    with output.recorder.recording() as names:
        data = output.render()
    return data, sorted(names)


@dataclass(frozen=True)
class Together:
    """Outputs that one worker renders in one go (those `picks` selects), and then hands
    back what rendering them left in its process: `collect()` is called there, and
    `take` here with what it returned."""

    picks: Callable[[Output], bool]
    collect: Callable[[], Any]
    take: Callable[[Any], None]


def render_all_in_order(
    outputs: Sequence[Output],
    jobs: int,
    done: Callable[[int], None] | None = None,
    before_fork: Callable[[], None] | None = None,
    together: Together | None = None,
    put: Callable[[str, bytes], Any] | None = None,
) -> Iterator[tuple[Any, list[str]]]:
    """Each output rendered, in order; by `jobs` forked workers when there are enough.

    `done` is told how many are rendered so far; `before_fork` is called here before
    workers start (work each of them would otherwise do again). With `together`, the
    outputs it picks go to one worker at once, first, and what it hands back is taken
    here (see Together). A worker that fails leaves its output to be rendered here
    again, so the error (a theme mistake, say) is raised as itself.

    With `put`, a worker hands each output's path and bytes to it (writing the file)
    and sends back what it returns in place of the bytes: at 10,000 incidents 84 MB
    less to pickle, send and unpickle (0.27 s of this process's CPU, while both CPUs
    render). What is rendered here comes as bytes."""
    if jobs <= 1 or len(outputs) < PARALLEL_FROM or not _can_fork():
        for count, output in enumerate(outputs, 1):
            yield render(output)
            if done is not None:
                done(count)
        return
    if before_fork is not None:
        before_fork()
    picked = [] if together is None else [i for i, o in enumerate(outputs) if together.picks(o)]
    chosen = set(picked)
    slices = _slices([index for index in range(len(outputs)) if index not in chosen], jobs)
    found: dict[int, tuple[Any, list[str]]] = {}
    global _collect
    _collect = together.collect if together is not None else None
    try:
        function = render if put is None else partial(_render_and_put, put)
        with _forked(function, outputs, jobs) as pool:
            # Submitted first, so that a worker starts on it while the others take slices.
            share = pool.apply_async(_run_together, (picked,)) if picked else None
            for part, results in zip(slices, pool.imap(_run_slice, slices), strict=True):
                _keep(found, outputs, part, results, done)
            if share is not None and together is not None:
                results, handed = share.get()
                _keep(found, outputs, picked, results, done)
                together.take(handed)
    finally:
        _collect = None
    for index in range(len(outputs)):
        yield found.pop(index)


def _render_and_put(put: Callable[[str, bytes], Any], output: Output) -> tuple[Any, list[str]]:
    data, read = render(output)
    return put(output.path, data), read


def _keep(
    found: dict[int, tuple[Any, list[str]]],
    outputs: Sequence[Output],
    part: Sequence[int],
    results: list[Any],
    done: Callable[[int], None] | None,
) -> None:
    """A worker's results for the outputs at `part`, kept in `found` by index."""
    found.update(zip(part, _again_where_failed(render, outputs, part, results), strict=True))
    if done is not None:
        done(len(found))


def map_in_order(function: Callable[[T], R], items: Sequence[T], jobs: int) -> list[R]:
    """[function(item) for item in items], worked out by this process and `jobs` - 1
    forked workers (here alone when `jobs` is 1 or processes cannot be forked).
    `function` must be pure: what it changes in a worker stays there. A call that fails
    in a worker is made again here, so the error is raised as itself."""
    if jobs <= 1 or len(items) < jobs or not _can_fork():
        return [function(item) for item in items]
    # This process works out the first share itself while the workers do the rest: it
    # would only wait otherwise, and its own results need no pickling there and back.
    # A larger share than theirs: each of theirs costs a worker its work and a pickle,
    # and this process the unpickling (parse results at 10,000 incidents, two jobs:
    # with 56 % here, both end together; with 58 % the worker ended 0.1-0.3 s first).
    own = round(len(items) * _WORKER_COST / (_WORKER_COST + jobs - 1))
    slices = _slices(range(own, len(items)), jobs - 1)
    with _forked(function, items, jobs - 1) as pool, _quick_handover():
        theirs = pool.map_async(_run_slice, slices)
        results = [function(item) for item in items[:own]]
        for part, done in zip(slices, theirs.get(), strict=True):
            results += _again_where_failed(function, items, part, done)
    return results


@contextmanager
def _quick_handover() -> Iterator[None]:
    """The block run with the interpreter lock handed over sooner than by default.

    A worker's results reach this process through a pipe of 64 KB, read by a thread of
    the pool that needs the lock for each read; the thread working out this process's
    share holds it for the whole switch interval at a time. With the default interval
    a worker sending the parse results of 10,000 incidents waited for most of those
    reads, idle, and ended 0.1-0.3 s after this process's larger share; with this one
    it ends before it (parsing 10,000 incidents, eight cold builds of each in turn:
    median 1.25 → 1.05 s)."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(min(before, _HANDOVER_S))
    try:
        yield
    finally:
        sys.setswitchinterval(before)


def _slices(indices: Sequence[int], jobs: int) -> list[Sequence[int]]:
    size = max(1, len(indices) // (jobs * _SLICES_PER_JOB))
    return [indices[start : start + size] for start in range(0, len(indices), size)]


@contextmanager
def _forked(
    function: Callable[[T], R], items: Sequence[T], jobs: int
) -> Iterator[multiprocessing.pool.Pool]:
    """`jobs` forked workers that call `function` on `items` by index (_run_slice)."""
    global _task
    _task = (function, items)
    try:
        with fork_pool(jobs) as pool:
            yield pool
    finally:
        _task = None


# prctl's option asking for a signal when the parent dies (linux/prctl.h).
_PR_SET_PDEATHSIG = 1
# What `statusgen serve` stops on as on Ctrl-C (a process manager's SIGTERM; SIGHUP when
# its terminal is closed, which reaches the workers too), and what ends a worker at once.
# Windows has no SIGHUP.
STOP_SIGNALS = (signal.SIGTERM, *((signal.SIGHUP,) if hasattr(signal, "SIGHUP") else ()))


def fork_pool(jobs: int) -> multiprocessing.pool.Pool:
    """`jobs` worker processes forked from this one, which leave signals to it and
    collect garbage as usual.

    A worker inherits the signal handlers of the process that forks it: `statusgen
    serve` turns SIGTERM (and SIGHUP) into KeyboardInterrupt. Ending the pool sends its workers
    SIGTERM, which must end them: with that handler each printed a traceback, and a
    worker that took it while waiting for work could stay waiting, and the build with it.
    Ctrl-C reaches the whole process group: the build stops the workers itself.

    Both signals are held back while the workers are forked, until each has its own
    handlers: a SIGTERM that came before (the pool ended at once) ran this process's
    handler in the worker, and the worker could go on to wait for work that never came,
    and its pool with it (about one pool in 1,500 ended at once)."""
    import multiprocessing

    held = signal.pthread_sigmask(signal.SIG_BLOCK, {*STOP_SIGNALS, signal.SIGINT})
    # Everything this process holds is moved out of the collector's generations while the
    # workers fork, and stays out in them: the build allocates with collection paused, so
    # all of it would sit in the youngest generation, and a worker's first passes would
    # scan the whole model and its views, writing to every object and copying every page
    # of memory it shares with this process (a first build at 10,000 incidents: 0.8-2 s
    # of CPU). This process takes them back at once and collects as it did.
    gc.freeze()
    try:
        # The pool's own threads, started here, keep them held: this thread takes them.
        return multiprocessing.get_context("fork").Pool(
            jobs, initializer=_start_worker, initargs=(held, os.getpid())
        )
    finally:
        gc.unfreeze()
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _start_worker(mask: set[signal.Signals], parent: int) -> None:
    for signum in STOP_SIGNALS:
        signal.signal(signum, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _end_with(parent)
    signal.pthread_sigmask(signal.SIG_SETMASK, mask)  # a SIGTERM held back ends it now
    # The build turned collection off in the process forked here (collector.paused);
    # a worker renders thousands of pages and must free their cycles as it goes.
    gc.enable()


def _end_with(parent: int) -> None:
    """Have the kernel end this worker (SIGTERM, which ends it quietly) when the build
    that forked it dies: a build killed outright (a CI job's timeout, the OOM killer)
    otherwise leaves its workers rendering on, each printing a traceback when it finds
    no one to send its pages to. Linux only; elsewhere they end at that traceback."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, int(signal.SIGTERM))
    except (AttributeError, OSError):
        return
    if os.getppid() != parent:  # died before the request was made: end now
        os._exit(0)


def _again_where_failed(
    function: Callable[[T], R], items: Sequence[T], part: Sequence[int], done: list[Any]
) -> list[R]:
    return [
        function(items[index]) if isinstance(result, _Failed) else result
        for index, result in zip(part, done, strict=True)
    ]


class _Failed:
    """What a worker sends back for an item whose call failed."""


def _run_together(indices: Sequence[int]) -> tuple[list[Any], Any]:
    """_run_slice, and what `Together.collect` says rendering those left behind."""
    results = _run_slice(indices)
    assert _collect is not None
    return results, _collect()


def _run_slice(indices: Sequence[int]) -> list[Any]:
    assert _task is not None
    function, items = _task
    results: list[Any] = []
    for index in indices:
        try:
            results.append(function(items[index]))
        except Exception:
            results.append(_Failed())  # done again by the parent, which raises the error
    return results


def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()
