"""Render the site's pages from the archive and its views with Jinja2 (autoescape everywhere)."""

from __future__ import annotations

import csv
import dataclasses
import functools
import hashlib
import io
import json
import operator
from dataclasses import dataclass
from itertools import chain
from posixpath import basename
from typing import Any, Callable, Iterable, Iterator

from jinja2 import BytecodeCache, DictLoader, Environment, StrictUndefined
from markupsafe import Markup

from ..incremental.cache import combine, content_hash
from ..derive.figures import Figures, Overview, layout_chart, reply_points, tally_points
from ..render import diwoo
from ..render.exports import (
    document_jsonld, newest_date, page_dates, render_documents_csv, render_robots, render_sitemap,
    spreadsheet_text,
)
from ..derive.feeds import list_feeds, render_feed
from ..derive.views import Listing, Views
from ..model import (
    OUTCOME_WORDS,
    ANSWER_TYPES, DOCUMENT_TYPES, DOCUMENT_TYPES_PLURAL, OUTCOMES, Archive, Attachment, Document,
)
from ..text import format_date, join_dutch

CSP = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'"
)
STATIC_PREFIX = "static/"
# Pages about the site itself, linked from every footer: the accessibility statement, the colofon.
ABOUT_PAGES = ("toegankelijkheid", "over")


@dataclass(frozen=True)
class Page:
    """One output file: its path under site/ and its bytes."""

    path: str
    content: bytes


@dataclass(frozen=True)
class FileCopy:
    """A file copied as-is from content/ into the site."""

    source: str  # absolute path
    path: str    # path under site/


