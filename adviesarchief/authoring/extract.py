"""Read a letter from disk as text lines, using its layout: Word with python-docx, PDF with pdfplumber.

Layout tells more than the text alone: a Word table or a gap in a PDF line pairs a label with
its value ('Onderwerp | Advies over ...'), and what a PDF repeats at the top or bottom of
every page (letterhead, 'Pagina 2 van 3') is page furniture, not the letter. Such furniture
is kept apart, never thrown away: the draft shows it in a block the secretary can restore.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from ..errors import ArchiveError
from .cleaning import CLOSING, COLLEGE, COUNCIL, LABELLED_POINT, LetterSource, bare, salutation_at

LETTER_KINDS = {".pdf": "pdf", ".docx": "docx", ".txt": "text", ".md": "text"}

# Labels a letter pairs with a value, in a table cell or after a gap on the same line.
LABEL = re.compile(r"^(?:onderwerp|betreft|datum|ons kenmerk|uw kenmerk|kenmerk|zaaknummer|zaaknr\.?|"
                   r"referentie|aan|van|uw brief van|verzonden|bijlagen?|bijlage\(n\)|contactpersoon|"
                   r"telefoon|e-?mail|doorkiesnummer|afdeling|datum verzonden)\s*:?$", re.IGNORECASE)
SUBJECT_LABEL = re.compile(r"^(?:onderwerp|betreft)\b", re.IGNORECASE)
PAGE_NUMBER = re.compile(r"^(?:(?:pagina|blad(?:zijde)?|page)\s*)?-?\s*\d{1,3}\s*-?"
                         r"(?:\s*(?:van|/|of)\s*\d{1,3})?$", re.IGNORECASE)
# A signer's role in a signature table: 'voorzitter', 'De secretaris,', 'de burgemeester'.
SIGNER_ROLE = re.compile(r"^(?:(?:de|het)\s+)?(?:plv\.?\s+|vice-?|waarnemend\s+|ambtelijk\s+)?(?:voorzitter|"
                         r"secretaris|penningmeester|burgemeester|wethouder|gemeentesecretaris|lid)$", re.IGNORECASE)
# A font's name says it is bold ('Helvetica-Bold', 'ABCDEF+Calibri,Bold', 'Arial-BoldMT').
BOLD_FONT = re.compile(r"bold|black|heavy|demi", re.IGNORECASE)
# A bold line longer than this is emphasis in the text, not a heading.
MAX_HEADING = 90
# A PDF line with a wider gap than this (in points) between two words holds two columns.
COLUMN_GAP = 24.0
# The top and bottom share of a page where running headers and footers are printed.
MARGIN_SHARE = 0.12
# How much a letter's text may unpack to: a Word file's text parts, a PDF's page contents. A
# letter holds well under 1 MB; a small file packed to unpack to much more only costs time.
MAX_UNPACKED = 20 * 1024 * 1024
# And a Word file as a whole, its pictures included (python-docx unpacks them all).
MAX_UNPACKED_WORD = 200 * 1024 * 1024


@dataclass(frozen=True)
class Segment:
    """A run of words on one PDF line, with where it stands on the page."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    bold: bool = False  # every word of it is set in a bold face


def read_letter(path: Path) -> LetterSource:
    """Extract a letter's lines: PDF with pdfplumber, Word with python-docx, text files as they are."""
    kind = LETTER_KINDS.get(path.suffix.lower())
    if kind is None:
        raise ArchiveError("cannot import this kind of file", path=str(path), line=1,
                           hint="use a .pdf, .docx, .txt or .md file")
    if not path.is_file():
        raise ArchiveError(f"letter '{path}' does not exist", hint="check the path and the file name")
    try:
        if kind == "pdf":
            lines, furniture = read_pdf(path)
        elif kind == "docx":
            lines, furniture = read_docx(path)
        else:
            lines, furniture = read_text(path).split("\n"), []
    except ArchiveError:
        raise
    except Exception as exc:  # pdfplumber and python-docx raise many kinds for damaged files
        raise ArchiveError(f"cannot read the letter: {exc}", path=str(path), line=1,
                           hint="save the letter again as PDF or .docx, or paste its text into a .txt file") from exc
    text = "\n".join(lines)
    if not text.strip() and not any(line.strip() for line in furniture):
        if kind == "pdf":
            raise ArchiveError("the PDF holds no text (a scanned letter?)", path=str(path), line=1,
                               hint="run text recognition (OCR) on it first, or type the text into a .txt file")
        raise ArchiveError("the file holds no text", path=str(path), line=1, hint="check that this is the right file")
    return LetterSource(path.name, kind, text, tuple(furniture))


