"""The search records of the last build, kept per shard: re-indexing a shard remakes only what changed.

Pagefind reads one record per letter (search/records.py). After an edit of one letter its whole
shard is indexed again, up to 2,000 letters in a small archive, and making their records costs
more than Pagefind's own work on a few hundred: about 0.7 ms a letter. A record is made from
what keys it here: the letter's file, the names of its municipalities, its status, and the
shard base (code, topic labels, search lexicon). One kept under the same key is the same record.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterable, Mapping

from ..model import Document
from ..search.shards import Shard
from .cache import read_checked, write_checked


class KeptRecords:
    """Each shard's records as the last build made them, in .cache/records/ (without a cache: none)."""

    def __init__(self, cache_dir: Path | None, base: str, key_of: Callable[[Document], str]) -> None:
        """base: what every record is made from (store.shard_base); key_of(letter): what its own record is made from."""
        self._folder = None if cache_dir is None else cache_dir / "records"
        self._base, self._key_of = base, key_of

    def recall(self, shard: Shard) -> dict[str, bytes]:
        """The records of the shard's letters that were made from what they are made from now, by letter id."""
        if self._folder is None:
            return {}
        kept = read_checked(self._path(shard.name))
        records = kept.get("records") if kept.get("base") == self._base else None
        if not isinstance(records, dict):
            return {}
        found: dict[str, bytes] = {}
        for document in shard.documents:
            record = records.get(self._key_of(document))
            if isinstance(record, bytes):
                found[document.id] = record
        return found

    def keep(self, shard: Shard, records: Mapping[str, bytes]) -> None:
        """Keep the records just made for the shard's letters (by letter id), for the next build."""
        if self._folder is None:
            return
        kept = {self._key_of(d): records[d.id] for d in shard.documents if d.id in records}
        try:
            write_checked(self._path(shard.name), {"base": self._base, "records": kept})
        except (OSError, ValueError):
            pass  # not kept: the next build makes them again

    def forget_others(self, shards: Iterable[Shard]) -> None:
        """Remove the records of shards the archive no longer has (after a year was split, say)."""
        if self._folder is None:
            return
        wanted = {self._path(s.name).name for s in shards}
        try:
            entries = list(os.scandir(self._folder))
        except OSError:
            return
        for entry in entries:
            if entry.name not in wanted:
                try:
                    os.unlink(entry.path)
                except OSError:
                    pass

    def _path(self, name: str) -> Path:
        assert self._folder is not None
        return self._folder / f"{name or '_main'}.marshal"