def make_environment(templates: dict[str, str], archive: Archive,
                     compiled: BytecodeCache | None = None) -> Environment:
    """Create the Jinja2 environment with the site's helpers (compiled: where compiled templates are kept)."""
    env = Environment(
        loader=DictLoader(templates),
        bytecode_cache=compiled,
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    base_path = archive.site.base_path
    base_url = archive.site.base_url.rstrip("/") + "/" if archive.site.base_url else ""
    versions = {
        name[len(STATIC_PREFIX):]: hashlib.sha256(text.encode()).hexdigest()[:10]
        for name, text in templates.items() if name.startswith(STATIC_PREFIX)
    }

    def url(path: str = "") -> str:
        return base_path + path.lstrip("/")

    def asset(name: str) -> str:
        return f"{url(STATIC_PREFIX + name)}?v={versions.get(name, '0')}"

    def absolute_url(path: str = "") -> str:
        return (base_url + path.lstrip("/")) if base_url else url(path)

    cards: dict[str, Markup] = {}

    def document_card(document: Document) -> Markup:
        # A letter's card is the same on every listing that shows it (five on average):
        # rendered once per process and build.
        card = cards.get(document.id)
        if card is None:
            html = env.get_template("partials/document-card.html").render(document=document)
            card = cards[document.id] = Markup(html.removesuffix("\n"))
        return card

    env.globals.update(
        site=archive.site, url=url, asset=asset, absolute_url=absolute_url, csp=CSP, document_card=document_card,
        document_types=DOCUMENT_TYPES, document_types_plural=DOCUMENT_TYPES_PLURAL,
        outcomes=OUTCOMES, has_base_url=bool(base_url),
    )
    env.filters.update(
        date_nl=format_date,
        join_dutch=join_dutch,
        json_script=json_for_script,
        count_label=count_label,
        days=days_label,
        number_nl=number_nl,
        tally=tally_text,
    )
    return env


def json_for_script(value: Any) -> str:
    """Serialise to JSON that is safe inside <script> (no '<', '>' or '&' survive raw)."""
    from markupsafe import Markup

    text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(text)


def count_label(count: int, doc_type: str) -> str:
    """'1 advies', '3 adviezen'."""
    word = doc_type if count == 1 else DOCUMENT_TYPES_PLURAL[doc_type]
    return f"{count} {word}"


def attachment_path(document: Document, attachment: Attachment) -> str:
    """Where an attachment lives in the site."""
    return f"{document.url}{basename(attachment.file)}"


def source_path(document: Document) -> str:
    """Where a document's Markdown source is offered for download."""
    return f"{document.url}{document.id}.md"


@dataclass(frozen=True)
class PageSpec:
    """A page not rendered yet: its path and how to render it."""

    path: str
    make: Callable[[], bytes]


def plan_site(archive: Archive, views: Views, templates: dict[str, str],
              overview: Overview, compiled: BytecodeCache | None = None) -> Iterator[PageSpec | Page]:
    """List every page of the site without rendering it (workers share the work); then sitemap.xml and robots.txt."""
    env = make_environment(templates, archive, compiled)
    listings = {"gemeenten": views.municipalities, "onderwerpen": views.topics,
                "soorten": views.types, "jaren": views.years}
    html_paths: list[str] = []
    for page in plan_pages(archive, views, templates, overview, env, listings):
        if page.path.endswith("index.html"):
            html_paths.append(page.path.removesuffix("index.html"))
        yield page
    absolute_url = env.globals["absolute_url"]
    woo_indexes: list[str] = []
    if env.globals["has_base_url"]:
        # The sitemap protocol needs absolute URLs, so there is none without base_url.
        yield PageSpec("sitemap.xml", lambda: render_sitemap(
            html_paths, page_dates(archive, listings), newest_date(archive.documents), absolute_url))
        woo_files, woo_indexes = diwoo.plan_files(archive, absolute_url)
        yield from (PageSpec(path, make) for path, make in woo_files)
    yield Page("robots.txt", render_robots(
        archive.site.base_path, absolute_url("sitemap.xml") if env.globals["has_base_url"] else None,
        woo_indexes))


def plan_pages(archive: Archive, views: Views, templates: dict[str, str], overview: Overview,
               env: Environment, listings: dict[str, tuple[Listing, ...]]) -> Iterator[PageSpec | Page]:
    """List every page and data file of the site, not rendered yet."""
    env.globals.update(reference=overview.reference, outcome_words=OUTCOME_WORDS, tally_points=tally_points)
    absolute_url = env.globals["absolute_url"]
    type_listings, year_listings = listings["soorten"], listings["jaren"]
    feeds = list_feeds(archive, views, type_listings)
    feed_of_page = {feed.page_path: feed for feed in feeds}

    def page(path: str, template: str, **context: Any) -> PageSpec:
        # Pages with a feed announce it (<link rel="alternate">) and show a "Volg" link.
        context.setdefault("feed", feed_of_page.get(path.removesuffix("index.html")))
        return PageSpec(path, lambda: env.get_template(template).render(page_path=path, **context).encode("utf-8"))

    def document_page(document: Document) -> bytes:
        # The context is made when the page is rendered, so a plan of every page stays small.
        return page(
            f"{document.url}index.html", "documenten/document.html",
            document=document,
            answers=views.answers.get(document.id, ()),
            replies=views.replies.get(document.id, ()),
            topics=[views.topic_by_slug[t] for t in document.topics],
            municipality_slugs=views.municipality_slugs,
            attachment_path=attachment_path, source_path=source_path,
            status=overview.advice.get(document.id),
            own_points=reply_points(document) if document.type in ANSWER_TYPES else (),
            jsonld=document_jsonld(document, archive, views, absolute_url,
                                   absolute_url(source_path(document))),
        ).make()

    yield page("index.html", "index.html", views=views, archive=archive)
    for document in archive.documents:
        yield PageSpec(f"{document.url}index.html", functools.partial(document_page, document))
    yield page("gemeenten/index.html", "gemeenten/index.html", views=views)
    figures_by_slug = overview.municipality_by_slug

    def municipality_page(listing: Listing) -> bytes:
        # The chart is laid out when the page renders: most builds take the page over.
        years = overview.municipality_years.get(listing.slug, ())
        return page(f"gemeenten/{listing.slug}/index.html", "gemeenten/gemeente.html",
                    listing=listing, views=views, figures=figures_by_slug[listing.slug],
                    years=years, chart=layout_chart(years)).make()

    for listing in views.municipalities:
        yield PageSpec(f"gemeenten/{listing.slug}/index.html", functools.partial(municipality_page, listing))
    yield page("onderwerpen/index.html", "onderwerpen/index.html", views=views)
    for listing in views.topics:
        yield page(f"onderwerpen/{listing.slug}/index.html", "onderwerpen/onderwerp.html",
                   listing=listing, views=views)
    for prefix, listings in (("soorten", type_listings), ("jaren", year_listings)):
        yield page(f"{prefix}/index.html", f"{prefix}/index.html", listings=listings)
        for listing in listings:
            yield page(f"{prefix}/{listing.slug}/index.html", f"{prefix}/listing.html", listing=listing)
    # Its data (shards, filter counts) is made only when the page is rendered: most builds take it over.
    yield PageSpec("zoeken/index.html", lambda: page(
        "zoeken/index.html", "zoeken/index.html", views=views,
        listing_urls=search_listing_urls(views, type_listings, year_listings),
        search_data=search_page_data(archive.documents, views)).make())
    yield page("data/index.html", "data/index.html", archive=archive, feeds=feeds)
    for about_page in ABOUT_PAGES:
        yield page(f"{about_page}/index.html", f"{about_page}/index.html", archive=archive)
    yield page("404.html", "404.html")
    # Made one record at a time (for each file by the worker whose share it is): a list of
    # every record would cost a worker several times the file's size.
    def records() -> Iterator[dict[str, Any]]:
        return (document_record(d, views, absolute_url) for d in archive.documents)

    yield PageSpec("data/documenten.json", lambda: render_records_json(records()))
    yield PageSpec("data/documenten.csv", lambda: render_documents_csv(records(), views))
    for feed in feeds:
        yield PageSpec(feed.path, functools.partial(render_feed, feed, archive, views, absolute_url))
    yield from render_figures(overview, env)
    for name, text in sorted(templates.items()):
        if name.startswith(STATIC_PREFIX):
            yield Page(name, text.encode("utf-8"))


def list_overview_pages(archive: Archive, templates: dict[str, str]) -> list[str]:
    """The files plan_site lists that show the whole archive (home, indexes, data, figures) or none of it."""
    pages = ["index.html", "gemeenten/index.html", "onderwerpen/index.html", "soorten/index.html",
             "jaren/index.html", "zoeken/index.html", "data/index.html", "404.html", "cijfers/index.html",
             *(f"{about_page}/index.html" for about_page in ABOUT_PAGES),
             "data/documenten.json", "data/documenten.csv", "data/cijfers.json", "data/cijfers.csv",
             "robots.txt", *sorted(name for name in templates if name.startswith(STATIC_PREFIX))]
    if archive.site.base_url:
        pages.append("sitemap.xml")
    return pages


# The build renders the letters' own pages first, so that the search index (which reads only
# those) can be built while the other pages render.
PHASES = ("letters", "others")


def select_pages(phase: str) -> Callable[[str], bool]:
    """Which planned pages belong to a render phase (one of PHASES)."""
    assert phase in PHASES, phase
    if phase == "letters":
        return lambda path: path.startswith("documenten/")
    return lambda path: not path.startswith("documenten/")


_ID = operator.attrgetter("id")


def page_keys(archive: Archive, views: Views, templates: dict[str, str], overview: Overview,
              source_hashes: dict[str, str], front_matter: dict[str, str], base: str) -> dict[str, str]:
    """The key of every file plan_site lists: a hash of all it is made from.

    A page whose key did not change since the published build is not rendered again. Every
    input of a page must be in its key: a letter's page has its own documents' source hashes
    (which cover all their fields) and those of the documents it shows (answers, replies);
    pages that show no letter's text (listings, data files, figures, home) have the front
    matter hashes of the documents they show, and the municipality slugs they link to; the
    reference date where a page counts days up to it.
    """
    base = combine(base, *(f"{name}={content_hash(text.encode())}" for name, text in sorted(templates.items())),
                   repr(archive.site), repr(archive.topics))
    slugs = views.municipality_slugs
    reference = repr(overview.reference)

    # Each document's part of a key, made once: all of it (its file), or all but its text (what
    # a listing, a data file or a figure shows of it).
    linked = {d.id: ",".join(slugs[m.code] for m in d.municipalities) for d in archive.documents}
    owned = {d.id: f"{source_hashes[d.source_path]}:{linked[d.id]}" for d in archive.documents}
    described = {d.id: f"{front_matter[d.source_path]}:{d.source_path}:{linked[d.id]}" for d in archive.documents}

    def own(document: Document) -> str:
        return owned[document.id]

    def meta(document: Document) -> str:
        return described[document.id]

    def figures_key(figures: Figures | None) -> str:
        # Figures are counts, except the advices waiting longest: each is made from its advice
        # and replies (and the reference date, in the key).
        if figures is None:
            return ""
        return repr(dataclasses.replace(figures, longest_waiting=())) + "".join(
            "status(" + meta(s.advice) + ";" + ",".join(meta(r) for r in s.replies) + ")"
            for s in figures.longest_waiting)

    keys: dict[str, str] = {}
    for document in archive.documents:
        # An advice's status is made from the advice, every reply to it (follow-ups to replies
        # too) and, while it waits, the reference date; a reply's own points from the reply.
        status = overview.advice.get(document.id)
        keys[f"{document.url}index.html"] = combine(
            base, "document", own(document),
            *(own(d) for d in views.answers.get(document.id, ())), "|",
            *(own(d) for d in views.replies.get(document.id, ())), "|",
            *(own(d) for d in (status.replies if status is not None else ())),
            reference if status is not None and not status.answered else "")
    types = views.types
    municipality_figures = overview.municipality_by_slug
    for folder, listings in (("gemeenten", views.municipalities), ("onderwerpen", views.topics),
                             ("soorten", types), ("jaren", views.years)):
        for listing in listings:
            figures = (figures_key(municipality_figures.get(listing.slug)),
                       repr(overview.municipality_years.get(listing.slug, ())), reference) \
                if folder == "gemeenten" else ()
            # map() over the ids: a listing key covers every letter listed (55,000 at 10,000 letters).
            keys[f"{folder}/{listing.slug}/index.html"] = combine(
                base, folder, repr((listing.slug, listing.name, listing.description, listing.municipality)),
                *chain.from_iterable(map(described.__getitem__, map(_ID, group.documents)) for group in listing.years),
                *figures)
    for feed in list_feeds(archive, views, types):
        # An entry without a summary shows the start of the letter's text.
        # An empty feed is dated by the newest document of the whole archive.
        newest = "" if feed.documents else repr(newest_date(archive.documents))
        keys[feed.path] = combine(base, "feed", feed.path, feed.title, feed.page_path,
                                  *(meta(d) if d.summary else own(d) for d in feed.documents), newest)
    # The rest shows the whole archive (counts, every record, the newest letters), or nothing of it.
    whole = combine(*described.values())
    for path in list_overview_pages(archive, templates):
        shows_letters = not (path.startswith(STATIC_PREFIX) or path in ("robots.txt", "404.html"))
        keys[path] = combine(base, "overview", path, *((whole, reference) if shows_letters else ()))
    if archive.site.base_url:
        # DiWoo sitemaps: a chunk's key is made from its documents; robots.txt names the index files.
        woo = diwoo.keys(archive, diwoo.site_url(archive.site.base_url), own)
        keys.update((path, combine(base, "diwoo", path, made)) for path, made in woo.items())
        keys["robots.txt"] = combine(keys["robots.txt"], *sorted(woo))
    return keys


def search_page_data(documents: tuple[Document, ...], views: Views) -> dict[str, Any]:
    """What the search page knows before it opens any index: the shards, the filter counts, the first scope."""
    from ..search.indexing import FIRST_SEARCH_DOCUMENTS, FIRST_SEARCH_SHARDS, assign_shards, bundle_path

    shards = []
    for name, group in assign_shards(documents):
        days = sorted(d.date for d in group)
        shards.append({"path": bundle_path(name), "documents": len(group),
                       "years": sorted({day.year for day in days}, reverse=True),
                       "first": days[0].isoformat() if days else None,
                       "last": days[-1].isoformat() if days else None})
    # Newest first by date, whatever the shards are called: the page searches the newest first.
    shards.sort(key=lambda s: (s["last"] or "", s["first"] or ""), reverse=True)
    return {"shards": shards, "facets": search_facets(documents, views),
            "first": {"documents": FIRST_SEARCH_DOCUMENTS, "shards": FIRST_SEARCH_SHARDS}}


def search_facets(documents: tuple[Document, ...], views: Views) -> dict[str, dict[str, int]]:
    """Per search filter, every value and its number of documents: what the data-pagefind-filter tags hold."""
    facets: dict[str, dict[str, int]] = {"gemeente": {}, "onderwerp": {}, "soort": {}, "jaar": {}, "uitkomst": {}}

    def add(key: str, value: str) -> None:
        facets[key][value] = facets[key].get(value, 0) + 1

    for document in documents:
        for name in dict.fromkeys(m.name for m in document.municipalities) or ("Landelijk",):
            add("gemeente", name)
        for slug in dict.fromkeys(document.topics):
            add("onderwerp", views.topic_by_slug[slug].label)
        add("soort", document.type_label)
        add("jaar", str(document.date.year))
        for outcome in dict.fromkeys(r.outcome for r in document.responses):
            add("uitkomst", OUTCOMES[outcome])
    return facets


def list_file_copies(archive: Archive) -> Iterator[FileCopy]:
    """Yield the files copied from content/: attachments and the Markdown sources."""
    for document in archive.documents:
        yield FileCopy(document.source_file, source_path(document))
        for attachment in document.attachments:
            yield FileCopy(attachment.source, attachment_path(document, attachment))


def document_record(document: Document, views: Views, absolute_url: Any) -> dict[str, Any]:
    """The open-data record of one document."""
    return {
        "id": document.id,
        "type": document.type,
        "title": document.title,
        "date": document.date.isoformat(),
        "municipalities": [
            {"name": m.name, "code": m.code, "tooi": m.tooi,
             "slug": views.municipality_slugs[m.code]}
            for m in document.municipalities
        ],
        "from": document.author,
        "to": document.recipient,
        "topics": list(document.topics),
        "reference": document.reference,
        "in_reply_to": list(document.in_reply_to),
        "replies": [d.id for d in views.replies.get(document.id, ())],
        "responses": [
            {"point": r.point, "title": r.title, "outcome": r.outcome, "note": r.note}
            for r in document.responses
        ],
        "summary": document.summary,
        "attachments": [
            {"title": a.title, "url": absolute_url(attachment_path(document, a))}
            for a in document.attachments
        ],
        "source": absolute_url(source_path(document)),
        "url": absolute_url(document.url),
    }


def search_listing_urls(views: Views, types: tuple[Listing, ...],
                        years: tuple[Listing, ...]) -> dict[str, dict[str, tuple[str, int]]]:
    """Per search filter and value: the prebuilt listing page and its count, for searches without words."""
    return {
        "gemeente": {m.name: (f"gemeenten/{m.slug}/", m.count) for m in views.municipalities},
        "onderwerp": {t.name: (f"onderwerpen/{t.slug}/", t.count) for t in views.topics},
        "soort": {t.name: (f"soorten/{t.slug}/", t.count) for t in types},
        "jaar": {y.name: (f"jaren/{y.slug}/", y.count) for y in years},
    }


def render_records_json(records: Iterable[dict[str, Any]]) -> bytes:
    """Render /data/documenten.json: one record per document and per line, newest first."""
    # One line per record reads and diffs well, and lets json use its C encoder (indenting
    # falls back to the pure-Python one, ten times slower on a large archive). Made record by
    # record: json.dumps of a list of every record holds all of it at once.
    lines = ",\n".join(json.dumps(record, ensure_ascii=False) for record in records)
    return f"[\n{lines}\n]\n".encode("utf-8") if lines else b"[]\n"


def days_label(count: float) -> str:
    """'1 dag', '4 dagen', '4,5 dagen'."""
    return f"{number_nl(count)} {'dag' if count == 1 else 'dagen'}"


def number_nl(value: float | int | None) -> str:
    """A number as Dutch text: '4', '4,5'; '–' when there is none."""
    if value is None:
        return "–"
    if float(value).is_integer():
        return str(int(value))
    return f"{value:g}".replace(".", ",")


def tally_text(tally: tuple[tuple[str, int], ...]) -> str:
    """'3 overgenomen, 2 deels, 1 toegezegd, 1 niet overgenomen'."""
    return ", ".join(f"{count} {OUTCOME_WORDS[outcome]}" for outcome, count in tally if count)


def render_figures(overview: Overview, env: Environment) -> Iterator[PageSpec]:
    """List /cijfers/ and its open data (/data/cijfers.json and /data/cijfers.csv), not rendered yet."""
    yield PageSpec("cijfers/index.html", lambda: env.get_template("cijfers/index.html").render(
        page_path="cijfers/index.html", overview=overview).encode("utf-8"))
    yield PageSpec("data/cijfers.json", lambda: render_figures_json(overview, env.globals["absolute_url"]))
    yield PageSpec("data/cijfers.csv", lambda: render_figures_csv(overview))


def render_figures_json(overview: Overview, absolute_url: Any) -> bytes:
    """Render /data/cijfers.json: the figures per municipality, topic and year, and in total."""
    data = {
        "reference_date": overview.reference.day.isoformat() if overview.reference.day else None,
        "reference_date_source": overview.reference.source,
        "rules": absolute_url("cijfers/#telregels"),
        "municipalities": [figures_record(f, absolute_url) for f in overview.municipalities],
        "topics": [figures_record(f) for f in overview.topics],
        "years": [figures_record(f) for f in overview.years],
        "total": figures_record(overview.total),
    }
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def render_figures_csv(overview: Overview) -> bytes:
    """Render /data/cijfers.csv: one row per group, the columns of cijfers.json."""
    groups = [("gemeente", overview.municipalities), ("onderwerp", overview.topics),
              ("jaar", overview.years), ("totaal", (overview.total,))]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    header = ["group", *figures_record(overview.total)]
    writer.writerow(header)
    for group, rows in groups:
        for figures in rows:
            record = figures_record(figures)
            writer.writerow([group, *(_csv_cell(record[k]) for k in header[1:])])
    return out.getvalue().encode("utf-8")


def figures_record(figures: Figures, absolute_url: Any = None) -> dict[str, Any]:
    """The open-data record of one group's figures (flat, so the CSV has the same columns)."""
    record: dict[str, Any] = {
        "key": figures.key,
        "name": figures.name,
        "code": figures.code,
        "advices": figures.advices,
        "answered": figures.answered,
        "unanswered": figures.unanswered,
        "answered_without_outcome": figures.answered_without_outcome,
        "response_days_median": _plain_number(figures.response_days_median),
        "response_days_max": figures.response_days_max,
        "points": figures.points,
        "points_without_advice": figures.points_without_advice,
        **{f"outcome_{o.replace('-', '_')}": n for o, n in figures.outcomes},
        "adopted_fully_or_partly": figures.adopted,
        "adopted_percent": figures.adopted_percent,
    }
    if absolute_url is not None:
        record["longest_waiting"] = [
            {"id": s.advice.id, "title": s.advice.title, "date": s.advice.date.isoformat(),
             "days_waiting": s.waiting_days, "url": absolute_url(s.advice.url)}
            for s in figures.longest_waiting
        ]
    return record


def _plain_number(value: float | None) -> float | int | None:
    """A whole float as an int (4.0 -> 4), so data files read like the pages."""
    return int(value) if value is not None and value.is_integer() else value


def _csv_cell(value: Any) -> str:
    """CSV text of a figure: empty for 'none', numbers with a '.' as decimal point."""
    if isinstance(value, str):
        return spreadsheet_text(value)
    return "" if value is None else str(value)
