"""The finder's static files: what the search page needs to list letters by filters alone.

A search with filters and no words must not open the word index (at 100,000 letters it is
many megabytes). The letters are numbered newest first; per filter value one small file
lists the numbers of its letters (as gaps from the one before, which keeps it small), and
the letters' display records are in chunks of CHUNK numbers. The page combines the lists
(OR within a filter, AND across), so a listing is newest first by itself, and loads only the
chunks of the letters it shows.
"""

from __future__ import annotations

import json
from typing import Any, Mapping, Sequence

from .. import urls
from ..derive.facets import FILTERS
from ..model import Document

# Letters per records file (about 170 bytes a letter). Small, because the letters of a rare value
# lie far apart: a page of 20 of them may need 20 chunks, 20 x 8.5 KB at most.
CHUNK = 50


def finder_values(documents: Sequence[Document], topics: Mapping[str, str]) -> dict[str, dict[str, list[int]]]:
    """Per filter and value, the numbers of its letters (their place in the newest-first list), ascending."""
    lists: dict[str, dict[str, list[int]]] = {f.name: {} for f in FILTERS}
    for number, document in enumerate(documents):
        for search_filter in FILTERS:
            for value in dict.fromkeys(search_filter.values(document, topics)):
                lists[search_filter.name].setdefault(value, []).append(number)
    return {name: dict(sorted(values.items())) for name, values in lists.items()}  # code point order


def finder_data(documents: Sequence[Document]) -> dict[str, Any]:
    """What the search page is told: where the files are.

    A value's file is numbered by its place among the filter's values sorted by code point:
    the page sorts the values of its filter counts the same way (JavaScript's default sort
    of strings), so it needs no table of file names.
    """
    return {"folder": urls.FINDER, "documents": urls.DOCUMENTS, "chunk": CHUNK, "total": len(documents)}


def value_file(numbers: Sequence[int]) -> bytes:
    """One value's letters: the first number, then the gaps between the next ones."""
    gaps = [numbers[0], *(b - a for a, b in zip(numbers, numbers[1:]))] if numbers else []
    return json.dumps(gaps, separators=(",", ":")).encode("utf-8")


def records_file(documents: Sequence[Document]) -> bytes:
    """One chunk's display records: [id, title, type label, place, date], in number order."""
    return json.dumps([[d.id, d.title, d.type_label, d.place, d.date.isoformat()] for d in documents],
                      ensure_ascii=False, separators=(",", ":")).encode("utf-8")
