"""Render and write the site's outputs: the letters' pages on every core with a forked pool, the rest in-process.

The pool's workers inherit the plan of every output (_RENDER_STATE) when they are forked, and
each writes its share of the letters' pages into the staging folder itself, so no page crosses
a pipe. A forked process copies every page of memory it reads (reference counts are writes).
A letter's page reads its own letter, so each share is rendered in a child the worker forks for
it, whose copies end with it. Listings, data files, feeds and sitemaps read every letter: a
worker rendering them held a copy of the whole archive. They are rendered here after the pool
has stopped, while Pagefind keeps the other cores busy (docs/scaling.md has the figures).
"""

from __future__ import annotations

import gc
from concurrent.futures import as_completed
from pathlib import Path
from typing import Any, Container, Iterable, Iterator, Sequence

from ..render.outputs import LETTERS, Output
from ..write.site import write_outputs
from .processes import Progress, WorkerPool, fork_pool, in_child, no_progress, release_free_memory, use_pool

# Set by Renderer just before forking, read by the forked workers.
_RENDER_STATE: dict[str, Any] = {}


class Renderer:
    """Renders the outputs of each phase (see render.outputs.PHASES) not in skip into staging.

    The pool is forked when the Renderer is made, when there are enough letters' pages to
    render, and serves the letters' phase. The search index runs in a thread; one that does
    more than start Pagefind processes starts after the fork.
    """

    def __init__(self, staging: Path, plan: Sequence[Output], skip: Container[str], jobs: int, documents: int,
                 pool_min: int, part_letters: int = 1000) -> None:
        """plan: every output of the site (render.routes.plan_site); documents: how many the archive holds.

        part_letters: about how many letters one part holds at most (Tuning.render_part).
        """
        self.staging = staging
        self.skip = skip
        self.pool: WorkerPool | None = None
        self.plan = plan
        self.documents = documents
        if use_pool(jobs, self._work(pool_min), pool_min):
            # The workers inherit the plan (and its Jinja environment): listing 20,000 outputs
            # again in each would cost each as much as the plan step. Each part is a run of
            # neighbouring letters, so that a worker touches (and copies) mostly the memory of
            # the letters it renders, and not every output's.
            parts = max(jobs * 8, -(-documents // part_letters))
            _RENDER_STATE.update(parts=letter_parts(plan, skip, parts), staging=staging)
            release_free_memory()
            # Frozen objects are never traversed by the workers' collector, which would otherwise
            # write to (and so copy) every page holding the inherited archive. The build
            # unfreezes when it ends (processes.heap_kept).
            gc.freeze()
            self.pool = fork_pool(jobs)
            self.pool.submit(int).result()  # fork the workers now, not at the first page

    def _work(self, enough: int) -> int:
        """How much the pool would render, in letter pages (counted up to `enough`, where the answer is clear)."""
        work = 0
        for output in self.plan:
            if output.phase == LETTERS and output.path not in self.skip:
                work += work_of(output, self.documents)
                if work >= enough:
                    break
        return work

    def __enter__(self) -> "Renderer":
        return self

    def __exit__(self, *exc: Any) -> None:
        self._stop_pool(*exc)

    def _stop_pool(self, *exc: Any) -> None:
        if self.pool is not None:
            self.pool.__exit__(*(exc or (None, None, None)))  # on a failure or an interrupt, its workers are stopped
            self.pool = None
            _RENDER_STATE.clear()

    def render(self, phase: str, progress: Progress = no_progress) -> list[str]:
        """Render and write every output of one phase not in skip; return the paths written."""
        if phase != LETTERS:
            self._stop_pool()  # its workers' copies of the archive are freed first
        if self.pool is None:
            paths = write_outputs(self.staging, _outputs_of(self.plan, self.skip, phase), progress)
            if paths:
                # The files of every letter (CSV, JSON, sitemaps) are built as large strings; what
                # they left would otherwise stay with the build while Pagefind runs (a few
                # milliseconds: what the build keeps is frozen, the collector skips it).
                release_free_memory()
            return paths
        paths = []
        futures = [self.pool.submit(_render_task, part) for part in range(len(_RENDER_STATE["parts"]))]
        for future in as_completed(futures):
            written = future.result()
            paths.extend(written)
            progress(len(written))
        return paths


def work_of(output: Output, documents: int) -> int:
    """About how long an output takes to render, in letter pages: a file of every letter takes long."""
    # A letter's row, card or entry costs about a twentieth of its page.
    return 1 + ((documents if output.inputs.whole else 0) + len(output.inputs.texts)) // 20


def letter_parts(plan: Iterable[Output], skip: Container[str], parts: int) -> list[tuple[Output, ...]]:
    """The letters' outputs not skipped, in `parts` runs of neighbouring letters of about equal size.

    A letter's page and the files copied beside it stay in one part, whose worker makes their
    folder once (creating a folder or file is the costly part of writing).
    """
    folders: dict[str, list[Output]] = {}
    for output in _outputs_of(plan, skip, LETTERS):
        folders.setdefault(output.path.rpartition("/")[0], []).append(output)
    total, runs, run, done = sum(map(len, folders.values())), [], [], 0
    for outputs in folders.values():
        run += outputs
        done += len(outputs)
        if done * parts >= (len(runs) + 1) * total:  # this run has reached its share of the whole
            runs.append(tuple(run))
            run = []
    return runs


def _outputs_of(plan: Iterable[Output], skip: Container[str], phase: str) -> Iterator[Output]:
    """The outputs of one phase, not skipped."""
    for output in plan:
        if output.phase == phase and output.path not in skip:
            yield output


def _render_task(part: int) -> list[str]:
    state = _RENDER_STATE
    # In a child of the worker: the pages of memory a share's letters touch are copied for that
    # share only, and freed when it is done, instead of piling up in the worker.
    return in_child(lambda: write_outputs(state["staging"], state["parts"][part]))
