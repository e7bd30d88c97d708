"""Read a PDF letter with pdfplumber: words by their place and face, ruled tables by cell, page furniture apart."""

from __future__ import annotations

import re
import zlib
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any, Iterable

from .blocks import (PAGE_NUMBER, Segment, TableBlock, columns_apart, is_margin, join_continued_tables, shape,
                     wholly_in_margin)
from .cleaning import BULLETS, CLOSING, SALUTATION, bare, is_block_start, salutation_at
from .grids import unruled_tables
from .marks import ocr_corrected, page_notes, raised_digits_joined, straightened, with_raised_digits
from .layout import LABEL, MAX_HEADING, MAX_UNPACKED, refuse_unpacked, table_lines, table_text

# A font's name says it is bold ('Helvetica-Bold', 'ABCDEF+Calibri,Bold', 'Arial-BoldMT').
BOLD_FONT = re.compile(r"bold|black|heavy|demi", re.IGNORECASE)
# A line that ends a sentence (a closing quote or bracket may follow).
SENTENCE_END = re.compile(r"[.!?][\"')\u201d\u2019]?$")
# A line that starts with a label ('Reactie:', 'Advies 2:'): a block of its own.
LABEL_START = re.compile(r"^[^\W\d_][\w-]*(?: \d{1,2})?:")
# A list item's own number or letter ('1.', 'a)', '(2)', 'iv.'), and how far (points) its text may
# stand from it at a tab: a hanging indent is a quarter to half an inch.
LIST_MARKER = re.compile(r"^(?:\d{1,2}[.)]|[a-z][.)]|\([a-z0-9]{1,2}\)|[ivx]{1,4}[.)])$")
HANGING_INDENT = 48.0
# A PDF line with a wider gap than this (in points) between two words holds two columns.
COLUMN_GAP = 24.0


def read_pdf(path: Path) -> tuple[list[str], list[str]]:
    """The lines of a PDF letter, read by position, and its running headers, footers and page numbers."""
    import pdfplumber

    pages: list[tuple[float, list[list[Segment]]]] = []
    unpacked = 0
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            unpacked += _unpacked_size(page.page_obj.contents, MAX_UNPACKED - unpacked)
            refuse_unpacked(path, unpacked, MAX_UNPACKED)
            # Each word with its characters: a word set partly in bold ('1 **juli**.') stays one word.
            words = straightened(page.extract_words(keep_blank_chars=False, use_text_flow=False, return_chars=True),
                                 float(page.height))
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


def page_lines(words: list[dict[str, Any]]) -> list[list[Segment]]:
    """Group a page's words into lines (same baseline) and each line into segments split at wide gaps."""
    lines: list[list[dict[str, Any]]] = []
    for word in sorted(words, key=lambda w: (round(float(w["top"])), float(w["x0"]))):
        if lines and (abs(float(lines[-1][0]["top"]) - float(word["top"])) <= 2.5 or _raised_or_lowered(word, lines[-1])):
            lines[-1].append(word)
        else:
            lines.append([word])
    for line in lines:
        line.sort(key=lambda w: float(w["x0"]))
    result: list[list[Segment]] = []
    index = 0
    while index < len(lines):
        groups = _gap_groups(lines[index])
        under = _values_under(groups, lines, index)
        if under:
            # A reference line: labels side by side, each value under its label (wrapping there).
            last = lines[index + under]
            for label, values in zip(groups, _by_column(groups, lines[index + 1:index + under + 1])):
                pair = [_segment(label)] + ([replace(_segment(values), top=_segment(label).top,
                                                     bottom=max(float(w["bottom"]) for w in last))] if values else [])
                result.append(pair)
            index += under + 1
            continue
        result.append([_segment(group) for group in groups])
        index += 1
    return result


