"""What the Word and the PDF reader share: labels and tables as letters lay them out, and size limits.

A table pairs a label with its value ('Onderwerp | Advies over ...'), lists the signers side by
side, holds figures, or answers an advice per row; each becomes the lines a draft reads best.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

from ..errors import ArchiveError
from .cleaning import CLOSING, COLLEGE, COUNCIL, LABELLED_POINT, LIST_ITEM, bare, salutation_at

# Labels a letter pairs with a value, in a table cell or after a gap on the same line.
LABEL = re.compile(r"^(?:onderwerp|betreft|datum|ons kenmerk|uw kenmerk|kenmerk|zaaknummer|zaaknr\.?|"
                   r"referentie|aan|van|uw brief van|verzonden|bijlagen?|bijlage\(n\)|contactpersoon|"
                   r"telefoon|e-?mail|doorkiesnummer|afdeling|datum verzonden|verzenddatum|datum verzending|"
                   r"behandeld door|telefoonnummer|e-?mailadres|dossiernummer|registratienummer|ons nummer|"
                   r"uw nummer|uw brief|afzender)\s*:?$", re.IGNORECASE)
SUBJECT_LABEL = re.compile(r"^(?:onderwerp|betreft)\b", re.IGNORECASE)
# A signer's role in a signature table: 'voorzitter', 'De secretaris,', 'de burgemeester'.
SIGNER_ROLE = re.compile(r"^(?:(?:de|het)\s+)?(?:plv\.?\s+|vice-?|waarnemend\s+|ambtelijk\s+)?(?:voorzitter|"
                         r"secretaris|penningmeester|burgemeester|wethouder|gemeentesecretaris|lid)$", re.IGNORECASE)
# Words that name a table's columns: 'Onderwerp', 'Uw advies', 'Wat wij adviseren', 'Toelichting'.
COLUMN_TITLE = re.compile(r"\b(?:onderwerp(?:en)?|thema'?s?|punt(?:en)?|nr\.?|nummer|advie[sz](?:en)?|reactie|"
                          r"toelichting|aanbeveling(?:en)?|opmerking(?:en)?|vra(?:ag|gen)|antwoord(?:en)?|"
                          r"knelpunt(?:en)?|voorstel(?:len)?|omschrijving|onderdeel|artikel|hoofdstuk|paragraaf|"
                          r"wat|waarom|actie[s]?|stand van zaken|status|toezegging(?:en)?)\b", re.IGNORECASE)
# A person as a table names one: 'J. de Vries', 'mevrouw Bakker', 'Jan de Vries'.
PERSON = re.compile(r"^(?:(?:de heer|mevrouw|mw\.?|dhr\.?|mr\.?|drs\.?|ir\.?|dr\.?|prof\.?)\s|"
                    r"(?:[A-Z]\.\s?)+[A-Z]|"
                    r"[A-Z][a-zà-ÿ]+(?:\s(?:de|van|der|den|ter|ten|het|in 't|van de|van der|van den))*"
                    r"(?:\s[A-Z][a-zà-ÿ]+(?:-[A-Z][a-zà-ÿ]+)?)+$)")
# A bold line longer than this is emphasis in the text, not a heading.
MAX_HEADING = 90
# How much a letter's text may unpack to: a Word file's text parts, a PDF's page contents. A
# letter holds well under 1 MB; a small file packed to unpack to much more only costs time.
MAX_UNPACKED = 20 * 1024 * 1024
# And a Word file as a whole, its pictures included (python-docx unpacks them all).
MAX_UNPACKED_WORD = 200 * 1024 * 1024


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
    aside: list[str] = []
    if _after_closing(before):
        lines = table_lines(signers(rows))
    elif (points := points_table(rows, wrapped=wrapped)) is not None:
        lines, aside = points
    elif _past_greeting(before) and (sections := sections_table(rows, wrapped=wrapped)) is not None:
        lines, aside = sections
    elif _past_greeting(before) and is_data_table(rows):
        # A table in the letter itself (figures, a planning) stays a table.
        lines = ["", *markdown_table(rows)] if before and before[-1] else markdown_table(rows)
    else:
        lines = table_lines(rows)
    # What follows a table starts a paragraph of its own.
    return (lines if lines[-1:] == [""] else [*lines, ""]), aside


def points_table(rows: list[list[str]], *, wrapped: bool = False) -> tuple[list[str], list[str]] | None:
    """A table with a numbered point per row, as lines, and its column titles (set aside); None if it is no such table.

    Replies often answer in a table: 'Uw advies | Onze reactie', a row per advice. Each row
    becomes the point as a heading ('## 1. Geen korting zonder taalaanbod', a long one as a
    line of its own) and its other cells as paragraphs under it, so that the draft finds the
    points and what the reply does with each. The column titles go to the lines set aside for
    the secretary: the draft adds no words a letter did not print, not even a title per row.
    """
    rows = [[_joined(cell) if wrapped else cell.strip() for cell in row] for row in rows]
    rows = [row for row in rows if any(row)]
    if len(rows) < 2 or len({len(row) for row in rows}) != 1 or len(rows[0]) < 2:
        return None
    header = rows[0] if _point_of(rows[0]) is None else None
    if header and not _column_titles(header):
        return None
    body = rows[1:] if header else rows
    points = [_point_of(row) for row in body]
    if len(body) < 2 or any(p is None for p in points):
        return None
    numbers = [int(p[0]) for p in points if p is not None]
    if numbers != list(range(numbers[0], numbers[0] + len(numbers))):
        return None
    # What a row says of its point is sentences, not figures or a date ('€ 60.000', 'voor 1 maart').
    answers = [" ".join(row[p[2]:]) for row, p in zip(body, points) if p is not None]
    said = [a for a in answers if _sentences(a)]
    if len(said) * 2 < len(answers):
        return None
    lines = [""]
    for row, point in zip(body, points):
        assert point is not None
        _, title, used = point
        # The point's first paragraph is its title; the others go under it.
        title, *more = title.split("\n")
        # A short point is a heading, in Word too (where numbered lines are otherwise list items).
        short = len(title) <= MAX_HEADING and not title.endswith((".", "?", ":"))
        lines.extend([f"## {title}" if short else title, ""])
        lines.extend(_paragraphs("\n".join(more)))
        for cell in row[used:]:
            lines.extend(_paragraphs(cell))
    return lines, [cell for cell in header or () if cell.strip()]


def sections_table(rows: list[list[str]], *, wrapped: bool = False) -> tuple[list[str], list[str]] | None:
    """A table with a title and its text per row, as a heading and paragraphs per row, and its column titles; None if it is no such table.

    Letters lay out advice per subject in two columns: 'Eigen bijdrage | Wij adviseren u om: ...'.
    As a table it reads badly on a phone and a screen reader reads it cell by cell; as a heading
    per subject it reads as the letter meant it.
    """
    rows = [[_joined(cell) if wrapped else cell.strip() for cell in row] for row in rows]
    rows = [row for row in rows if any(row)]
    if len(rows) < 2 or {len(row) for row in rows} != {2}:
        return None
    # Only a row that names the columns ('Onderwerp | Wat wij adviseren') is set aside: a short
    # first row of the letter's own ('Eigen bijdrage | Niet verhogen') stays in its text.
    header = rows[0] if _column_titles(rows[0]) and any(COLUMN_TITLE.search(cell) for cell in rows[0]) else None
    body = rows[1:] if header else rows
    # Every row has a title; a short answer or two among sentences ('Niet verhogen') is fine.
    if len(body) < 2 or not all(_row_title(title) and text for title, text in body) \
            or sum(1 for _, text in body if _sentences(text)) * 3 < len(body) * 2:
        return None
    # Advice is written in sentences; a column of functions, places or notes is not.
    if sum(1 for _, text in body if re.search(r"[.!?:;]\s|[.!?:;]$", text.strip())) * 2 < len(body):
        return None
    lines = [""]
    for title, text in body:
        lines.extend([f"## {title}", "", *_paragraphs(text)])
    return lines, [cell for cell in header or () if cell.strip()]


def _column_titles(row: list[str]) -> bool:
    """Whether a row holds column titles: short words ('Uw advies', 'Reactie college'), not a row of text."""
    return not any(len(cell) > 40 or len(cell.split()) > 4 or cell.rstrip().endswith((",", ";")) for cell in row)


def _row_title(cell: str) -> bool:
    """Whether a cell titles its row ('Eigen bijdrage', 'Wachttijd'): one short line of words, no sentence, no label.

    Not a date or a figure (it holds a digit), and not a person ('J. de Vries', 'mevrouw Bakker').
    """
    return (0 < len(cell) <= 60 and "\n" not in cell and len(cell.split()) <= 8
            and not cell.endswith((".", ",", ";", ":", "?", "!")) and not LABEL.match(cell)
            and not LIST_ITEM.match(cell) and bool(re.search(r"[^\W\d_]{3}", cell))
            and not re.search(r"\d", cell) and not PERSON.match(cell))


def _sentences(cell: str) -> bool:
    """Whether a cell says something in words (six or more, or a sentence), not a figure or a date."""
    return len(cell.split()) >= 6 or bool(re.search(r"[^\W\d_]{4,}.*[.!]$", cell, re.DOTALL))


def _paragraphs(cell: str) -> list[str]:
    """A cell's paragraphs as lines, each followed by a blank line; list items stay together as one list."""
    lines: list[str] = []
    for paragraph in (part.rstrip() for part in cell.split("\n")):
        if not paragraph.strip():
            continue
        if lines and LIST_ITEM.match(paragraph.strip()) and LIST_ITEM.match(lines[-2].strip()):
            lines.pop()  # the blank line after the item before
        lines.extend([paragraph if LIST_ITEM.match(paragraph.strip()) else paragraph.strip(), ""])
    return lines


