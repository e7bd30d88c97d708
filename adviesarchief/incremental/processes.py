"""Work on every core: forked process pools, and what keeps the heap cheap to fork and to collect.

Workers are forked, so they inherit what they need instead of receiving it pickled. Python's
cyclic garbage collector and glibc's malloc both cost a large build noticeable time; the
helpers here tell each what the build keeps.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Callable, Iterator

# Told how many more files a step has done (a progress bar, or nothing).
Progress = Callable[[int], None]


def no_progress(_: int) -> None:
    """Report nothing."""


def use_pool(jobs: int, files: int, pool_min: int) -> bool:
    """Whether a process pool pays off for this many files (below pool_min, starting processes costs more)."""
    return jobs > 1 and files >= pool_min


class WorkerPool(ProcessPoolExecutor):
    """A process pool that, left on a failure or an interrupt, stops its workers instead of waiting for them.

    A build stopped by a signal (SIGTERM from `timeout` or `docker stop` reaches the build
    alone) must not leave workers running on, holding its caller's pipe open.
    """

    def __exit__(self, kind: object, *rest: object) -> bool | None:
        if kind is not None:
            for process in list((getattr(self, "_processes", None) or {}).values()):
                process.terminate()
        self.shutdown(wait=True, cancel_futures=True)
        return False


def fork_pool(jobs: int) -> WorkerPool:
    """A pool of forked workers: they inherit the loaded archive and templates; nothing large is pickled."""
    # They make garbage (parsing, rendering): their collector runs, even where the parent's waits.
    return WorkerPool(max_workers=jobs, mp_context=multiprocessing.get_context("fork"), initializer=gc.enable)


def release_free_memory() -> None:
    """Hand memory freed so far back to the system, so forked workers do not inherit it."""
    # What parsing and validation freed stays mapped until malloc is told to return it; the
    # forked workers would otherwise inherit it and the parent would keep it for the whole build.
    gc.collect()
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        pass  # not glibc: nothing to return, or no way to ask


@contextmanager
def heap_kept() -> Iterator[None]:
    """A block in which gc.freeze() marks what the build keeps; the collector may scan it all again after.

    Python's cyclic garbage collector walks every object it tracks on each full collection;
    with 10,000 parsed letters that is a pause of about 0.2 s, several times per build.
    Frozen objects are skipped (forked workers then also leave their pages unshared).
    """
    try:
        yield
    finally:
        gc.unfreeze()


@contextmanager
def collector_paused() -> Iterator[None]:
    """A block that makes what the build keeps (letters, views, figures, keys): the cyclic collector waits.

    It would run every 700 new objects and now and then walk every object not frozen, to find
    no garbage: half the time of the figures step at 10,000 letters. What the block made is
    frozen when it ends (inside heap_kept), or the first collection after it would walk it all.
    Worker processes start with the collector running (see fork_pool).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
