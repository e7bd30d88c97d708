"""Tables a PDF prints without lines: a Word table without borders, or a scanned table whose lines
are only pixels. Read line by line, their cells interleave ('Vraag ouders om hun Overgenomen. Vanaf
mening.'); read here by column, they become tables as the ruled ones are.
"""

from __future__ import annotations

import re

from .blocks import Segment, TableBlock, is_margin
from .cleaning import CLOSING, bare, salutation_at

Placed = list[Segment] | TableBlock
# How far (in points) a cell's lines may start from its column's start: OCR places words a little apart.
ALIGN = 4.0
# A row starts where the space above a line is this much more than between the lines of one cell.
ROW_GAP = 1.3
# A first cell that numbers its row ('1', '2.', 'a)', 'IV'): a row of its own, however close below the one above.
ROW_NUMBER = re.compile(r"^(?:\(?\d{1,3}[.)]?|[a-z][.)]|[IVX]{1,4}\.?)$")
# A gap above a line this many times its height ends the table.
TABLE_GAP = 3.0


def unruled_tables(pages: list[tuple[float, list[Placed]]]) -> list[tuple[float, list[Placed]]]:
    """The pages with each table printed without lines, between the greeting and the closing, as a TableBlock.

    A table is a run of lines whose parts all start at one of the places where the parts of its
    first line start (its columns), none running into the next column, two lines or more with
    parts in two columns or more. Above the greeting, parts side by side are the letterhead
    (see blocks.columns_apart); below the closing, signers side by side.
    """
    result: list[tuple[float, list[Placed]]] = []
    # The greeting as the draft finds it: 'Aan het college ...' above 'Geacht college,' is the address.
    places = [(page, index) for page, (_, lines) in enumerate(pages) for index in range(len(lines))]
    texts = [_text(pages[page][1][index]) for page, index in places]
    greeting = salutation_at(texts, within=len(texts))
    if greeting is None:
        return pages
    closed = False
    for number, (height, lines) in enumerate(pages):
        # Where the page's text ends on the right: the last column's edge.
        right = max((s.x1 for line in lines if not isinstance(line, TableBlock) for s in line), default=0.0)
        kept: list[Placed] = []
        index = 0
        while index < len(lines):
            line = lines[index]
            opened = (number, index) > places[greeting]
            closed = closed or (opened and CLOSING.match(_text(line)) is not None)
            table_here = opened and not closed and not isinstance(line, TableBlock) and len(line) >= 2
            rest = _rest_of_a_row(kept, line, height) if table_here else 0
            # Under the rest of a row from the page before, one row is enough: the table goes on.
            end = _table_end(lines, index, rows=1 if rest else 2) if table_here else index
            table = (_table(kept[len(kept) - rest:] + lines[index:end], [s.x0 for s in line], right)  # type: ignore[operator, union-attr]
                     if end > index else None)
            # Where no cell wraps, each line holds one row's cells in order: read across, as before.
            if table is not None and any("\n" in cell for row in table.rows for cell in row):
                del kept[len(kept) - rest:]
                kept.append(table)
                index = end
                continue
            kept.append(line)
            index += 1
        result.append((height, kept))
    return result


def _text(line: Placed) -> str:
    """A line's text for matching ('' for a table)."""
    return "" if isinstance(line, TableBlock) else bare(" ".join(s.text for s in line))


def _table_end(lines: list[Placed], start: int, rows: int = 2) -> int:
    """Where a table without lines that starts at `start` ends (start itself when none does): `rows` lines or more fill two columns."""
    first = lines[start]
    if isinstance(first, TableBlock) or len(first) < 2:
        return start
    starts = [s.x0 for s in first]
    pitch: float | None = None  # the least distance between two lines' tops in the table
    end, multi, last_multi = start + 1, 1, start
    previous = first
    while end < len(lines):
        line = lines[end]
        if isinstance(line, TableBlock) or _columns(line, starts) is None or CLOSING.match(_text(line)):
            break
        height = max(s.bottom - s.top for s in line)
        distance = min(s.top for s in line) - min(s.top for s in previous)
        if distance - height > TABLE_GAP * height:
            break
        pitch = distance if pitch is None else min(pitch, distance)
        if len(line) >= 2:
            multi, last_multi = multi + 1, end
        previous = line
        end += 1
    if multi < rows:
        return start
    # Lines after the last with parts in two columns that are only in the first column, apart
    # from it by more than a cell's line: a heading or a paragraph under the table.
    while end - 1 > last_multi:
        line, above = lines[end - 1], lines[end - 2]
        assert not isinstance(line, TableBlock) and not isinstance(above, TableBlock)
        apart = min(s.top for s in line) - min(s.top for s in above)
        if set(_columns(line, starts) or {}) == {0} and pitch is not None and apart > pitch * ROW_GAP:
            end -= 1
        else:
            break
    return end


