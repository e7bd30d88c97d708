"""Parse and check every letter on every core with a process pool, taking unchanged ones from the parse cache.

Workers are forked, so they inherit the rules and the content tree instead of receiving them
pickled (_PARSE_STATE, set just before the fork).
"""

from __future__ import annotations

import dataclasses
import logging
import math
from concurrent.futures import as_completed
from dataclasses import dataclass
from typing import Any, Sequence

from ..config import Config
from ..errors import ArchiveError
from ..load.content import ContentTree, FileStamp, SourceFile, read_source
from ..parse.document import ParsedFile, parse_document
from ..validate import CheckedLetter, LetterRules
from .cache import ParseCache, combine, content_hash
from .parsing import CacheEntry, checked_again, new_entry, rules_key, still_holds, with_source
from .processes import Progress, fork_pool, no_progress, use_pool

log = logging.getLogger("adviesarchief")


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


def parse_cached(tree: ContentTree, rules: LetterRules, cache: ParseCache, config: Config,
                 progress: Progress = no_progress) -> ParseResult:
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
    rules_now = rules_key(rules)
    for index, source in enumerate(files):
        found = cache.get(keys[index])
        if not isinstance(found, CacheEntry) and source.data is None:
            # Unchanged, but its parse is gone from the cache: read it after all.
            source = files[index] = read_source(source)
            hashes[source.path] = content_hash(source.data or b"")
            keys[index] = parse_key(source, hashes[source.path])
            found = cache.get(keys[index])
        if isinstance(found, CacheEntry):
            if source.data is not None:
                # Read (its stamp was not known, as after a fresh checkout) only to be hashed: its
                # bytes go now, not after validation (0.7 GB of 100,000 letters).
                files[index] = dataclasses.replace(source, data=None, digest=hashes[source.path])
            if not still_holds(found, tree, rules_now):
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
    chunk = cache.tuning.parse_chunk
    chunks = [sources[i:i + chunk] for i in range(0, len(sources), chunk)]
    # Workers get a cache with nothing loaded: it is pickled with every chunk.
    store = ParseCache(cache.root, cache.writable, cache.content, cache.tuning)
    parsed: dict[int, tuple[list[CacheEntry | ArchiveError], str | None]] = {}
    if use_pool(config.jobs, len(sources), cache.tuning.pool_min):
        # The workers inherit the rules and the tree (the registry alone pickles to 100 KB).
        _PARSE_STATE.update(rules=rules, tree=tree)
        try:
            with fork_pool(config.jobs) as pool:
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
    tuning = cache.tuning
    if len(set(packs.values())) > 2 * math.ceil(len(packs) / tuning.parse_chunk) + tuning.repack_slack:
        packs = _put_in_packs(cache, {key: stored[key] for key in packs})
    cache.record(packs, stamps)


def _put_in_packs(cache: ParseCache, entries: dict[str, CacheEntry]) -> dict[str, str]:
    """Store entries in full packs (parse_chunk each, by key); return the pack of each one stored."""
    ordered = sorted(entries)
    packs: dict[str, str] = {}
    chunk = cache.tuning.parse_chunk
    for start in range(0, len(ordered), chunk):
        group = {key: entries[key] for key in ordered[start:start + chunk]}
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
