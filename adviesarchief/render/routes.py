"""The route table: every output of the site, where it goes, how it is made and what it is made from.

One table lists every kind of output (page, data file, feed, copied file). A new page is one
route plus its template. Each route lists its outputs lazily: an Output knows its path, how
to make its bytes, and its Inputs, which is all an incremental build needs to key it.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
from itertools import chain
from typing import Any, Callable, Container, Iterable, Iterator, NamedTuple, TypeVar

from jinja2 import BytecodeCache, Environment, TemplateNotFound

from .. import urls
from ..derive.facets import Known, answered_letters
from ..derive.feeds import Feed, change_times, entry_times, list_feeds
from ..derive.chart import layout_chart
from ..derive.figures import Figures, reply_points, tally_points
from ..derive.paging import ListingPage, split_listing
from ..derive.status import LetterStatus, letter_status
from ..derive.views import Listing, Views
from ..errors import ArchiveError
from ..model import ANSWER_TYPES, Document
from . import diwoo
from .data import DataContext, outcome_tally, render_documents_csv, render_figures_csv, render_figures_json, render_records_json
from .assets import static_files
from .environment import make_environment
from .exports import document_jsonld, municipality_jsonld, newest_date, page_dates, render_robots, render_sitemap
from .feeds import render_feed
from .finder import CHUNK, finder_data, finder_values, records_file, value_file
from .outputs import LETTERS, OTHERS, Inputs, Output, SiteContent
from .search_page import search_listing_urls, search_page_data

T = TypeVar("T")


class Route(NamedTuple):
    """One kind of output: its name, the path its files take, and how they are listed."""

    name: str
    path: str
    outputs: Callable[["Planner"], Iterable[Output]]


class Planner:
    """Lists the outputs of the routes, sharing one Jinja environment and what the routes need."""

    def __init__(self, content: SiteContent, compiled: BytecodeCache | None = None,
                 letter_pages: Container[str] | None = None) -> None:
        """letter_pages: the letters' pages and Markdown copies to list (by path; None: all of them)."""
        self.content, self.letter_pages = content, letter_pages
        self.archive, self.views, self.overview = content.archive, content.views, content.overview
        self.env: Environment = make_environment(content.templates, content.archive, compiled)
        self._statuses: dict[str, LetterStatus] = dict(content.statuses)
        self._tallies: dict[str, dict[str, int]] = {}
        self.env.globals.update(reference=content.overview.reference, tally_points=tally_points,
                                listing_page=urls.listing_page,
                                letter_status=self.status_of)
        self.absolute_url: Callable[[str], str] = self.env.globals["absolute_url"]
        self.topics = {t.slug: t.label for t in self.archive.topics}
        self.known = Known(self.topics, answered_letters(self.overview))  # for the search filters

    @functools.cached_property
    def feeds(self) -> list[Feed]:
        """Every feed, worked out when first asked for: a rebuild after an edit of a text lists no route that has one."""
        changed = change_times(self.archive, self.content.history, self.overview.reference.day)
        return list_feeds(self.archive, self.views, self.views.types, entry_times(self.archive, self.views, changed))

    @functools.cached_property
    def feed_of_page(self) -> dict[str, Feed]:
        """The feed a page announces, by the page's folder."""
        return {feed.page_path: feed for feed in self.feeds}

    def status_of(self, document: Document) -> LetterStatus:
        """A letter's worded status, worked out once: every list it is in shows it."""
        status = self._statuses.get(document.id)
        if status is None:
            status = self._statuses[document.id] = letter_status(document, self.overview, self.views.by_id)
        return status

    def tally_of(self, document: Document) -> dict[str, int]:
        """A letter's points per outcome for the open data, worked out once: a column per outcome shows it."""
        tally = self._tallies.get(document.id)
        if tally is None:
            context = DataContext(self.views, self.absolute_url, self.overview)
            tally = self._tallies[document.id] = outcome_tally(document, context)
        return tally

    @functools.cached_property
    def woo_plan(self) -> dict[diwoo.Category, dict[str, tuple[Document, ...]]]:
        """The DiWoo sitemaps per information category, with their documents."""
        # Made from front matter and the site's address alone (the entries' sizes bound the sitemaps).
        ids = self.content.remember("woo-index", lambda: diwoo.plan_ids(self.archive, self.absolute_url))
        return diwoo.plan_from_ids(self.archive, ids)

    def render(self, page: str, template: str, **context: Any) -> bytes:
        """Render one page (page: its folder, '' for home) with its template."""
        path = urls.page_file(page) if not page.endswith(".html") else page
        # Pages with a feed announce it (<link rel="alternate">) and show a "Volg" link.
        if "feed" not in context:
            context["feed"] = self.feed_of_page.get(page)
        try:
            return self.env.get_template(template).render(page_path=path, **context).encode("utf-8")
        except TemplateNotFound as missing:
            raise ArchiveError(f"template '{missing.name}' is missing",
                               hint="the installation is incomplete: install adviesarchief again (pip install .)"
                               ) from missing

    def page(self, page: str, template: str, inputs: Inputs, phase: str = OTHERS, **context: Any) -> Output:
        """An HTML page, rendered when asked for."""
        path = urls.page_file(page) if not page.endswith(".html") else page
        return Output(path, functools.partial(self.render, page, template, **context), inputs, phase)