def read_text(path: Path) -> str:
    """A text file's content: UTF-8 (with or without byte-order mark), else Windows' code page."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


# ---------------------------------------------------------------- Word

def read_docx(path: Path) -> tuple[list[str], list[str]]:
    """The body of a Word letter in reading order, and the text of its page headers and footers."""
    import docx

    with zipfile.ZipFile(path) as archive:
        sizes = [(info.filename, info.file_size) for info in archive.infolist()]
    # zipfile never unpacks a part beyond its stated size, so the stated sizes bound the work.
    _refuse_unpacked(path, sum(size for name, size in sizes if not name.startswith("word/media/")), MAX_UNPACKED)
    _refuse_unpacked(path, sum(size for _, size in sizes), MAX_UNPACKED_WORD)
    document = docx.Document(str(path))
    numbering = _numbering_formats(document)
    lines: list[str] = []
    set_aside: list[str] = []  # the column titles of a table of points
    counters: dict[tuple[str, int], int] = {}
    for block in document.iter_inner_content():
        if hasattr(block, "rows"):
            found, aside = table_text(_table_rows(block), lines)
            lines.extend(found if found[-1:] == [""] else [*found, ""])
            set_aside.extend(aside)
        else:
            lines.extend(_paragraph_lines(block, numbering, counters))
    furniture: list[str] = set_aside
    for section in document.sections:
        for part in (section.first_page_header, section.header, section.even_page_header,
                     section.first_page_footer, section.footer, section.even_page_footer):
            if part.is_linked_to_previous:
                continue
            for block in part.iter_inner_content():
                found = table_lines(_table_rows(block)) if hasattr(block, "rows") else block.text.split("\n")
                furniture.extend(line.strip() for line in found if line.strip() and line.strip() not in furniture)
    return lines, furniture


def _table_rows(table: Any) -> list[list[str]]:
    """A table's rows as lists of cell texts, each merged cell once."""
    rows: list[list[str]] = []
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(cell.text.strip())
        rows.append(cells)
    return rows


def _past_greeting(lines: list[str]) -> bool:
    """Whether the letter's greeting ('Geacht college,') is among the lines: what follows is its text."""
    at = salutation_at(lines)
    # 'Aan het college van ...' opens the address block, not the letter.
    return at is not None and not bare(lines[at]).lower().startswith("aan ")


def _after_closing(lines: list[str]) -> bool:
    """Whether the letter's closing ('Met vriendelijke groet,') is among its last few lines."""
    last = [bare(line) for line in lines if line.strip()][-4:]
    return any(CLOSING.match(line) for line in last)


def signers(rows: list[list[str]]) -> list[list[str]]:
    """A signature table's people, one a line: 'J. de Vries, voorzitter'.

    Such a table has a column per person, a row of names and a row of roles (either on top), so
    read row by row it would list the names and then the roles; a cell may also hold a name and
    its role on two lines. Any other table (one that names an organisation, a row per person,
    figures) stays as it is.
    """
    if not rows or any(COUNCIL.search(cell) or COLLEGE.search(cell) for row in rows for cell in row):
        return rows
    if len(rows) == 1 and len(rows[0]) >= 2:
        people = [[part.strip(" ,") for part in cell.split("\n") if part.strip(" ,")] for cell in rows[0]]
        if all(len(lines) == 2 and SIGNER_ROLE.match(lines[1]) for lines in people):
            return [[", ".join(lines)] for lines in people]
        return rows
    if len(rows) != 2 or len(rows[0]) < 2 or len(rows[0]) != len(rows[1]):
        return rows
    roles = [row for row in rows if all(SIGNER_ROLE.match(cell.strip(" ,")) for cell in row)]
    if len(roles) != 1:
        return rows
    names = rows[1] if roles[0] is rows[0] else rows[0]
    return [[f"{name.strip(' ,')}, {_role(role)}"] for name, role in zip(names, roles[0])]


