"""Listings split into pages: a fixed number of letters per page, and a numbered navigation that stays small.

A listing (a municipality, topic, type or year) of tens of thousands of letters would be tens
of megabytes of HTML on a phone. Each listing is split into pages of PAGE_SIZE letters, newest
first; page 1 keeps the listing's old URL. The navigation shows the first and last page and a
window around the current one, so it does not grow with the listing.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain, groupby

from .views import Listing, YearGroup

# Letters per page: some 50 cards keep a page well under 100 KB (a card is about 1 KB at most).
PAGE_SIZE = 50
# Pages shown on each side of the current page in the numbered navigation.
NAV_WINDOW = 2


@dataclass(frozen=True)
class YearStart:
    """A year of a listing: how many letters it has, and the page its first letter is on."""

    year: int
    count: int
    page: int


@dataclass(frozen=True)
class ListingPage:
    """One page of a listing: its number, its letters grouped by year, and where each year starts."""

    listing: Listing
    number: int                      # 1 for the first page
    total: int                       # pages of the listing (at least 1)
    years: tuple[YearGroup, ...]     # this page's letters, grouped by year, newest first
    year_starts: tuple[YearStart, ...]
    first: int                       # the position of the page's first letter (1-based; 0 when empty)
    last: int                        # the position of its last letter

    @property
    def documents(self) -> tuple:
        """This page's letters, newest first."""
        return tuple(chain.from_iterable(group.documents for group in self.years))

    @property
    def year_counts(self) -> dict[int, int]:
        """Letters per year in the whole listing (a year's heading counts them all)."""
        return {start.year: start.count for start in self.year_starts}

    @property
    def nav(self) -> tuple[int | None, ...]:
        """The page numbers the navigation shows; None is a gap ("…")."""
        return page_window(self.number, self.total)


def page_window(number: int, total: int, window: int = NAV_WINDOW) -> tuple[int | None, ...]:
    """The first and last page, and `window` pages either side of `number`; None where pages are left out.

    At most 2 * window + 5 entries, however many pages there are.
    """
    shown = sorted({1, total, *range(max(1, number - window), min(total, number + window) + 1)})
    result: list[int | None] = []
    for page in shown:
        if result and page - (result[-1] or 0) == 2:
            result.append(page - 1)  # a gap of one page is shown as that page, not as "…"
        elif result and page - (result[-1] or 0) > 2:
            result.append(None)
        result.append(page)
    return tuple(result)


def page_count(listing: Listing, size: int = PAGE_SIZE) -> int:
    """How many pages a listing is split into (at least one)."""
    return max(1, -(-listing.count // size))


def split_listing(listing: Listing, size: int = PAGE_SIZE) -> tuple[ListingPage, ...]:
    """The pages of a listing, in order; a listing without letters still has its one (empty) page."""
    documents = tuple(chain.from_iterable(group.documents for group in listing.years))
    total = page_count(listing, size)
    starts, position = [], 0
    for group in listing.years:
        starts.append(YearStart(group.year, len(group.documents), position // size + 1))
        position += len(group.documents)
    year_starts = tuple(starts)
    pages = []
    for index in range(total):
        part = documents[index * size:(index + 1) * size]
        years = tuple(YearGroup(year, tuple(group)) for year, group in groupby(part, key=lambda d: d.date.year))
        first = index * size + 1 if part else 0
        pages.append(ListingPage(listing, index + 1, total, years, year_starts, first, first + len(part) - 1 if part else 0))
    return tuple(pages)