WHOLE = Inputs(whole=True, reference=True)
# /cijfers/ lists this many of the letters waiting longest (documenten.csv has them all).
WAITING_SHOWN = 100


def _home(p: Planner) -> Iterator[Output]:
    yield p.page(urls.HOME, "index.html", WHOLE, views=p.views, archive=p.archive)


def _documents(p: Planner) -> Iterator[Output]:
    views, overview, listed = p.views, p.overview, p.letter_pages
    for document in p.archive.documents:
        path = urls.page_file(document.url)
        if listed is not None and path not in listed:
            continue
        answers, replies = views.answers.get(document.id, ()), views.replies.get(document.id, ())
        status = overview.advice.get(document.id)
        # An advice's status is made from the advice, every reply to it (follow-ups to replies
        # too) and, while it waits, the reference date; a reply's own points from the reply.
        followed = status.replies if status is not None else ()
        inputs = Inputs(texts=(document, *answers, *replies, *followed),
                        reference=status is not None and not status.answered,
                        extra=",".join(d.id for d in answers) + "|" + ",".join(d.id for d in replies))
        yield Output(path, functools.partial(_document_page, p, document), inputs, LETTERS)


def _document_page(p: Planner, document: Document) -> bytes:
    # The context is made when the page is rendered, so a plan of every page stays small.
    views = p.views
    return p.render(
        document.url, "documenten/document.html",
        feed=None,  # a letter has no feed of its own
        document=document,
        answers=views.answers.get(document.id, ()),
        replies=views.replies.get(document.id, ()),
        topics=[views.topic_by_slug[t] for t in document.topics],
        municipality_slugs=views.municipality_slugs,
        attachment_link=attachment_link, markdown_path=markdown_path,
        status=p.overview.advice.get(document.id),
        letter=p.status_of(document),
        own_points=reply_points(document) if document.type in ANSWER_TYPES else (),
        jsonld=document_jsonld(document, p.archive, views, p.absolute_url, p.absolute_url(markdown_path(document))),
    )


def attachment_path(document: Document, attachment: Any) -> str:
    """Where an attachment lives in the site."""
    return urls.attachment(document.url, attachment.file)


def attachment_link(document: Document, attachment: Any) -> str:
    """An attachment's address in a link (its name percent-encoded)."""
    return urls.attachment_link(document.url, attachment.file)


def markdown_path(document: Document) -> str:
    """Where a document's Markdown source is offered for download."""
    return urls.markdown_copy(document.url, document.id)


def _copies(p: Planner) -> Iterator[Output]:
    """The files copied as they are from content/: each letter's Markdown source and its attachments."""
    listed = p.letter_pages
    for document in p.archive.documents:
        source = markdown_path(document)
        if listed is None or source in listed:
            yield _copy(source, document.source_file)
        for attachment in document.attachments:
            yield _copy(attachment_path(document, attachment), attachment.source)