def _role(cell: str) -> str:
    """A role as it follows a name: 'De secretaris,' -> 'de secretaris'."""
    role = cell.strip(" ,")
    return role[0].lower() + role[1:] if re.match(r"(?:De|Het)\s", role) else role


def table_text(rows: list[list[str]], before: list[str], *, wrapped: bool = False) -> tuple[list[str], list[str]]:
    """Lines for a table in a letter, given the lines before it, and the column titles it sets aside.

    A table after the closing is the signers'; a table of numbered points (a reply that
    answers each advice in a row) becomes a point and its answer per row; a table of data in
    the letter's text stays a table; any other (letterhead, labels with values) becomes lines.
    wrapped: a cell's line breaks are where its text wrapped (a PDF), not paragraphs.
    """
    if _after_closing(before):
        return table_lines(signers(rows)), []
    points = points_table(rows, wrapped=wrapped)
    if points is not None:
        return points
    if _past_greeting(before) and is_data_table(rows):
        # A table in the letter itself (figures, a planning) stays a table.
        return (["", *markdown_table(rows)] if before and before[-1] else markdown_table(rows)), []
    return table_lines(rows), []


def points_table(rows: list[list[str]], *, wrapped: bool = False) -> tuple[list[str], list[str]] | None:
    """A table with a numbered point per row, as lines, and its column titles (set aside); None if it is no such table.

    Replies often answer in a table: 'Uw advies | Onze reactie', a row per advice. Each row
    becomes the point as a heading ('## 1. Geen korting zonder taalaanbod', a long one as a
    line of its own) and its other cells as paragraphs under it, so that the draft finds the
    points and what the reply does with each. The column titles go to the lines set aside for
    the secretary: the draft adds no words a letter did not print, not even a title per row.
    """
    rows = [[" ".join(cell.split()) if wrapped else cell.strip() for cell in row] for row in rows]
    rows = [row for row in rows if any(row)]
    if len(rows) < 2 or len({len(row) for row in rows}) != 1 or len(rows[0]) < 2:
        return None
    header = rows[0] if _point_of(rows[0]) is None else None
    body = rows[1:] if header else rows
    points = [_point_of(row) for row in body]
    if len(body) < 2 or any(p is None for p in points):
        return None
    numbers = [int(p[0]) for p in points if p is not None]
    if numbers != list(range(numbers[0], numbers[0] + len(numbers))):
        return None
    # Points are sentences, not a numbered column of figures.
    if sum(len(" ".join(row).split()) for row in body) < 6 * len(body):
        return None
    lines = [""]
    for row, point in zip(body, points):
        assert point is not None
        _, title, used = point
        # A short point is a heading, in Word too (where numbered lines are otherwise list items).
        short = len(title) <= MAX_HEADING and not title.endswith((".", "?", ":"))
        lines.extend([f"## {title}" if short else title, ""])
        for cell in row[used:]:
            for paragraph in (part.strip() for part in cell.split("\n")):
                if paragraph:
                    lines.extend([paragraph, ""])
    return lines, [cell for cell in header or () if cell.strip()]


