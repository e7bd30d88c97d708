"""Build the Pagefind search index of the letters, shard by shard (see shards.py), with the Pagefind CLI.

Every shard is a separate Pagefind run over a folder of its letters' records (see
records.py); shards run side by side, and a shard whose letters did not change is taken over
from where the build says it is held, so one changed letter costs the indexing of a few
hundred. The search page opens only the shards a search needs (see zoekindex.js). Each bundle's
word index is re-cut after Pagefind wrote it, so that no word shares a chunk with a word found
in nearly every letter (see chunks.py).
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import threading
import time
from pathlib import Path
from typing import Callable, Mapping, Sequence

from pagefind_bin import get_executable

from .. import urls
from ..config import Tuning
from ..errors import ArchiveError
from .chunks import rechunk_bundle
from .records import NoMemory, RecordMemory, RecordStatus, render_record
from .words import Lexicon
from .shards import Shard, bundle_path

# Pagefind's own search interfaces: the site has its own search page, so shard bundles
# (never loaded by a browser on their own) leave them out; /pagefind/ keeps them.
UI_FILES = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
            "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")
INDEX_DIR = urls.SEARCH_INDEX.rstrip("/")
# What a Pagefind bundle holds besides its files; other folders inside /pagefind/ are shards.
BUNDLE_FOLDERS = ("fragment", "index", "filter")


# Held while a thread starts a Pagefind process, and taken by every fork of this process. A
# process forked in the middle of Popen (the build forks its render workers while Pagefind runs
# in a thread) inherits the new process's ends of its output pipes: reading that output then
# waits until the forked process ends, not Pagefind.
STARTING = threading.Lock()
_FORKING = threading.local()  # whether this thread took STARTING for the fork it makes


def _before_fork() -> None:
    STARTING.acquire()
    _FORKING.held = True


def _after_fork() -> None:
    # Only a lock the fork took is given back: if Ctrl-C broke off the wait (the fork goes on
    # regardless), the lock is the starting thread's.
    if getattr(_FORKING, "held", False):
        _FORKING.held = False
        STARTING.release()


os.register_at_fork(before=_before_fork, after_in_parent=_after_fork, after_in_child=_after_fork)


def start_process(command: list[str], environment: dict[str, str] | None) -> subprocess.Popen[str]:
    """Start a process with its output piped back, never while this process forks."""
    with STARTING:
        return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment)


class IndexingCancelled(Exception):
    """The build stopped (an error or Ctrl-C elsewhere) while the index was being built."""


class Indexing:
    """Pagefind over the shards that changed, in a thread, while the build works out and renders its pages."""

    def __init__(self, shards: Sequence[Shard], make_work: Callable[[bool], Path], topics: Mapping[str, str], *,
                 held_at: Callable[[Shard], Path | None], tuning: Tuning, jobs: int = 1,
                 statuses: Mapping[str, RecordStatus] | None = None, lexicon: Lexicon = Lexicon(),
                 memory: RecordMemory = NoMemory()) -> None:
        """Start indexing every shard whose bundle is not held as it is now anywhere (held_at says where it is).

        make_work(small) makes an empty folder for Pagefind's work (small: in memory where it can);
        lexicon is the archive's words and synonyms the records are annotated with (words.py);
        memory, the records an earlier build made (a letter's is made again only when it changed).
        """
        self.shards = tuple(shards)
        self.total = len(self.shards)
        self.done = 0
        self._topics, self._jobs, self._tuning = (topics, lexicon), jobs, tuning
        self._statuses: Mapping[str, RecordStatus] = statuses or {}  # letter id -> its status, for the records
        self._memory = memory
        self._held_at = held_at
        self._cancelled = threading.Event()
        self._outcome: list[dict[str, float] | BaseException] = []
        self.todo = tuple(s for s in self.shards if held_at(s) is None)
        self.records = sum(len(s.documents) for s in self.todo)  # letters to index
        small = self.records <= tuning.prepare_here_max
        # Pagefind's output moves into the site, so a large index is made beside it. The records
        # are read once and deleted: in memory they cost the disk nothing (writing and removing
        # 10,000 of them on ext4 took 5 to 8 s of system time, in memory 0.6 s).
        self._work = self._input = make_work(small)
        prepared: frozenset[str] = frozenset()
        try:
            if not small:
                self._input = make_work(True)
            if small:
                # Writing records is a few system calls each; from the thread, every call waits
                # for the interpreter lock while this thread works (0.5 s for 250 records), here
                # it is a few milliseconds. A large index is prepared in the thread: the render
                # pool does the letters' pages meanwhile (the other outputs are rendered in the
                # build's own thread, which then shares the interpreter lock with this one).
                for shard in self.todo:
                    prepare_input(shard, self._input, self._topics, self._statuses, memory)
                prepared = frozenset(s.name for s in self.todo)
            self._thread = threading.Thread(target=self._run, args=(prepared,), name="pagefind", daemon=True)
            if prepared or not self.todo:
                # Only starts Pagefind processes and waits: harmless when the render pool forks.
                self._thread.start()
        except BaseException:
            self._remove_work()
            raise

    def __enter__(self) -> "Indexing":
        return self

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> None:
        if kind is not None:
            self.cancel()

    def start(self) -> None:
        """Start a large index too (it writes its records in the thread): after the render pool has forked."""
        if not self._thread.is_alive() and not self._outcome:
            self._thread.start()

    def include(self, shards: Sequence[Shard], held_at: Callable[[Shard], Path | None],
                statuses: Mapping[str, RecordStatus], memory: RecordMemory) -> None:
        """Make this run, started on some shards, the index of all: the others are taken from where they are held.

        For a run started before the build knew every shard (incremental/early.py): its own shards
        must be exactly those held nowhere.
        """
        self.shards = tuple(shards)
        self.total = len(self.shards)
        self._held_at, self._statuses, self._memory = held_at, statuses, memory

    def _run(self, prepared: frozenset[str]) -> None:
        try:
            # A small index runs while the build works out its pages on one core; Pagefind's
            # threads would take that core too (a re-index of 150 letters: 0.3 s of work on one
            # thread, 0.5 s spread over two).
            self._outcome.append(_run_shards(self.todo, (self._input, self._work), self._topics, self._jobs,
                                             self._advance,
                                             self._cancelled, prepared,
                                             single_thread=self.records <= self._tuning.single_thread_max,
                                             statuses=self._statuses, memory=self._memory))
        except BaseException as problem:  # handed to wait(), in the build's own thread
            self._outcome.append(problem)

    def _advance(self, count: int) -> None:
        self.done += count

    def wait(self, site_dir: Path, staged: frozenset[str] = frozenset(),
             progress: Callable[[int], None] = lambda _: None) -> str:
        """Wait for Pagefind, then put every shard's bundle into site_dir; return a summary.

        site_dir is the staged site, which holds the bundles named in staged (a patched spare's;
        they stay where they are still held) or none. Other bundles are hard-linked from where
        they are held, or moved in from Pagefind's output.
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
            for name in staged - {s.name for s in self.shards}:
                remove_bundle(site_dir, name)  # shards that are gone
            if not self.shards:
                shutil.rmtree(site_dir / INDEX_DIR, ignore_errors=True)  # a patched spare's index of letters now gone
                return "no documents, no search index"
            held = {s.name: self._held_at(s) for s in self.shards if s.name not in built}
            # Held when the build started, but gone since (another build took the spare): index them now.
            late = [s for s in self.shards if s.name in held and held[s.name] is None]
            if late:
                more = _run_shards(late, (self._input, self._work), self._topics, self._jobs, progress,
                                   statuses=self._statuses, memory=self._memory)
                outcome = {name: outcome[name] + more[name] for name in outcome}
                built |= {s.name for s in late}
            for shard in sorted(self.shards, key=lambda s: s.name != ""):  # the main bundle first
                destination = site_dir / bundle_path(shard.name)
                if shard.name in built:
                    _place_bundle(self._work / "out" / (shard.name or "_main"), destination, main=not shard.name)
                    continue
                folder = held[shard.name]
                assert folder is not None
                if os.path.samefile(folder, site_dir):
                    continue
                # A staged bundle with an unchanged key but missing files (changed by hand) goes too.
                remove_bundle(site_dir, shard.name)
                _link_bundle(folder / bundle_path(shard.name), destination)
            assert (site_dir / INDEX_DIR).is_dir()
        finally:
            self._remove_work()
        documents = sum(len(s.documents) for s in self.shards)
        # Pagefind's own CPU time: what the build cannot make smaller (the benchmark reports it).
        words = f", {int(outcome['words'])} words, {outcome['cpu']:.1f} CPU-s in Pagefind" if built else ""
        return (f"{documents} pages in {self.total} {'shard' if self.total == 1 else 'shards'}, "
                f"{len(built)} indexed{words}")

    def cancel(self) -> None:
        """Stop Pagefind (the build failed elsewhere) and give the thread a moment to clean up."""
        self._cancelled.set()
        if self._thread.ident is not None:
            self._thread.join(5)
        # Pagefind is stopped by now (the thread checks every 10 ms); what the thread might
        # still write after this would be removed with the next build's stale folders.
        self._remove_work()

    def _remove_work(self) -> None:
        for folder in {self._work, self._input}:
            shutil.rmtree(folder, ignore_errors=True)


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


def prepare_input(shard: Shard, work: Path, words: tuple[Mapping[str, str], Lexicon],
                  statuses: Mapping[str, RecordStatus] | None = None, memory: RecordMemory = NoMemory()) -> None:
    """Write the folder Pagefind indexes for one shard: each letter's record where its page would be.

    memory gives the records an earlier build made that are still right, and keeps the shard's
    records for the next build when any was made.
    """
    source = os.path.join(work, "in", shard.name or "_main")
    known = memory.recall(shard)
    made: dict[str, bytes] = {}
    for document in shard.documents:
        record = known.get(document.id)
        if record is None:
            record = render_record(document, *words, *(statuses or {}).get(document.id, ("", None, "")))
        made[document.id] = record
        folder = os.path.join(source, document.url)
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "index.html"), "wb") as file:
            file.write(record)
    os.makedirs(source, exist_ok=True)
    if len(known) < len(made):
        memory.keep(shard, made)


