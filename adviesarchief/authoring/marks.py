"""What a PDF's characters say besides their words: a scan's slant and what OCR misreads in it,
and digits set small and raised (a footnote's number, a unit's power).
"""

from __future__ import annotations

import math
import re
from typing import Any

SUPERSCRIPT = str.maketrans("0123456789", "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079")
NORMAL_DIGITS = str.maketrans("\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079", "0123456789")
# Square and cubic metres (m², km², cm³): raised digits that are no note's number.
UNIT_POWER = re.compile(r"(?<![^\W\d_])[kcdm]?m[²³]")
# Punctuation that follows a word without a space ('m²¹.', 'regeling¹,').
TRAILING_MARK = re.compile(r"[.,;:!?)]")
# Words closer than this (points) touch: no space stands between them.
TOUCHING = 1.0
# A footnote at a page's foot: its number, then its text (LibreOffice sets no space: '1Zie').
NOTE_START = re.compile(r"^(\d{1,3})(?:\s+|(?=[A-ZÀ-Ý]))(?=\S)")
# Text set at a slant between these angles (radians: 0.1 to 6 degrees) is a crooked scan, turned level.
MIN_SLANT, MAX_SLANT = 0.002, 0.1
# OCR sets each line at its own slant: lines of one crooked scan differ by a fraction of a degree.
SAME_SLANT = 0.01
# What OCR makes of a printed bullet at a line's start.
OCR_BULLETS = frozenset({"e", "«", "»", "©", "°", "*", "+", "o", "·", "•", "@", "¢"})


