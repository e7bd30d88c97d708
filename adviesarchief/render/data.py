"""The open data: /data/documenten.json and .csv from one column table, /data/cijfers.json and .csv."""

from __future__ import annotations

import csv
import functools
import io
import json
from typing import Any, Callable, Iterable, NamedTuple

from .. import urls
from ..derive.figures import AdviceStatus, Figures, Overview, reply_points, tally_points
from ..derive.status import LetterStatus, letter_status
from ..derive.views import Views
from ..model import OUTCOMES, Document

LIST_SEPARATOR = "; "
# A cell starting with one of these runs as a formula when the CSV is opened in a spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class DataContext(NamedTuple):
    """What a document's open data needs beyond the document: the views, absolute URLs and figures."""

    views: Views
    absolute_url: Callable[[str], str]
    overview: Overview | None = None
    # A letter's worded status, each worked out once for every column and file that shows it
    # (Planner.status_of); without it, worked out per call.
    status_of: Callable[[Document], LetterStatus] | None = None
    # Points per outcome (_tally), each worked out once for the columns that show them.
    tally_of: Callable[[Document], dict[str, int]] | None = None


def _status(document: Document, context: DataContext) -> LetterStatus | None:
    if context.overview is None:
        return None
    if context.status_of is not None:
        return context.status_of(document)
    return letter_status(document, context.overview, context.views.by_id)


def _advice_status(document: Document, context: DataContext) -> AdviceStatus | None:
    return context.overview.advice.get(document.id) if context.overview else None


def _tally(document: Document, context: DataContext) -> dict[str, int]:
    """Points per outcome: for an advice the outcomes that count, for a reply its own answers."""
    if context.tally_of is not None:
        return context.tally_of(document)
    return outcome_tally(document, context)


def outcome_tally(document: Document, context: DataContext) -> dict[str, int]:
    """_tally worked out."""
    status = _advice_status(document, context)
    tally = status.tally if status is not None else tally_points(reply_points(document))
    return dict(tally)


def _optional(value: Any) -> str:
    return "" if value is None else str(value)


def _join(values: Iterable[Any]) -> str:
    return LIST_SEPARATOR.join(values)


class Column(NamedTuple):
    """One field of the open data: its name, its value, and whether and how the JSON and the CSV show it."""

    name: str
    value: Callable[[Document, DataContext], Any]
    in_json: bool = True
    # The CSV cell made from the value; None when the CSV has no such column.
    cell: Callable[[Any], str] | None = str


def _municipalities(document: Document, context: DataContext) -> list[dict[str, str]]:
    return [{"name": m.name, "code": m.code, "tooi": m.tooi, "slug": context.views.municipality_slugs[m.code]}
            for m in document.municipalities]


def _attachments(document: Document, context: DataContext) -> list[dict[str, str]]:
    return [{"title": a.title, "url": context.absolute_url(urls.attachment_link(document.url, a.file))}
            for a in document.attachments]


def _source(document: Document, context: DataContext) -> str:
    return context.absolute_url(urls.markdown_copy(document.url, document.id))