def _point_of(row: list[str]) -> tuple[str, str, int] | None:
    """A row's point: its number, its line ('1. Title', 'Advies 1: title') and how many cells it takes; None if none.

    The number stands before the point in the first cell, or alone in it with the point in
    the second.
    """
    first = " ".join(row[0].split())
    labelled = LABELLED_POINT.match(first)
    if labelled:
        return labelled.group(1), first, 1
    # '1. Title' or a number alone ('1', '1.'); '1 ouder, 1 kind' is a row of figures.
    numbered = re.match(r"^(\d{1,2})(?:[.)]\s+(.*)|[.)]?)$", first)
    if numbered is None:
        return None
    title = numbered.group(2) or ""
    if title and re.search(r"[^\W\d_]", title):
        return numbered.group(1), f"{numbered.group(1)}. {title}", 1
    if not title and len(row) >= 3 and re.search(r"[^\W\d_]", row[1]):
        # 'Nr | Advies | Reactie': the point is in the second cell, its first paragraph the title.
        return numbered.group(1), f"{numbered.group(1)}. {' '.join(row[1].split())}", 2
    return None


def is_data_table(rows: list[list[str]]) -> bool:
    """Whether a table holds data in rows and columns: no labels with their values, no layout of one row or column."""
    widths = {len(row) for row in rows}
    return (len(rows) >= 2 and len(widths) == 1 and widths.pop() >= 2
            and not any(LABEL.match(cell) or CLOSING.match(bare(cell)) for row in rows for cell in row)
            and sum(1 for row in rows if sum(1 for cell in row if cell.strip()) >= 2) >= 2)


def markdown_table(rows: list[list[str]]) -> list[str]:
    """A data table as Markdown, its first row the header; a cell's lines run on, a '|' in it escaped."""
    def cell(text: str) -> str:
        return " ".join(text.split()).replace("\\", "\\\\").replace("|", "\\|") or " "

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(map(cell, cells)) + " |"
    return [line(rows[0]), "| " + " | ".join("---" for _ in rows[0]) + " |", *map(line, rows[1:])]


def table_lines(rows: Iterable[list[str]]) -> list[str]:
    """Lines for a table: 'Label: value' for label cells, every other cell's lines on their own."""
    lines: list[str] = []
    for cells in rows:
        index = 0
        while index < len(cells):
            cell = cells[index]
            following = cells[index + 1] if index + 1 < len(cells) else ""
            if LABEL.match(cell) and following and not LABEL.match(following):
                parts = [part.strip() for part in following.split("\n") if part.strip()]
                # A subject runs on over its lines; an address block keeps one line per line.
                joined = SUBJECT_LABEL.match(cell) or len(parts) < 2
                value, others = (" ".join(parts), []) if joined else (parts[0], parts[1:])
                lines.append(f"{cell} {value}" if cell.endswith(":") else f"{cell.strip()}: {value}")
                lines.extend(others)
                index += 2
                continue
            lines.extend(part.strip() for part in cell.split("\n") if part.strip())
            index += 1
    return lines


def _numbering_formats(document: Any) -> dict[tuple[str, int], str]:
    """Per (numId, level) of the document's lists: 'bullet' or a number format like 'decimal'."""
    from docx.oxml.ns import qn

    try:
        root = document.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return {}
    abstract: dict[str, dict[int, str]] = {}
    for definition in root.findall(qn("w:abstractNum")):
        levels: dict[int, str] = {}
        for level in definition.findall(qn("w:lvl")):
            fmt = level.find(qn("w:numFmt"))
            levels[int(level.get(qn("w:ilvl"), "0"))] = fmt.get(qn("w:val"), "decimal") if fmt is not None else "decimal"
        abstract[definition.get(qn("w:abstractNumId"), "")] = levels
    formats: dict[tuple[str, int], str] = {}
    for num in root.findall(qn("w:num")):
        ref = num.find(qn("w:abstractNumId"))
        levels = abstract.get(ref.get(qn("w:val"), "") if ref is not None else "", {})
        for level, fmt in levels.items():
            formats[(num.get(qn("w:numId"), ""), level)] = fmt
    return formats


