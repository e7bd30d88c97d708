"""Read a Word letter with python-docx: paragraphs and tables in reading order, headers and footers apart.

python-docx reads the paragraphs and tables right under the body, and of a paragraph its runs
and hyperlinks. Letters hold more: Word templates put the date, the reference and the subject
in content controls, a letter still under review holds tracked insertions, a letterhead or an
address sits in a text box, and notes are footnotes. This module walks the XML itself for
those, so that no word of them is lost.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any, Iterator, NamedTuple

from .cleaning import CLOSING, bare, salutation_at
from .layout import MAX_UNPACKED, MAX_UNPACKED_WORD, refuse_unpacked, table_lines, table_text

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# A text box is stored twice: as a drawing (mc:Choice) and as VML for old Word (mc:Fallback).
FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Wrappers around the letter's own paragraphs, tables or runs: content controls, tracked
# insertions and moves, custom XML, simple fields, smart tags, hyperlinks, text direction. A
# tracked deletion (w:del, w:moveFrom) is no longer the letter's text.
WRAPPERS = frozenset(W + tag for tag in ("sdt", "sdtContent", "customXml", "ins", "moveTo", "fldSimple", "smartTag",
                                         "hyperlink", "dir", "bdo"))
NOTE_REFERENCES = (W + "footnoteReference", W + "endnoteReference")
NOT_A_NOTE = frozenset({"separator", "continuationSeparator", "continuationNotice"})


def read_docx(path: Path) -> tuple[list[str], list[str]]:
    """The body of a Word letter in reading order, and the text of its page headers and footers."""
    import docx

    with zipfile.ZipFile(path) as archive:
        sizes = [(info.filename, info.file_size) for info in archive.infolist()]
    # zipfile never unpacks a part beyond its stated size, so the stated sizes bound the work.
    refuse_unpacked(path, sum(size for name, size in sizes if not name.startswith("word/media/")), MAX_UNPACKED)
    refuse_unpacked(path, sum(size for _, size in sizes), MAX_UNPACKED_WORD)
    document = docx.Document(str(path))
    lists = Lists(document)
    notes = Notes(document)
    lines: list[str] = []
    set_aside: list[str] = []  # the column titles of a table of points
    for block in blocks(document.element.body, document):
        if hasattr(block, "rows"):
            found, aside = table_text(_table_rows(block, notes, lists), lines)
            lines.extend(found)
            set_aside.extend(aside)
        else:
            lines.extend(_paragraph_lines(block, lists, notes))
    opened = salutation_at(lines, within=len(lines))
    lines = top_headings_level_two(lines, opened or 0)
    if notes.referred:
        # Printed at the foot of the page, so after the text: before the closing and the signers.
        # The closing under the text: the first after the salutation ('Burgemeester en wethouders
        # van ...' above it is the address, and matches too).
        closing = next((i for i, line in enumerate(lines)
                        if i > (opened if opened is not None else -1) and CLOSING.match(bare(line))), len(lines))
        lines[closing:closing] = ["", *(line for note in notes.lines() for line in (note, "")), ""]
    furniture: list[str] = set_aside
    for section in document.sections:
        for part in (section.first_page_header, section.header, section.even_page_header,
                     section.first_page_footer, section.footer, section.even_page_footer):
            if part.is_linked_to_previous:
                continue
            for block in blocks(part._element, part):
                found = (table_lines(_table_rows(block, notes)) if hasattr(block, "rows")
                         else [*paragraph_text(block._p, notes).split("\n"), *_box_lines(block, notes)])
                furniture.extend(line.strip() for line in found if line.strip() and line.strip() not in furniture)
    return lines, furniture


def top_headings_level_two(lines: list[str], opened: int) -> list[str]:
    """The lines with every Word heading raised alike, so that the highest of the text's (from line `opened`, the greeting) is '## '.

    Letter templates often start at 'Kop 2': under the page's title that would skip a level,
    which a screen reader's list of headings shows as a gap. A template's subject set as Title
    above the greeting does not count.
    """
    levels = [len(m.group(1)) for m in map(_HEADING.match, lines[opened:]) if m]
    shift = min(levels, default=2) - 2
    if shift <= 0:
        return lines
    return [_HEADING.sub(lambda m: "#" * max(2, len(m.group(1)) - shift) + " ", line) for line in lines]


_HEADING = re.compile(r"^(#{2,6}) ")


def blocks(element: Any, parent: Any) -> Iterator[Any]:
    """The paragraphs and tables in an element, in reading order, those inside wrappers too (python-docx's objects)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in element.iterchildren():
        if child.tag == W + "p":
            yield Paragraph(child, parent)
        elif child.tag == W + "tbl":
            yield Table(child, parent)
        elif child.tag in WRAPPERS and not _placeholder(child):
            yield from blocks(child, parent)


def _placeholder(element: Any) -> bool:
    """Whether a content control shows its placeholder ('Klik of tik om tekst in te voeren'): not the letter's text."""
    return element.tag == W + "sdt" and element.find(f"{W}sdtPr/{W}showingPlcHdr") is not None


def paragraph_text(paragraph: Any, notes: "Notes") -> str:
    """A paragraph's text (tabs and breaks as python-docx gives them), with every wrapper's runs and note numbers."""
    parts: list[str] = []

    def walk(element: Any) -> None:
        for child in element.iterchildren():
            if child.tag == W + "r":
                parts.append(child.text)
                parts.extend(notes.refer(ref) for ref in child.iterchildren(*NOTE_REFERENCES))
            elif child.tag in WRAPPERS and not _placeholder(child):
                walk(child)
    walk(paragraph)
    return "".join(parts)


def _box_lines(paragraph: Any, notes: "Notes") -> list[str]:
    """The lines of the text boxes anchored in a paragraph (each once, not also its copy for old Word)."""
    lines: list[str] = []
    for box in paragraph._p.iter(W + "txbxContent"):
        if any(a.tag in (FALLBACK, W + "txbxContent", W + "del", W + "moveFrom") for a in _ancestors(box, paragraph._p)):
            continue  # the copy for old Word, a box inside a box (read with its box), or a deleted one
        for block in blocks(box, paragraph._parent):
            if hasattr(block, "rows"):
                lines.extend([*table_lines(_table_rows(block, notes)), ""])
            else:
                lines.extend([*paragraph_text(block._p, notes).split("\n"), *_box_lines(block, notes), ""])
    return lines


def _ancestors(element: Any, top: Any) -> Iterator[Any]:
    """The elements between element and top (neither included)."""
    parent = element.getparent()
    while parent is not None and parent is not top:
        yield parent
        parent = parent.getparent()


class Notes:
    """A letter's footnotes and endnotes, numbered in the order the text refers to them ('[1]')."""

    def __init__(self, document: Any) -> None:
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.oxml import parse_xml

        self._texts: dict[tuple[str, str], str] = {}
        self.referred: list[str] = []  # the notes' texts, in the order of their numbers
        for relationship in document.part.rels.values():
            if relationship.is_external or relationship.reltype not in (RT.FOOTNOTES, RT.ENDNOTES):
                continue
            for note in parse_xml(relationship.target_part.blob).iterchildren(W + "footnote", W + "endnote"):
                if note.get(W + "type") in NOT_A_NOTE:
                    continue
                text = " ".join(" ".join(paragraph_text(p._p, self).split())
                                for p in blocks(note, document) if not hasattr(p, "rows"))
                self._texts[(note.tag.removeprefix(W), note.get(W + "id", ""))] = text.strip()

    def refer(self, reference: Any) -> str:
        """The number a note reference in the text shows: '[1]' (nothing for a note that is not there)."""
        kind = "footnote" if reference.tag == W + "footnoteReference" else "endnote"
        text = self._texts.get((kind, reference.get(W + "id", "")))
        if text is None:
            return ""
        self.referred.append(text)
        return f"[{len(self.referred)}]"

    def lines(self) -> list[str]:
        """Each note referred to, as the foot of a page prints it: '[1] Zie artikel 2.3.5 van de Wmo 2015.'"""
        return [f"[{number}] {text}" for number, text in enumerate(self.referred, start=1)]


def _table_rows(table: Any, notes: Notes, lists: "Lists | None" = None) -> list[list[str]]:
    """A table's rows as lists of cell texts, each merged cell once (a cell merged with the one above: empty).

    Rows and cells inside content controls (a template's repeating section) count too. With
    lists, a list paragraph in a cell starts with the number or bullet Word shows ('1. ', '- ').
    """
    rows: list[list[str]] = []
    for row in _inside(table._tbl, "tr"):
        cells: list[str] = []
        for cell in _inside(row, "tc"):
            merge = cell.find(f"{W}tcPr/{W}vMerge")
            continued = merge is not None and merge.get(W + "val", "continue") != "restart"
            cells.append("" if continued else _cell_text(cell, table, notes, lists).strip())
        rows.append(cells)
    return rows


def _inside(element: Any, tag: str) -> Iterator[Any]:
    """The element's children with this tag, those inside wrappers (content controls) too."""
    for child in element.iterchildren():
        if child.tag == W + tag:
            yield child
        elif child.tag in WRAPPERS and not _placeholder(child):
            yield from _inside(child, tag)


def _cell_text(cell: Any, table: Any, notes: Notes, lists: "Lists | None") -> str:
    """A cell's paragraphs (and tables in it), a line each, as python-docx's cell.text gives them, with list markers."""
    lines: list[str] = []
    for block in blocks(cell, table):
        if hasattr(block, "rows"):
            lines.extend(" ".join(row) for row in _table_rows(block, notes, lists))
            continue
        text = paragraph_text(block._p, notes)
        marker = lists.marker(block) if lists is not None else None
        if marker is not None and (text.strip() or marker.strip() != "-"):
            # A numbered paragraph shows its number even when empty: a 'Nr' column is often just that.
            text = (marker + " ".join(text.split())).rstrip()
        lines.extend([text, *(line for line in _box_lines(block, notes) if line)])
    return "\n".join(lines)


class Level(NamedTuple):
    """How Word numbers one level of a list: format ('decimal', 'bullet', 'upperRoman'), text ('%1.'), first number, list."""

    fmt: str
    text: str | None  # None: the level shows no number of its own
    start: int
    list_id: str  # the list definition (abstractNum): lists that share one count on together


class Lists:
    """A letter's numbered and bulleted lists: the number or bullet Word shows before each list paragraph."""

    def __init__(self, document: Any) -> None:
        self._levels, self._restarts = _numbering_levels(document)
        # Word counts on over a list's paragraphs wherever they stand, in table cells too.
        self._counters: dict[tuple[str, int], int] = {}
        self._started: set[str] = set()  # the lists (numId) whose restart has been applied

    def marker(self, paragraph: Any) -> str | None:
        """'1. ' or '- ' (indented three spaces a level) for a list paragraph; None for any other.

        Markdown numbers a list with digits only, so 'a.' and 'IV.' items count as 1., 2., ...
        """
        place = _list_place(paragraph)
        if place is None:
            return None
        level = self._level(paragraph, place)
        indent = "   " * max(place[1], _style_depth(paragraph))
        if level.fmt in ("bullet", "none"):
            return indent + "- "
        return f"{indent}{self._count(place, level)}. "

    def number(self, paragraph: Any) -> str:
        """The number Word shows before a numbered heading, as it shows it ('2.', '1.3', 'II'); '' for none."""
        place = _list_place(paragraph)
        if place is None or place not in self._levels:
            return ""
        level = self._levels[place]
        if level.fmt in ("bullet", "none") or not level.text:
            return ""
        self._count(place, level)
        return re.sub(r"%(\d)", lambda m: self._shown(place[0], int(m.group(1)) - 1), level.text).strip()

    def _level(self, paragraph: Any, place: tuple[str, int]) -> Level:
        """How the list level of a paragraph is numbered (for a list Word does not define: by its style)."""
        style = (paragraph.style.name or "") if paragraph.style is not None else ""
        default = Level("bullet" if "bullet" in style.lower() else "decimal", f"%{place[1] + 1}.", 1, place[0])
        return self._levels.get(place, default)

    def _count(self, place: tuple[str, int], level: Level) -> int:
        """Count one more item at this level of its list; return its number."""
        key = (level.list_id, place[1])
        if place[0] not in self._started:
            # A list that restarts ('Opnieuw nummeren' gives it a start of its own) starts there.
            self._started.add(place[0])
            for (num_id, depth), start in self._restarts.items():
                if num_id == place[0]:
                    self._counters[(level.list_id, depth)] = start - 1
        # A new item at a lower level restarts the deeper levels' numbers.
        for deeper in [k for k in self._counters if k[0] == level.list_id and k[1] > place[1]]:
            del self._counters[deeper]
        self._counters[key] = self._counters.get(key, level.start - 1) + 1
        return self._counters[key]

    def _shown(self, num_id: str, depth: int) -> str:
        """A level's current number in its own format: 3, 03, c, C, iii or III."""
        level = self._levels.get((num_id, depth), Level("decimal", None, 1, num_id))
        value = self._counters.get((level.list_id, depth), level.start)
        if value < 1:
            return str(value)
        if level.fmt in ("lowerLetter", "upperLetter"):
            letters = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
            return letters.upper() if level.fmt == "upperLetter" else letters
        if level.fmt in ("lowerRoman", "upperRoman"):
            roman = _roman(value)
            return roman.lower() if level.fmt == "lowerRoman" else roman
        if level.fmt == "decimalZero":
            return f"{value:02d}"
        return str(value)


def _roman(value: int) -> str:
    """A number in Roman numerals: 4 -> IV."""
    numerals = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
                (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = ""
    for amount, numeral in numerals:
        while value >= amount:
            out, value = out + numeral, value - amount
    return out


def _numbering_levels(document: Any) -> tuple[dict[tuple[str, int], Level], dict[tuple[str, int], int]]:
    """Per (numId, level) of the document's lists: how it is numbered; and where a list restarts (startOverride)."""
    from docx.oxml.ns import qn

    try:
        root = document.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return {}, {}

    def value(element: Any, tag: str, default: str | None) -> str | None:
        found = element.find(qn(tag))
        return found.get(qn("w:val"), default) if found is not None else default

    def number(text: str | None) -> int:
        return int(text) if text is not None and text.isdigit() else 1

    definitions = {d.get(qn("w:abstractNumId"), ""): d for d in root.findall(qn("w:abstractNum"))}
    # A list style's definition only links to the one that holds its levels (numStyleLink -> styleLink).
    by_style = {value(d, "w:styleLink", None): key for key, d in definitions.items() if value(d, "w:styleLink", None)}
    abstract: dict[str, dict[int, Level]] = {}
    for key, definition in definitions.items():
        linked = value(definition, "w:numStyleLink", None)
        source = definitions.get(by_style.get(linked, ""), definition) if linked else definition
        levels: dict[int, Level] = {}
        for level in source.findall(qn("w:lvl")):
            depth = int(level.get(qn("w:ilvl"), "0"))
            levels[depth] = Level(value(level, "w:numFmt", "decimal") or "decimal", value(level, "w:lvlText", None),
                                  number(value(level, "w:start", "1")), key)
        abstract[key] = levels
    found: dict[tuple[str, int], Level] = {}
    restarts: dict[tuple[str, int], int] = {}
    for num in root.findall(qn("w:num")):
        num_id = num.get(qn("w:numId"), "")
        for depth, level in abstract.get(value(num, "w:abstractNumId", "") or "", {}).items():
            found[(num_id, depth)] = level
        for override in num.findall(qn("w:lvlOverride")):
            start = value(override, "w:startOverride", None)
            if start is not None:
                restarts[(num_id, int(override.get(qn("w:ilvl"), "0")))] = number(start)
    return found, restarts


# Word's list styles for the second and third level ('List Bullet 2', 'Lijstopsommingsteken 3'):
# each is a list of its own at level 0, set further in.
LIST_STYLE_LEVEL = re.compile(r"^(?:list (?:bullet|number|continue)|lijst(?:opsommingsteken|nummering|vervolg)?)\s+(\d)$",
                              re.IGNORECASE)


def _style_depth(paragraph: Any) -> int:
    """How deep a list style puts its paragraph: 1 for 'List Bullet 2', 0 for others."""
    name = (paragraph.style.name or "") if paragraph.style is not None else ""
    found = LIST_STYLE_LEVEL.match(name.strip())
    return int(found.group(1)) - 1 if found else 0


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


def _paragraph_lines(paragraph: Any, lists: Lists, notes: Notes) -> list[str]:
    """A paragraph as Markdown-like lines: '## ' for headings, '1. ' or '- ' for list items; then its text boxes."""
    boxes = _box_lines(paragraph, notes)
    lines = _own_lines(paragraph, paragraph_text(paragraph._p, notes), lists)
    return [*lines, "", *boxes] if boxes else lines


def _own_lines(paragraph: Any, text: str, lists: Lists) -> list[str]:
    """A paragraph's own text as Markdown-like lines."""
    text = text.replace("\t", " ").replace("\u00a0", " ")
    parts = [" ".join(part.split()) for part in text.split("\n")]
    if not any(parts):
        return [""]
    style = (paragraph.style.name or "") if paragraph.style is not None else ""
    heading = re.match(r"^(?:heading|kop)\s*(\d)$", style, re.IGNORECASE)
    if heading or style.lower() == "title":
        level = int(heading.group(1)) if heading else 1
        # A heading numbered by Word ('2. Eigen bijdrage') keeps its number: replies refer to it.
        number = lists.number(paragraph)
        return ["#" * min(6, max(2, level + 1)) + " " + " ".join(p for p in (number, *parts) if p), ""]
    marker = lists.marker(paragraph)
    if marker is not None:
        return [marker + " ".join(p for p in parts if p)]
    return [p for p in parts] + [""]
