"""The search filters: what each document is filed under, per filter, in one table.

The search records tag every letter with these values (search/records.py) and the search
page counts them (render/search_page.py), so both always agree.
"""

from __future__ import annotations

from typing import Callable, Iterable, Mapping, NamedTuple

from ..model import NATIONAL, OUTCOMES, Document


class Filter(NamedTuple):
    """One search filter: its name (in the records and the page) and a document's values for it."""

    name: str
    # A document's values, given the topic labels by slug; each value once, in the document's order.
    values: Callable[[Document, Mapping[str, str]], Iterable[str]]


FILTERS: tuple[Filter, ...] = (
    Filter("gemeente", lambda d, topics: [m.name for m in d.municipalities] or [NATIONAL]),
    Filter("onderwerp", lambda d, topics: [topics[slug] for slug in d.topics]),
    Filter("soort", lambda d, topics: [d.type_label]),
    Filter("jaar", lambda d, topics: [str(d.date.year)]),
    Filter("uitkomst", lambda d, topics: list(dict.fromkeys(OUTCOMES[r.outcome] for r in d.responses))),
)


def facet_counts(documents: Iterable[Document], topics: Mapping[str, str]) -> dict[str, dict[str, int]]:
    """Per filter, every value and its number of documents (a value a document has twice counts once)."""
    counts: dict[str, dict[str, int]] = {f.name: {} for f in FILTERS}
    for document in documents:
        for search_filter in FILTERS:
            found = counts[search_filter.name]
            for value in dict.fromkeys(search_filter.values(document, topics)):
                found[value] = found.get(value, 0) + 1
    return counts