def _copy(path: str, source: str) -> Output:
    # The write stage copies the file itself (see write.write_outputs): nothing is made.
    return Output(path, bytes, Inputs(copied=source), LETTERS)


def _listing_inputs(p: Planner, pager: ListingPage, *extra: str) -> Inputs:
    """A listing's page shows the front matter of the letters on it, and each card's status.

    A card's status is made from the letter, its replies (an advice's) or the letters it
    answers (a reply's), and, while an advice waits, the reference date. Every page shows the
    listing's counts, its place among the pages and where each year starts.
    """
    listing = pager.listing
    identity = repr((listing.slug, listing.name, listing.description, listing.municipality, listing.count,
                     listing.type_counts, pager.number, pager.total, pager.year_starts))
    listed = pager.documents
    related: list[Document] = []
    waiting = False
    for document in listed:
        status = p.overview.advice.get(document.id)
        if status is not None:
            related += status.replies
            waiting = waiting or not status.answered
        related += p.views.answers.get(document.id, ())
    return Inputs(fronts=(*listed, *related), reference=waiting, extra="\x00".join((identity, *extra)))


def _listing_pages(p: Planner, folder: str, listing: Listing, template: str,
                   **context: Any) -> Iterator[tuple[ListingPage, str, Output]]:
    """Each page of a listing (the first at the listing's own URL), with its path and its Output."""
    base = urls.listing(folder, listing.slug)
    for pager in split_listing(listing):
        page = urls.listing_page(base, pager.number)
        # A later page links to the listing's feed too.
        yield pager, page, p.page(page, template, _listing_inputs(p, pager), listing=listing, pager=pager,
                                  pager_path=base, feed=p.feed_of_page.get(base), **context)


def _municipalities(p: Planner) -> Iterator[Output]:
    yield p.page(urls.MUNICIPALITIES, "gemeenten/index.html", WHOLE, views=p.views)
    overview = p.overview
    for listing in p.views.municipalities:
        for pager, page, output in _listing_pages(p, urls.MUNICIPALITIES, listing, "gemeenten/gemeente.html",
                                                  views=p.views):
            if pager.number > 1:
                yield output
                continue
            # The first page shows the figures too.
            figures = overview.municipality_by_slug[listing.slug]
            years = overview.municipality_years.get(listing.slug, ())
            waiting = tuple(chain.from_iterable((s.advice, *s.replies) for s in figures.longest_waiting))
            inputs = output.inputs._replace(fronts=(*output.inputs.fronts, *waiting), reference=True,
                                            extra=output.inputs.extra + "\x00" + _figures_key(figures)
                                            + "\x00" + repr(years))
            yield Output(output.path, functools.partial(_municipality_page, p, listing, pager, page), inputs)


def _figures_key(figures: Figures) -> str:
    # Figures are counts, but for the advices waiting longest: those are keyed by their documents.
    return repr(dataclasses.replace(figures, longest_waiting=())) + "".join(
        f"status({s.advice.id};{','.join(r.id for r in s.replies)})" for s in figures.longest_waiting)


def _municipality_page(p: Planner, listing: Listing, pager: ListingPage, page: str) -> bytes:
    # The chart is laid out when the page renders: most builds take the page over.
    years = p.overview.municipality_years.get(listing.slug, ())
    return p.render(page, "gemeenten/gemeente.html", listing=listing, pager=pager, pager_path=page, views=p.views,
                    figures=p.overview.municipality_by_slug[listing.slug], years=years, chart=layout_chart(years),
                    jsonld=municipality_jsonld(listing, p.absolute_url))


def _topics(p: Planner) -> Iterator[Output]:
    yield p.page(urls.TOPICS, "onderwerpen/index.html", WHOLE, views=p.views)
    topic_figures = {f.key: f for f in p.overview.topics}
    for listing in p.views.topics:
        figures = topic_figures[listing.slug]
        for pager, page, output in _listing_pages(p, urls.TOPICS, listing, "onderwerpen/onderwerp.html",
                                                  views=p.views, figures=figures):
            if pager.number > 1:
                yield output
                continue
            # The first page shows the figures too.
            waiting = tuple(chain.from_iterable((s.advice, *s.replies) for s in figures.longest_waiting))
            yield output._replace(inputs=output.inputs._replace(
                fronts=(*output.inputs.fronts, *waiting), reference=True,
                extra=output.inputs.extra + "\x00" + _figures_key(figures)))


