"""Render the site's pages from the archive and its views with Jinja2 (autoescape everywhere)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from posixpath import basename
from typing import Any, Iterator

from jinja2 import DictLoader, Environment, StrictUndefined

from .links import Views
from .model import (
    DOCUMENT_TYPES, DOCUMENT_TYPES_PLURAL, OUTCOMES, Archive, Attachment, Document,
)
from .text import format_date, join_dutch

CSP = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'"
)
STATIC_PREFIX = "static/"


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


def make_environment(templates: dict[str, str], archive: Archive) -> Environment:
    """Create the Jinja2 environment with the site's helpers."""
    env = Environment(
        loader=DictLoader(templates),
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

    env.globals.update(
        site=archive.site, url=url, asset=asset, absolute_url=absolute_url, csp=CSP,
        document_types=DOCUMENT_TYPES, document_types_plural=DOCUMENT_TYPES_PLURAL,
        outcomes=OUTCOMES, has_base_url=bool(base_url),
    )
    env.filters.update(
        date_nl=format_date,
        join_dutch=join_dutch,
        json_script=json_for_script,
        count_label=count_label,
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


def render_site(archive: Archive, views: Views, templates: dict[str, str]) -> Iterator[Page]:
    """Yield every page of the site, one at a time, so memory stays flat."""
    env = make_environment(templates, archive)

    def page(path: str, template: str, **context: Any) -> Page:
        html = env.get_template(template).render(page_path=path, **context)
        return Page(path, html.encode("utf-8"))

    yield page("index.html", "index.html", views=views, archive=archive)
    for document in archive.documents:
        yield page(
            f"{document.url}index.html", "documenten/document.html",
            document=document,
            answers=views.answers.get(document.id, ()),
            replies=views.replies.get(document.id, ()),
            topics=[views.topic_by_slug[t] for t in document.topics],
            municipality_slugs=views.municipality_slugs,
            attachment_path=attachment_path, source_path=source_path,
        )
    yield page("gemeenten/index.html", "gemeenten/index.html", views=views)
    for listing in views.municipalities:
        yield page(f"gemeenten/{listing.slug}/index.html", "gemeenten/gemeente.html",
                   listing=listing, views=views)
    yield page("onderwerpen/index.html", "onderwerpen/index.html", views=views)
    for listing in views.topics:
        yield page(f"onderwerpen/{listing.slug}/index.html", "onderwerpen/onderwerp.html",
                   listing=listing, views=views)
    yield page("zoeken/index.html", "zoeken/index.html", views=views)
    yield page("404.html", "404.html")
    yield Page("data/documenten.json", render_documents_json(archive, views, env))
    for name, text in sorted(templates.items()):
        if name.startswith(STATIC_PREFIX):
            yield Page(name, text.encode("utf-8"))


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


def render_documents_json(archive: Archive, views: Views, env: Environment) -> bytes:
    """Render /data/documenten.json: one record per document, newest first."""
    absolute_url = env.globals["absolute_url"]
    records = [document_record(d, views, absolute_url) for d in archive.documents]
    return (json.dumps(records, ensure_ascii=False, indent=1, sort_keys=False) + "\n").encode("utf-8")


def today_iso(day: date) -> str:
    """ISO date text, for templates that need machine-readable dates."""
    return day.isoformat()
