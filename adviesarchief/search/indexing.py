"""Build the Pagefind search index of the letters, in shards, with the Pagefind CLI.

One Pagefind run over a large archive needs memory in proportion to all pages (about 35 GB
for 100,000 letters), and time in proportion to them on every change. So a large archive is
indexed per year, a year split by date into parts of at most shard_size() letters: every shard
is a separate Pagefind run over a folder of its letters' records (see render_record), shards run
side by side, and a shard whose letters did not change is taken over from the published site,
so one changed letter costs the indexing of a few hundred. The newest shard is the main bundle in /pagefind/, the
others are in /pagefind/<shard>/. The search page opens only the shards a search needs (see
zoekindex.js).
"""

from __future__ import annotations

import errno
import math
import os
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable, Mapping, Sequence

from markupsafe import escape
from pagefind_bin import get_executable

from ..incremental.cache import code_version, combine
from ..errors import ArchiveError
from ..model import NATIONAL, OUTCOMES, Document

# Up to this many documents one index is smallest to download; beyond it, shards per year.
SINGLE_INDEX_MAX = 2000
# A year with more documents is split into parts by date. Pagefind takes about 2.5 ms per
# letter, so re-indexing the shard of one changed letter (parts of 100 to 200) takes well
# under half a second, the time a rebuild spends on the rest.
SHARD_MAX = 200
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
# Up to this many letters to index, their records are written before the indexing thread starts.
PREPARE_HERE_MAX = 1000
# Up to this many letters to index, Pagefind runs on one thread: it ends (in under a second)
# before the build's own work, which holds one core. A larger index is the build's longest
# task (a cold build of 1,000 letters) and gets every core.
SINGLE_THREAD_MAX = 400
# What a Pagefind bundle holds besides its files; other folders inside /pagefind/ are shards.
BUNDLE_FOLDERS = ("fragment", "index", "filter")


@dataclass(frozen=True)
class Shard:
    """One Pagefind bundle: its name ('' for the main one), its letters and their combined key."""

    name: str
    documents: tuple[Document, ...]
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


def plan_shards(documents: Sequence[Document], hashes: Mapping[str, str], topics: Mapping[str, str]) -> list[Shard]:
    """The search shards of an archive, each keyed by everything its records are made from."""
    base = combine(code_version(), repr(sorted(topics.items())))
    shards = []
    for name, group in assign_shards(documents):
        shards.append(Shard(name, group, combine(base, name, *(
            f"{d.url}={hashes[d.source_path]}:{','.join(m.name for m in d.municipalities)}" for d in group))))
    return shards


def render_record(document: Document, topics: Mapping[str, str]) -> bytes:
    """What Pagefind reads of one letter: title, summary and text, and its filters, sort and meta.

    The index is made from these records rather than from the letters' pages, so that it
    depends on the letters alone: a build starts Pagefind as soon as they are validated,
    while it works out and renders the pages. The record holds the page's own words.
    """
    title = escape(document.title)
    municipalities = [m.name for m in document.municipalities] or [NATIONAL]
    parts = [
        '<!doctype html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">\n',
        f"<title>{title}</title>\n</head>\n<body>\n<div data-pagefind-body>\n",
        f'<h1 data-pagefind-meta="title">{title}</h1>\n',
        f"<p><strong>Kort gezegd:</strong> {escape(document.summary)}</p>\n" if document.summary else "",
        "</div>\n<div>\n",
        *(f'<span data-pagefind-filter="gemeente">{escape(name)}</span>\n' for name in municipalities),
        *(f'<span data-pagefind-filter="onderwerp">{escape(topics[slug])}</span>\n' for slug in document.topics),
        f'<span data-pagefind-filter="soort">{escape(document.type_label)}</span>\n',
        f'<span data-pagefind-filter="jaar">{document.date.year}</span>\n',
        f'<span data-pagefind-sort="datum">{document.date.isoformat()}</span>\n',
        f'<span data-pagefind-meta="datum">{document.date.isoformat()}</span>\n',
        f'<span data-pagefind-meta="soort">{escape(document.type_label)}</span>\n',
        f'<span data-pagefind-meta="gemeente">{escape(document.place)}</span>\n',
        *(f'<span data-pagefind-filter="uitkomst">{escape(OUTCOMES[outcome])}</span>\n'
          for outcome in dict.fromkeys(r.outcome for r in document.responses)),
        f'<span data-pagefind-meta="kenmerk">{escape(document.reference)}</span>\n' if document.reference else "",
        f"</div>\n<div data-pagefind-body>\n{document.body_html}\n</div>\n</body>\n</html>\n",
    ]
    return "".join(parts).encode("utf-8")


@dataclass(frozen=True)
class SiteIndex:
    """A site folder and the keys of the search shards its manifest says it holds."""

    folder: Path
    keys: Mapping[str, str]

    def holds(self, shard: Shard) -> bool:
        """Whether the folder holds this shard's bundle as it is now."""
        return self.keys.get(shard.name) == shard.key and \
            (self.folder / bundle_path(shard.name) / "pagefind-entry.json").is_file()


