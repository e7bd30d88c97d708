"""Read a Word letter with python-docx: paragraphs and tables in reading order, headers and footers apart."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from .layout import MAX_UNPACKED, MAX_UNPACKED_WORD, refuse_unpacked, table_lines, table_text

def read_docx(path: Path) -> tuple[list[str], list[str]]:
    """The body of a Word letter in reading order, and the text of its page headers and footers."""
    import docx

    with zipfile.ZipFile(path) as archive:
        sizes = [(info.filename, info.file_size) for info in archive.infolist()]
    # zipfile never unpacks a part beyond its stated size, so the stated sizes bound the work.
    refuse_unpacked(path, sum(size for name, size in sizes if not name.startswith("word/media/")), MAX_UNPACKED)
    refuse_unpacked(path, sum(size for _, size in sizes), MAX_UNPACKED_WORD)
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
