"""Which Atom feeds the site has: all documents, and one per municipality, topic and document type (newest 50 each)."""

from __future__ import annotations

from dataclasses import dataclass

from .. import urls
from .views import Listing, Views
from ..model import Archive, Document

FEED_SIZE = 50


@dataclass(frozen=True)
class Feed:
    """One Atom feed: where it lives, what it is called, the page it belongs to, its documents."""

    path: str        # under site/, e.g. "gemeenten/helmond/feed.xml"
    title: str
    page_path: str   # the HTML page that announces it, e.g. "gemeenten/helmond/"
    documents: tuple[Document, ...]  # newest first, at most FEED_SIZE


def list_feeds(archive: Archive, views: Views, types: tuple[Listing, ...]) -> list[Feed]:
    """Every feed of the site, in a stable order."""
    title = archive.site.title
    feeds = [Feed(urls.ALL_FEED, f"{title}: alle documenten", urls.HOME, archive.documents[:FEED_SIZE])]
    for label, listings in (("gemeente", views.municipalities), ("onderwerp", views.topics), ("soort", types)):
        for listing in listings:
            documents = tuple(d for group in listing.years for d in group.documents)
            page = urls.listing(urls.LISTING_FOLDERS[label], listing.slug)
            feeds.append(Feed(urls.feed(page), f"{title}: {listing.name} ({label})", page, documents[:FEED_SIZE]))
    return feeds
