"""Which Atom feeds the site has (all documents, and one per municipality, topic and document type), and their order.

A feed is read to learn what is new in the archive, so its entries are ordered by when a letter
came into the archive or last changed there, not by the letter's own date: an old letter added
today heads every feed it is in, and an advice's entry is updated when a reply to it arrives.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timezone

from .. import urls
from ..load.history import History
from ..model import Archive, Document
from .figures import find_replies
from .views import Listing, Views

FEED_SIZE = 50


@dataclass(frozen=True)
class Feed:
    """One Atom feed: where it lives, what it is called, the page it belongs to, its documents."""

    path: str        # under site/, e.g. "gemeenten/helmond/feed.xml"
    title: str
    page_path: str   # the HTML page that announces it, e.g. "gemeenten/helmond/"
    documents: tuple[Document, ...]  # most recently added or changed first, at most FEED_SIZE
    times: tuple[datetime, ...] = ()  # each document's entry time (see entry_times)
    updated: datetime | None = None   # the feed's: its newest entry's, or for an empty feed the archive's


def midnight(day: date) -> datetime:
    """A day as a time: midnight UTC."""
    return datetime.combine(day, time(0, 0), tzinfo=timezone.utc)


def change_times(archive: Archive, history: History, today: date | None) -> dict[str, datetime]:
    """When each letter was added to the archive or last changed there, by its id.

    From git (load/history.py): the last commit that touched the letter's file. Where git does
    not tell, a documented fallback that gives the same feeds on every build of the same content:
    - content not in a git repository: the letter's own date (midnight UTC);
    - a letter not committed yet (new in the working folder): the reference date (the build date,
      SOURCE_DATE_EPOCH, --today or site.yaml `today`), so that it heads the feeds as new;
      without one, the letter's own date.
    """
    times = {}
    for document in archive.documents:
        changed = history.changed.get(document.source_name) if history.tracked else None
        if changed is None:
            changed = midnight(today if history.tracked and today is not None else document.date)
        times[document.id] = changed
    return times


def entry_times(archive: Archive, views: Views, changed: dict[str, datetime]) -> dict[str, datetime]:
    """Each letter's entry time: its own change, or the latest change of a reply to it (follow-ups too)."""
    return {d.id: max((changed[d.id], *(changed[r.id] for r in find_replies(d.id, views)))) for d in archive.documents}


def list_feeds(archive: Archive, views: Views, types: tuple[Listing, ...],
               updated: dict[str, datetime] | None = None) -> list[Feed]:
    """Every feed of the site, in a stable order, each with its FEED_SIZE most recently updated letters.

    updated: each letter's entry time (entry_times); without it, the letter's own date.
    """
    when = updated if updated is not None else {d.id: midnight(d.date) for d in archive.documents}
    # Most recent first; at one time, the newer letter first, then by id (the archive's order).
    order = {d.id: n for n, d in enumerate(archive.documents)}

    latest = max(when.values(), default=midnight(date(2000, 1, 1)))

    def feed(path: str, title: str, page: str, documents: list[Document] | tuple[Document, ...]) -> Feed:
        shown = tuple(sorted(documents, key=lambda d: (-when[d.id].timestamp(), order[d.id]))[:FEED_SIZE])
        times = tuple(when[d.id] for d in shown)
        return Feed(path, title, page, shown, times, times[0] if times else latest)

    title = archive.site.title
    feeds = [feed(urls.ALL_FEED, f"{title}: alle documenten", urls.HOME, archive.documents)]
    for label, listings in (("gemeente", views.municipalities), ("onderwerp", views.topics), ("soort", types)):
        for listing in listings:
            documents = [d for group in listing.years for d in group.documents]
            page = urls.listing(urls.LISTING_FOLDERS[label], listing.slug)
            feeds.append(feed(urls.feed(page), f"{title}: {listing.name} ({label})", page, documents))
    return feeds