def _point_of(row: list[str]) -> tuple[str, str, int] | None:
    """A row's point: its number, its line ('1. Title', 'Advies 1: title') and how many cells it takes; None if none.

    The number stands before the point in the first cell, or alone in it with the point in
    the second.
    """
    first = row[0].strip()
    labelled = LABELLED_POINT.match(first.split("\n")[0].strip())
    if labelled:
        return labelled.group(1), first, 1
    # '1. Title' or a number alone ('1', '1.'); '1 ouder, 1 kind' is a row of figures.
    numbered = re.match(r"^(\d{1,2})(?:[.)]\s+(.*)|[.)]?)$", first, re.DOTALL)
    if numbered is None:
        return None
    title = numbered.group(2) or ""
    if title and re.search(r"[^\W\d_]", title):
        return numbered.group(1), f"{numbered.group(1)}. {title}", 1
    if not title and len(row) >= 3 and re.search(r"[^\W\d_]", row[1]):
        # 'Nr | Advies | Reactie': the point is in the second cell, its first paragraph the title.
        return numbered.group(1), f"{numbered.group(1)}. {row[1].strip()}", 2
    return None


def _joined(cell: str) -> str:
    """A PDF cell's lines as the paragraphs they wrapped from ('plek-' + 'ken': 'plekken'); a list item starts its own."""
    paragraphs: list[list[str]] = []
    for line in cell.split("\n"):
        if not paragraphs or _starts_item(line.strip(), paragraphs[-1]):
            paragraphs.append([])
        paragraphs[-1].append(line)
    return "\n".join(_one_paragraph("\n".join(lines)) for lines in paragraphs)


