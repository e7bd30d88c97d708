"""The archive's value types: documents, topics, municipalities and the validated whole."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from . import urls
from .text import join_dutch

DOCUMENT_TYPES: dict[str, str] = {
    "advies": "Advies van de adviesraad",
    "reactie": "Reactie van de gemeente",
    "vragen": "Vragen",
    "antwoord": "Antwoord op vragen",
    "notitie": "Notitie",
}
# Plural labels for counts and filters ("3 adviezen").
DOCUMENT_TYPES_PLURAL: dict[str, str] = {
    "advies": "adviezen",
    "reactie": "reacties",
    "vragen": "vragen",
    "antwoord": "antwoorden",
    "notitie": "notities",
}
# Types whose documents answer another document and may carry `responses`.
ANSWER_TYPES = frozenset({"reactie", "antwoord"})

OUTCOMES: dict[str, str] = {
    "overgenomen": "Overgenomen",
    "deels": "Deels overgenomen",
    "toegezegd": "Toegezegd",
    "niet-overgenomen": "Niet overgenomen",
    "kennisgenomen": "Voor kennisgeving aangenomen",
}
# Short outcome words for tallies: "3 overgenomen, 2 deels, 1 toegezegd".
OUTCOME_WORDS: dict[str, str] = {
    "overgenomen": "overgenomen",
    "deels": "deels",
    "toegezegd": "toegezegd",
    "niet-overgenomen": "niet overgenomen",
    "kennisgenomen": "voor kennisgeving",
}

# Documents about no one municipality are filed under this name and slug.
NATIONAL = "Landelijk"
NATIONAL_SLUG = "landelijk"


@dataclass(frozen=True)
class SiteInfo:
    """What site.yaml says about the whole site."""

    title: str = "Adviesarchief"
    description: str = ""
    base_url: str = ""
    language: str = "nl"
    licence: str = ""
    publisher: str = ""
    contact: str = ""  # e-mail or web address for questions and accessibility problems
    allowed_iban: tuple[str, ...] = ()
    allowed_email_domains: tuple[str, ...] = ()
    allowed_phone_numbers: tuple[str, ...] = ()
    today: date | None = None
    council: str = ""      # the advisory council's name, shown in the header and footer
    logo: str = ""         # its logo: a picture inside content/, relative to it ('' for none)
    logo_alt: str = ""     # the logo's text alternative ('' for "Logo van <council>")
    logo_source: str = field(default="", repr=False)  # the logo as copied (content root and name)

    @property
    def logo_path(self) -> str:
        """Where the logo is published in the site ('' without one)."""
        return urls.logo(self.logo) if self.logo else ""

    @property
    def logo_text(self) -> str:
        """The logo's text alternative."""
        return self.logo_alt or f"Logo van {self.council or self.title}"

    @property
    def base_path(self) -> str:
        """The URL path the site lives under, always ending in '/' ('/adviesraad/')."""
        from urllib.parse import urlsplit

        path = urlsplit(self.base_url).path if self.base_url else "/"
        return path if path.endswith("/") else path + "/"


@dataclass(frozen=True)
class Topic:
    """One entry of topics.yaml."""

    slug: str
    label: str
    description: str = ""


@dataclass(frozen=True)
class Municipality:
    """A Dutch municipality from the registry (current or former)."""

    code: str
    name: str
    start: date | None
    end: date | None
    successors: tuple[str, ...] = ()
    tooi: str = ""

    @property
    def slug(self) -> str:
        """The municipality's URL slug."""
        from .text import slugify

        return slugify(self.name)


class Response(NamedTuple):
    """The answer to one point of an answered document.

    Like Heading a named tuple, not a dataclass: the parse cache holds tens of thousands, and a
    tuple loads in half the time.
    """

    point: str
    title: str
    outcome: str
    note: str = ""
    anchor: str = ""


@dataclass(frozen=True)
class Attachment:
    """A file next to a document, copied into the site."""

    title: str
    file: str
    source: str  # absolute path of the file in content/


class Heading(NamedTuple):
    """A heading in a document body, with its anchor."""

    level: int
    text: str
    anchor: str


@dataclass(frozen=True)
class PackedHtml:
    """Safe HTML kept compressed: a body is read once, when its page is rendered."""

    data: bytes

    @classmethod
    def pack(cls, html: str) -> PackedHtml:
        """Compress HTML (fast over small: 100,000 bodies would hold gigabytes as text)."""
        return cls(zlib.compress(html.encode("utf-8"), 1))

    def __str__(self) -> str:
        return zlib.decompress(self.data).decode("utf-8")

    def __html__(self) -> str:
        """The HTML as text, for Jinja2 (which trusts it as already safe)."""
        return str(self)


@dataclass(frozen=True)
class Document:
    """One validated letter."""

    id: str
    type: str
    title: str
    date: date
    municipalities: tuple[Municipality, ...]
    author: str
    recipient: str
    topics: tuple[str, ...]
    reference: str
    in_reply_to: tuple[str, ...]
    summary: str
    attachments: tuple[Attachment, ...]
    responses: tuple[Response, ...]
    body_html: PackedHtml
    headings: tuple[Heading, ...]
    source_path: str  # as shown in messages: content/x/y.md
    source_name: str  # path relative to content/, for the Markdown download
    source_file: str = field(repr=False, default="")  # absolute path, copied by write

    @property
    def type_label(self) -> str:
        """The document type in plain words."""
        return DOCUMENT_TYPES[self.type]

    @property
    def url(self) -> str:
        """The document's path under the site root, without leading slash."""
        return urls.document(self.id)

    @property
    def place(self) -> str:
        """Its municipalities in plain words ('Helmond en Wijdemeren'), or 'Landelijk'."""
        return join_dutch([m.name for m in self.municipalities]) if self.municipalities else NATIONAL


@dataclass(frozen=True)
class Archive:
    """Everything the build knows after validation, ready to derive views from."""

    site: SiteInfo
    topics: tuple[Topic, ...]
    documents: tuple[Document, ...]  # sorted newest first, then by id
    synonyms: tuple[tuple[str, ...], ...] = ()  # the council's own synonym groups (content/synoniemen.yaml)
