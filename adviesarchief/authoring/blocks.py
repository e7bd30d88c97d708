"""What a PDF page holds once read, and which of it belongs together: lines of segments and ruled
tables where they stand, page furniture in the margins, two blocks side by side, and a table that
goes on over the next page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import AbstractSet, Any

from .cleaning import SALUTATION, bare
from .layout import LABEL


PAGE_NUMBER = re.compile(r"^(?:(?:pagina|blad(?:zijde)?|page)\s*)?-?\s*\d{1,3}\s*-?"
                         r"(?:\s*(?:van|/|of)\s*\d{1,3})?$", re.IGNORECASE)
# The top and bottom share of a page where running headers and footers are printed.
MARGIN_SHARE = 0.12


# What OCR reads a table's ruled line as.
RULES = frozenset({"|", "¦", "│"})


@dataclass(frozen=True)
class Segment:
    """A run of words on one PDF line, with where it stands on the page."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    bold: bool = False  # every word of it is set in a bold face
    # Each word's text and where it starts and ends, to split a segment at a column it runs into.
    words: tuple[tuple[str, float, float], ...] = ()

    def split_at(self, x: float, tolerance: float) -> tuple["Segment", "Segment"] | None:
        """The segment in two at the word that starts at x (within tolerance), if one does after its first."""
        at = next((i for i, (_, x0, _) in enumerate(self.words) if i and abs(x0 - x) <= tolerance), None)
        if at is None:
            return None
        # A column's gap is wider than the spaces between the words of a line of text: a paragraph
        # under a table whose word happens to start at a column is no row of it.
        gaps = sorted(b[1] - a[2] for a, b in zip(self.words, self.words[1:]))
        usual = gaps[len(gaps) // 2]
        # A scan's ruled line between the columns, read as '|', stands in the gap.
        end = at - 1 if at > 1 and self.words[at - 1][0] in RULES else at
        # (OCR's word boxes hug the ink: its spaces are wider, its column gaps not twice as wide.)
        if self.words[at][1] - self.words[end - 1][2] < max(1.5 * usual, usual + 4):
            return None
        left, right = self.words[:end], self.words[at:]
        return (replace(self, text=" ".join(w[0] for w in left), x1=left[-1][2], words=left),
                replace(self, text=" ".join(w[0] for w in right), x0=right[0][1], words=right))


@dataclass(frozen=True)
class TableBlock:
    """A ruled table on a PDF page: its rows of cell texts (a cell's lines as they wrapped), and where it stands."""

    rows: tuple[tuple[str, ...], ...]
    x0: float
    x1: float
    top: float
    bottom: float
    # Where each column starts, for a table printed without lines (its width follows its text).
    columns: tuple[float, ...] = ()

    def holds(self, word: dict[str, Any]) -> bool:
        """Whether a word (as pdfplumber gives it) stands inside the table."""
        x = (float(word["x0"]) + float(word["x1"])) / 2
        y = (float(word["top"]) + float(word["bottom"])) / 2
        return self.x0 <= x <= self.x1 and self.top <= y <= self.bottom


def columns_apart(placed: list[list[Segment] | TableBlock]) -> list[list[Segment] | TableBlock]:
    """Two blocks of lines side by side above the greeting (the address left, the sender's contact lines right) read one after the other.

    Read line by line they interleave ('Wmo-raad Bunnik', 'Contactpersoon: J. Jansen', 't.a.v. de
    voorzitter', ...) and the address block falls apart. A run of lines whose parts all start at
    one of two places, two of them or more holding both, is read left block first. Only above the
    greeting: below it, parts side by side are columns of the text (a planning, amounts, 'a.' and
    its point) and read across. Labels left with their values right ('Datum   12 november 2025')
    stay pairs.
    """
    greeting = next((i for i, line in enumerate(placed) if not isinstance(line, TableBlock)
                     and SALUTATION.match(bare(" ".join(s.text for s in line)))), len(placed))
    result: list[list[Segment] | TableBlock] = []
    index = 0
    while index < len(placed):
        end = _two_column_run(placed, index, greeting)
        if end == index:
            result.append(placed[index])
            index += 1
            continue
        run = [line for line in placed[index:end] if not isinstance(line, TableBlock)]
        left_x = next(line[0].x0 for line in run if len(line) == 2)
        result.extend([s] for line in run for s in line if abs(s.x0 - left_x) <= 3)
        result.extend([s] for line in run for s in line if abs(s.x0 - left_x) > 3)
        index = end
    return result


def _two_column_run(placed: list[list[Segment] | TableBlock], start: int, greeting: int) -> int:
    """Where a run of two blocks side by side that starts at `start` ends (start itself when there is none)."""
    first = placed[start]
    if start >= greeting or isinstance(first, TableBlock) or len(first) != 2:
        return start
    left_x, right_x = first[0].x0, first[1].x0
    height = max(s.bottom - s.top for s in first)
    end, top = start, first[0].top
    for at in range(start, greeting):
        line = placed[at]
        if isinstance(line, TableBlock) or len(line) > 2 or min(s.top for s in line) - top > 2 * height:
            break
        places = [0 if abs(s.x0 - left_x) <= 3 else 1 if abs(s.x0 - right_x) <= 3 else -1 for s in line]
        if -1 in places or places != sorted(set(places)):
            break
        top = max(s.top for s in line)
        if len(line) == 2 or places == [1]:
            end = at + 1  # the run ends with its last line that has a right-hand part
        elif not any(len(other) == 2 for other in placed[at + 1:greeting] if not isinstance(other, TableBlock)):
            break
    pairs = [line for line in placed[start:end] if not isinstance(line, TableBlock) and len(line) == 2]
    # Labels beside their values are pairs, read across ('Datum   12 november 2025').
    if len(pairs) < 2 or sum(1 for line in pairs if _label_like(line[0].text)) * 2 >= len(pairs):
        return start
    return end


def _label_like(text: str) -> bool:
    """Whether a part of a line reads as a label ('Ons kenmerk', 'Verzenddatum:'), not as a line of an address."""
    text = text.strip()
    return bool(LABEL.match(text) or text.endswith(":")
                or (len(text.split()) <= 3 and not re.search(r"[\d.,@]", text) and text[:1].isupper()))


def join_continued_tables(pages: list[tuple[float, list[list[Segment] | TableBlock]]], repeated: AbstractSet[str]
                          ) -> list[tuple[float, list[list[Segment] | TableBlock]]]:
    """Pages with a table that goes on from the page before (only page furniture between) joined into that table.

    repeated: the shapes (shape) of the lines that recur in the page margins: headers and footers.

    A reply's table of points often runs over pages: the next page repeats the column titles
    (left out once joined) and may go on with the rest of a row split at the page end (its first
    cell empty: its cells are added to that row's). Joined, the table is read as one.
    """
    joined: list[tuple[float, list[list[Segment] | TableBlock]]] = []
    ending: tuple[int, int] | None = None  # (page, item) of the table the text so far ends with
    for height, lines in pages:
        lines = list(lines)
        body = [i for i, line in enumerate(lines) if not _furniture(line, height, repeated)]
        if ending is not None and body and isinstance(lines[body[0]], TableBlock):
            page_at, item_at = ending
            table, then = joined[page_at][1][item_at], lines[body[0]]
            assert isinstance(table, TableBlock) and isinstance(then, TableBlock)
            if _same_columns(table, then):
                joined[page_at][1][item_at] = _continued(table, then)
                del lines[body[0]]
                body = [i for i, line in enumerate(lines) if not _furniture(line, height, repeated)]
        joined.append((height, lines))
        if body:  # a page that held only the rest of the table goes on ending with it
            ending = (len(joined) - 1, body[-1]) if isinstance(lines[body[-1]], TableBlock) else None
    return joined


def _furniture(line: list[Segment] | TableBlock, height: float, repeated: AbstractSet[str]) -> bool:
    """Whether a line is a page's header or footer, as pdf_lines leaves it out: a ruled table in a
    margin, or a line in a margin that recurs on other pages or is a page number.

    A line in a margin that stands there once is the letter's own (a heading at the top of a page).
    """
    if isinstance(line, TableBlock):
        return wholly_in_margin(line, height)
    return all(is_margin(s, height) and (shape(s.text) in repeated or bool(PAGE_NUMBER.match(s.text.strip())))
               for s in line)


def wholly_in_margin(line: list[Segment] | TableBlock, height: float) -> bool:
    """Whether a line or table stands wholly in the top or bottom margin of its page (a header or footer)."""
    if isinstance(line, TableBlock):
        return line.bottom < height * MARGIN_SHARE or line.top > height * (1 - MARGIN_SHARE)
    return all(is_margin(segment, height) for segment in line)


def _same_columns(first: TableBlock, second: TableBlock) -> bool:
    """Whether two tables have as many columns and stand in the same place across the page."""
    if first.columns and second.columns:
        return len(first.columns) == len(second.columns) and all(
            abs(a - b) <= 4 for a, b in zip(first.columns, second.columns))
    width = max(first.x1 - first.x0, 1.0)
    return (max(map(len, first.rows)) == max(map(len, second.rows))
            and abs(first.x0 - second.x0) <= 0.03 * width and abs(first.x1 - second.x1) <= 0.03 * width)


def _continued(first: TableBlock, then: TableBlock) -> TableBlock:
    """A table with the rows of its continuation: the repeated column titles left out, a split row joined."""
    rows = list(then.rows)
    if rows and first.rows and _words(rows[0]) == _words(first.rows[0]):
        rows = rows[1:]
    kept = list(first.rows)
    # The rest of a split row has words in every cell it fills; a row of figures under a group's
    # label ('' | '2025' | '215') is a row of its own.
    said = [cell for cell in rows[0][1:] if cell.strip()] if rows else []
    if rows and kept and not rows[0][0].strip() and said and len(rows[0]) == len(kept[-1]) \
            and all(re.search(r"[^\W\d_]{2}", cell) for cell in said):
        kept[-1] = tuple("\n".join(part for part in (a, b) if part.strip()) for a, b in zip(kept[-1], rows[0]))
        rows = rows[1:]
    return replace(first, rows=tuple(kept + rows))


def _words(row: tuple[str, ...]) -> list[str]:
    """A row's cells with their white space made single, for comparing rows as printed."""
    return [" ".join(cell.split()) for cell in row]


def shape(text: str) -> str:
    """A line's text with its numbers blanked, so 'Pagina 1 van 3' and 'Pagina 2 van 3' match."""
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def is_margin(segment: Segment, height: float) -> bool:
    """Whether a segment stands in the top or bottom margin of a page of this height."""
    return segment.bottom < height * MARGIN_SHARE or segment.top > height * (1 - MARGIN_SHARE)
