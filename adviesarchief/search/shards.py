"""How the letters are split into search shards: one Pagefind bundle each, by year and date.

One Pagefind run over a large archive needs memory in proportion to all pages (about 35 GB
for 100,000 letters), and time in proportion to them on every change. So a large archive is
indexed per year, a year split by date into parts of at most shard_size() letters. The newest
shard is the main bundle in /pagefind/, the others are in /pagefind/<shard>/.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Sequence

from .. import urls
from ..config import Tuning
from ..model import Document


@dataclass(frozen=True)
class Shard:
    """One Pagefind bundle: its name ('' for the main one) and its letters."""

    name: str
    documents: tuple[Document, ...]

    @property
    def path(self) -> str:
        """Where its bundle lives in the site."""
        return bundle_path(self.name)


def assign_shards(documents: Sequence[Document], tuning: Tuning) -> list[Shard]:
    """Split the documents into search shards, the main (newest) one first with name ''; none without documents."""
    if not documents:
        return []  # Pagefind makes no index of nothing: the search page says there is nothing yet
    if len(documents) <= tuning.single_index_max:
        return [Shard("", tuple(documents))]
    by_year: dict[int, list[Document]] = {}
    for document in documents:
        by_year.setdefault(document.date.year, []).append(document)
    shards: list[Shard] = []
    size = shard_size(len(documents), tuning)
    for year in sorted(by_year, reverse=True):
        group = by_year[year]
        # Parts are equal spans of days, and their number a power of two: a part is split in
        # two halves only when the year outgrows it, so adding a letter changes one part.
        parts = 2 ** max(0, math.ceil(math.log2(len(group) / size)))
        if parts == 1:
            shards.append(Shard(str(year), tuple(group)))
            continue
        first = date(year, 1, 1).toordinal()
        days = date(year, 12, 31).toordinal() - first + 1
        split: dict[int, list[Document]] = {}
        for document in group:
            split.setdefault((document.date.toordinal() - first) * parts // days, []).append(document)
        shards.extend(Shard(f"{year}-{part + 1}", tuple(split[part])) for part in sorted(split, reverse=True))
    return [Shard("", shards[0].documents)] + shards[1:]


def shard_size(documents: int, tuning: Tuning) -> int:
    """The most letters a shard should hold in an archive of this many: shard_max, doubled per doubling."""
    return tuning.shard_max * 2 ** max(0, math.ceil(math.log2(documents / tuning.shard_growth_from)))


def bundle_path(name: str) -> str:
    """Where a shard's bundle lives in the site."""
    return f"{urls.SEARCH_INDEX}{name}/" if name else urls.SEARCH_INDEX