def _listings(folder: str, listings: Callable[[Views], tuple[Listing, ...]]) -> Callable[[Planner], Iterator[Output]]:
    """The index page and the pages of each listing of a folder whose listings share one template."""
    name = folder.rstrip("/")

    def outputs(p: Planner) -> Iterator[Output]:
        yield p.page(folder, f"{name}/index.html", WHOLE, listings=listings(p.views))
        for listing in listings(p.views):
            yield from (output for _, _, output in _listing_pages(p, folder, listing, f"{name}/listing.html"))
    return outputs


def _search(p: Planner) -> Iterator[Output]:
    # Its data (shards, filter counts) is made only when the page is rendered: most builds take it over.
    def make() -> bytes:
        content = p.content
        return p.render(urls.SEARCH, "zoeken/index.html", views=p.views, listing_urls=search_listing_urls(p.views, {page: feed.path for page, feed in p.feed_of_page.items()}),
                        search_data=search_page_data(content.search_shards, content.first_search,
                                                     p.archive.documents, p.known),
                        finder_data=finder_data(p.archive.documents))
    # The shards' layout and the first scope are set by the tuning, not by the letters alone.
    layout = repr([(s.path, len(s.documents)) for s in p.content.search_shards]) + repr(p.content.first_search)
    yield Output(urls.page_file(urls.SEARCH), make, WHOLE._replace(extra=layout))


