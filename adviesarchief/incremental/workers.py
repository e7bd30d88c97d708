"""Share parsing and rendering over every core with a process pool; small jobs stay in-process.

Workers are forked, so they inherit what they need instead of receiving it pickled: parse
workers the rules and the content tree, render workers the archive. That inherited state
(_PARSE_STATE, _RENDER_STATE) is the only module-level state in the package.
"""

from __future__ import annotations

import ctypes
import dataclasses
import gc
import logging
import math
import multiprocessing
import zlib
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Container, Iterable, Iterator, Sequence

from jinja2 import BytecodeCache

from ..write import site as write
from ..incremental.cache import ParseCache, combine, content_hash
from ..errors import ArchiveError
from ..derive.figures import Overview
from ..derive.views import Views
from ..load.content import ContentTree, FileStamp, SourceFile, read_source
from ..model import Archive
from ..parse.document import ParsedFile, parse_document
from ..validate import CheckedLetter, LetterRules
from .parsing import CacheEntry, checked_again, new_entry, still_holds, with_source
from ..render.pages import FileCopy, Page, PageSpec, list_file_copies, plan_site, select_pages

log = logging.getLogger("adviesarchief")
# Below this many files a pool costs more (starting processes) than it saves.
POOL_MIN = 200
CHUNK = 50
# Packs beyond twice the fewest needed before the parse cache is repacked.
REPACK_SLACK = 8
Progress = Callable[[int], None]


def _no_progress(_: int) -> None:
    pass


def parse_key(source: SourceFile, digest: str) -> str:
    """The cache key of a document file: its bytes' hash and its name (messages name the path)."""
    return combine(digest, source.path, source.name, source.absolute)


@dataclass(frozen=True)
class ParseResult:
    """Every letter parsed and checked on its own, with what could not be parsed."""

    parsed: list[ParsedFile]
    checked: dict[str, CheckedLetter]  # by path
    problems: list[ArchiveError]       # files that could not be parsed (and files too large)
    hashes: dict[str, str]             # the content hash of every document file, by path
    front_matter: dict[str, str]       # the hash of every parsed letter's front matter, by path
    tree: ContentTree                  # with every document read that had to be parsed


def parse_cached(tree: ContentTree, rules: LetterRules, cache: ParseCache, jobs: int,
                 progress: Progress = _no_progress) -> ParseResult:
    """Parse and check every letter on its own, taking unchanged ones from the cache.

    A kept check counts while it holds (the same topics, each attachment found as before); a
    letter checked again is stored again with its parse.
    """
    files = list(tree.documents)
    hashes = {s.path: s.digest or content_hash(s.data or b"") for s in files}
    results: list[CacheEntry | ArchiveError | None] = []
    missing: list[int] = []
    keys = [parse_key(source, hashes[source.path]) for source in files]
    # What the cache holds after this build: every document's entry (as stored) and its pack.
    stored: dict[str, CacheEntry] = {}
    packs: dict[str, str] = {}
    rechecked: dict[str, CacheEntry] = {}
    for index, source in enumerate(files):
        found = cache.get(keys[index])
        if not isinstance(found, CacheEntry) and source.data is None:
            # Unchanged, but its parse is gone from the cache: read it after all.
            source = files[index] = read_source(source)
            hashes[source.path] = content_hash(source.data or b"")
            keys[index] = parse_key(source, hashes[source.path])
            found = cache.get(keys[index])
        if isinstance(found, CacheEntry):
            if not still_holds(found, tree, rules):
                found = rechecked[keys[index]] = checked_again(found, tree, rules)
            stored[keys[index]], packs[keys[index]] = found, cache.index[keys[index]]
            # Its source is this one (path, name and bytes are in the key) but for the bytes,
            # which nothing reads after parsing.
            results.append(found)
            progress(1)
        else:
            results.append(None)
            missing.append(index)
    sources = [(files[i], keys[i]) for i in missing]
    chunks = [sources[i:i + CHUNK] for i in range(0, len(sources), CHUNK)]
    # Workers get a cache with nothing loaded: it is pickled with every chunk.
    store = ParseCache(cache.root, cache.writable, cache.content)
    parsed: dict[int, tuple[list[CacheEntry | ArchiveError], str | None]] = {}
    if use_pool(jobs, len(sources)):
        # The workers inherit the rules and the tree (the registry alone pickles to 100 KB).
        _PARSE_STATE.update(rules=rules, tree=tree)
        try:
            with _pool(jobs) as pool:
                futures = {pool.submit(_parse_task, chunk, store): n for n, chunk in enumerate(chunks)}
                for future in as_completed(futures):
                    parsed[futures[future]] = future.result()
                    progress(len(chunks[futures[future]]))
        finally:
            _PARSE_STATE.clear()
    else:
        for n, chunk in enumerate(chunks):
            parsed[n] = _parse_chunk(chunk, store, rules, tree)
            progress(len(chunk))
    fresh: list[CacheEntry | ArchiveError] = []
    unstored = 0
    for n, chunk in enumerate(chunks):
        items, pack = parsed[n]
        fresh.extend(items)
        for (_, key), item in zip(chunk, items):
            if isinstance(item, CacheEntry):
                if pack is not None:
                    stored[key], packs[key] = item, pack
                else:
                    unstored += 1
    # Checked again (topics.yaml changed, or an attachment came or went): stored again, or
    # every build would check them.
    packs.update(_put_in_packs(store, rechecked))
    if unstored and store.writable and store.folder is not None:
        log.warning("could not store %d parsed letters in %s (a full disk, or no permission?): "
                    "the next build parses them again", unstored, store.folder)
    for index, item in zip(missing, fresh):
        results[index] = with_source(item, files[index]) if isinstance(item, CacheEntry) else item
    # Stamps of the files whose parse is stored: the next build need not read those again.
    stamps = {f.absolute: (f.stamp, hashes[f.path]) for f, key in zip(files, keys) if key in stored and f.stamp}
    _record_packs(store, stored, packs, stamps)
    problems: list[ArchiveError] = list(tree.too_large)
    documents: list[ParsedFile] = []
    checked: dict[str, CheckedLetter] = {}
    front_matter: dict[str, str] = {}
    for item in results:
        if isinstance(item, CacheEntry):
            documents.append(item.parsed)
            checked[item.parsed.source.path] = item.checked
            front_matter[item.parsed.source.path] = item.front_matter_hash
        elif isinstance(item, ArchiveError):
            problems.append(item)
    return ParseResult(documents, checked, problems, hashes, front_matter,
                       dataclasses.replace(tree, documents=tuple(files)))


