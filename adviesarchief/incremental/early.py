"""Start Pagefind on an edited letter's shard as soon as the letter is parsed, before the archive is checked.

After an edit of a letter's text, the one step a rebuild waits for is Pagefind indexing the
letter's shard again. What that run reads (the shard's letters, their statuses, the topic
labels and the search lexicon) follows from the last build as long as no letter's front
matter changed and no letter came or went. The last build keeps an outline of it with the
values it remembers (derived.keep, per code version); the next build starts Pagefind from it
right after parsing, while it checks the archive and works out its pages.

It is a guess, checked before it is used: the build takes the early run only when the shards
it would index are exactly those, under exactly the keys the early run's records were made
from (SiteStore.shard_key: every record's letter file, status, the topic labels, the lexicon
and the code). Otherwise the early run is stopped and the build indexes as it always does.
"""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path
from typing import Callable, Mapping, Sequence

from .. import search
from ..config import Config
from ..errors import ArchiveError
from ..model import Document
from ..search.records import RecordStatus, record_key
from ..search.shards import Shard
from ..write import deferred_interrupts, work_folder
from .cache import combine, content_hash
from .derived import keep, recall
from .records import KeptRecords
from .workers import ParseResult

log = logging.getLogger("adviesarchief")


class EarlyIndex:
    """Pagefind started early on the shards of the letters whose text changed; stopped unless the build takes it."""

    def __init__(self, config: Config) -> None:
        """Nothing runs until start(); config says where the outline and the site are."""
        self._config = config
        self._indexing: search.Indexing | None = None
        self._keys: dict[str, str] = {}  # shard name -> the key its early records were made under
        self._taken = False

    def __enter__(self) -> "EarlyIndex":
        return self

    def __exit__(self, *exception: object) -> None:
        self.stop()

    @property
    def taken(self) -> bool:
        """Whether the build took the early run."""
        return self._taken

    def start(self, parsed: ParseResult) -> str:
        """Start Pagefind on the shards of the letters edited since the last build, if the outline allows; say what it did."""
        config = self._config
        if config.cache_dir is None:
            return "no cache"
        found, outline = recall(config.cache_dir, outline_name(config), [])
        reason = _unusable(outline if found else None, parsed, config.tuning.early_index_max)
        if reason:
            return reason
        letters: dict[str, list] = outline["letters"]
        hashes = parsed.hashes
        changed = {letters[path][0] for path, digest in hashes.items() if digest != letters[path][1]}
        statuses: dict[str, RecordStatus] = {}
        shards: list[Shard] = []
        for name, paths in outline["shards"].items():
            if name in changed:
                members = tuple(parsed.checked[path].document for path in paths)
                shards.append(Shard(name, members))  # type: ignore[arg-type]  # each has one (see _unusable)
                statuses.update((d.id, letters[d.source_path][3]) for d in members  # type: ignore[union-attr]
                                if letters[d.source_path][3] is not None)

        def key_of(document: Document) -> str:
            path = document.source_path
            return record_key(path, hashes[path], statuses.get(document.id))

        records = sum(len(s.documents) for s in shards)
        if records > config.tuning.early_index_max:
            return f"{records} letters to index, too many to start early"
        base: str = outline["base"]
        self._keys = {s.name: combine(base, s.name, *map(key_of, s.documents)) for s in shards}
        published = config.output_dir
        # The records are written here, before the thread starts: it then only runs Pagefind,
        # which is safe when the render pool forks later.
        tuning = dataclasses.replace(config.tuning, prepare_here_max=records)
        try:
            self._indexing = search.Indexing(
                shards, lambda small: work_folder(published, small=small), outline["topics"], held_at=lambda _: None,
                tuning=tuning, jobs=config.jobs, statuses=statuses,
                lexicon=search.Lexicon(frozenset(outline["frequent"]), tuple(map(tuple, outline["synonyms"]))),
                memory=KeptRecords(config.cache_dir, base, key_of))
        except (OSError, ArchiveError) as problem:
            # No room for the work (a full disk): the build indexes at its usual time, and says so then.
            return f"not started ({problem})"
        return f"{len(shards)} {'shard' if len(shards) == 1 else 'shards'} started"

    def take(self, shards: Sequence[Shard], held_at: Callable[[Shard], Path | None],
             key_of: Callable[[Shard], str]) -> search.Indexing | None:
        """The early run if it indexes exactly the shards held nowhere, under the keys key_of gives; else None (it stops)."""
        indexing = self._indexing
        if indexing is None:
            return None
        todo = [s for s in shards if held_at(s) is None]
        if {s.name for s in todo} != set(self._keys) or any(key_of(s) != self._keys[s.name] for s in todo):
            log.debug("the early search index was not what the build needs: indexing again")
            self.stop()
            return None
        self._taken = True
        return indexing

    def stop(self) -> None:
        """Stop the early run unless the build took it (then the build's own `with index:` stops it)."""
        if self._indexing is not None and not self._taken:
            with deferred_interrupts():  # a second Ctrl-C must not leave Pagefind or its work behind
                self._indexing.cancel()
            self._indexing = None


def keep_outline(config: Config, shards: Sequence[Shard], statuses: Mapping[str, RecordStatus],
                 hashes: Mapping[str, str], front_matter: Mapping[str, str], base: str,
                 topics: Mapping[str, str], lexicon: search.Lexicon) -> None:
    """Record what the next build's early start reads: each letter's shard, file and status; the shards' base."""
    if config.cache_dir is None:
        return
    letters = {}
    for shard in shards:
        for document in shard.documents:
            path = document.source_path
            letters[path] = [shard.name, hashes[path], front_matter[path], statuses.get(document.id)]
    outline = {"base": base, "topics": dict(topics),
               "frequent": sorted(lexicon.frequent), "synonyms": [list(g) for g in lexicon.synonyms],
               "shards": {s.name: [d.source_path for d in s.documents] for s in shards}, "letters": letters}
    keep(config.cache_dir, outline_name(config), [], outline)


def outline_name(config: Config) -> str:
    """The name the outline of a content folder's last build is kept under (several archives may share a cache)."""
    return f"outline-{content_hash(str(config.content_dir.resolve()).encode())[:16]}"


def _unusable(outline: Mapping | None, parsed: ParseResult, most: int) -> str:
    """Why the outline (None: none kept by this code) cannot say what to index early ('' when it can)."""
    if outline is None:
        return "no outline of the last build"
    if parsed.problems or any(checked.document is None for checked in parsed.checked.values()):
        return "the content has errors"
    letters = outline["letters"]
    if letters.keys() != parsed.hashes.keys():
        return "letters came or went"
    edited = [path for path, digest in parsed.hashes.items() if digest != letters[path][1]]
    if not edited:
        return "no letter edited"
    if len(edited) > most:
        return f"{len(edited)} letters edited, too many to start early"
    for path in edited:
        if parsed.front_matter.get(path) != letters[path][2]:
            return "front matter edited"
    return ""