def _columns(line: list[Segment], starts: list[float]) -> dict[int, Segment] | None:
    """The line's parts by column, if each starts at a column's start and ends before the next; else None.

    A cell filled to its edge stands closer to the next than a column's gap: a part that runs into
    the next column is split where a word starts at that column's start.
    """
    found: dict[int, Segment] = {}
    parts = list(line)
    while parts:
        segment = parts.pop(0)
        column = next((i for i, x in enumerate(starts) if abs(segment.x0 - x) <= ALIGN), None)
        if column is None or column in found:
            return None
        if column + 1 < len(starts) and segment.x1 > starts[column + 1] - 2:
            split = segment.split_at(starts[column + 1], ALIGN)
            if split is None:
                return None
            segment = split[0]
            parts.insert(0, split[1])
        found[column] = segment
    return found


def _rest_of_a_row(above: list[Placed], first: Placed, height: float) -> int:
    """How many lines at the top of a page, right above a table, are the rest of a row split at the page end.

    They stand in the table's columns but the first (which the row filled on the page before),
    and only page furniture is above them; the table is then joined to the one it goes on from.
    """
    assert not isinstance(first, TableBlock)
    starts = [s.x0 for s in first]
    count, below = 0, first
    for line in reversed(above):
        if isinstance(line, TableBlock):
            break
        columns = _columns(line, starts)
        tall = max(s.bottom - s.top for s in line)
        if not columns or 0 in columns or min(s.top for s in below) - max(s.bottom for s in line) > TABLE_GAP * tall:
            break
        count, below = count + 1, line
    if any(not isinstance(line, TableBlock) and not all(is_margin(s, height) for s in line)
           for line in above[:len(above) - count]):
        return 0
    return count


def _table(lines: list[list[Segment]], starts: list[float], right: float) -> TableBlock:
    """The run of lines as a table with columns at `starts` (the last ending at `right`).

    A row starts after a wider gap, or where the first column has text again: a number, text
    under an empty first cell, or text where a cell of the line does not go on from the line
    above (its first word would have fit there: 'Datum' over 'Tijd' in a narrow label column
    fits, but beside them 'dinsdag 12 maart' over '19.30 uur' would too).
    """
    edges = [*starts[1:], max(right, max(s.x1 for line in lines for s in line))]
    tops = [min(s.top for s in line) for line in lines]
    pitch = min((b - a for a, b in zip(tops, tops[1:])), default=0.0)
    rows: list[list[list[str]]] = []
    before: dict[int, Segment] = {}
    for number, line in enumerate(lines):
        columns = _columns(line, starts) or {}
        numbered = 0 in columns and ROW_NUMBER.match(columns[0].text.strip()) is not None
        # The first cell alone under a row that filled others goes on with it where it nearly
        # filled its column: a cell's text wraps to more lines than its neighbours' (OCR's narrow
        # word boxes make the fit test unsure, so it is looser here). A group's label is short.
        wraps_alone = (set(columns) == {0} and len(before) >= 2 and 0 in before and not numbered
                       and _wrapped(before[0], columns[0], edges[0], slack=4))
        new_row = (not rows or tops[number] - tops[number - 1] > pitch * ROW_GAP
                   or (0 in columns and not wraps_alone
                       and (0 not in before or numbered
                            or any(c not in before or not _wrapped(before[c], segment, edges[c])
                                   for c, segment in columns.items()))))
        if new_row:
            rows.append([[] for _ in starts])
        for column, segment in columns.items():
            # A scanned table's ruled line may be read as a '|' at a cell's edge.
            text = segment.text.strip(" |")
            if text:
                rows[-1][column].append(text)
        before = columns
    return TableBlock(tuple(tuple("\n".join(cell) for cell in row) for row in rows),
                      min(s.x0 for line in lines for s in line), max(s.x1 for line in lines for s in line),
                      min(tops), max(s.bottom for line in lines for s in line), tuple(starts))


def _wrapped(above: Segment, below: Segment, edge: float, slack: float = 2) -> bool:
    """Whether `below` goes on with the cell text of `above`: its first word would not have fit after it.

    '15 januari 2026' over '12 februari 2026' in a planning ends far from the next column: a row
    of its own. 'Vraag ouders om hun' over 'mening.' ends where 'mening.' no longer fit.
    """
    first = below.words[0] if below.words else (below.text, below.x0, below.x1)
    space = max((above.x1 - above.x0) / max(len(above.text), 1), 2.0)  # about one character
    return above.x1 + space + (first[2] - first[1]) > edge - slack * space

