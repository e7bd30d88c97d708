"""Sitemaps for the national Woo-index (open.overheid.nl): DiWoo metadata in sitemaps.org files.

The harvester reads robots.txt at the host's root, then sitemap index files named
sitemapindex-diwoo-infocatNNN.xml, then the sitemaps they list; each <url> carries a
diwoo:Document with the metadata of the file at <loc>. Element names, namespaces and value
URIs follow the Woo-metadata standard (handleiding 0.9.8, diwoo-metadata.xsd with its
TOOI value lists); see the README section "Woo-index" for the sources.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
from dataclasses import dataclass
from typing import Callable, Iterable, Mapping, Sequence

from markupsafe import escape

from .. import urls
from ..model import Archive, Attachment, Document, Municipality

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
DIWOO_NS = "https://standaarden.overheid.nl/diwoo/metadata/"
TOOI_KERN = "https://identifier.overheid.nl/tooi/def/thes/kern/"
TOOI_GEMEENTE = "https://identifier.overheid.nl/tooi/id/gemeente/"
EU_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
EU_LANGUAGE = "http://publications.europa.eu/resource/authority/language/"

# The sitemaps protocol's limits for one file (sitemaps.org; repeated in the Woo handleiding).
MAX_URLS = 50_000
MAX_BYTES = 50 * 1024 * 1024
# Entries per sitemap this site writes, well below the protocol's limit: a changed letter
# re-renders its own sitemap only (1,000 entries, 2.5 MB, a tenth of a second). Letters are
# listed oldest first, so a new letter dated after the others changes the last sitemap alone;
# one dated earlier (or a removed letter) moves the entries after it, and the sitemaps from its
# own on are rendered again: at worst all of them, the cost of every edit with one large sitemap.
ENTRIES_PER_SITEMAP = 1_000


@dataclass(frozen=True)
class Concept:
    """A TOOI concept: its URI and its label."""

    uri: str
    label: str


@dataclass(frozen=True)
class Category:
    """A Woo information category: its number in the index file's name and its TOOI concept."""

    number: str
    concept: Concept


# scw_woo_informatiecategorieen: "adviezen" is category 010 in the harvester's naming convention.
ADVIEZEN = Category("010", Concept(TOOI_KERN + "c_99a836c7", "adviezen"))
# Per document type: its information category and its documentsoort (ccw_plooi_documentsoorten).
# Questions, answers and notes fit no Woo information category (see the README), so they are left out.
TYPES: dict[str, tuple[Category, Concept]] = {
    "advies": (ADVIEZEN, Concept(TOOI_KERN + "c_d506b718", "advies")),
    "reactie": (ADVIEZEN, Concept(TOOI_KERN + "c_7652d853", "brief")),
}
# ccw_plooi_documenthandelingen: the letter's date is the day its author adopted it.
VASTSTELLING = Concept(TOOI_KERN + "c_641ecd76", "vaststelling")
# scw_documentrelatie
IS_REACTIE_OP = Concept(TOOI_KERN + "c_07748060", "is reactie op")
DUTCH = Concept(EU_LANGUAGE + "NLD", "Nederlands")
PDF = Concept(EU_FILE_TYPE + "PDF", "PDF")
HTML = Concept(EU_FILE_TYPE + "HTML", "HTML")

# Characters XML 1.0 cannot hold at all, not even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# What attr() changes besides adding quotes: escaped characters and those XML cannot hold.
_CHANGED_IN_ATTR = re.compile(f"[&<>\"'\n\r\t]|{_NOT_XML.pattern}")
# Bytes of an entry besides its own texts and URLs: tags, fixed URIs, dates (measured: about 1,450).
_ENTRY_OVERHEAD = 2048
# Bytes of the tags around one organisation, one related document and one keyword (measured: 70, 250, 40).
_ORGANISATION_TAGS = 150
_RELATION_TAGS = 400
_KEYWORD_TAGS = 64
_HEAD = (f'<?xml version="1.0" encoding="UTF-8"?>\n'
         f'<urlset xmlns="{SITEMAP_NS}" xmlns:diwoo="{DIWOO_NS}">\n')
_FOOT = "</urlset>\n"


def text(value: str) -> str:
    """Escaped element text, without characters XML cannot hold."""
    return str(escape(_NOT_XML.sub("", value)))  # str: a Markup's replace() would escape its arguments


def attr(value: str) -> str:
    """A quoted, escaped attribute value (line breaks and tabs as references, which XML keeps)."""
    value = text(value).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    return f'"{value}"'


