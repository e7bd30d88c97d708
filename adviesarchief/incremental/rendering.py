"""Render and write the site's outputs on every core: a forked pool that serves each phase, or in-process.

The pool's workers inherit the plan of every output (_RENDER_STATE) when they are forked, and
each writes its share of the outputs into the staging folder itself, so no page crosses a pipe.
"""

from __future__ import annotations

import gc
import zlib
from concurrent.futures import as_completed
from pathlib import Path
from typing import Any, Container, Iterable, Iterator, Sequence

from .. import urls
from ..render.outputs import LETTERS, Output
from ..write.site import write_outputs
from .processes import Progress, WorkerPool, fork_pool, no_progress, release_free_memory, use_pool

# Set by Renderer just before forking, read by the forked workers.
_RENDER_STATE: dict[str, Any] = {}


class Renderer:
    """Renders the outputs of each phase (see render.outputs.PHASES) not in skip into staging.

    The pool is forked when the Renderer is made and serves every phase. The search index runs
    in a thread; one that does more than start Pagefind processes starts after the fork.
    """

    def __init__(self, staging: Path, plan: Sequence[Output], skip: Container[str], jobs: int, documents: int,
                 pool_min: int) -> None:
        """plan: every output of the site (render.routes.plan_site); documents: how many the archive holds."""
        self.staging = staging
        self.skip = skip
        self.pool: WorkerPool | None = None
        self.plan = plan
        self.documents = documents
        if use_pool(jobs, self._work(pool_min), pool_min):
            # The workers inherit the plan (and its Jinja environment): listing 20,000 outputs
            # again in each would cost each as much as the plan step.
            _RENDER_STATE.update(plan=plan, skip=skip, staging=staging, parts=jobs * 8)
            release_free_memory()
            # Frozen objects are never traversed by the workers' collector, which would otherwise
            # write to (and so copy) every page holding the inherited archive. The build
            # unfreezes when it ends (processes.heap_kept).
            gc.freeze()
            self.pool = fork_pool(jobs)
            self.pool.submit(int).result()  # fork the workers now, not at the first page

    def _work(self, enough: int) -> int:
        """How much there is to render, in letter pages (counted up to `enough`, where the answer is clear)."""
        work = 0
        for output in self.plan:
            if output.path not in self.skip:
                work += work_of(output, self.documents)
                if work >= enough:
                    break
        return work

    def __enter__(self) -> "Renderer":
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.__exit__(*exc)  # on a failure or an interrupt, its workers are stopped
            _RENDER_STATE.clear()

    def render(self, phase: str, progress: Progress = no_progress) -> list[str]:
        """Render and write every output of one phase not in skip; return the paths written."""
        if self.pool is None:
            paths = write_outputs(self.staging, _share_of(self.plan, self.skip, phase, 0, 1))
            progress(len(paths))
            return paths
        paths: list[str] = []
        parts = range(_RENDER_STATE["parts"])
        if phase != LETTERS:
            # The largest shares first, so that the one holding a whole-archive file (the CSV of
            # every letter takes a second at 10,000) is not the last to start.
            work = [0] * len(parts)
            for output in self.plan:
                if output.phase == phase and output.path not in self.skip:
                    work[_share(output.path, len(parts))] += work_of(output, self.documents)
            parts = sorted(parts, key=work.__getitem__, reverse=True)  # type: ignore[assignment]
        futures = [self.pool.submit(_render_task, part, phase) for part in parts]
        for future in as_completed(futures):
            written = future.result()
            paths.extend(written)
            progress(len(written))
        return paths


def work_of(output: Output, documents: int) -> int:
    """About how long an output takes to render, in letter pages: a file of every letter takes long."""
    # A letter's row, card or entry costs about a twentieth of its page.
    return 1 + ((documents if output.inputs.whole else 0) + len(output.inputs.texts)) // 20


def _share(path: str, parts: int) -> int:
    # A letter's page and the files copied beside it go to one worker, which makes their
    # folder once (creating a folder or file is the costly part of writing). Other folders
    # (data/ holds the largest files) are shared file by file.
    group = path.rpartition("/")[0] if urls.is_letter_file(path) else path
    return zlib.crc32(group.encode()) % parts


def _share_of(plan: Iterable[Output], skip: Container[str], phase: str, part: int, parts: int) -> Iterator[Output]:
    """The outputs of one phase, not skipped, that are this part's share of the work."""
    for output in plan:
        if output.phase == phase and output.path not in skip and (parts == 1 or _share(output.path, parts) == part):
            yield output


def _render_task(part: int, phase: str) -> list[str]:
    state = _RENDER_STATE
    return write_outputs(state["staging"], _share_of(state["plan"], state["skip"], phase, part, state["parts"]))