def _starts_item(line: str, before: list[str]) -> bool:
    """Whether a cell's line starts a list item rather than going on with the lines before it.

    A sentence may wrap before a number ('steeg van 80 naar' + '95. Daarom') or a dash: a line
    starts an item only after a line that ends a sentence or a clause, or as the next item of a
    list ('2.' after '1.', a bullet after the same bullet).
    """
    marker = LIST_ITEM.match(line)
    if marker is None or line.startswith("–"):  # a sentence's own dash may wrap to the start of a line
        return False
    if before[-1].rstrip().endswith((":", ";", ".", "!", "?")):
        return True
    first = before[0].strip()
    number = re.match(r"\d+", line)
    if number:
        return bool(re.match(rf"{int(number.group()) - 1}[.)]\s", first))
    return first[:1] == line[:1] and bool(LIST_ITEM.match(first))


def _one_paragraph(text: str) -> str:
    """Lines that wrapped from one paragraph, as that paragraph (a word broken at the end of a line made whole)."""
    text = re.sub(r"(?<=[a-zà-ÿ])[-\u00ad]\n(?=[a-zà-ÿ])(?!(?:en|of|tot|als|dan)\b)", "", text)
    return " ".join(text.split())


def is_data_table(rows: list[list[str]]) -> bool:
    """Whether a table holds data in rows and columns: no labels with their values, no layout of one row or column."""
    widths = {len(row) for row in rows}
    return (len(rows) >= 2 and len(widths) == 1 and widths.pop() >= 2
            and not any(LABEL.match(cell) or CLOSING.match(bare(cell)) for row in rows for cell in row)
            and not all(_colon_label(row[0]) for row in rows if row[0].strip())
            and sum(1 for row in rows if sum(1 for cell in row if cell.strip()) >= 2) >= 2)