def harvestable(archive: Archive) -> list[Document]:
    """The documents for the Woo-index: of a type with a category and from a municipality, oldest first.

    Oldest first (then by id) so that new letters are added at the end and earlier chunks stay as they were.
    A national letter has no municipality to publish it under the Woo, so it is left out.
    """
    found = [d for d in archive.documents if d.type in TYPES and d.municipalities]
    return sorted(found, key=lambda d: (d.date, d.id))


def pdf_of(document: Document) -> Attachment | None:
    """The document's original PDF: its first attachment ending .pdf, if any."""
    return next((a for a in document.attachments if a.file.lower().endswith(".pdf")), None)


def pdf_size(document: Document) -> int:
    """The size of the document's PDF in bytes (0 without one): a PDF replaced by another changes it."""
    pdf = pdf_of(document)
    try:
        return os.stat(pdf.source).st_size if pdf else 0
    except OSError:
        return 0


def loc_path(document: Document) -> str:
    """Where the document itself is: its original PDF if it has one, else its page (a site path, as a link writes it)."""
    pdf = pdf_of(document)
    return urls.attachment_link(document.url, pdf.file) if pdf else document.url


def municipality_uri(municipality: Municipality) -> str:
    """A municipality's TOOI URI: from the registry, else made from its code (GM0335 -> gm0335)."""
    return municipality.tooi or TOOI_GEMEENTE + municipality.code.lower()


def organisation(tag: str, label: str, uri: str = "") -> str:
    """An element of diwoo:organisatieType: the name as text, the TOOI URI (when known) as resource."""
    resource = f" resource={attr(uri)}" if uri else ""
    return f"<diwoo:{tag}{resource}>{text(label)}</diwoo:{tag}>"


def concept(tag: str, value: Concept) -> str:
    """An element naming a TOOI (or EU) concept: URI as resource, label as text."""
    return f"<diwoo:{tag} resource={attr(value.uri)}>{text(value.label)}</diwoo:{tag}>"


def metadata(document: Document, by_id: dict[str, Document], absolute_url: Callable[[str], str],
             topics: dict[str, str] | None = None) -> str:
    """The diwoo:Document element of one document."""
    category, kind = TYPES[document.type]
    first, *others = document.municipalities
    publisher = organisation("publisher", f"gemeente {first.name}", municipality_uri(first))
    from_municipality = document.type == "reactie"
    # A reply is written by the municipality; an advice by the council, which has no TOOI URI.
    author = (organisation("opsteller", f"gemeente {first.name}", municipality_uri(first))
              if from_municipality else organisation("opsteller", document.author))
    parts = ["<diwoo:Document><diwoo:DiWoo>"]
    if document.reference:
        parts.append(f"<diwoo:identifiers><diwoo:identifier>{text(document.reference)}"
                     "</diwoo:identifier></diwoo:identifiers>")
    parts.append(publisher)
    if others:
        parts.append("<diwoo:medeverantwoordelijken>" + "".join(
            organisation("medeverantwoordelijke", f"gemeente {m.name}", municipality_uri(m)) for m in others)
            + "</diwoo:medeverantwoordelijken>")
    parts.append(author)
    parts.append(f"<diwoo:titelcollectie><diwoo:officieleTitel>{text(document.title)}"
                 "</diwoo:officieleTitel></diwoo:titelcollectie>")
    if document.summary:
        parts.append(f"<diwoo:omschrijvingen><diwoo:omschrijving>{text(document.summary)}"
                     "</diwoo:omschrijving></diwoo:omschrijvingen>")
    parts.append("<diwoo:classificatiecollectie><diwoo:informatiecategorieen>"
                 + concept("informatiecategorie", category.concept) + "</diwoo:informatiecategorieen>"
                 + "<diwoo:documentsoorten>" + concept("documentsoort", kind) + "</diwoo:documentsoorten>")
    if document.topics:
        parts.append("<diwoo:trefwoorden>" + "".join(
            f"<diwoo:trefwoord>{text((topics or {}).get(topic, topic))}</diwoo:trefwoord>"
            for topic in document.topics)
            + "</diwoo:trefwoorden>")
    parts.append("</diwoo:classificatiecollectie>")
    parts.append(f"<diwoo:creatiedatum>{document.date.isoformat()}</diwoo:creatiedatum>")
    parts.append(concept("language", DUTCH))
    parts.append(concept("format", PDF if pdf_of(document) else HTML))
    associated = (organisation("wasAssociatedWith", f"gemeente {first.name}", municipality_uri(first))
                  if from_municipality else organisation("wasAssociatedWith", document.author))
    parts.append("<diwoo:documenthandelingen><diwoo:documenthandeling>" + concept("soortHandeling", VASTSTELLING)
                 + f"<diwoo:atTime>{document.date.isoformat()}T00:00:00</diwoo:atTime>" + associated
                 + "</diwoo:documenthandeling></diwoo:documenthandelingen>")
    targets = [by_id[t] for t in document.in_reply_to if t in by_id]
    if targets:
        parts.append("<diwoo:documentrelaties>" + "".join(
            "<diwoo:documentrelatie>" + concept("role", IS_REACTIE_OP)
            + f"<diwoo:relation resource={attr(absolute_url(loc_path(t)))}>{text(t.title)}</diwoo:relation>"
            + "</diwoo:documentrelatie>" for t in targets) + "</diwoo:documentrelaties>")
    parts.append("</diwoo:DiWoo></diwoo:Document>")
    return "".join(parts)


