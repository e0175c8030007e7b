"""Worker processes for the work that parses many pages (a cold check, ``format``), when
there is enough of it to pay for starting them."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from . import tune_interpreter

# Parsing this many bytes takes about a second on one core: below it, starting worker
# processes costs more than it saves.
PARALLEL_MIN_BYTES = 1_000_000
MAX_WORKERS = 8

Item = TypeVar("Item")
Result = TypeVar("Result")


def worker_count(size: int, workers: int | None = None) -> int:
    """How many processes to use for ``size`` bytes of pages (``workers``: a cap)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    if workers is not None:
        return max(1, min(workers, cores))
    return min(cores, MAX_WORKERS) if size >= PARALLEL_MIN_BYTES else 1


def parallel_map(
    function: Callable[[Item], Result],
    items: list[Item],
    count: int,
    initializer: Callable[..., None] | None = None,
    initargs: tuple[Any, ...] = (),
) -> Iterator[Result]:
    """``map(function, items)`` in ``count`` worker processes, results in order."""
    # Imported here: a run that reads everything from the cache starts no process.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from .syntax.parser import prepare_grammars

    prepare_grammars()  # once, before the workers are forked from this process
    # fork shares the grammars and code already loaded; it is only safe with one thread.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1 else "spawn"
    context = multiprocessing.get_context(method)
    with ProcessPoolExecutor(count, context, initializer=_start, initargs=(initializer, initargs)) as pool:
        chunk = max(1, min(64, len(items) // (count * 8)))
        yield from pool.map(function, items, chunksize=chunk)


def _start(initializer: Callable[..., None] | None, initargs: tuple[Any, ...]) -> None:
    """A worker's start: the interpreter as the command line tunes it (a spawned worker
    does not inherit that), then the caller's initializer."""
    tune_interpreter()
    if initializer is not None:
        initializer(*initargs)


def serial_or_parallel(function: Callable[[Item], Result], items: Iterable[Item], count: int) -> Iterator[Result]:
    """``map``, in worker processes when ``count`` says so."""
    items = list(items)
    if count <= 1:
        return map(function, items)
    return parallel_map(function, items, count)
