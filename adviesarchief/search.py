"""Build the Pagefind search index over the written document pages, in shards, with the Pagefind CLI.

One Pagefind run over a large archive needs memory in proportion to all pages (about 35 GB
for 100,000 letters), and time in proportion to them on every change. So a large archive is
indexed per year, a year split by date into parts of at most shard_size() letters: every shard
is a separate Pagefind run over a folder of links to its pages, shards run side by side, and a
shard whose pages did not change is taken over from the published site, so one changed letter
costs the indexing of a few hundred. The newest shard is the main bundle in /pagefind/, the
others are in /pagefind/<shard>/. The search page opens only the shards a search needs (see
zoekindex.js).
"""

from __future__ import annotations

import dataclasses
import math
import os
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Callable, Sequence

from pagefind_bin import get_executable

from .errors import ArchiveError
from .model import Document

# Up to this many documents one index is smallest to download; beyond it, shards per year.
SINGLE_INDEX_MAX = 2000
# A year with more documents is split into parts by date. Pagefind takes about 3 ms per letter,
# so re-indexing a shard after one change takes under a second.
SHARD_MAX = 250
# But every shard a search opens costs its download (a word-index chunk of some 26 KB, however
# few letters it holds), so a larger archive gets larger shards: SHARD_MAX doubles for every
# doubling of the archive beyond this size (a rare step, after which every shard is rebuilt).
SHARD_GROWTH_FROM = 16_000
# Pagefind's own search interfaces: the site has its own search page, so shard bundles
# (never loaded by a browser on their own) leave them out; /pagefind/ keeps them.
UI_FILES = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
            "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")
# The search page first searches the newest shards up to this many documents, or this many shards
# (each costs a query about 26 KB of word index, whatever its size); the reader widens it.
FIRST_SEARCH_DOCUMENTS = 2000
FIRST_SEARCH_SHARDS = 6
INDEX_DIR = "pagefind"
# Up to this many pages to index, their input folders are made before the indexing thread starts.
PREPARE_HERE_MAX = 1000
# What a Pagefind bundle holds besides its files; other folders inside /pagefind/ are shards.
BUNDLE_FOLDERS = ("fragment", "index", "filter")


@dataclass(frozen=True)
class Shard:
    """One Pagefind bundle: its name ('' for the main one), its pages and their combined key."""

    name: str
    pages: tuple[str, ...]
    key: str