def _list_place(paragraph: Any) -> tuple[str, int] | None:
    """The (numId, level) of a list paragraph, from the paragraph or its style; None for others."""
    from docx.oxml.ns import qn

    style = paragraph.style
    for holder in (paragraph._p, *(s.element for s in _style_chain(style))):
        ppr = holder.find(qn("w:pPr"))
        num = ppr.find(qn("w:numPr")) if ppr is not None else None
        if num is None:
            continue
        num_id = num.find(qn("w:numId"))
        level = num.find(qn("w:ilvl"))
        if num_id is None or num_id.get(qn("w:val")) == "0":
            return None
        return num_id.get(qn("w:val"), ""), int(level.get(qn("w:val"), "0")) if level is not None else 0
    return None


def _style_chain(style: Any) -> list[Any]:
    chain: list[Any] = []
    while style is not None and len(chain) < 10:
        chain.append(style)
        style = style.base_style
    return chain


def _paragraph_lines(paragraph: Any, numbering: dict[tuple[str, int], str],
                     counters: dict[tuple[str, int], int]) -> list[str]:
    """A paragraph as Markdown-like lines: '## ' for headings, '1. ' or '- ' for list items."""
    text = paragraph.text.replace("\t", " ").replace("\u00a0", " ")
    parts = [" ".join(part.split()) for part in text.split("\n")]
    if not any(parts):
        return [""]
    style = (paragraph.style.name or "") if paragraph.style is not None else ""
    heading = re.match(r"^(?:heading|kop)\s*(\d)$", style, re.IGNORECASE)
    if heading or style.lower() == "title":
        level = int(heading.group(1)) if heading else 1
        return ["#" * min(6, max(2, level + 1)) + " " + " ".join(p for p in parts if p), ""]
    place = _list_place(paragraph)
    if place is not None:
        fmt = numbering.get(place, "bullet" if "bullet" in style.lower() else "decimal")
        indent = "   " * place[1]
        if fmt == "bullet" or fmt == "none":
            marker = "- "
        else:
            # A new list at a lower level restarts the deeper levels' numbers.
            for key in [k for k in counters if k[0] == place[0] and k[1] > place[1]]:
                del counters[key]
            counters[place] = counters.get(place, 0) + 1
            marker = f"{counters[place]}. "
        return [indent + marker + " ".join(p for p in parts if p)]
    return [p for p in parts] + [""]


# ---------------------------------------------------------------- PDF

def read_pdf(path: Path) -> tuple[list[str], list[str]]:
    """The lines of a PDF letter, read by position, and its running headers, footers and page numbers."""
    import pdfplumber

    pages: list[tuple[float, list[list[Segment]]]] = []
    unpacked = 0
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            unpacked += _unpacked_size(page.page_obj.contents, MAX_UNPACKED - unpacked)
            _refuse_unpacked(path, unpacked, MAX_UNPACKED)
            # Each word with its characters: a word set partly in bold ('1 **juli**.') stays one word.
            words = page.extract_words(keep_blank_chars=False, use_text_flow=False, return_chars=True)
            tables = ruled_tables(page)
            # A table's words are read by cell, not by line: a row's cells wrap side by side.
            outside = [w for w in words if not any(t.holds(w) for t in tables)]
            placed: list[list[Segment] | TableBlock] = [*page_lines(outside), *tables]
            placed.sort(key=lambda item: item.top if isinstance(item, TableBlock) else min(s.top for s in item))
            pages.append((float(page.height), placed))
    return pdf_lines(pages)


def ruled_tables(page: Any) -> list[TableBlock]:
    """The tables on a PDF page drawn with lines around their cells (pdfplumber finds them by those lines)."""
    found = []
    for table in page.find_tables():
        rows = tuple(tuple(cell or "" for cell in row) for row in table.extract())
        if len(rows) >= 2 and max(len(row) for row in rows) >= 2 and any(any(row) for row in rows):
            x0, top, x1, bottom = (float(v) for v in table.bbox)
            found.append(TableBlock(rows, x0, x1, top, bottom))
    return found


