"""Render the Atom feeds, deterministically: an entry is published at its letter's date (midnight UTC) and
updated when the letter, or a reply to it, last came into the archive (derive/feeds.py)."""

from __future__ import annotations

import html
import re
from datetime import date, datetime, time, timezone
from typing import Callable

from .. import urls
from ..derive.feeds import Feed
from ..derive.views import Views
from ..model import Archive, Document

SUMMARY_LENGTH = 300
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


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
    """Render one feed as Atom 1.0, deterministically: updated is its newest entry's time."""
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
    # Updated: when the newest entry was added or changed in the archive (derive/feeds.py).
    generator.updated(feed.updated or feed_time(max((d.date for d in archive.documents), default=date(2000, 1, 1))))
    for document, updated in zip(feed.documents, feed.times or tuple(feed_time(d.date) for d in feed.documents)):
        entry = generator.add_entry(order="append")
        entry.id(feed_id(absolute_url, document.url))
        entry.title(document.title)
        entry.link(href=absolute_url(document.url), rel="alternate", type="text/html")
        entry.published(feed_time(document.date))
        entry.updated(updated)
        entry.author({"name": document.author})
        entry.summary(plain_summary(document))
        entry.category(term=document.type, label=document.type_label,
                       scheme=absolute_url(urls.TYPES))
        for municipality in document.municipalities:
            entry.category(term=municipality.code, label=municipality.name,
                           scheme=absolute_url(urls.MUNICIPALITIES))
        for slug in document.topics:
            entry.category(term=slug, label=views.topic_by_slug[slug].label,
                           scheme=absolute_url(urls.TOPICS))
    return generator.atom_str(pretty=True)