def markdown_table(rows: list[list[str]]) -> list[str]:
    """A data table as Markdown, its first row the header; a cell's lines run on, a '|' in it escaped."""
    def cell(text: str) -> str:
        # A list in a cell runs on in its row: its bullets as '•', not a '-' that reads as a dash.
        text = re.sub(r"(?m)^[ \t]*- ", "• ", text)
        return " ".join(text.split()).replace("\\", "\\\\").replace("|", "\\|") or " "

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(map(cell, cells)) + " |"
    return [line(rows[0]), "| " + " | ".join("---" for _ in rows[0]) + " |", *map(line, rows[1:])]


def table_lines(rows: Iterable[list[str]]) -> list[str]:
    """Lines for a table: 'Label: value' for label cells, every other cell's lines on their own."""
    lines: list[str] = []
    for cells in labels_over_values(list(rows)):
        index = 0
        while index < len(cells):
            cell = cells[index]
            following = cells[index + 1] if index + 1 < len(cells) else ""
            if (LABEL.match(cell) or _colon_label(cell)) and following and not LABEL.match(following):
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


def _colon_label(cell: str) -> bool:
    """Whether a cell is a label of the letter's own, ending in a colon ('Wat:', 'Waar en wanneer:')."""
    text = cell.strip()
    return text.endswith(":") and "\n" not in text and len(text.split()) <= 4


def labels_over_values(rows: list[list[str]]) -> list[list[str]]:
    """Rows with a row of labels over a row of their values ('Datum | Ons kenmerk' over '12 november 2025 |
    BUN/25/4411', a Dutch letter's reference line) turned into a row per label and its value."""
    paired: list[list[str]] = []
    index = 0
    while index < len(rows):
        row = rows[index]
        labels = [cell.strip() for cell in row]
        below = rows[index + 1] if index + 1 < len(rows) else None
        after = rows[index + 2] if index + 2 < len(rows) else None
        if (below is not None and len(below) == len(row) and sum(1 for c in labels if c) >= 2
                and all(LABEL.match(c) for c in labels if c) and any(c.strip() for c in below)
                and not any(LABEL.match(c.strip()) for c in below if c.strip())
                # One row of values: more rows under the labels make a table of rows (a planning).
                and (after is None or all(LABEL.match(c.strip()) for c in after if c.strip()))):
            # A value wrapped in its cell is one value ('12 november' + '2025').
            paired.extend([label, " ".join(value.split())] for label, value in zip(labels, below)
                          if label or value.strip())
            index += 2
            continue
        paired.append(row)
        index += 1
    return paired


def refuse_unpacked(path: Path, size: int, limit: int) -> None:
    if size > limit:
        raise ArchiveError(f"the letter unpacks to more than {limit // 1024 // 1024} MB", path=str(path), line=1,
                           hint="that is no ordinary letter: paste its text into a .txt file and import that")
