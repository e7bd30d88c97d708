"""The finder's static files: what the search page needs to list letters by filters alone.

A search with filters and no words must not open the word index (at 100,000 letters it is
many megabytes). The letters are numbered newest first; per filter value one small file
lists the numbers of its letters, and the letters' display records are in chunks of CHUNK
numbers. The page combines the lists (OR within a filter, AND across), so a listing is
newest first by itself, and loads only the chunks of the letters it shows.

A year is a run of numbers (the letters are in date order), so the year range needs no file:
the page is told where each year starts and ends. A value's file holds its numbers as gaps
from the one before, or, when that is shorter (a value most letters have), as a bitmap of
all letters in base64: no file is ever larger than one bit per letter (12.5 KB at 100,000).
"""

from __future__ import annotations

import base64
import json
from typing import Any, Sequence

from .. import urls
from ..derive.facets import FILTERS, Known
from ..model import Document

# Letters per records file (about 170 bytes a letter). Small, because the letters of a rare value
# lie far apart: a page of 20 of them may need 20 chunks, 20 x 8.5 KB at most.
CHUNK = 50
# The filter the page takes as a range of numbers rather than from files.
YEAR = "jaar"


def finder_values(documents: Sequence[Document], known: Known) -> dict[str, dict[str, list[int]]]:
    """Per filter (the year aside) and value, the numbers of its letters (their place newest first), ascending."""
    lists: dict[str, dict[str, list[int]]] = {f.name: {} for f in FILTERS if f.name != YEAR}
    for number, document in enumerate(documents):
        for search_filter in FILTERS:
            if search_filter.name == YEAR:
                continue
            for value in dict.fromkeys(search_filter.values(document, known)):
                lists[search_filter.name].setdefault(value, []).append(number)
    return {name: dict(sorted(values.items())) for name, values in lists.items()}  # code point order


def year_ranges(documents: Sequence[Document]) -> dict[str, list[int]]:
    """Per year, the numbers of its letters as [first, last + 1]: the letters are newest first."""
    ranges: dict[str, list[int]] = {}
    for number, document in enumerate(documents):
        year = str(document.date.year)
        if year in ranges:
            ranges[year][1] = number + 1
        else:
            ranges[year] = [number, number + 1]
    return ranges


def finder_data(documents: Sequence[Document]) -> dict[str, Any]:
    """What the search page is told: where the files are, and where each year's letters are.

    A value's file is numbered by its place among the filter's values sorted by code point:
    the page sorts the values of its filter counts the same way (JavaScript's default sort
    of strings), so it needs no table of file names.
    """
    return {"folder": urls.FINDER, "documents": urls.DOCUMENTS, "chunk": CHUNK, "total": len(documents),
            "years": year_ranges(documents)}


def value_file(numbers: Sequence[int], total: int) -> bytes:
    """One value's letters: a list of the first number and the gaps between the next ones, or a bitmap.

    The bitmap (a JSON string, base64 of one bit per letter of `total`, the first letter in the
    highest bit of the first byte) is written when it is the shorter of the two.
    """
    gaps = [numbers[0], *(b - a for a, b in zip(numbers, numbers[1:]))] if numbers else []
    listed = json.dumps(gaps, separators=(",", ":")).encode("utf-8")
    size = (total + 7) // 8
    if 4 * ((size + 2) // 3) + 2 >= len(listed):
        return listed
    bits = bytearray(size)
    for number in numbers:
        bits[number >> 3] |= 0x80 >> (number & 7)
    return json.dumps(base64.b64encode(bytes(bits)).decode("ascii")).encode("utf-8")


def records_file(documents: Sequence[Document], statuses: Sequence[tuple[str, str]]) -> bytes:
    """One chunk's display records: [id, title, type label, place, date, status, state], in number order.

    statuses: each letter's short status and its state (LetterStatus), as its list card shows them.
    """
    return json.dumps([[d.id, d.title, d.type_label, d.place, d.date.isoformat(), *status]
                       for d, status in zip(documents, statuses)],
                      ensure_ascii=False, separators=(",", ":")).encode("utf-8")
