"""Machine-readable outputs for reuse: schema.org JSON-LD, sitemap.xml, robots.txt."""

from __future__ import annotations

from datetime import date
from typing import Any, Callable, Iterable

from markupsafe import escape

from .. import urls
from ..derive.paging import page_count
from ..derive.views import Listing, Views
from ..model import Archive, Document

# schema.org types: an advice or note is a report; replies, questions and answers are letters (Message).
JSONLD_TYPES = {"advies": "Report", "notitie": "Report", "reactie": "Message", "vragen": "Message",
                "antwoord": "Message"}


def document_jsonld(document: Document, archive: Archive, views: Views,
                    absolute_url: Callable[[str], str], source_url: str) -> dict[str, Any]:
    """schema.org metadata of one document page, to be embedded as JSON-LD."""
    url = absolute_url(document.url)
    identifiers: list[Any] = [document.id]
    if document.reference:
        identifiers.append({"@type": "PropertyValue", "propertyID": "kenmerk", "value": document.reference})
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": JSONLD_TYPES[document.type],
        "@id": url,
        "url": url,
        "name": document.title,
        "headline": document.title,
        "genre": document.type_label,
        "identifier": identifiers,
        "datePublished": document.date.isoformat(),
        "inLanguage": archive.site.language,
        "author": {"@type": "GovernmentOrganization", "name": document.author},
        "about": [
            {"@type": "DefinedTerm", "name": views.topic_by_slug[slug].label, "termCode": slug,
             "url": absolute_url(urls.listing(urls.TOPICS, slug))}
            for slug in document.topics
        ],
        "spatialCoverage": [
            {"@type": "AdministrativeArea", "name": m.name, "identifier": m.code,
             **({"sameAs": m.tooi} if m.tooi else {})}
            for m in document.municipalities
        ] or [{"@type": "Country", "name": "Nederland"}],
        "isPartOf": {"@type": "WebSite", "name": archive.site.title, "url": absolute_url("")},
        "encoding": {"@type": "MediaObject", "contentUrl": source_url, "encodingFormat": "text/markdown"},
    }
    if document.recipient:
        data["recipient"] = {"@type": "GovernmentOrganization", "name": document.recipient}
    if document.summary:
        data["abstract"] = document.summary
    if document.in_reply_to:
        data["isBasedOn"] = [absolute_url(urls.document(target)) for target in document.in_reply_to]
    if archive.site.licence:
        data["license"] = archive.site.licence
    return data


def newest_date(documents: Iterable[Document]) -> date | None:
    """The date of the newest document, or None for none."""
    return max((d.date for d in documents), default=None)


def page_dates(archive: Archive, listings: dict[str, tuple[Listing, ...]]) -> dict[str, date]:
    """The last change of the pages that show a known set of documents: documents and listings."""
    dates = {d.url: d.date for d in archive.documents}
    for folder, group in listings.items():
        for listing in group:
            if found := newest_date(d for year in listing.years for d in year.documents):
                # Every page of a listing split into pages changes with its newest letter.
                for number in range(1, page_count(listing) + 1):
                    dates[urls.listing_page(urls.listing(folder, listing.slug), number)] = found
    return dates


def render_sitemap(paths: Iterable[str], dates: dict[str, date], newest: date | None,
                   absolute_url: Callable[[str], str]) -> bytes:
    """Render sitemap.xml (sitemaps.org 0.9): absolute URLs; lastmod from dates, else the newest document."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for path in paths:
        lastmod = dates.get(path, newest)
        when = f"<lastmod>{lastmod.isoformat()}</lastmod>" if lastmod else ""
        lines.append(f"  <url><loc>{escape(absolute_url(path))}</loc>{when}</url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def render_robots(base_path: str, sitemap_url: str | None, more_sitemaps: Iterable[str] = ()) -> bytes:
    """Render robots.txt: everything may be crawled except the search index; name the sitemaps."""
    lines = ["User-agent: *", f"Disallow: {base_path}{urls.SEARCH_INDEX}", "Allow: /"]
    if sitemap_url:
        lines.append(f"Sitemap: {sitemap_url}")
    lines += [f"Sitemap: {url}" for url in more_sitemaps]
    return ("\n".join(lines) + "\n").encode("utf-8")


def municipality_jsonld(listing: Listing, absolute_url: Callable[[str], str]) -> dict[str, Any]:
    """schema.org metadata of a municipality's page: the page, about the municipality with its CBS code and TOOI."""
    url = absolute_url(urls.listing(urls.MUNICIPALITIES, listing.slug))
    about: dict[str, Any] = {"@type": "AdministrativeArea", "name": listing.name}
    if listing.municipality is not None:
        about["identifier"] = {"@type": "PropertyValue", "propertyID": "CBS", "value": listing.municipality.code}
        if listing.municipality.tooi:
            about["sameAs"] = listing.municipality.tooi
    else:
        about = {"@type": "Country", "name": "Nederland"}
    return {"@context": "https://schema.org", "@type": "CollectionPage", "@id": url, "url": url,
            "name": listing.name, "about": about}
