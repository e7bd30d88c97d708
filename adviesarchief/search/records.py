"""What Pagefind reads of one letter: a small HTML record with its words, filters, sort and meta."""

from __future__ import annotations

import re
from typing import Mapping, Protocol

from markupsafe import escape

from ..derive.facets import FILTERS, Known
from ..derive.ranking import LABEL_WEIGHT, SUMMARY_WEIGHT, TITLE_WEIGHT
from ..model import Document
from ..text import as_letters
from .shards import Shard
from .words import Lexicon

# A letter's status as its record shows it: the short status line, for an advice or questions
# whether a reply is in the archive (None for other letters), and its state (LetterStatus.state:
# the result's icon).
RecordStatus = tuple[str, "bool | None", str]


def record_key(path: str, digest: str, status: RecordStatus | None) -> str:
    """What a letter's record is made from besides the shard's base: its file (path and content hash) and status.

    Its address and the municipalities it names follow from its file and the code (in the base).
    """
    return f"{path}={digest}:{status}"


class RecordMemory(Protocol):
    """Records an earlier build made, by shard: a letter's record made from the same is not made again."""

    def recall(self, shard: Shard) -> Mapping[str, bytes]:
        """The shard's letters' records that are still right, by letter id."""

    def keep(self, shard: Shard, records: Mapping[str, bytes]) -> None:
        """Keep the shard's records (by letter id) for a later build."""


class NoMemory:
    """Remembers no records: every record is made (a build without a cache)."""

    def recall(self, shard: Shard) -> Mapping[str, bytes]:
        """None are known."""
        return {}

    def keep(self, shard: Shard, records: Mapping[str, bytes]) -> None:
        """Nothing is kept."""


def full_stop(text: str) -> str:
    """A period for a title or summary that ends without one: Pagefind's excerpts run its blocks together."""
    return "" if re.search(r"[.!?:;…]['\"’”)]*\s*$", text) else "."


def render_record(document: Document, topics: Mapping[str, str], lexicon: Lexicon = Lexicon(),
                  status: str = "", answered: bool | None = None, state: str = "") -> bytes:
    """What Pagefind reads of one letter: title, summary and text, and its filters, sort and meta.

    The index is made from these records rather than from the letters' pages, so that it
    depends on the letters alone: a build starts Pagefind as soon as they are validated,
    while it works out and renders the pages. The record holds the page's own words, and after
    each compound or word with a synonym, its parts and synonyms (see words.py), so that 'zorg'
    finds 'jeugdzorg' and 'jeugdhulp' finds it too; and `status` (meta "status"): the letter's
    short status as its list card says it ("Beantwoord na 2 weken: 1 overgenomen"); `answered`:
    for an advice or questions, whether a reply is in the archive (the status filter). Ligatures
    are written out ('ﬁnanciën' is found by 'financiën'), soft hyphens left out.
    """
    known = Known(topics, {} if answered is None else {document.id: answered})
    title = escape(as_letters(document.title))
    labels = [topics.get(slug, slug) for slug in document.topics] + [m.name for m in document.municipalities]
    day = document.date.isoformat()
    parts = [
        '<!doctype html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">\n',
        f"<title>{title}</title>\n</head>\n<body>\n<div data-pagefind-body>\n",
        f'<h1 data-pagefind-meta="title:{title}" data-pagefind-weight="{TITLE_WEIGHT}">'
        f'{lexicon.annotate(str(title))}{full_stop(document.title)}</h1>\n',
        f'<p data-pagefind-weight="{SUMMARY_WEIGHT}"><strong>Kort gezegd:</strong> '
        f'{lexicon.annotate(str(escape(as_letters(document.summary.strip()))))}{full_stop(document.summary)}</p>\n'
        if document.summary else "",
        f'<p data-pagefind-weight="{LABEL_WEIGHT}">{lexicon.annotate(str(escape(". ".join(labels))))}.</p>\n',
        "</div>\n<div>\n",
        *(f'<span data-pagefind-filter="{f.name}">{escape(value)}</span>\n'
          for f in FILTERS for value in f.values(document, known)),
        f'<span data-pagefind-sort="datum">{day}</span>\n',
        f'<span data-pagefind-meta="datum">{day}</span>\n',
        f'<span data-pagefind-meta="soort">{escape(document.type_label)}</span>\n',
        f'<span data-pagefind-meta="gemeente">{escape(document.place)}</span>\n',
        f'<span data-pagefind-meta="kenmerk">{escape(document.reference)}</span>\n' if document.reference else "",
        f'<span data-pagefind-meta="status">{escape(status)}</span>\n' if status else "",
        f'<span data-pagefind-meta="staat">{escape(state)}</span>\n' if status and state else "",
        f"</div>\n<div data-pagefind-body>\n{lexicon.annotate(as_letters(str(document.body_html)))}\n</div>\n</body>\n</html>\n",
    ]
    return "".join(parts).encode("utf-8")

