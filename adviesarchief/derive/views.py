"""Derived views of the archive: cross-links, indexes per municipality, topic and year."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import groupby

from ..model import DOCUMENT_TYPES, NATIONAL, NATIONAL_SLUG, Archive, Document, Municipality, Topic

HOME_NEWEST = 10


@dataclass(frozen=True)
class YearGroup:
    """The documents of one year, newest first."""

    year: int
    documents: tuple[Document, ...]


@dataclass(frozen=True)
class Listing:
    """An index page's documents: grouped by year, with a count per type."""

    slug: str
    name: str
    description: str
    years: tuple[YearGroup, ...]
    type_counts: tuple[tuple[str, int], ...]
    count: int
    municipality: Municipality | None = None


@dataclass(frozen=True)
class Views:
    """Everything the pages need beyond the documents themselves."""

    by_id: dict[str, Document]
    replies: dict[str, tuple[Document, ...]]  # id -> documents answering it, oldest first
    answers: dict[str, tuple[Document, ...]]  # id -> documents it answers
    municipalities: tuple[Listing, ...]       # sorted by name
    topics: tuple[Listing, ...]               # sorted by label
    topic_by_slug: dict[str, Topic]
    municipality_slugs: dict[str, str]        # CBS code -> slug
    newest: tuple[Document, ...]
    types: tuple[Listing, ...] = ()            # per document type (see build_type_listings)
    years: tuple[Listing, ...] = ()            # per year (see build_year_listings)


def build_views(archive: Archive) -> Views:
    """Derive cross-links and index listings from the validated archive."""
    by_id = {d.id: d for d in archive.documents}
    replies: dict[str, list[Document]] = {}
    for document in archive.documents:
        for target in document.in_reply_to:
            replies.setdefault(target, []).append(document)
    by_municipality: dict[str, list[Document]] = {}
    municipality_of: dict[str, Municipality] = {}
    national: list[Document] = []
    for document in archive.documents:
        if not document.municipalities:
            national.append(document)
        for municipality in document.municipalities:
            by_municipality.setdefault(municipality.code, []).append(document)
            municipality_of.setdefault(municipality.code, municipality)
    slugs = _municipality_slugs(list(municipality_of.values()))
    municipalities = [
        make_listing(slugs[code], municipality_of[code].name, "", docs, municipality_of[code])
        for code, docs in by_municipality.items()
    ]
    if national:
        municipalities.append(make_listing(
            NATIONAL_SLUG, NATIONAL, "Stukken die niet over één gemeente gaan.", national))
    by_topic: dict[str, list[Document]] = {}
    for document in archive.documents:
        for slug in document.topics:
            by_topic.setdefault(slug, []).append(document)
    topics = [make_listing(t.slug, t.label, t.description, by_topic.get(t.slug, [])) for t in archive.topics]
    return Views(
        by_id=by_id,
        replies={k: tuple(sorted(v, key=lambda d: (d.date, d.id))) for k, v in replies.items()},
        answers={d.id: tuple(by_id[t] for t in d.in_reply_to if t in by_id) for d in archive.documents},
        municipalities=tuple(sorted(municipalities, key=lambda m: (m.slug == NATIONAL_SLUG, m.name.lower()))),
        topics=tuple(topics),
        topic_by_slug={t.slug: t for t in archive.topics},
        municipality_slugs=slugs,
        newest=archive.documents[:HOME_NEWEST],
        types=build_type_listings(archive),
        years=build_year_listings(archive),
    )


def make_listing(slug: str, name: str, description: str, documents: list[Document],
                 municipality: Municipality | None = None) -> Listing:
    """Group documents (in the archive's order: newest first, then by id) by year and count them per type."""
    years = tuple(
        YearGroup(year, tuple(group))
        for year, group in groupby(documents, key=lambda d: d.date.year)
    )
    counts = Counter(d.type for d in documents)
    return Listing(
        slug=slug, name=name, description=description, years=years,
        type_counts=tuple((t, counts[t]) for t in DOCUMENT_TYPES if counts[t]),
        count=len(documents), municipality=municipality,
    )


def _municipality_slugs(municipalities: list[Municipality]) -> dict[str, str]:
    """Slug per CBS code; a name used by two municipalities gets the code appended."""
    names = Counter(m.slug for m in municipalities)
    return {
        m.code: m.slug if names[m.slug] == 1 else f"{m.slug}-{m.code.lower()}"
        for m in municipalities
    }


def build_type_listings(archive: Archive) -> tuple[Listing, ...]:
    """One listing per document type that occurs, in the order of DOCUMENT_TYPES."""
    by_type: dict[str, list[Document]] = {}
    for document in archive.documents:
        by_type.setdefault(document.type, []).append(document)
    return tuple(make_listing(doc_type, DOCUMENT_TYPES[doc_type], "", by_type[doc_type])
                 for doc_type in DOCUMENT_TYPES if doc_type in by_type)


def build_year_listings(archive: Archive) -> tuple[Listing, ...]:
    """One listing per year that has documents, newest year first."""
    by_year: dict[int, list[Document]] = {}
    for document in archive.documents:
        by_year.setdefault(document.date.year, []).append(document)
    return tuple(make_listing(str(year), str(year), "", by_year[year]) for year in sorted(by_year, reverse=True))