# Every field once, in the order the JSON record shows them; the CSV shows its columns in the
# same order. The CSV keeps its own order at the end (url, source, attachments), which
# published spreadsheets rely on: those three appear twice, once per format.
COLUMNS: tuple[Column, ...] = (
    Column("id", lambda d, c: d.id),
    Column("type", lambda d, c: d.type),
    Column("type_label", lambda d, c: d.type_label, in_json=False),
    Column("title", lambda d, c: d.title),
    Column("date", lambda d, c: d.date.isoformat()),
    Column("municipalities", _municipalities, cell=lambda ms: _join(m["name"] for m in ms)),
    Column("municipality_codes", lambda d, c: [m.code for m in d.municipalities], in_json=False, cell=_join),
    Column("from", lambda d, c: d.author),
    Column("to", lambda d, c: d.recipient),
    Column("topics", lambda d, c: list(d.topics), cell=_join),
    Column("topic_labels", lambda d, c: [c.views.topic_by_slug[t].label for t in d.topics], in_json=False,
           cell=_join),
    Column("reference", lambda d, c: d.reference),
    Column("in_reply_to", lambda d, c: list(d.in_reply_to), cell=_join),
    Column("replies", lambda d, c: [r.id for r in c.views.replies.get(d.id, ())], cell=_join),
    Column("responses", lambda d, c: [{"point": r.point, "title": r.title, "outcome": r.outcome, "note": r.note}
                                      for r in d.responses], cell=None),
    Column("outcomes", lambda d, c: [f"{r.point}: {r.outcome}" for r in d.responses], in_json=False, cell=_join),
    Column("summary", lambda d, c: d.summary),
    Column("attachments", _attachments, cell=None),
    Column("source", _source, cell=None),
    Column("url", lambda d, c: c.absolute_url(d.url)),
    Column("source", _source, in_json=False),
    Column("attachments", _attachments, in_json=False, cell=lambda items: _join(a["url"] for a in items)),
    # What happened to the letter (added after the columns above, so no column moves).
    Column("status", lambda d, c: s.state if (s := _status(d, c)) else None, cell=_optional),
    Column("status_text", lambda d, c: s.short if (s := _status(d, c)) else None, cell=_optional),
    Column("dagen_wachten", lambda d, c: s.waiting_days if (s := _advice_status(d, c)) else None, cell=_optional),
    Column("reactietijd_dagen", lambda d, c: s.response_days if (s := _advice_status(d, c)) else None,
           cell=_optional),
    *(Column(f"uitkomst_{outcome.replace('-', '_')}", functools.partial(
        lambda outcome, d, c: _tally(d, c).get(outcome, 0), outcome)) for outcome in OUTCOMES),
)
JSON_COLUMNS = tuple(c for c in COLUMNS if c.in_json)
CSV_COLUMNS = tuple(c for c in COLUMNS if c.cell is not None)
# The CSV header, as the data page explains it.
CSV_HEADER = tuple(c.name for c in CSV_COLUMNS)


def document_record(document: Document, context: DataContext) -> dict[str, Any]:
    """The open-data record of one document."""
    return {column.name: column.value(document, context) for column in JSON_COLUMNS}


def render_records_json(documents: Iterable[Document], context: DataContext) -> bytes:
    """Render /data/documenten.json: one record per document and per line, newest first."""
    # One line per record reads and diffs well, and lets json use its C encoder (indenting
    # falls back to the pure-Python one, ten times slower on a large archive). Made record by
    # record: json.dumps of a list of every record holds all of it at once.
    lines = ",\n".join(json.dumps(document_record(d, context), ensure_ascii=False) for d in documents)
    return f"[\n{lines}\n]\n".encode("utf-8") if lines else b"[]\n"


def render_documents_csv(documents: Iterable[Document], context: DataContext, excel: bool = False) -> bytes:
    """Render /data/documenten.csv: UTF-8, a header, one row per document, formulas defused.

    excel: the variant Dutch Excel opens right with a double-click (documenten-excel.csv):
    a byte-order mark, so it reads UTF-8 ('Cliëntenraad'), and ';' between the cells, the list
    separator of a Dutch Windows (where ',' is the decimal comma).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if excel else ",", lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    # The columns' functions looked up once: a row of every letter is 28 cells (a second at 10,000).
    cells = [(column.value, column.cell) for column in CSV_COLUMNS]
    for document in documents:
        row = [cell(value(document, context)) for value, cell in cells]  # type: ignore[misc]
        writer.writerow(map(spreadsheet_text, row))
    return ("\ufeff" if excel else "").encode("utf-8") + buffer.getvalue().encode("utf-8")


def spreadsheet_text(text: str) -> str:
    """Text a spreadsheet keeps as text: a leading ' before anything that would start a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def render_figures_json(overview: Overview, absolute_url: Callable[[str], str]) -> bytes:
    """Render /data/cijfers.json: the figures per municipality, topic and year, and in total."""
    data = {
        "reference_date": overview.reference.day.isoformat() if overview.reference.day else None,
        "reference_date_source": overview.reference.source,
        "rules": absolute_url(urls.FIGURES_RULES),
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


def figures_record(figures: Figures, absolute_url: Callable[[str], str] | None = None) -> dict[str, Any]:
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
        # `advices` above counts advices and written questions together; these split them.
        "advice_letters": figures.advice_letters,
        "advice_letters_answered": figures.advice_letters_answered,
        "advice_letters_unanswered": figures.advice_letters_unanswered,
        "questions": figures.questions,
        "questions_answered": figures.questions_answered,
        "questions_unanswered": figures.questions_unanswered,
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