def _finder(p: Planner) -> Iterator[Output]:
    """Per filter value the numbers of its letters, and the letters' display records in chunks (finder.py)."""
    documents = p.archive.documents
    # Made from front matter alone: whether an advice has a reply is too.
    for name, values in p.content.remember("finder", lambda: finder_values(documents, p.known)).items():
        for number, numbers in enumerate(values.values()):
            # The file is made of its numbers and the number of letters, nothing else: a letter
            # edited in place leaves it as it is.
            yield Output(urls.finder_value(name, number), functools.partial(value_file, numbers, len(documents)),
                         Inputs(extra=f"{len(documents)}:" + ",".join(map(str, numbers))))
    for chunk in range(0, len(documents), CHUNK):
        part = documents[chunk:chunk + CHUNK]
        statuses = [(s.short, s.state) for s in map(p.status_of, part)]
        yield Output(urls.finder_records(chunk // CHUNK), functools.partial(records_file, part, statuses),
                     # A status changes with a reply or the reference date: the key holds them.
                     Inputs(fronts=part, extra=f"{chunk}:" + "|".join(f"{a}:{b}" for a, b in statuses)))


def _search_words(p: Planner) -> Iterator[Output]:
    """The word list the search page loads when a search finds little: to split words and suggest spellings."""
    data = json.dumps(p.content.words, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    yield Output(urls.SEARCH_WORDS, lambda: data, Inputs(extra=hashlib.sha256(data).hexdigest()))


def _about(p: Planner) -> Iterator[Output]:
    yield p.page(urls.DATA, "data/index.html", WHOLE, archive=p.archive, feeds=p.feeds,
                 municipalities=p.views.municipalities)
    for page in (urls.ACCESSIBILITY, urls.ABOUT):
        yield p.page(page, f"{page}index.html", WHOLE, archive=p.archive)
    yield p.page(urls.NOT_FOUND, "404.html", Inputs())


def _figures(p: Planner) -> Iterator[Output]:
    overview = p.overview
    yield p.page(urls.FIGURES, "cijfers/index.html", WHOLE, overview=overview,
                 chart=layout_chart(overview.total_years), waiting_shown=WAITING_SHOWN)
    # The tables of every municipality (some 350 rows each) have a page of their own: with them
    # /cijfers/ would pass 200 KB.
    yield p.page(urls.FIGURES_MUNICIPALITIES, "cijfers/gemeenten.html", WHOLE, overview=overview)
    yield Output(urls.FIGURES_JSON, functools.partial(render_figures_json, overview, p.absolute_url), WHOLE)
    yield Output(urls.FIGURES_CSV, functools.partial(render_figures_csv, overview), WHOLE)


def _open_data(p: Planner) -> Iterator[Output]:
    # Made one record at a time (for each file by the worker whose share it is): a list of
    # every record would cost a worker several times the file's size.
    context = DataContext(p.views, p.absolute_url, p.overview, p.status_of, p.tally_of)
    documents = p.archive.documents
    yield Output(urls.DOCUMENTS_JSON, functools.partial(render_records_json, documents, context), WHOLE)
    yield Output(urls.DOCUMENTS_CSV, functools.partial(render_documents_csv, documents, context), WHOLE)
    yield Output(urls.DOCUMENTS_CSV_EXCEL, functools.partial(render_documents_csv, documents, context, excel=True),
                 WHOLE)


def _feeds(p: Planner) -> Iterator[Output]:
    for feed in p.feeds:
        # An entry without a summary shows the start of the letter's text. The entries' times
        # (from git, derive/feeds.py) order the feed and date it; an empty feed is dated by the archive.
        times = ",".join(f"{d.id}={t.isoformat()}" for d, t in zip(feed.documents, feed.times))
        inputs = Inputs(texts=tuple(d for d in feed.documents if not d.summary),
                        fronts=tuple(d for d in feed.documents if d.summary),
                        extra="\x00".join((feed.title, feed.page_path, times, repr(feed.updated))))
        yield Output(feed.path, functools.partial(render_feed, feed, p.archive, p.views, p.absolute_url), inputs)


def _woo_index(p: Planner) -> Iterator[Output]:
    """The DiWoo sitemaps and their index files, for the national Woo-index (only with base_url)."""
    if not p.env.globals["has_base_url"]:
        return
    archive, absolute_url = p.archive, p.absolute_url
    by_id = {d.id: d for d in archive.documents}
    topics = {t.slug: t.label for t in archive.topics}
    for category, sitemaps in p.woo_plan.items():
        for path, chunk in sitemaps.items():
            # A reply's entry shows the title and address of the letter it answers, and an entry's
            # lastmod the size of its original PDF.
            answered = tuple(by_id[t] for d in chunk for t in d.in_reply_to if t in by_id)
            inputs = Inputs(texts=(*chunk, *answered), extra=",".join(str(diwoo.pdf_size(d)) for d in chunk))
            # Its entries are kept between builds: an edit of one letter's text changes one of them.
            remember = functools.partial(p.content.remember_each, path)
            yield Output(path, functools.partial(diwoo.render_sitemap, chunk, by_id, absolute_url, topics, remember),
                         inputs)
        yield Output(diwoo.index_path(category), functools.partial(diwoo.render_index, tuple(sitemaps), absolute_url),
                     Inputs(extra=",".join(sitemaps)))


def _static(p: Planner) -> Iterator[Output]:
    # Scripts as published: their imports of each other carry versions (assets.py).
    for name, text in sorted(static_files(p.content.templates).items()):
        yield Output(name, functools.partial(str.encode, text, "utf-8"), Inputs())
    site = p.archive.site
    if site.logo:
        # The council's logo (site.yaml), copied from content/.
        yield _copy(site.logo_path, site.logo_source)


# The routes of the letters' own pages and of the copied files: plan_routes() can list some of
# the pages and of the letters' Markdown copies (see letter_pages).
LETTER_PAGES = "document"
COPIES = "copies"
# Every output of the site, in the order the sitemap lists pages. sitemap.xml and robots.txt
# come last (see plan_site): they list the others.
ROUTES: tuple[Route, ...] = (
    Route("home", urls.page_file(urls.HOME), _home),
    Route(LETTER_PAGES, urls.page_file(urls.document("{id}")), _documents),
    Route("municipalities", urls.page_file(urls.listing(urls.MUNICIPALITIES, "{slug}")), _municipalities),
    Route("topics", urls.page_file(urls.listing(urls.TOPICS, "{slug}")), _topics),
    Route("types", urls.page_file(urls.listing(urls.TYPES, "{slug}")), _listings(urls.TYPES, lambda v: v.types)),
    Route("years", urls.page_file(urls.listing(urls.YEARS, "{slug}")), _listings(urls.YEARS, lambda v: v.years)),
    Route("search", urls.page_file(urls.SEARCH), _search),
    Route("search words", urls.SEARCH_WORDS, _search_words),
    Route("finder", f"{urls.FINDER}{{filter}}-{{n}}.json, {urls.FINDER}brieven-{{n}}.json", _finder),
    Route("about", urls.page_file("{data,toegankelijkheid,over}/") + ", " + urls.NOT_FOUND, _about),
    Route("open data", f"{urls.DOCUMENTS_JSON}, {urls.DOCUMENTS_CSV}, {urls.DOCUMENTS_CSV_EXCEL}", _open_data),
    Route("feeds", f"{urls.ALL_FEED}, {urls.feed('{folder}/{slug}/')}", _feeds),
    Route("figures", f"{urls.page_file(urls.FIGURES)}, {urls.page_file(urls.FIGURES_MUNICIPALITIES)}, "
                     f"{urls.FIGURES_JSON}, {urls.FIGURES_CSV}", _figures),
    Route("static", urls.STATIC + "{name}", _static),
    Route("woo-index", "sitemapindex-diwoo-infocat{NNN}.xml, sitemap-diwoo-infocat{NNN}-{n}.xml", _woo_index),
    Route(COPIES, urls.document("{id}") + "{id}.md, " + urls.document("{id}") + "{attachment}", _copies),
)


# The name under which plan_routes() gives sitemap.xml and robots.txt: they list the other routes' files.
SITE_FILES = "sitemap"


def plan_site(content: SiteContent, compiled: BytecodeCache | None = None) -> Iterator[Output]:
    """List every output of the site without making it (workers share the work); then sitemap.xml and robots.txt."""
    return (output for _, output in plan_routes(content, compiled))


def plan_routes(content: SiteContent, compiled: BytecodeCache | None = None, skip: Container[str] = (),
                letter_pages: Container[str] | None = None) -> Iterator[tuple[str, Output]]:
    """plan_site() with each output's route name, leaving out the routes named in skip (with any, SITE_FILES).

    letter_pages: list only these of the letters' own pages (route LETTER_PAGES) and Markdown copies
    (route COPIES); then without SITE_FILES too.
    """
    if SITE_FILES not in skip and (letter_pages is not None or any(route.name in skip for route in ROUTES)):
        raise ValueError("the sitemap lists the pages of every route: leave it out with the routes left out")
    planner = Planner(content, compiled, letter_pages)
    pages: list[str] = []
    for route in ROUTES:
        if route.name in skip:
            continue
        for output in route.outputs(planner):
            if output.path.endswith("index.html"):
                pages.append(output.path.removesuffix("index.html"))
            yield route.name, output
    if SITE_FILES in skip:
        return
    archive, absolute_url = content.archive, planner.absolute_url
    has_base_url = planner.env.globals["has_base_url"]
    if has_base_url:
        # The sitemap protocol needs absolute URLs, so there is none without base_url.
        listings = {urls.MUNICIPALITIES: content.views.municipalities, urls.TOPICS: content.views.topics,
                    urls.TYPES: content.views.types, urls.YEARS: content.views.years}
        yield SITE_FILES, Output(urls.SITEMAP, lambda: render_sitemap(pages, page_dates(archive, listings),
                                                                      newest_date(archive.documents), absolute_url),
                                 WHOLE)
    woo_indexes = [absolute_url(diwoo.index_path(category)) for category in planner.woo_plan] if has_base_url else []
    robots = render_robots(archive.site.base_path, absolute_url(urls.SITEMAP) if has_base_url else None, woo_indexes)
    yield SITE_FILES, Output(urls.ROBOTS, lambda: robots, Inputs(extra=",".join(woo_indexes)))
