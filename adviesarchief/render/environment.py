"""The Jinja2 environment every page is rendered in: autoescape everywhere, the site's helpers and filters."""

from __future__ import annotations

import json
from typing import Any

from jinja2 import BytecodeCache, DictLoader, Environment, StrictUndefined
from markupsafe import Markup

from .. import urls
from ..model import DOCUMENT_TYPES, DOCUMENT_TYPES_PLURAL, OUTCOME_WORDS, OUTCOMES, Archive, Document
from ..derive.status import OUTCOME_MEANINGS, after_words, wait_words
from ..text import format_date, join_dutch
from .assets import static_versions

CSP = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'"
)


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
    versions = static_versions(templates)

    def url(path: str = "") -> str:
        return base_path + path.lstrip("/")

    def asset(name: str) -> str:
        return f"{url(urls.STATIC + name)}?v={versions.get(name, '0')}"

    def absolute_url(path: str = "") -> str:
        return (base_url + path.lstrip("/")) if base_url else url(path)

    cards: dict[str, Markup] = {}

    def document_card(document: Document) -> Markup:
        # A letter's card is the same on every listing that shows it (five on average):
        # rendered once per process and build.
        card = cards.get(document.id)
        if card is None:
            worded = env.globals.get("letter_status")
            html = env.get_template("partials/document-card.html").render(
                document=document, card_status=worded(document) if worded else None)
            card = cards[document.id] = Markup(html.removesuffix("\n"))
        return card

    env.globals.update(
        site=archive.site, url=url, asset=asset, absolute_url=absolute_url, csp=CSP, document_card=document_card,
        document_types=DOCUMENT_TYPES, document_types_plural=DOCUMENT_TYPES_PLURAL,
        outcomes=OUTCOMES, outcome_words=OUTCOME_WORDS, outcome_meanings=OUTCOME_MEANINGS, has_base_url=bool(base_url),
    )
    env.filters.update(
        date_nl=format_date,
        join_dutch=join_dutch,
        json_script=json_for_script,
        count_label=count_label,
        days=days_label,
        number_nl=number_nl,
        tally=tally_text,
        wait=wait_words,
        after=after_words,
    )
    return env


def json_for_script(value: Any, compact: bool = False) -> str:
    """Serialise to JSON that is safe inside <script> (no '<', '>' or '&' survive raw); compact: without spaces."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str,
                      separators=(",", ":") if compact else None)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(text)


def count_label(count: int, doc_type: str) -> str:
    """'1 advies', '3 adviezen'."""
    word = doc_type if count == 1 else DOCUMENT_TYPES_PLURAL[doc_type]
    return f"{count} {word}"


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