def _raised_or_lowered(word: dict[str, Any], line: list[dict[str, Any]]) -> bool:
    """Whether a word set in another size stands mostly within a line's height: a note's number set raised, a larger initial.

    A word processor may set a note's number as a run of its own, small and raised so far that
    its top stands 3 to 4 points above the line's; by its top alone it would make a line of its
    own between two lines of a sentence. Words of the same size stay apart from a line they
    overlap by less (lines of two columns set a little out of step).
    """
    tall = float(word["bottom"]) - float(word["top"])
    line_top = min(float(w["top"]) for w in line)
    line_bottom = max(float(w["bottom"]) for w in line)
    line_tall = float(line[0]["bottom"]) - float(line[0]["top"])
    if tall <= 0 or line_tall <= 0 or abs(tall - line_tall) < 0.15 * max(tall, line_tall):
        return False
    overlap = min(float(word["bottom"]), line_bottom) - max(float(word["top"]), line_top)
    return overlap >= 0.5 * min(tall, line_tall)


def _gap_groups(line: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """A line's words in groups split at wide gaps (columns: a date set right, a label beside its value)."""
    groups: list[list[dict[str, Any]]] = [[line[0]]]
    for word in line[1:]:
        # A bullet or a list item's number and its text may stand a tab apart (a hanging indent):
        # they are one item, not two columns. A table's number column stands further off.
        gap = float(word["x0"]) - float(groups[-1][-1]["x1"])
        first = str(groups[-1][0]["text"])
        alone = len(groups) == 1 and len(groups[-1]) == 1 and (
            _bullet(groups[-1][0]) == "\u25e6" or first in BULLETS
            or (LIST_MARKER.match(first) is not None and gap <= HANGING_INDENT))
        if gap > COLUMN_GAP and not alone:
            groups.append([word])
        else:
            groups[-1].append(word)
    return groups


def _segment(words: list[dict[str, Any]]) -> Segment:
    """A run of words on a line as a Segment: its text (a symbol-font bullet as a bullet), place and face."""
    # A line may open with a word holding a raised note number ('m²¹.', wrapped there); a raised
    # digit that opens the line is the number of a note and stays as it is (with_raised_digits).
    first = _bullet(words[0])
    first = first if first != words[0]["text"] else with_raised_digits(words[0])
    texts, words = raised_digits_joined([first, *map(with_raised_digits, words[1:])], words)
    texts = ocr_corrected(texts, words)
    return Segment(" ".join(texts), float(words[0]["x0"]), float(words[-1]["x1"]),
                   min(float(w["top"]) for w in words), max(float(w["bottom"]) for w in words),
                   all(_is_bold(str(c.get("fontname", ""))) for w in words for c in w.get("chars", [])),
                   tuple((text, float(w["x0"]), float(w["x1"])) for text, w in zip(texts, words)))


def _values_under(groups: list[list[dict[str, Any]]], lines: list[list[dict[str, Any]]], index: int) -> int:
    """How many lines under a line of labels side by side ('Datum   Ons kenmerk   Onderwerp') hold their values; 0 for another line.

    A reference line holds one value per label, each under its label and wrapping within its
    column. So every part of a value line starts where a label starts and ends before the next
    label; a line that does not (the text of the letter, its greeting), another line of labels or a
    wider gap ends the values. A line that fills every column again is a table's next row: then
    this is a table of several rows (a planning), not a reference line, and 0.
    """
    if len(groups) < 2 or not all(_is_label(g) for g in groups):
        return 0
    starts = [float(g[0]["x0"]) for g in groups]
    count, top, height = 0, float(lines[index][0]["top"]), _height(lines[index])
    ends: dict[int, float] = {}  # where each column's value ended on the line before
    for line in lines[index + 1:index + 7]:
        parts = _gap_groups(line)  # for telling a line of labels
        line_top = float(line[0]["top"])
        # The first values stand a row's spacing under their labels; wrapped lines, a line's spacing.
        if line_top - top > (3.0 if count == 0 else 1.6) * height or all(_is_label(g) for g in parts) \
                or SALUTATION.match(" ".join(str(w["text"]) for w in line)):
            break
        columns = _columns_of(line, starts)
        if columns is None:
            break
        if count and len(columns) == len(starts):
            return 0  # a new row in every column: a table of rows
        # A value goes on under itself only where it filled its column ('Reactie op uw advies
        # over' wraps; '12 november 2025' does not, so a word under it belongs to the text).
        if count and any(c + 1 < len(starts) and ends.get(c, 0.0) < starts[c + 1] - 30 for c in columns):
            break
        for column, end in columns.items():
            ends[column] = end
        count, top, height = count + 1, line_top, _height(line)
    return count


def _is_label(words: list[dict[str, Any]]) -> bool:
    """Whether a run of words is a label (Datum, Ons kenmerk, Onderwerp ...)."""
    return LABEL.match(" ".join(str(w["text"]) for w in words)) is not None


def _height(line: list[dict[str, Any]]) -> float:
    """The height of a line: its tallest word."""
    return max(float(w["bottom"]) - float(w["top"]) for w in line)


def _columns_of(line: list[dict[str, Any]], starts: list[float]) -> dict[int, float] | None:
    """The columns a line has words in, with where each ends, if it reads as values under labels at `starts`; else None.

    Each column's words start where its label starts, and no word runs over into the next column:
    a line of running text starts its words anywhere and runs across.
    """
    firsts: dict[int, float] = {}
    ends: dict[int, float] = {}
    for word in line:
        x0, x1 = float(word["x0"]), float(word["x1"])
        column = max((i for i, start in enumerate(starts) if x0 >= start - 4), default=None)
        if column is None or (column + 1 < len(starts) and x1 > starts[column + 1] - 2):
            return None
        firsts.setdefault(column, x0)
        ends[column] = x1
    if any(abs(x0 - starts[column]) > 4 for column, x0 in firsts.items()):
        return None
    return ends


def _by_column(labels: list[list[dict[str, Any]]], lines: list[list[dict[str, Any]]]) -> list[list[dict[str, Any]]]:
    """The words of the value lines, per label: each under the label that starts at or left of it."""
    starts = [float(group[0]["x0"]) - 4 for group in labels]
    columns: list[list[dict[str, Any]]] = [[] for _ in labels]
    for line in lines:
        for word in line:
            column = max((i for i, start in enumerate(starts) if float(word["x0"]) >= start), default=0)
            columns[column].append(word)
    return columns


def _bullet(word: dict[str, Any]) -> str:
    """A word's text; a bullet set in a symbol font as a letter ('o' in Courier New, Word's second
    level; 'l' or '§' in Wingdings) as the bullet it shows ('◦')."""
    text = str(word["text"])
    fonts = {str(c.get("fontname", "")).lower() for c in word.get("chars", [])}
    if fonts and ((text == "o" and all("courier" in f or "mono" in f for f in fonts))
                  or (text in ("l", "n", "q", "v", "§", "Ø", "ü") and all("wingdings" in f or "symbol" in f for f in fonts))):
        return "\u25e6"
    return text


def _is_bold(font: str) -> bool:
    """Whether a font's name says it is bold ('Helvetica-Bold', 'ABCDEF+Calibri,Bold'; not 'DemiLight')."""
    return BOLD_FONT.search(font) is not None and "light" not in font.lower()


def pdf_lines(pages: list[tuple[float, list[list[Segment] | TableBlock]]]) -> tuple[list[str], list[str]]:
    """Turn positioned lines and tables into text lines; split off what repeats in the page margins.

    A vertical gap wider than usual between two lines starts a new paragraph (a blank line).
    """
    # The letterhead, with its blocks side by side, is on the first page; later pages hold text only.
    pages = [(height, columns_apart(lines) if number == 0 else lines) for number, (height, lines) in enumerate(pages)]
    pages = unruled_tables(pages)
    in_margin: Counter[str] = Counter()
    for height, lines in pages:
        shapes = {shape(s.text) for line in lines if not isinstance(line, TableBlock)
                  for s in line if is_margin(s, height)}
        in_margin.update(shapes)
    repeated = {seen for seen, count in in_margin.items() if count >= 2} if len(pages) >= 2 else set()
    pages = join_continued_tables(pages, repeated)
    text: list[str] = []
    furniture: list[str] = []
    bold: set[int] = set()  # where in text a line set wholly in bold stands
    body_lines = 0
    for height, lines in pages:
        page_start = len(text)
        foot: list[int] = []  # where lines below a gap that may be footnotes start in text
        heights = sorted(line[0].bottom - line[0].top for line in lines if not isinstance(line, TableBlock))
        tall = heights[len(heights) // 2] if heights else 0.0  # the usual height of a line of text
        spacing = _usual_spacing(lines)
        # Only where the page sets its paragraphs apart does a line without a gap above go on with them.
        full_from = _full_width_from(lines, height) if _spaced(lines, spacing) else float("inf")
        previous_bottom: float | None = None
        previous_full = False  # the line above ran to the text's right edge: its paragraph may go on
        previous_bold = False
        for line in lines:
            if isinstance(line, TableBlock) and wholly_in_margin(line, height):
                # A ruled footer or letterhead (addresses side by side): page furniture, as its lines would be.
                furniture.extend(part for row in line.rows for cell in row for part in cell.split("\n") if part.strip())
                continue
            if isinstance(line, TableBlock):
                found, aside = table_text([list(row) for row in line.rows], text, wrapped=True)
                if text and text[-1] and found[:1] != [""]:
                    text.append("")
                text.extend(found)
                furniture.extend(aside)
                previous_bottom = line.bottom
                body_lines += 1
                continue
            kept = []
            for segment in line:
                margin = is_margin(segment, height)
                if margin and (shape(segment.text) in repeated or PAGE_NUMBER.match(segment.text.strip())):
                    furniture.append(segment.text)
                else:
                    kept.append(segment)
            if not kept:
                continue
            top = min(s.top for s in kept)
            gap = previous_bottom is not None and top - previous_bottom > spacing * 0.9
            if gap and text and text[-1]:
                text.append("")
            # Footnotes stand below a gap, at the page's foot or in smaller type than the text.
            if gap and (top > height / 2 or max(s.bottom - s.top for s in kept) < 0.85 * tall):
                foot.append(len(text))
            previous_bottom = max(s.bottom for s in kept)
            body_lines += 1
            line_text = kept[0].text.strip()
            if (previous_full and not gap and len(kept) == 1 and text and text[-1] and kept[0].bold == previous_bold
                    and SENTENCE_END.search(text[-1]) and line_text[:1].isupper() and not is_block_start(line_text)
                    and not CLOSING.match(line_text) and not SALUTATION.match(line_text)
                    and not LABEL_START.match(line_text)
                    # A title under it (no stop at its end, short) starts a block of its own.
                    and (kept[0].x1 >= full_from or re.search(r"[.,;:!?]\W?$", line_text))):
                # A sentence that ends where the line ends, in a paragraph that goes on: one paragraph.
                text[-1] += " " + kept[0].text
                previous_full = kept[0].x1 >= full_from
                continue
            previous_full = len(kept) == 1 and kept[0].x1 >= full_from
            previous_bold = len(kept) == 1 and kept[0].bold
            if len(kept) == 1 and kept[0].bold:
                bold.add(len(text))
            text.extend(_segment_lines(kept))
        text[page_start:] = page_notes(text[page_start:], [i - page_start for i in foot])
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


def _spaced(placed: list[list[Segment] | TableBlock], spacing: float) -> bool:
    """Whether a page sets its paragraphs apart: gaps wider than between a paragraph's lines, at one line in ten or more.

    A gap or two (above the footnotes, around the signature) is no sign of it.
    """
    lines = [line for line in placed if not isinstance(line, TableBlock)]
    # Only gaps between paragraphs count: after a sentence's end, before a capital (not around
    # the address, the greeting or the signature).
    gaps = sum(min(s.top for s in b) - max(s.bottom for s in a) > spacing * 0.9
               and bool(SENTENCE_END.search(a[-1].text.strip())) and b[0].text.strip()[:1].isupper()
               for a, b in zip(lines, lines[1:]))
    return gaps >= max(3, len(lines) // 10)


def _full_width_from(placed: list[list[Segment] | TableBlock], height: float) -> float:
    """Where a line of the page's text must end to fill its width: a line that ends before stops its paragraph.

    Ragged text leaves at most a long word's room at a line's end: an eighth of the width.
    """
    ends = [(line[0].x0, line[0].x1) for line in placed
            if not isinstance(line, TableBlock) and len(line) == 1 and not is_margin(line[0], height)]
    if len(ends) < 3:
        return float("inf")
    left, right = min(x0 for x0, _ in ends), max(x1 for _, x1 in ends)
    return right - (right - left) / 8


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