def fingerprint(document: Document, described: str) -> str:
    """A hash of all the entry shows and all the document is made of (its fields, text and PDF's name)."""
    # Its path as typed ('../content/x.md' or 'content/x.md') says nothing about the document:
    # its path inside the content folder stands for it.
    # Attachments' sources are absolute paths: their names inside the folder stand for them too.
    # The text counts by its hash: writing out the compressed bytes took half the time.
    fields = {f.name: getattr(document, f.name) for f in _DOCUMENT_FIELDS}
    fields.update(source_path=document.source_name,
                  attachments=tuple(dataclasses.replace(a, source=os.path.basename(a.source))
                                    for a in document.attachments),
                  body_html=hashlib.blake2b(document.body_html.data, digest_size=16).hexdigest())
    return hashlib.sha256(f"{list(fields.values())!r}\x00{described}".encode("utf-8")).hexdigest()


_DOCUMENT_FIELDS = tuple(f for f in dataclasses.fields(Document) if f.repr)  # not the absolute path


def lastmod(document: Document, described: str) -> str:
    """The entry's lastmod: the letter's date, with a time of day that is the entry's fingerprint.

    A static build keeps no history, so the day a document was edited is not known. The time
    of day (86,400 values) is taken from the fingerprint instead: the same content always
    gives the same lastmod, and any change to the document or its metadata gives another one.
    """
    seconds = int(fingerprint(document, described)[:12], 16) % 86_400
    hours, rest = divmod(seconds, 3600)
    return f"{document.date.isoformat()}T{hours:02}:{rest // 60:02}:{rest % 60:02}+00:00"


def size_bound(document: Document, absolute_url: Callable[[str], str], by_id: dict[str, Document],
               topics: dict[str, str]) -> int:
    """An upper bound on the bytes of the document's entry, known without rendering it."""
    def size(value: str) -> int:
        # Most values need no escaping: their size is known without escaping them (a tenth of the time).
        if _CHANGED_IN_ATTR.search(value) is None:
            return len(value.encode("utf-8")) + 2
        return len(attr(value).encode("utf-8"))

    # Each municipality is named up to three times (publisher, opsteller, wasAssociatedWith).
    municipalities = sum(3 * (size(m.name) + size(municipality_uri(m)) + _ORGANISATION_TAGS)
                         for m in document.municipalities)
    related = sum(size(by_id[t].title) + size(absolute_url(loc_path(by_id[t]))) + _RELATION_TAGS
                  for t in document.in_reply_to if t in by_id)
    keywords = sum(size(topics.get(t, t)) + _KEYWORD_TAGS for t in document.topics)
    return (_ENTRY_OVERHEAD + municipalities + related + keywords + 2 * size(document.author)
            + 2 * size(absolute_url(loc_path(document))) + size(document.title) + size(document.reference)
            + size(document.summary))


def plan_chunks(documents: Sequence[Document], absolute_url: Callable[[str], str],
                by_id: dict[str, Document] | None = None, topics: dict[str, str] | None = None,
                max_urls: int = MAX_URLS, max_bytes: int = MAX_BYTES) -> list[tuple[Document, ...]]:
    """Split the documents into sitemaps of at most max_urls entries and max_bytes bytes."""
    room = max_bytes - len(_HEAD) - len(_FOOT)
    chunks: list[tuple[Document, ...]] = []
    current: list[Document] = []
    used = 0
    for document in documents:
        size = size_bound(document, absolute_url, by_id or {}, topics or {})
        if current and (len(current) >= max_urls or used + size > room):
            chunks.append(tuple(current))
            current, used = [], 0
        current.append(document)
        used += size
    if current:
        chunks.append(tuple(current))
    return chunks


