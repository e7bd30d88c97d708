"""The search filters: what each document is filed under, per filter, in one table.

The search records tag every letter with these values (search/records.py), the search page
counts them (render/search_page.py) and the finder lists their letters (render/finder.py), so
all three always agree. A new filter is one row here and its label in the page (zoeken.js).
"""

from __future__ import annotations

from typing import Callable, Iterable, Mapping, NamedTuple

from ..model import NATIONAL, OUTCOMES, Document
from .figures import Overview

# The status filter's values: an advice or a set of questions with or without a reply in the archive.
ANSWERED = "Beantwoord"
WAITING = "Nog geen reactie"


class Known(NamedTuple):
    """What a document's filter values need besides the document itself."""

    topics: Mapping[str, str]  # topic label by slug
    # Advice and questions (no other letter) by id: whether a reply or answer to it is in the archive.
    answered: Mapping[str, bool] = {}


class Filter(NamedTuple):
    """One search filter: its name (in the records, the page's URL and the finder's files) and a document's values."""

    name: str
    # A document's values; each value once, in the document's order.
    values: Callable[[Document, Known], Iterable[str]]


def _status(document: Document, known: Known) -> list[str]:
    answered = known.answered.get(document.id)
    return [] if answered is None else [ANSWERED if answered else WAITING]


FILTERS: tuple[Filter, ...] = (
    Filter("gemeente", lambda d, known: [m.name for m in d.municipalities] or [NATIONAL]),
    Filter("onderwerp", lambda d, known: [known.topics[slug] for slug in d.topics]),
    Filter("soort", lambda d, known: [d.type_label]),
    Filter("jaar", lambda d, known: [str(d.date.year)]),
    Filter("uitkomst", lambda d, known: list(dict.fromkeys(OUTCOMES[r.outcome] for r in d.responses))),
    Filter("status", _status),
)


def answered_letters(overview: Overview) -> dict[str, bool]:
    """Every advice and set of questions by id: whether it has a reply or answer in the archive."""
    return {letter_id: status.answered for letter_id, status in overview.advice.items()}


def facet_counts(documents: Iterable[Document], known: Known) -> dict[str, dict[str, int]]:
    """Per filter, every value and its number of documents (a value a document has twice counts once)."""
    counts: dict[str, dict[str, int]] = {f.name: {} for f in FILTERS}
    for document in documents:
        for search_filter in FILTERS:
            found = counts[search_filter.name]
            for value in dict.fromkeys(search_filter.values(document, known)):
                found[value] = found.get(value, 0) + 1
    return counts
