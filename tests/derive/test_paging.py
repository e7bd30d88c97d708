"""Listings split into pages: the split itself and the numbered navigation's window."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from adviesarchief.derive.paging import PAGE_SIZE, page_count, page_window, split_listing
from adviesarchief.derive.views import make_listing


@pytest.mark.parametrize("number, total, shown", [
    (1, 1, (1,)),
    (1, 2, (1, 2)),
    (1, 7, (1, 2, 3, None, 7)),
    (4, 7, (1, 2, 3, 4, 5, 6, 7)),
    (5, 10, (1, 2, 3, 4, 5, 6, 7, None, 10)),
    (6, 10, (1, None, 4, 5, 6, 7, 8, 9, 10)),
    (10, 10, (1, None, 8, 9, 10)),
    (1000, 2000, (1, None, 998, 999, 1000, 1001, 1002, None, 2000)),
])
def test_the_navigation_shows_the_ends_and_a_window_around_the_page(number: int, total: int, shown: tuple) -> None:
    assert page_window(number, total) == shown


def test_the_navigation_never_grows_with_the_listing() -> None:
    assert max(len(page_window(n, 5000)) for n in range(1, 5001)) <= 9


def fake_letters(count: int) -> list[SimpleNamespace]:
    """Letters newest first, one a day back from 2025: only what the split reads."""
    start = date(2025, 1, 1)
    return [SimpleNamespace(id=f"l{n}", date=start - timedelta(days=n // 20), type="advies") for n in range(count)]


def test_a_listing_of_100000_letters_splits_into_pages_that_keep_every_letter_once() -> None:
    letters = fake_letters(100_000)
    listing = make_listing("advies", "Advies", "", letters)
    pages = split_listing(listing)
    assert len(pages) == page_count(listing) == 2000
    assert [p.number for p in pages] == list(range(1, 2001))
    assert all(len(p.documents) == PAGE_SIZE for p in pages)
    assert [d.id for p in pages for d in p.documents] == [d.id for d in letters]
    assert (pages[0].first, pages[0].last, pages[-1].first, pages[-1].last) == (1, 50, 99_951, 100_000)
    # Each year links to the page its first letter is on; the headings count the whole year.
    starts = {s.year: s for s in pages[0].year_starts}
    assert starts[2025].page == 1 and sum(s.count for s in starts.values()) == 100_000
    for start in starts.values():
        assert pages[start.page - 1].years[0].year == start.year or any(
            g.year == start.year for g in pages[start.page - 1].years)


def test_an_empty_listing_has_one_empty_page_and_a_short_last_page_is_kept() -> None:
    empty = split_listing(make_listing("x", "X", "", []))
    assert len(empty) == 1 and empty[0].documents == () and (empty[0].first, empty[0].last) == (0, 0)
    pages = split_listing(make_listing("x", "X", "", fake_letters(101)))
    assert [len(p.documents) for p in pages] == [50, 50, 1] and pages[-1].first == pages[-1].last == 101
