"""Where each kind of page lives in the site: the URL tree, spelled once.

Paths are relative to the site root and end in '/' for pages (their file is index.html).
The route table (render/routes.py) says how each is made; everything else builds its links here.
"""

from __future__ import annotations

from urllib.parse import quote

HOME = ""
DOCUMENTS = "documenten/"
MUNICIPALITIES = "gemeenten/"
TOPICS = "onderwerpen/"
TYPES = "soorten/"
YEARS = "jaren/"
SEARCH = "zoeken/"
DATA = "data/"
FIGURES = "cijfers/"
FIGURES_MUNICIPALITIES = "cijfers/gemeenten/"  # the figures of every municipality, a page of its own
ACCESSIBILITY = "toegankelijkheid/"
ABOUT = "over/"
NOT_FOUND = "404.html"
STATIC = "static/"
FEEDS = "feeds/"
ALL_FEED = "feeds/alles.xml"
SEARCH_INDEX = "pagefind/"
SEARCH_WORDS = "zoeken/woorden.json"  # the words the search page splits queries with and suggests
FINDER = "zoeken/lijst/"  # the finder's files: per filter value its letters, and the letters' display records
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
DOCUMENTS_JSON = "data/documenten.json"
DOCUMENTS_CSV = "data/documenten.csv"
DOCUMENTS_CSV_EXCEL = "data/documenten-excel.csv"  # the same, for a double-click in Dutch Excel
FIGURES_JSON = "data/cijfers.json"
FIGURES_CSV = "data/cijfers.csv"
FIGURES_RULES = "cijfers/#telregels"
# The listing folders, by the filter or view they list.
LISTING_FOLDERS = {"gemeente": MUNICIPALITIES, "onderwerp": TOPICS, "soort": TYPES, "jaar": YEARS}


def logo(name: str) -> str:
    """Where the council's logo (site.yaml `logo`, a picture inside content/) is published."""
    return f"{STATIC}logo.{name.rsplit('.', 1)[-1].lower()}"


def finder_value(filter_name: str, number: int) -> str:
    """The finder's file of one filter value: the numbers of its letters."""
    return f"{FINDER}{filter_name}-{number}.json"


def finder_records(chunk: int) -> str:
    """The finder's file of one chunk of letters, newest first: what a result shows of each."""
    return f"{FINDER}brieven-{chunk}.json"


def document(doc_id: str) -> str:
    """A document's page."""
    return f"{DOCUMENTS}{doc_id}/"


def listing(folder: str, slug: str) -> str:
    """One listing page: a municipality, topic, type or year (folder is one of the folders above)."""
    return f"{folder}{slug}/"


def listing_page(page: str, number: int) -> str:
    """Page `number` of a listing split into pages: the first keeps the listing's own URL."""
    return page if number == 1 else f"{page}pagina/{number}/"


def feed(page: str) -> str:
    """The feed of a listing page."""
    return f"{page}feed.xml"


def page_file(page: str) -> str:
    """The file that holds a page."""
    return f"{page}index.html"


def is_letter_file(path: str) -> bool:
    """Whether a site file belongs to a letter's own folder (its page, source and attachments)."""
    return path.startswith(DOCUMENTS)


def attachment(page: str, file: str) -> str:
    """Where a document's attachment is published: beside its page, under its own file name."""
    return page + file.rsplit("/", 1)[-1]


def attachment_link(page: str, file: str) -> str:
    """An attachment's address as a link writes it: its name percent-encoded, so '#', '?', '%' and spaces reach the file."""
    return page + quote(file.rsplit("/", 1)[-1], safe="")


def markdown_copy(page: str, doc_id: str) -> str:
    """Where a document's Markdown source is offered for download, beside its page."""
    return f"{page}{doc_id}.md"