@dataclass(frozen=True)
class TableBlock:
    """A ruled table on a PDF page: its rows of cell texts (a cell's lines as they wrapped), and where it stands."""

    rows: tuple[tuple[str, ...], ...]
    x0: float
    x1: float
    top: float
    bottom: float

    def holds(self, word: dict[str, Any]) -> bool:
        """Whether a word (as pdfplumber gives it) stands inside the table."""
        x = (float(word["x0"]) + float(word["x1"])) / 2
        y = (float(word["top"]) + float(word["bottom"])) / 2
        return self.x0 <= x <= self.x1 and self.top <= y <= self.bottom


def _unpacked_size(streams: Iterable[Any], limit: int) -> int:
    """How large a page's content streams unpack to, counted in steps, never past limit (+1)."""
    from pdfminer.pdftypes import LITERALS_FLATE_DECODE, resolve1

    total = 0
    for stream in streams:
        stream = resolve1(stream)
        raw = getattr(stream, "rawdata", None)
        if raw is None:
            total += len(getattr(stream, "data", None) or b"")
            continue
        if not any(name in LITERALS_FLATE_DECODE for name, _ in stream.get_filters()):
            total += len(raw)
            continue
        unpacker = zlib.decompressobj()
        try:
            chunk = unpacker.decompress(raw, 1 << 20)
            while chunk and total <= limit:
                total += len(chunk)
                chunk = unpacker.decompress(unpacker.unconsumed_tail, 1 << 20)
        except zlib.error:
            continue  # damaged: pdfminer reads what it can of it, as before
    return total


def _refuse_unpacked(path: Path, size: int, limit: int) -> None:
    if size > limit:
        raise ArchiveError(f"the letter unpacks to more than {limit // 1024 // 1024} MB", path=str(path), line=1,
                           hint="that is no ordinary letter: paste its text into a .txt file and import that")


def page_lines(words: list[dict[str, Any]]) -> list[list[Segment]]:
    """Group a page's words into lines (same baseline) and each line into segments split at wide gaps."""
    lines: list[list[dict[str, Any]]] = []
    for word in sorted(words, key=lambda w: (round(float(w["top"])), float(w["x0"]))):
        if lines and abs(float(lines[-1][0]["top"]) - float(word["top"])) <= 2.5:
            lines[-1].append(word)
        else:
            lines.append([word])
    result: list[list[Segment]] = []
    for line in lines:
        line.sort(key=lambda w: float(w["x0"]))
        segments: list[list[dict[str, Any]]] = [[line[0]]]
        for word in line[1:]:
            if float(word["x0"]) - float(segments[-1][-1]["x1"]) > COLUMN_GAP:
                segments.append([word])
            else:
                segments[-1].append(word)
        result.append([Segment(" ".join(str(w["text"]) for w in group), float(group[0]["x0"]),
                                float(group[-1]["x1"]), min(float(w["top"]) for w in group),
                                max(float(w["bottom"]) for w in group),
                                all(_is_bold(str(c.get("fontname", ""))) for w in group for c in w.get("chars", [])))
                        for group in segments])
    return result


def _is_bold(font: str) -> bool:
    """Whether a font's name says it is bold ('Helvetica-Bold', 'ABCDEF+Calibri,Bold'; not 'DemiLight')."""
    return BOLD_FONT.search(font) is not None and "light" not in font.lower()