def _record_packs(cache: ParseCache, stored: dict[str, CacheEntry], packs: dict[str, str],
                  stamps: dict[str, tuple[FileStamp, str]]) -> None:
    """Record which pack holds each document; repack when edits have scattered them over many packs."""
    if not cache.writable:
        return
    # Every build adds a pack for what it parsed; the packs of unchanged documents stay, so
    # after many small edits a build would open a pack per edit. Then all go into full packs.
    if len(set(packs.values())) > 2 * math.ceil(len(packs) / CHUNK) + REPACK_SLACK:
        packs = _put_in_packs(cache, {key: stored[key] for key in packs})
    cache.record(packs, stamps)


def _put_in_packs(cache: ParseCache, entries: dict[str, CacheEntry]) -> dict[str, str]:
    """Store entries in full packs (CHUNK each, by key); return the pack of each one stored."""
    ordered = sorted(entries)
    packs: dict[str, str] = {}
    for start in range(0, len(ordered), CHUNK):
        group = {key: entries[key] for key in ordered[start:start + CHUNK]}
        name = cache.put_pack(group)
        if name is not None:
            packs.update(dict.fromkeys(group, name))
    return packs


# Set by parse_cached just before forking its pool, read by the forked workers.
_PARSE_STATE: dict[str, Any] = {}


def _parse_task(sources: Sequence[tuple[SourceFile, str]], cache: ParseCache
                ) -> tuple[list[CacheEntry | ArchiveError], str | None]:
    return _parse_chunk(sources, cache, _PARSE_STATE["rules"], _PARSE_STATE["tree"])


def _parse_chunk(sources: Sequence[tuple[SourceFile, str]], cache: ParseCache, rules: LetterRules,
                 tree: ContentTree) -> tuple[list[CacheEntry | ArchiveError], str | None]:
    """Parse and check some files, store them in the cache as one pack; return them and the pack's name."""
    out: list[CacheEntry | ArchiveError] = []
    entries: dict[str, CacheEntry] = {}
    for source, key in sources:
        try:
            parsed = parse_document(source)
        except ArchiveError as problem:
            out.append(problem)
            continue
        entries[key] = entry = new_entry(parsed, tree, rules)
        out.append(entry)
    return out, cache.put_pack(entries)


# Set by Renderer just before forking, read by the forked workers.
_RENDER_STATE: dict[str, Any] = {}