def assign_shards(documents: Sequence[Document]) -> list[tuple[str, tuple[Document, ...]]]:
    """Split the documents into search shards, the main (newest) one first with name ''; none without documents."""
    if not documents:
        return []  # Pagefind makes no index of nothing: the search page says there is nothing yet
    if len(documents) <= SINGLE_INDEX_MAX:
        return [("", tuple(documents))]
    by_year: dict[int, list[Document]] = {}
    for document in documents:
        by_year.setdefault(document.date.year, []).append(document)
    shards: list[tuple[str, tuple[Document, ...]]] = []
    size = shard_size(len(documents))
    for year in sorted(by_year, reverse=True):
        group = by_year[year]
        # Parts are equal spans of days, and their number a power of two: a part is split in
        # two halves only when the year outgrows it, so adding a letter changes one part.
        parts = 2 ** max(0, math.ceil(math.log2(len(group) / size)))
        if parts == 1:
            shards.append((str(year), tuple(group)))
            continue
        days = (date(year, 12, 31) - date(year, 1, 1)).days + 1
        split: dict[int, list[Document]] = {}
        for document in group:
            split.setdefault((document.date.timetuple().tm_yday - 1) * parts // days, []).append(document)
        shards.extend((f"{year}-{part + 1}", tuple(split[part])) for part in sorted(split, reverse=True))
    return [("", shards[0][1])] + shards[1:]


def shard_size(documents: int) -> int:
    """The most letters a shard should hold in an archive of this many: SHARD_MAX, doubled per doubling."""
    return SHARD_MAX * 2 ** max(0, math.ceil(math.log2(documents / SHARD_GROWTH_FROM)))


def bundle_path(name: str) -> str:
    """Where a shard's bundle lives in the site."""
    return f"{INDEX_DIR}/{name}/" if name else f"{INDEX_DIR}/"


class IndexingCancelled(Exception):
    """The build stopped (an error or Ctrl-C elsewhere) while the index was being built."""


class Indexing:
    """index_site running in a thread, so the build renders its other pages meanwhile."""

    def __init__(self, site_dir: Path, shards: Sequence[Shard], *, previous_site: Path | None = None,
                 previous_keys: dict[str, str] | None = None, staged_keys: dict[str, str] | None = None,
                 jobs: int = 1) -> None:
        """Plan the index (see plan_index) and start building it; the arguments are index_site's."""
        self.total = len(shards)
        self.done = 0
        self._cancelled = threading.Event()
        self._outcome: list[str | BaseException] = []
        plan = plan_index(site_dir, shards, previous_site, previous_keys, staged_keys)
        if sum(len(s.pages) for s in plan.todo) <= PREPARE_HERE_MAX:
            # Linking pages is a few system calls each; from the thread, every call waits for
            # the interpreter lock while this thread renders (0.5 s for 250 pages), here it is
            # a few milliseconds. A large index is prepared in the thread: the render pool
            # then does the rendering, and this thread only waits.
            for shard in plan.todo:
                prepare_input(site_dir, shard, plan.work)
            plan = dataclasses.replace(plan, prepared=frozenset(s.name for s in plan.todo))
        self._work = plan.work
        options = {"previous_site": previous_site, "previous_keys": previous_keys,
                   "staged_keys": staged_keys, "jobs": jobs, "plan": plan}
        self._thread = threading.Thread(target=self._run, args=(site_dir, shards, options),
                                        name="pagefind", daemon=True)
        self._thread.start()

    def _run(self, site_dir: Path, shards: Sequence[Shard], options: dict[str, Any]) -> None:
        try:
            self._outcome.append(index_site(site_dir, shards, progress=self._advance,
                                            cancelled=self._cancelled, **options))
        except BaseException as problem:  # handed to wait(), in the build's own thread
            self._outcome.append(problem)

    def _advance(self, count: int) -> None:
        self.done += count

    def wait(self, progress: Callable[[int], None] = lambda _: None) -> str:
        """Wait until the index is built; return its summary or raise what stopped it."""
        shown = 0
        while self._thread.is_alive():
            self._thread.join(0.05)
            progress(self.done - shown)
            shown = self.done
        progress(self.done - shown)
        outcome = self._outcome[0]
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    def cancel(self) -> None:
        """Stop Pagefind (the build failed elsewhere) and give the thread a moment to clean up."""
        self._cancelled.set()
        self._thread.join(5)
        # index_site removes its folder when it ends; a thread that never got there leaves it
        # (one still running removes it itself, and would make it again if removed now).
        if not self._thread.is_alive():
            shutil.rmtree(self._work, ignore_errors=True)


@dataclass(frozen=True)
class IndexPlan:
    """Which shards stay in the staged site, are taken from the published one, or are built."""

    kept: tuple[Shard, ...]
    reused: tuple[Shard, ...]
    todo: tuple[Shard, ...]
    work: Path  # Pagefind's input folders and output, removed when the index is placed
    prepared: frozenset[str] = frozenset()  # shards whose input folder is ready


def plan_index(site_dir: Path, shards: Sequence[Shard], previous_site: Path | None = None,
               previous_keys: dict[str, str] | None = None,
               staged_keys: dict[str, str] | None = None) -> IndexPlan:
    """Sort the shards into kept, reused and to build, and make the folder Pagefind works in.

    A bundle already in site_dir (a patched spare, its keys in staged_keys) stays when its key
    is unchanged; else a bundle is hard-linked from previous_site when its key there is, and
    built by Pagefind otherwise.
    """
    previous_keys = previous_keys or {}
    staged_keys = staged_keys or {}
    kept = tuple(s for s in shards if staged_keys.get(s.name) == s.key
                 and (site_dir / bundle_path(s.name) / "pagefind-entry.json").is_file())
    reused = tuple(s for s in shards if s not in kept and previous_site is not None
                   and previous_keys.get(s.name) == s.key
                   and (previous_site / bundle_path(s.name) / "pagefind-entry.json").is_file())
    todo = tuple(s for s in shards if s not in kept and s not in reused)
    # Named after the staging folder, so that write.remove_stale also clears it after a kill.
    work = Path(tempfile.mkdtemp(prefix=f"{site_dir.name}-pagefind-", dir=site_dir.parent))
    return IndexPlan(kept, reused, todo, work)


def index_site(site_dir: Path, shards: Sequence[Shard], *, previous_site: Path | None = None,
               previous_keys: dict[str, str] | None = None, staged_keys: dict[str, str] | None = None,
               jobs: int = 1, progress: Callable[[int], None] = lambda _: None,
               cancelled: threading.Event | None = None, plan: IndexPlan | None = None) -> str:
    """Index every shard whose key changed, take the others over (see plan_index); return a summary."""
    if plan is None:
        plan = plan_index(site_dir, shards, previous_site, previous_keys, staged_keys)
    work = plan.work
    try:
        # Bundles of shards that are gone; a changed one is replaced below, where it is placed.
        for name in set(staged_keys or {}) - {s.name for s in shards}:
            remove_bundle(site_dir, name)
        counts = _run_shards(site_dir, plan.todo, work, jobs, progress, cancelled, plan.prepared)
        target = site_dir / INDEX_DIR
        if not shards:
            shutil.rmtree(target, ignore_errors=True)  # a patched spare's index of letters now gone
            return "no documents, no search index"
        for shard in sorted(shards, key=lambda s: s.name != ""):  # the main bundle first
            if cancelled is not None and cancelled.is_set():
                raise IndexingCancelled()
            destination = site_dir / bundle_path(shard.name)
            if shard in plan.kept:
                progress(1)
                continue
            # A staged bundle with an unchanged key but missing files (changed by hand) goes too.
            remove_bundle(site_dir, shard.name)
            if shard in plan.reused:
                assert previous_site is not None
                _link_bundle(previous_site / bundle_path(shard.name), destination)
                progress(1)
            else:
                _place_bundle(work / "out" / (shard.name or "_main"), destination)
        assert target.is_dir()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    pages = sum(len(s.pages) for s in shards)
    words = f", {counts['words']} words" if plan.todo else ""
    return (f"{pages} pages in {len(shards)} {'shard' if len(shards) == 1 else 'shards'}, "
            f"{len(plan.todo)} indexed{words}")


def remove_bundle(site_dir: Path, name: str) -> None:
    """Remove one shard's bundle from a site folder; the main bundle's removal spares the shard folders in it."""
    folder = site_dir / bundle_path(name)
    if name:
        shutil.rmtree(folder, ignore_errors=True)
        return
    if not folder.is_dir():
        return
    for entry in folder.iterdir():
        if entry.is_dir() and not entry.is_symlink():
            if entry.name in BUNDLE_FOLDERS:
                shutil.rmtree(entry)
        else:
            entry.unlink()


def _place_bundle(built: Path, destination: Path) -> None:
    """Move a freshly built bundle into the site (into an existing folder entry by entry)."""
    if not destination.exists():
        os.replace(built, destination)
        return
    for entry in built.iterdir():
        os.replace(entry, destination / entry.name)


def prepare_input(site_dir: Path, shard: Shard, work: Path) -> None:
    """Make the folder Pagefind indexes for one shard: hard links to its pages, in their folders."""
    source = os.path.join(work, "in", shard.name or "_main")
    site = str(site_dir)
    made: set[str] = set()
    for page in shard.pages:
        folder = os.path.dirname(page)
        if folder not in made:
            os.makedirs(os.path.join(source, folder), exist_ok=True)
            made.add(folder)
        _link_or_copy(Path(site, page), Path(source, page))
    os.makedirs(source, exist_ok=True)


def _run_shards(site_dir: Path, shards: Sequence[Shard], work: Path, jobs: int,
                progress: Callable[[int], None], cancelled: threading.Event | None = None,
                prepared: frozenset[str] = frozenset()) -> dict[str, int]:
    """Run Pagefind per shard, `jobs` at a time, over a folder of hard links to the shard's pages."""
    executable = str(get_executable())
    pending = sorted(shards, key=lambda s: -len(s.pages))  # biggest first, for a short tail
    running: list[tuple[Shard, subprocess.Popen[str]]] = []
    counts = {"words": 0}
    (work / "out").mkdir()
    try:
        while pending or running:
            while pending and len(running) < max(1, jobs):
                shard = pending.pop(0)
                source = work / "in" / (shard.name or "_main")
                if shard.name not in prepared:
                    prepare_input(site_dir, shard, work)
                command = [executable, "--site", str(source), "--output-path",
                           str(work / "out" / (shard.name or "_main"))]
                running.append((shard, subprocess.Popen(command, stdout=subprocess.PIPE,
                                                        stderr=subprocess.PIPE, text=True)))
            time.sleep(0.02)
            if cancelled is not None and cancelled.is_set():
                raise IndexingCancelled()
            for shard, process in list(running):
                if process.poll() is None:
                    continue
                stdout, stderr = process.communicate()
                running.remove((shard, process))
                if process.returncode != 0:
                    raise ArchiveError(
                        "building the search index failed: " + (stderr.strip() or stdout.strip())[-500:],
                        hint="this is a bug in the build, not in your content: please report it")
                counts["words"] += _indexed_words(stdout)
                if shard.name:
                    for name in UI_FILES:
                        (work / "out" / shard.name / name).unlink(missing_ok=True)
                shutil.rmtree(work / "in" / (shard.name or "_main"), ignore_errors=True)
                progress(1)
    finally:
        for _, process in running:
            process.kill()
            process.wait()
    return counts


def _indexed_words(stdout: str) -> int:
    for line in stdout.splitlines():
        words = line.strip().split()
        if line.strip().startswith("Indexed ") and len(words) >= 3 and words[2] == "words":
            return int(words[1])
    return 0


def _link_bundle(source: Path, destination: Path) -> None:
    """Hard-link a published bundle into the staging site (files and Pagefind's own folders only)."""
    destination.mkdir(parents=True, exist_ok=True)
    for entry in source.iterdir():
        if entry.is_file():
            _link_or_copy(entry, destination / entry.name)
        elif entry.name in BUNDLE_FOLDERS:
            (destination / entry.name).mkdir()
            for item in entry.iterdir():
                _link_or_copy(item, destination / entry.name / item.name)


def _link_or_copy(source: Path, target: Path) -> None:
    # A hard link costs no disk and no time; the published file is never written in place.
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)
