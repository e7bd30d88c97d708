"""Work on every core: forked process pools, and what keeps the heap cheap to fork and to collect.

Workers are forked, so they inherit what they need instead of receiving it pickled. Python's
cyclic garbage collector and glibc's malloc both cost a large build noticeable time; the
helpers here tell each what the build keeps.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import pickle
import signal
import traceback
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any, Callable, Iterator, TypeVar

T = TypeVar("T")

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


def in_child(work: Callable[[], T]) -> T:
    """Do some work in a forked child of this process and return its result (or raise its exception).

    What the work touches of this process's memory is copied into the child, and freed when
    the child ends: a pool worker that renders each share of the letters this way holds only
    one share's copies at a time. For a process with one thread only (a pool worker).
    """
    read, write = os.pipe()
    child = 0

    def stop(signum: int, frame: Any) -> None:
        # The pool stops a worker with SIGTERM: its child must not write on.
        if child:
            os.kill(child, signal.SIGKILL)
        os._exit(1)
    previous = signal.signal(signal.SIGTERM, stop)
    try:
        try:
            child = os.fork()
        except OSError:
            os.close(read)
            os.close(write)
            raise
        if child == 0:
            _run_as_child(work, read, write)
        os.close(write)
        with os.fdopen(read, "rb") as source:
            data = source.read()
        os.waitpid(child, 0)
    finally:
        signal.signal(signal.SIGTERM, previous)
    if not data:
        raise RuntimeError("a forked child ended without a result")
    done, value = pickle.loads(data)
    if done:
        return value  # type: ignore[no-any-return]
    problem, text = value
    problem.__cause__ = ChildTraceback(text)
    raise problem


class ChildTraceback(Exception):
    """The traceback of an exception raised in a forked child, as text: shown as its cause."""

    def __str__(self) -> str:
        return str(self.args[0])


def _run_as_child(work: Callable[[], Any], read: int, write: int) -> None:
    """In the forked child: do the work, send its result or its exception up the pipe, and end."""
    try:
        os.close(read)
        try:
            payload = pickle.dumps((True, work()))
        except BaseException as problem:  # sent up and raised there, traceback and all
            text = "".join(traceback.format_exception(problem))
            problem.__traceback__ = None
            try:
                payload = pickle.dumps((False, (problem, text)))
            except Exception:  # an exception that does not pickle: its text stands for it
                payload = pickle.dumps((False, (RuntimeError(text), text)))
        with os.fdopen(write, "wb") as sink:
            sink.write(payload)
    finally:
        os._exit(0)


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