def _shape(text: str) -> str:
    """A line's text with its numbers blanked, so 'Pagina 1 van 3' and 'Pagina 2 van 3' match."""
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def pdf_lines(pages: list[tuple[float, list[list[Segment] | TableBlock]]]) -> tuple[list[str], list[str]]:
    """Turn positioned lines and tables into text lines; split off what repeats in the page margins.

    A vertical gap wider than usual between two lines starts a new paragraph (a blank line).
    """
    in_margin: Counter[str] = Counter()
    for height, lines in pages:
        shapes = {_shape(s.text) for line in lines if not isinstance(line, TableBlock)
                  for s in line if _is_margin(s, height)}
        in_margin.update(shapes)
    repeated = {shape for shape, count in in_margin.items() if count >= 2} if len(pages) >= 2 else set()
    text: list[str] = []
    furniture: list[str] = []
    bold: set[int] = set()  # where in text a line set wholly in bold stands
    body_lines = 0
    for height, lines in pages:
        spacing = _usual_spacing(lines)
        previous_bottom: float | None = None
        for line in lines:
            if isinstance(line, TableBlock):
                found, aside = table_text([list(row) for row in line.rows], text, wrapped=True)
                if text and text[-1] and found[:1] != [""]:
                    text.append("")
                text.extend(found if found[-1:] == [""] else [*found, ""])
                furniture.extend(aside)
                previous_bottom = line.bottom
                body_lines += 1
                continue
            kept = []
            for segment in line:
                margin = _is_margin(segment, height)
                if margin and (_shape(segment.text) in repeated or PAGE_NUMBER.match(segment.text.strip())):
                    furniture.append(segment.text)
                else:
                    kept.append(segment)
            if not kept:
                continue
            top = min(s.top for s in kept)
            if previous_bottom is not None and top - previous_bottom > spacing * 0.9 and text and text[-1]:
                text.append("")
            previous_bottom = max(s.bottom for s in kept)
            body_lines += 1
            if len(kept) == 1 and kept[0].bold:
                bold.add(len(text))
            text.extend(_segment_lines(kept))
        if text and text[-1]:
            text.append("")  # a page end ends a paragraph, unless the sentence goes on (see cleaning)
    # A letter set in a bold face throughout has no headings to tell by their face.
    return _with_headings(text, bold if len(bold) * 2 <= body_lines else set()), furniture


def _with_headings(text: list[str], bold: set[int]) -> list[str]:
    """Mark the bold lines that stand alone in the letter's body as headings ('## '), as Word's headings are.

    A bold line with another bold line right above or below it is a bold paragraph: emphasis.
    Only a paragraph's first line, between the salutation (when there is one) and the closing:
    above, a bold line is the subject or letterhead, which the draft reads as such; below, a
    signer's name. Greetings, labels, sentences and long lines stay text.
    """
    salutation = salutation_at(text, within=len(text))
    closing = next((i for i, line in enumerate(text) if CLOSING.match(bare(line))), len(text))
    marked = list(text)
    for index in sorted(bold):
        if index - 1 in bold or index + 1 in bold:
            continue
        line = text[index].strip()
        # After a blank line or a finished sentence: the end of a wrapped sentence is none.
        before = text[index - 1].strip() if index else ""
        starts_paragraph = not before or before.endswith((".", "!", "?", ":", ","))
        if (starts_paragraph and (salutation is None or index > salutation) and index < closing
                and 0 < len(line) <= MAX_HEADING and not line.endswith((",", ";", "."))
                and not LABEL.match(line.split(":")[0] + ":") and not line.startswith("#")):
            marked[index] = "## " + line
    return marked


def _is_margin(segment: Segment, height: float) -> bool:
    return segment.bottom < height * MARGIN_SHARE or segment.top > height * (1 - MARGIN_SHARE)


def _usual_spacing(placed: list[list[Segment] | TableBlock]) -> float:
    """The most common gap between the bottom of a line and the top of the next one (tables left out)."""
    lines = [line for line in placed if not isinstance(line, TableBlock)]
    gaps = sorted(round(b[0].top - a[0].bottom, 1) for a, b in zip(lines, lines[1:]) if b[0].top > a[0].bottom)
    if not gaps:
        return 6.0
    return max(Counter(gaps).most_common(1)[0][0], 1.0) + 2.0


def _segment_lines(segments: list[Segment]) -> list[str]:
    """A line's segments as text lines: a label and the value beside it become 'Label: value'."""
    return table_lines([[s.text for s in segments]])