class Indexing:
    """Pagefind over the shards that changed, in a thread, while the build works out and renders its pages."""

    def __init__(self, shards: Sequence[Shard], make_work: Callable[[int], Path], topics: Mapping[str, str], *,
                 spare: SiteIndex | None = None, published: SiteIndex | None = None, jobs: int = 1) -> None:
        """Start indexing every shard neither the spare nor the published site holds.

        make_work makes the empty folder Pagefind works in, given how many records go there.
        """
        self.shards = tuple(shards)
        self.total = len(self.shards)
        self.done = 0
        self._topics, self._jobs = topics, jobs
        self._spare, self._published = spare, published
        self._cancelled = threading.Event()
        self._outcome: list[dict[str, int] | BaseException] = []
        self.todo = tuple(s for s in self.shards if not (spare is not None and spare.holds(s))
                          and not (published is not None and published.holds(s)))
        self.records = sum(len(s.documents) for s in self.todo)  # letters to index
        self._work = work = make_work(self.records)
        prepared: frozenset[str] = frozenset()
        try:
            if self.records <= PREPARE_HERE_MAX:
                # Writing records is a few system calls each; from the thread, every call waits
                # for the interpreter lock while this thread works (0.5 s for 250 records), here
                # it is a few milliseconds. A large index is prepared in the thread: the render
                # pool then does the work, and this thread mostly waits.
                for shard in self.todo:
                    prepare_input(shard, work, topics)
                prepared = frozenset(s.name for s in self.todo)
            self._thread = threading.Thread(target=self._run, args=(prepared,), name="pagefind", daemon=True)
            if prepared or not self.todo:
                # Only starts Pagefind processes and waits: harmless when the render pool forks.
                self._thread.start()
        except BaseException:
            shutil.rmtree(work, ignore_errors=True)
            raise

    def start(self) -> None:
        """Start a large index too (it writes its records in the thread): after the render pool has forked."""
        if not self._thread.is_alive() and not self._outcome:
            self._thread.start()

    def _run(self, prepared: frozenset[str]) -> None:
        try:
            # A small index runs while the build works out its pages on one core; Pagefind's
            # threads would take that core too (a re-index of 150 letters: 0.3 s of work on one
            # thread, 0.5 s spread over two).
            self._outcome.append(_run_shards(self.todo, self._work, self._topics, self._jobs, self._advance,
                                             self._cancelled, prepared,
                                             single_thread=self.records <= SINGLE_THREAD_MAX))
        except BaseException as problem:  # handed to wait(), in the build's own thread
            self._outcome.append(problem)

    def _advance(self, count: int) -> None:
        self.done += count

    def wait(self, site_dir: Path, patching: bool, progress: Callable[[int], None] = lambda _: None) -> str:
        """Wait for Pagefind, then put every shard's bundle into site_dir; return a summary.

        site_dir is the staged site: the spare being patched (its bundles stay where their key
        did not change), or an empty folder. Other bundles are hard-linked from the published
        site or moved in from Pagefind's output.
        """
        self.start()
        shown = 0
        while self._thread.is_alive():
            self._thread.join(0.05)
            progress(self.done - shown)
            shown = self.done
        progress(self.done - shown)
        outcome = self._outcome[0]
        if isinstance(outcome, BaseException):
            raise outcome
        try:
            built = {s.name for s in self.todo}
            staged = self._spare if patching and self._spare is not None else None
            if staged is not None:
                for name in set(staged.keys) - {s.name for s in self.shards}:
                    remove_bundle(site_dir, name)  # shards that are gone
            if not self.shards:
                shutil.rmtree(site_dir / INDEX_DIR, ignore_errors=True)  # a patched spare's index of letters now gone
                return "no documents, no search index"
            here = SiteIndex(site_dir, staged.keys) if staged is not None else None
            # The spare was planned to hold these, but another build took it: index them now.
            late = [s for s in self.shards if s.name not in built and not (here is not None and here.holds(s))
                    and not (self._published is not None and self._published.holds(s))]
            if late:
                words = _run_shards(late, self._work, self._topics, self._jobs, progress)["words"]
                outcome = {"words": outcome["words"] + words}
                built |= {s.name for s in late}
            for shard in sorted(self.shards, key=lambda s: s.name != ""):  # the main bundle first
                if here is not None and here.holds(shard) and shard.name not in built:
                    continue
                destination = site_dir / bundle_path(shard.name)
                if shard.name in built:
                    _place_bundle(self._work / "out" / (shard.name or "_main"), destination, main=not shard.name)
                else:
                    # A staged bundle with an unchanged key but missing files (changed by hand) goes too.
                    remove_bundle(site_dir, shard.name)
                    assert self._published is not None
                    _link_bundle(self._published.folder / bundle_path(shard.name), destination)
            assert (site_dir / INDEX_DIR).is_dir()
        finally:
            shutil.rmtree(self._work, ignore_errors=True)
        documents = sum(len(s.documents) for s in self.shards)
        words = f", {outcome['words']} words" if built else ""
        return (f"{documents} pages in {self.total} {'shard' if self.total == 1 else 'shards'}, "
                f"{len(built)} indexed{words}")

    def cancel(self) -> None:
        """Stop Pagefind (the build failed elsewhere) and give the thread a moment to clean up."""
        self._cancelled.set()
        if self._thread.ident is not None:
            self._thread.join(5)
        # Pagefind is stopped by now (the thread checks every 10 ms); what the thread might
        # still write after this would be removed with the next build's stale folders.
        shutil.rmtree(self._work, ignore_errors=True)


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