def _run_shards(shards: Sequence[Shard], folders: tuple[Path, Path], topics: tuple[Mapping[str, str], Lexicon],
                jobs: int,
                progress: Callable[[int], None], cancelled: threading.Event | None = None,
                prepared: frozenset[str] = frozenset(), single_thread: bool = False,
                statuses: Mapping[str, RecordStatus] | None = None,
                memory: RecordMemory = NoMemory()) -> dict[str, float]:
    """Run Pagefind per shard, `jobs` at a time, over a folder of the shard's records; count its words and CPU time.

    folders: where the records go (in/) and where Pagefind writes each bundle (out/).

    single_thread: each Pagefind uses one thread (its thread pool is rayon's), leaving the other
    cores to the build running beside it.
    """
    records, work = folders
    executable = str(get_executable())
    # A thread count the user set for Pagefind stands.
    environment = {**os.environ, "RAYON_NUM_THREADS": "1"} \
        if single_thread and "RAYON_NUM_THREADS" not in os.environ else None
    pending = sorted(shards, key=lambda s: -len(s.documents))  # biggest first, for a short tail
    running: list[tuple[Shard, subprocess.Popen[str]]] = []
    counts = {"words": 0.0, "cpu": 0.0}
    (work / "out").mkdir(exist_ok=True)
    try:
        while pending or running:
            while pending and len(running) < max(1, jobs):
                shard = pending.pop(0)
                source = records / "in" / (shard.name or "_main")
                if shard.name not in prepared:
                    prepare_input(shard, records, topics, statuses, memory)
                command = [executable, "--site", str(source), "--output-path",
                           str(work / "out" / (shard.name or "_main"))]
                running.append((shard, start_process(command, environment)))
            time.sleep(0.01)
            if cancelled is not None and cancelled.is_set():
                raise IndexingCancelled()
            for shard, process in list(running):
                cpu = _cpu_at_exit(process)
                if cpu is None:
                    continue
                counts["cpu"] += cpu
                stdout, stderr = process.communicate()
                running.remove((shard, process))
                if process.returncode != 0:
                    raise ArchiveError(
                        "building the search index failed: " + (stderr.strip() or stdout.strip())[-500:],
                        hint="this is a bug in the build, not in your content: please report it")
                counts["words"] += _indexed_words(stdout)
                rechunk_bundle(work / "out" / (shard.name or "_main"))
                if shard.name:
                    for name in UI_FILES:
                        (work / "out" / shard.name / name).unlink(missing_ok=True)
                shutil.rmtree(records / "in" / (shard.name or "_main"), ignore_errors=True)
                progress(1)
    finally:
        for _, process in running:
            process.kill()
            process.communicate()  # waits, and closes its pipes
    return counts


def _cpu_at_exit(process: subprocess.Popen[str]) -> float | None:
    """The CPU seconds a process used, once it has exited (None while it runs); it is then reaped."""
    if process.returncode is not None:
        return 0.0
    try:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
    except ChildProcessError:  # reaped elsewhere: its time is not known
        process.poll()
        return 0.0 if process.returncode is not None else None
    if pid == 0:
        return None
    process.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_utime + usage.ru_stime


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