class Renderer:
    """Renders the site's pages into staging in phases (see render.PHASES), on a process pool or in-process.

    The pool is forked when the Renderer is made and serves every phase. The search index runs
    in a thread; one that does more than start Pagefind processes starts after the fork.
    """

    def __init__(self, staging: Path, archive: Archive, views: Views, templates: dict[str, str],
                 overview: Overview, skip: Container[str], jobs: int, pages: int,
                 compiled: BytecodeCache | None = None) -> None:
        self.staging = staging
        self.skip = skip
        self.pool: ProcessPoolExecutor | None = None
        self.plan: list[PageSpec | Page] = []
        self.copies: list[FileCopy] = []
        if use_pool(jobs, pages):
            _RENDER_STATE.update(archive=archive, views=views, templates=templates, overview=overview,
                                 skip=skip, staging=staging, parts=jobs * 8, compiled=compiled)
            _release_free_memory()
            # Frozen objects are never traversed by the workers' collector, which would otherwise
            # write to (and so copy) every page holding the inherited archive. The build
            # unfreezes when it ends (pipeline.heap_kept).
            gc.freeze()
            self.pool = _pool(jobs)
            self.pool.submit(int).result()  # fork the workers now, not at the first page
        else:
            self.plan = list(plan_site(archive, views, templates, overview, compiled))
            self.copies = list(list_file_copies(archive))

    def __enter__(self) -> "Renderer":
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            _RENDER_STATE.clear()

    def render(self, phase: str, progress: Progress = _no_progress) -> list[str]:
        """Render every page of one phase not in skip, writing it (and the files copied beside it) into staging.

        Returns the paths written.
        """
        if self.pool is None:
            select = select_pages(phase)
            pages = _render_part(self.plan, self.skip, select, 0, 1)
            paths = write.write_pages(self.staging, pages, _copy_part(self.copies, self.skip, select, 0, 1))
            progress(len(paths))
            return paths
        paths: list[str] = []
        futures = [self.pool.submit(_render_task, part, phase) for part in range(_RENDER_STATE["parts"])]
        for future in as_completed(futures):
            written = future.result()
            paths.extend(written)
            progress(len(written))
        return paths


def _release_free_memory() -> None:
    # What parsing and validation freed stays mapped until malloc is told to return it; the
    # forked workers would otherwise inherit it and the parent would keep it for the whole build.
    gc.collect()
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        pass  # not glibc: nothing to return, or no way to ask


def use_pool(jobs: int, files: int) -> bool:
    """Whether a process pool pays off for this many files."""
    return jobs > 1 and files >= POOL_MIN


def _share(path: str, parts: int) -> int:
    # A letter's page and the files copied beside it go to one worker, which makes their
    # folder once (creating a folder or file is the costly part of writing). Other folders
    # (data/ holds the largest files) are shared file by file.
    group = path.rpartition("/")[0] if path.startswith("documenten/") else path
    return zlib.crc32(group.encode()) % parts


def _render_part(plan: Iterable[PageSpec | Page], skip: Container[str], select: Callable[[str], bool],
                 part: int, parts: int) -> Iterator[Page]:
    for item in plan:
        if select(item.path) and item.path not in skip and (parts == 1 or _share(item.path, parts) == part):
            yield item if isinstance(item, Page) else Page(item.path, item.make())


def _copy_part(copies: Iterable[FileCopy], skip: Container[str], select: Callable[[str], bool],
               part: int, parts: int) -> list[FileCopy]:
    return [c for c in copies if select(c.path) and c.path not in skip and (parts == 1 or _share(c.path, parts) == part)]


_PLAN: list[PageSpec | Page] = []
_COPIES: list[FileCopy] = []


def _plan(archive: Archive, views: Views, templates: dict[str, str], overview: Overview,
          compiled: BytecodeCache | None) -> list[PageSpec | Page]:
    # One plan (and one compiled set of templates) per process, shared by its tasks.
    if not _PLAN:
        _PLAN.extend(plan_site(archive, views, templates, overview, compiled))
    return _PLAN


def _render_task(part: int, phase: str) -> list[str]:
    state = _RENDER_STATE
    plan = _plan(state["archive"], state["views"], state["templates"], state["overview"], state["compiled"])
    if not _COPIES:
        _COPIES.extend(list_file_copies(state["archive"]))
    select = select_pages(phase)
    pages = _render_part(plan, state["skip"], select, part, state["parts"])
    return write.write_pages(state["staging"], pages, _copy_part(_COPIES, state["skip"], select, part, state["parts"]))


def _pool(jobs: int) -> ProcessPoolExecutor:
    # fork: workers inherit the loaded archive and templates; nothing large is pickled. They
    # make garbage (parsing, rendering): their collector runs, even where the parent's waits.
    return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"),
                               initializer=gc.enable)