def _move(source: str | Path, target: Path) -> None:
    """Move a file or folder to where nothing is; across file systems (from memory) by copying."""
    try:
        os.replace(source, target)
    except OSError as problem:
        if problem.errno != errno.EXDEV:
            raise
        if os.path.isdir(source):
            shutil.copytree(source, target, copy_function=shutil.copyfile)
        else:
            shutil.copyfile(source, target)


def _place_bundle(built: Path, destination: Path, *, main: bool = False) -> None:
    """Move a freshly built bundle into the site; over an old one, only the files that differ.

    Re-indexing a shard after one change alters a few of its files (Pagefind names most of
    them by their content): the others stay, and removing and creating hundreds of files on
    every rebuild would cost more than the indexing.
    """
    if not destination.is_dir():
        destination.parent.mkdir(parents=True, exist_ok=True)
        _move(built, destination)
        return
    _sync_folder(built, destination, main=main)


def _sync_folder(built: Path, destination: Path, *, main: bool = False) -> None:
    """Make destination hold what built holds (moving files out of built); in the main bundle, the shards' folders stay."""
    wanted = set()
    for entry in os.scandir(built):
        wanted.add(entry.name)
        target = destination / entry.name
        if entry.is_dir(follow_symlinks=False):
            if target.is_dir() and not target.is_symlink():
                _sync_folder(Path(entry.path), target)
            else:
                _remove_any(target)
                _move(entry.path, target)
        elif not _same_file(entry.path, target):
            # Removed first, never written in place: it may be a hard link to a published file.
            _remove_any(target)
            _move(entry.path, target)
    for entry in os.scandir(destination):
        if entry.name in wanted or (main and entry.is_dir(follow_symlinks=False) and entry.name not in BUNDLE_FOLDERS):
            continue
        _remove_any(Path(entry.path))


def _same_file(new: str, old: Path) -> bool:
    try:
        if os.path.getsize(new) != os.path.getsize(old) or not old.is_file():
            return False
        with open(new, "rb") as first, open(old, "rb") as second:
            return first.read() == second.read()
    except OSError:
        return False


def _remove_any(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


def prepare_input(shard: Shard, work: Path, topics: Mapping[str, str]) -> None:
    """Write the folder Pagefind indexes for one shard: each letter's record where its page would be."""
    source = os.path.join(work, "in", shard.name or "_main")
    for document in shard.documents:
        folder = os.path.join(source, document.url)
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "index.html"), "wb") as file:
            file.write(render_record(document, topics))
    os.makedirs(source, exist_ok=True)


def _run_shards(shards: Sequence[Shard], work: Path, topics: Mapping[str, str], jobs: int,
                progress: Callable[[int], None], cancelled: threading.Event | None = None,
                prepared: frozenset[str] = frozenset(), single_thread: bool = False) -> dict[str, int]:
    """Run Pagefind per shard, `jobs` at a time, over a folder of the shard's records.

    single_thread: each Pagefind uses one thread (its thread pool is rayon's), leaving the other
    cores to the build running beside it.
    """
    executable = str(get_executable())
    # A thread count the user set for Pagefind stands.
    environment = {**os.environ, "RAYON_NUM_THREADS": "1"} \
        if single_thread and "RAYON_NUM_THREADS" not in os.environ else None
    pending = sorted(shards, key=lambda s: -len(s.documents))  # biggest first, for a short tail
    running: list[tuple[Shard, subprocess.Popen[str]]] = []
    counts = {"words": 0}
    (work / "out").mkdir(exist_ok=True)
    try:
        while pending or running:
            while pending and len(running) < max(1, jobs):
                shard = pending.pop(0)
                source = work / "in" / (shard.name or "_main")
                if shard.name not in prepared:
                    prepare_input(shard, work, topics)
                command = [executable, "--site", str(source), "--output-path",
                           str(work / "out" / (shard.name or "_main"))]
                running.append((shard, subprocess.Popen(command, stdout=subprocess.PIPE,
                                                        stderr=subprocess.PIPE, text=True, env=environment)))
            time.sleep(0.01)
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
            process.communicate()  # waits, and closes its pipes
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
