"""Atom feeds: all documents, and one per municipality, topic and document type (newest 50 each)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from typing import Callable

from ..derive.views import Listing, Views
from ..model import Archive, Document

FEED_SIZE = 50
SUMMARY_LENGTH = 300
ALL_FEED_PATH = "feeds/alles.xml"

_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


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
    feeds = [Feed(ALL_FEED_PATH, f"{title}: alle documenten", "", archive.documents[:FEED_SIZE])]
    for prefix, listings, label in (
        ("gemeenten", views.municipalities, "gemeente"),
        ("onderwerpen", views.topics, "onderwerp"),
        ("soorten", types, "soort"),
    ):
        for listing in listings:
            documents = tuple(d for group in listing.years for d in group.documents)
            feeds.append(Feed(
                f"{prefix}/{listing.slug}/feed.xml",
                f"{title}: {listing.name} ({label})",
                f"{prefix}/{listing.slug}/",
                documents[:FEED_SIZE],
            ))
    return feeds


def feed_time(day: date) -> datetime:
    """A document's date as an Atom timestamp: midnight UTC, so feeds never depend on the clock."""
    return datetime.combine(day, time(0, 0), tzinfo=timezone.utc)


def plain_summary(document: Document) -> str:
    """The document's own summary, else the start of its text, cut at a word boundary."""
    if document.summary:
        return document.summary
    text = _SPACE.sub(" ", html.unescape(_TAG.sub(" ", str(document.body_html)))).strip()
    if len(text) <= SUMMARY_LENGTH:
        return text or document.title
    return text[:SUMMARY_LENGTH].rsplit(" ", 1)[0] + " …"


def feed_id(absolute_url: Callable[[str], str], path: str) -> str:
    """A permanent IRI for a feed or entry: its absolute URL, or a tag URI when base_url is unset."""
    url = absolute_url(path)
    return url if url.startswith(("http://", "https://")) else f"tag:adviesarchief,2000:{path}"


def render_feed(feed: Feed, archive: Archive, views: Views, absolute_url: Callable[[str], str]) -> bytes:
    """Render one feed as Atom 1.0, deterministically: updated is the newest document's date."""
    # Imported here: most rebuilds render no feed, and feedgen brings dateutil and lxml (20 ms).
    from feedgen.feed import FeedGenerator

    site = archive.site
    generator = FeedGenerator()
    generator.id(feed_id(absolute_url, feed.path))
    generator.title(feed.title)
    generator.subtitle(site.description or site.title)
    generator.author({"name": site.publisher or site.title})
    generator.link(href=absolute_url(feed.page_path), rel="alternate", type="text/html")
    generator.link(href=absolute_url(feed.path), rel="self", type="application/atom+xml")
    generator.language(site.language)
    generator.generator(site.title)
    if site.licence:
        generator.rights(site.licence)
    newest = feed.documents[0].date if feed.documents else max(
        (d.date for d in archive.documents), default=date(2000, 1, 1))
    generator.updated(feed_time(newest))
    for document in feed.documents:
        entry = generator.add_entry(order="append")
        entry.id(feed_id(absolute_url, document.url))
        entry.title(document.title)
        entry.link(href=absolute_url(document.url), rel="alternate", type="text/html")
        entry.published(feed_time(document.date))
        entry.updated(feed_time(document.date))
        entry.author({"name": document.author})
        entry.summary(plain_summary(document))
        entry.category(term=document.type, label=document.type_label,
                       scheme=absolute_url("soorten/"))
        for municipality in document.municipalities:
            entry.category(term=municipality.code, label=municipality.name,
                           scheme=absolute_url("gemeenten/"))
        for slug in document.topics:
            entry.category(term=slug, label=views.topic_by_slug[slug].label,
                           scheme=absolute_url("onderwerpen/"))
    return generator.atom_str(pretty=True)
