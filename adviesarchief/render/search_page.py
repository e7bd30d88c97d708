"""What the search page knows before it opens any index: its shards, the filter counts, the ranking, the listings."""

from __future__ import annotations

from typing import Any, Mapping, NamedTuple, Sequence

from .. import urls
from ..derive.facets import Known, facet_counts
from ..derive.ranking import RANKING
from ..derive.views import Listing, Views
from ..model import Document


class SearchShard(NamedTuple):
    """One bundle of the search index as the page sees it: where it is and which letters it holds."""

    path: str  # the bundle's folder in the site
    documents: tuple[Document, ...]


class FirstSearch(NamedTuple):
    """How far the page's first search reaches: the newest shards up to this many documents or shards."""

    documents: int
    shards: int


def search_page_data(shards: Sequence[SearchShard], first: FirstSearch, documents: Sequence[Document],
                     known: Known) -> dict[str, Any]:
    """The page's data: the shards newest first (with their years and dates), the filter counts over the
    whole archive, the first scope and Pagefind's ranking options."""
    described = []
    for shard in shards:
        days = sorted(d.date for d in shard.documents)
        described.append({"path": shard.path, "documents": len(shard.documents),
                          "years": sorted({day.year for day in days}, reverse=True),
                          "first": days[0].isoformat() if days else None,
                          "last": days[-1].isoformat() if days else None})
    # Newest first by date, whatever the shards are called: the page searches the newest first.
    described.sort(key=lambda s: (s["last"] or "", s["first"] or ""), reverse=True)
    return {"shards": described, "facets": facet_counts(documents, known),
            "first": {"documents": first.documents, "shards": first.shards}, "ranking": RANKING}


def search_listing_urls(views: Views, feeds: Mapping[str, str]) -> dict[str, dict[str, Any]]:
    """Per search filter: the folder of its prebuilt listings, each value's slug there, and the file
    name of the listings' Atom feeds ("" when they have none).

    feeds: the feed of each page that has one (derive/feeds.py: every municipality, topic and type).
    A listing's count is the value's count among the page's facets, so it is not repeated here:
    this data grows with the number of municipalities, and the empty search page must stay small.
    """
    listings: dict[str, tuple[Listing, ...]] = {
        "gemeente": views.municipalities, "onderwerp": views.topics, "soort": views.types, "jaar": views.years}
    found: dict[str, dict[str, Any]] = {}
    for name, group in listings.items():
        folder = urls.LISTING_FOLDERS[name]
        pages = [urls.listing(folder, listing.slug) for listing in group]
        found[name] = {"folder": folder, "slugs": {listing.name: listing.slug for listing in group},
                       "feed": urls.feed("") if pages and all(feeds.get(page) == urls.feed(page) for page in pages)
                       else ""}
    return found