def sitemap_path(category: Category, number: int) -> str:
    """The site path of one sitemap of a category (at the site's root: a sitemap may list only URLs below it)."""
    return f"sitemap-diwoo-infocat{category.number}-{number}.xml"


def index_path(category: Category) -> str:
    """The site path of a category's sitemap index, named as the harvester requires."""
    return f"sitemapindex-diwoo-infocat{category.number}.xml"


def render_entry(document: Document, by_id: dict[str, Document], absolute_url: Callable[[str], str],
                 topics: dict[str, str] | None = None) -> str:
    """One <url> entry: loc, lastmod and the DiWoo metadata."""
    loc = absolute_url(loc_path(document))
    described = metadata(document, by_id, absolute_url, topics)
    made_of = f"{loc}\x00{pdf_size(document)}\x00{described}"
    return (f"<url><loc>{text(loc)}</loc><lastmod>{lastmod(document, made_of)}</lastmod>"
            f"{described}</url>\n")


def render_sitemap(chunk: Sequence[Document], by_id: dict[str, Document], absolute_url: Callable[[str], str],
                   topics: dict[str, str] | None = None,
                   remember_each: Callable[[Mapping[str, str], Callable[[str], str]], dict[str, str]] | None = None
                   ) -> bytes:
    """One sitemap file with DiWoo metadata for each document (topics: labels by slug, for trefwoorden).

    remember_each(keys, make): the entries as made for the same keys before (see outputs.RememberEach),
    for a build that keeps them: an entry's fingerprint takes a tenth of a millisecond.
    """
    if remember_each is None:
        entries = [render_entry(d, by_id, absolute_url, topics) for d in chunk]
    else:
        documents = {d.id: d for d in chunk}
        made = remember_each({d.id: entry_key(d) for d in chunk},
                             lambda document_id: render_entry(documents[document_id], by_id, absolute_url, topics))
        entries = [made[d.id] for d in chunk]
    return (_HEAD + "".join(entries) + _FOOT).encode("utf-8")


def entry_key(document: Document) -> str:
    """What a document's entry is made of besides all letters' front matter, site.yaml and topics.yaml: its text and PDF."""
    # Its text by its HTML and headings (a heading's text may hold what the cleaned HTML leaves
    # out); the PDF by its size, as in lastmod.
    text = hashlib.blake2b(document.body_html.data, digest_size=16)
    text.update(repr(document.headings).encode("utf-8"))
    return f"{text.hexdigest()}:{pdf_size(document)}"


def render_index(paths: Iterable[str], absolute_url: Callable[[str], str]) -> bytes:
    """A sitemap index listing the sitemaps at paths."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<sitemapindex xmlns="{SITEMAP_NS}">']
    lines += [f"<sitemap><loc>{text(absolute_url(path))}</loc></sitemap>" for path in paths]
    return ("\n".join(lines) + "\n</sitemapindex>\n").encode("utf-8")


# The sitemaps of each category (by its number), as the ids of their documents: what a build may keep.
PlanIds = dict[str, list[list[str]]]


def plan_ids(archive: Archive, absolute_url: Callable[[str], str]) -> PlanIds:
    """plan(), as the ids of the documents of each category's sitemaps, in order."""
    return {category.number: [[d.id for d in chunk] for chunk in sitemaps.values()]
            for category, sitemaps in plan(archive, absolute_url).items()}


def plan_from_ids(archive: Archive, ids: PlanIds) -> dict[Category, dict[str, tuple[Document, ...]]]:
    """plan() again from plan_ids() of the same archive."""
    by_id = {d.id: d for d in archive.documents}
    categories = {category.number: category for category, _ in TYPES.values()}
    return {categories[number]: {sitemap_path(categories[number], index): tuple(by_id[i] for i in chunk)
                                 for index, chunk in enumerate(chunks, start=1)}
            for number, chunks in ids.items()}


def plan(archive: Archive, absolute_url: Callable[[str], str]) -> dict[Category, dict[str, tuple[Document, ...]]]:
    """Per category that has documents: its sitemaps' paths with their documents, in order."""
    by_category: dict[Category, list[Document]] = {}
    for document in harvestable(archive):
        by_category.setdefault(TYPES[document.type][0], []).append(document)
    by_id = {d.id: d for d in archive.documents}
    topics = {t.slug: t.label for t in archive.topics}
    return {
        category: {sitemap_path(category, number): chunk
                   for number, chunk in enumerate(plan_chunks(documents, absolute_url, by_id, topics,
                                                              max_urls=ENTRIES_PER_SITEMAP), start=1)}
        for category, documents in sorted(by_category.items(), key=lambda item: item[0].number)
    }