def straightened(words: list[dict[str, Any]], height: float) -> list[dict[str, Any]]:
    """A page's words turned level where all its text is set at a slant: a scan laid crooked on the glass.

    OCR lays its text over the scan at the scan's slant; read as it stands, a line's words drift
    apart in height (7 points over a line at 0.8 degrees) and the line falls apart. Each word is
    placed where it would stand on the page turned back, by its baseline's start.
    """
    angles = sorted(math.atan2(float(w["chars"][0]["matrix"][1]), float(w["chars"][0]["matrix"][0]))
                    for w in words if w.get("chars") and "matrix" in w["chars"][0])
    angle = angles[len(angles) // 2] if angles else 0.0
    # Level, or turned on purpose (a stamp, a table set sideways): as it stands. A crooked scan
    # sets most of its text at its slant (OCR sets some lines level: a fifth, seen); a stamp at
    # a slant on a level page is no reason to turn the rest.
    if not MIN_SLANT <= abs(angle) <= MAX_SLANT or sum(abs(a - angle) <= SAME_SLANT for a in angles) < len(angles) * 2 / 3:
        return words
    cos, sin = math.cos(angle), math.sin(angle)
    middle_x = (min(float(w["x0"]) for w in words) + max(float(w["x1"]) for w in words)) / 2
    level = []
    for word in words:
        x0, x1, top, bottom = (float(word[k]) for k in ("x0", "x1", "top", "bottom"))
        matrix = word["chars"][0].get("matrix") if word.get("chars") else None
        start, base = (float(matrix[4]), height - float(matrix[5])) if matrix else (x0, bottom)
        tall = max(bottom - top - (x1 - x0) * abs(sin), 1.0)  # the box of a slanted word is taller
        # Turned about the page's middle, so that what stood in a margin stays there.
        x, y = start - middle_x, base - height / 2
        new_x0, new_base = middle_x + x * cos - y * sin, height / 2 + x * sin + y * cos
        level.append(dict(word, x0=new_x0, x1=new_x0 + (x1 - x0), top=new_base - tall, bottom=new_base))
    return level


def with_raised_digits(word: dict[str, Any]) -> str:
    """A word's text with the digits set small and raised in it as superscript digits ('m2' -> 'm²', 'toestaan1.' -> 'toestaan¹.')."""
    text, chars = str(word["text"]), word.get("chars") or []
    if len(chars) != len(text) or not any(c.isdigit() for c in text[1:]):
        return text
    size = max(float(c.get("size", 0)) for c in chars)
    base = max(float(c.get("bottom", word["bottom"])) for c in chars)
    out, index = [], 0
    while index < len(chars):
        end = index
        while end < len(chars) and str(chars[end]["text"]).isdigit() and raised(chars[end:end + 1], size, base):
            end += 1
        if end > index and index > 0:
            out.append(text[index:end].translate(SUPERSCRIPT))
            index = end
        else:
            out.append(text[index])
            index += 1
    return "".join(out)


def raised_digits_joined(texts: list[str], words: list[dict[str, Any]]) -> tuple[list[str], list[dict[str, Any]]]:
    """A line's word texts with digits set small and raised apart from their word ('toestaan ¹.') put after that word."""
    size = max((float(c.get("size", 0)) for w in words for c in w.get("chars", [])), default=0.0)
    texts, kept = list(texts), [0]
    for i in range(1, len(words)):
        digits = re.match(r"\d{1,3}", texts[i])
        if digits and raised(words[i]["chars"][:digits.end()], size, float(words[i - 1]["bottom"])):
            texts[kept[-1]] += digits.group().translate(SUPERSCRIPT) + texts[i][digits.end():]
        elif (i - 1 not in kept and TRAILING_MARK.match(texts[i])
              and float(words[i]["x0"]) - float(words[i - 1]["x1"]) < TOUCHING):
            # The full stop right after a raised number, split from it by the number's height.
            texts[kept[-1]] += texts[i]
        else:
            kept.append(i)
    return [texts[i] for i in kept], [words[i] for i in kept]


def ocr_corrected(texts: list[str], words: list[dict[str, Any]]) -> list[str]:
    """A line's word texts with what OCR misreads at its start put right: a bullet read as a letter
    or sign ('e Verslag', '« Notitie') and a point's number read with a comma ('4, Maak').

    Neither starts a Dutch sentence; printed text (not OCR's) is left as printed.
    """
    if len(texts) < 2 or not recognised(words[0]) or not texts[1][:1].isalpha():
        return texts
    if texts[0] in OCR_BULLETS:
        return ["\u2022", *texts[1:]]
    if re.fullmatch(r"\d{1,2},", texts[0]) and texts[1][:1].isupper():
        return [texts[0][:-1] + ".", *texts[1:]]
    return texts


def raised(chars: list[dict[str, Any]], size: float, base: float) -> bool:
    """Whether characters are set small and raised (superscript) against text of this size on this baseline."""
    return bool(chars) and all(float(c.get("size", size)) <= 0.8 * size and float(c.get("bottom", base)) < base - 1
                               and str(c["text"]).isdigit() for c in chars)


def recognised(word: dict[str, Any]) -> bool:
    """Whether a word is OCR's, laid invisibly over a scan (Tesseract and OCRmyPDF set it in GlyphLessFont)."""
    fonts = [str(c.get("fontname", "")).lower() for c in word.get("chars", [])]
    return bool(fonts) and all("glyphless" in f for f in fonts)


def _reference(match: re.Match[str]) -> str:
    """A raised note number written as Word's ('[2]'); a unit's power stays as it is."""
    return match.group() if match.group(1) else "[" + match.group().translate(NORMAL_DIGITS) + "]"


def page_notes(lines: list[str], foot: list[int]) -> list[str]:
    """A page's lines with its footnotes marked as Word's are: the number raised in the text and
    the note under it that starts with that number both written '[1]'.

    foot: where a block below a gap starts that may be notes (at the page's foot or in smaller
    type). Notes start with the number of a raised number above them. Raised digits without a
    note are what they say ('m²').
    """
    marked = list(lines)
    for start in foot:
        # A unit's power ('50 m²') is no reference, even when a note has its number.
        above = UNIT_POWER.sub("", "\n".join(lines[:start]))
        numbers = []
        for index in range(start, len(lines)):
            note = NOTE_START.match(lines[index])
            if note and note.group(1).translate(SUPERSCRIPT) in above and note.group(1) not in numbers:
                numbers.append(note.group(1))
                marked[index] = f"[{note.group(1)}] " + lines[index][note.end():]
            elif lines[index] and not numbers:
                break  # the block below the gap is no notes
        if numbers:
            references = re.compile(f"({UNIT_POWER.pattern})|"
                                    + "|".join(n.translate(SUPERSCRIPT) for n in sorted(numbers, key=len, reverse=True)))
            marked[:start] = [references.sub(_reference, line) for line in marked[:start]]
            break
    return marked
