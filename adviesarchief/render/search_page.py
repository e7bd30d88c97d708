"""What the search page knows before it opens any index: its shards, the filter counts, the listing pages."""

from __future__ import annotations

from typing import Any, NamedTuple, Sequence

from .. import urls
from ..derive.facets import facet_counts
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
                     views: Views) -> dict[str, Any]:
    """The page's data: the shards newest first (with their years and dates), the filter counts, the first scope."""
    described = []
    for shard in shards:
        days = sorted(d.date for d in shard.documents)
        described.append({"path": shard.path, "documents": len(shard.documents),
                          "years": sorted({day.year for day in days}, reverse=True),
                          "first": days[0].isoformat() if days else None,
                          "last": days[-1].isoformat() if days else None})
    # Newest first by date, whatever the shards are called: the page searches the newest first.
    described.sort(key=lambda s: (s["last"] or "", s["first"] or ""), reverse=True)
    topics = {slug: topic.label for slug, topic in views.topic_by_slug.items()}
    return {"shards": described, "facets": facet_counts(documents, topics),
            "first": {"documents": first.documents, "shards": first.shards}}


def search_listing_urls(views: Views) -> dict[str, dict[str, tuple[str, int]]]:
    """Per search filter and value: the prebuilt listing page and its count, for searches without words."""
    listings: dict[str, tuple[Listing, ...]] = {
        "gemeente": views.municipalities, "onderwerp": views.topics, "soort": views.types, "jaar": views.years}
    return {name: {listing.name: (urls.listing(urls.LISTING_FOLDERS[name], listing.slug), listing.count)
                   for listing in group}
            for name, group in listings.items()}
