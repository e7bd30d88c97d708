"""Clean a letter's text lines: tell letterhead from content, re-join paragraphs, make headings.

Pure: authoring/extract.py reads the letter from disk. Nothing is thrown away here: every line
that is not kept in the body is returned, so the draft can show it for the secretary to restore.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from ..text import MONTHS

MONTH_PATTERN = "|".join(MONTHS)
DATE_WORDS = re.compile(rf"\b(\d{{1,2}})\s+({MONTH_PATTERN})\s+(\d{{4}})\b", re.IGNORECASE)
DATE_NUMERIC = re.compile(r"\b(\d{1,2})-(\d{1,2})-(\d{4})\b")

COUNCIL = re.compile(r"advies(?:raad|groep|commissie)|wmo[- ]raad|cli[eë]ntenraad|participatieraad|"
                     r"\bASD[A-Z]?\b", re.IGNORECASE)
COLLEGE = re.compile(r"\bcollege\b|burgemeester en wethouders", re.IGNORECASE)
SALUTATION = re.compile(r"^(geachte?|beste|aan het college|aan de (?:leden|raad|adviesraad))\b.*[,:]?$",
                        re.IGNORECASE)
CLOSING = re.compile(r"^(hoogachtend|met hoogachting|(?:met )?(?:een )?vriendelijke groet(?:en)?|"
                     r"met hartelijke groet(?:en)?|namens de|burgemeester en wethouders)\b", re.IGNORECASE)
ANSWER_HEADING = re.compile(r"^antwoord(?:en)? (?:van )?(?:het )?college\b", re.IGNORECASE)
NUMBERED = re.compile(r"^(\d{1,2})[.)]\s+(\S.*)$")
# A reply that answers point by point under a label: 'Advies 1: meetbare doelen', 'Aanbeveling 2 -'.
LABELLED_POINT = re.compile(r"^(?:advies|aanbeveling|punt|vraag|ad)\s+(\d{1,2})\s*(?:[:.)\-–]\s*(.*))?$",
                            re.IGNORECASE)
ROMAN = re.compile(r"^(I{1,3}|IV|VI{0,3}|IX|X{1,2}|XI{1,3})\.?\s+([A-ZÀ-Ý].*)$")
# Bullets as letters print them: '•', '▪' and the like, and the Symbol and Wingdings fonts' own
# characters that Word and LibreOffice put in a PDF (U+F0B7 is Word's round bullet).
BULLETS = "\u2022\u25aa\u25e6\u25cf\u25a0\u2023\u2043\u2219\uf0b7\uf0a7\uf0a8\uf076\uf0d8\uf0e0\uf0fc\uf0a2\uf02d"
LIST_ITEM = re.compile(r"^(?:[-*–" + BULLETS + r"]\s+|\d{1,2}[.)]\s+)")
REFERENCE_TOKEN = re.compile(r"\b([A-Z]{2,8}[-/ ]?\d{2,4}[-/.]\d{1,6}(?:[-/.]\d{1,6})*)\b")
# A kenmerk after its label: a code with a digit, which may have spaces in it ('ASD-H 2025-11',
# 'U 2025/12345'): each further part holds a digit, so a label after it ('Datum:') is left out.
REFERENCE_VALUE = r"((?=[^\s]*\d|\S+\s[A-Za-z0-9/._-]*\d)[A-Za-z0-9][A-Za-z0-9/._-]*(?:\s(?=[A-Za-z/._-]*\d)[A-Za-z0-9/._-]+)*)"
REFERENCE_LABEL = re.compile(r"\b(?:ons kenmerk|kenmerk|zaaknummer|zaaknr\.?|referentie)\s*:?\s*" + REFERENCE_VALUE,
                             re.IGNORECASE)
SUBJECT = re.compile(r"^(?:onderwerp|betreft)\b\s*:?\s*(.*)$", re.IGNORECASE)

# Letterhead and footer lines: they carry no content of the letter.
LETTERHEAD = [re.compile(p, re.IGNORECASE) for p in (
    r"^(bladzijde|pagina|page)\s*\d*(\s+van\s+\d+)?$",
    r"^\d+\s+van\s+\d+$",
    r"^(bladzijde|pagina|onderwerp|datum|aan|bijlage\(n\)|bijlagen?)\s*:?$",
    # A postcode's letters are capitals: '2026 en geldt' at a line's end or start is text.
    r"^(?-i:\d{4}\s?[A-Z]{2})\b",                        # postcode: 1231 KB LOOSDRECHT
    r"\b(?-i:\d{4}\s?[A-Z]{2}\s+[A-Z][A-Za-z'-]+)$",   # ... Postbus 1, 3417 ZH Montfoort
    r"^postbus\s+\d+",
    r"^p/a\b",
    r"^t\.?a\.?v\.?\b",
    r"^(uw|ons) (kenmerk|brief)\b",
    r"^(zaaknummer|kenmerk|referentie|telefoon|tel\.?|fax|e-?mail|e|t|i|internet|website)\s*[:.]",
    r"^(zaaknummer|telefoon|doorkiesnummer)\b",
    r"^www\.\S+$",
    r"^\S+@\S+\.\S+$",
    r"^afdeling\b",
    # Labelled header lines ('Datum 12 december 2017'), capitalised as labels are; a sentence
    # starting so is longer, or ends as a sentence ('Bijlage 1 laat zien dat het aantal stijgt.'),
    # and a wrapped line starts in lower case ('bijlagen bij dit voorstel naar de raad').
    r"^(?-i:(?=[A-Z]))(datum|onderwerp|partij|bijlagen?|bijlage\(n\)|ingekomen brief griffie|antwoord college|"
    r"verzonden)(?!\w)(?:(?:\s*\S+){0,3}|(?:\s*\S+){4,12}(?<![.!?]))$",
    # Place and date: 'Nieuwerkerk aan den IJssel, 14 oktober 2026'; a place's words are capitalised
    # but for its particles, so a list item ('Verslag gesprek met ouders, 24 september') is none.
    r"^(?-i:(?:'s[- ])?[A-Z][A-Za-z'-]*(?:\s+(?:[A-Z][A-Za-z'-]*|aan|den|de|der|op|bij|en|in|het|a/d))*),"
    r"\s*\d{1,2}\s+(" + MONTH_PATTERN + r")\s+\d{4}\.?$",
    r"^(?:https?://|www\.)\S+$",
    r"^(?:tel\.?|telefoon|t)?\s*:?\s*(?:\+31|0)[\d\s()-]{8,}$",
)]
# An empty place-and-date line ('Montfoort:'). Only near other letterhead: in the text, a line
# such as 'Toelichting:' or 'Wij adviseren:' opens what follows.
PLACE_LINE = re.compile(r"^[A-Z][A-Za-z'-]+(?: [A-Z][A-Za-z'-]+)?:$")
# What follows an organisation's name in its own letterhead: its postal or web address.
SENDER_ADDRESS = re.compile(r"^(postbus\s+\d|p/a\b|\d{4}\s?[A-Z]{2}\b|[A-Z][a-z]+(?:straat|weg|laan|plein|singel|"
                            r"kade|dreef|hof|park|markt)\s+\d)", re.IGNORECASE)
# A letterhead's web, e-mail or phone line ('T: 0297 123456', 'E: info@...'); 'T.a.v.' is no such line.
CONTACT_LINE = re.compile(r"^(?:(?:tel|telefoon|e-?mail|internet|website)\b\.?\s*:?|[tei]\s*:)|www\.|https?://|"
                          r"\S+@\S+\.\S+", re.IGNORECASE)
WEB_OR_MAIL = re.compile(r"www\.|https?://|\S+@\S+\.\S+", re.IGNORECASE)
# The list of what was sent with the letter, under the signature: 'Bijlagen:', 'Bijlage: verslag'.
ATTACHMENTS_LABEL = re.compile(r"^bijlage(?:n|\(n\))?\s*:?\s*(.*)$", re.IGNORECASE)
REFERENCE_LINE = re.compile(r"^[A-Z]{2,8}[-/ ]?\d{2,4}[-/.]\d{1,6}(?:[-/.]\d{1,6})*$")


@dataclass(frozen=True)
class LetterSource:
    """A letter as read from disk: its file name, kind (pdf, docx, text), lines and page furniture."""

    name: str
    kind: str
    text: str  # one line per line of the letter; Word headings as '## ', list items as '1. ' or '- '
    # Running headers, footers and page numbers the layout showed apart from the letter.
    furniture: tuple[str, ...] = ()


@dataclass(frozen=True)
class Cleaned:
    """A body cleaned for the draft, and the lines left out of it (letterhead, addresses, footers)."""

    body: str
    dropped: tuple[str, ...]


def plain_text(source: LetterSource) -> str:
    """Return the letter as text lines; inline HTML tags of pasted text are removed."""
    text = source.text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").replace("\u00a0", " ")
    if source.kind == "text":
        text = html.unescape(re.sub(r"</?(?:b|i|u|strong|em|span|font|br|p)\b[^>]*>", "", text))
    return "\n".join(line.rstrip() for line in text.split("\n"))


# ---------------------------------------------------------------- cleaning

def salutation_at(lines: list[str], within: int = 80) -> int | None:
    """The index of the line that opens the letter ('Geacht college,'), or None.

    'Aan het college van burgemeester en wethouders' is often only the first line of the address
    block, above the date, the subject and 'Geacht college,': then the greeting opens the letter.
    A greeting is short or ends in a comma or colon, so that a sentence that starts with 'beste'
    ('beste zorg krijgen ...') is none.
    """
    found = [index for index, line in enumerate(lines[:within]) if SALUTATION.match(bare(line))]
    if not found:
        return None
    first = found[0]
    if bare(lines[first]).lower().startswith("aan "):
        for index in found[1:]:
            text = bare(lines[index])
            if index - first > 25:
                break
            if not text.lower().startswith("aan ") and (text.endswith((",", ":")) or len(text.split()) <= 4):
                return index
    return first


def bare(line: str) -> str:
    """The line without Markdown decoration (#, **, *), for matching."""
    return re.sub(r"^#+\s*", "", line.replace("**", "").replace("__", "")).strip().strip("*").strip()


def is_letterhead(line: str) -> bool:
    """Tell whether a line is letterhead or footer: page numbers, addresses, 'Uw kenmerk'."""
    text = bare(line)
    if not text:
        return False
    if any(p.search(text) for p in LETTERHEAD) or REFERENCE_LINE.match(text):
        return True
    # A footer in one line, its parts set apart: 'Gemeente Zeist | Postbus 513 | pagina 1'. A
    # table's row starts with its bar.
    parts = FOOTER_PARTS.split(text)
    return len(parts) > 1 and not text.startswith("|") and any(
        p.search(part) for part in parts for p in LETTERHEAD)


# What sets a one-line footer's parts apart: a bar, bullet or dot with a space on either side.
FOOTER_PARTS = re.compile(r"\s+[|•·]\s+")


def is_block_start(line: str) -> bool:
    """Whether a line starts a block of its own: a list item, a heading or a row of a table."""
    text = line.strip()
    return bool(LIST_ITEM.match(text) or text.startswith(("#", "|")) or ROMAN.match(text))


# How long a printed line ending in ';' is at least when its sentence wrapped there.
WRAPPED_CLAUSE = 60


def join_paragraphs(lines: list[str]) -> list[str]:
    """Re-join paragraphs that a PDF broke over several lines; blank lines separate paragraphs.

    A line continues the previous one when the previous one does not end a sentence and this
    one starts in lower case, or when the previous one ends in a hyphenated word.
    """
    out: list[str] = []
    printed = ""  # the line above as printed (out[-1] may hold the lines before it too)
    for line in lines:
        stripped, above = line.strip(), printed
        printed = stripped or printed
        trailing = 0
        while out and not out[-1]:
            out.pop()
            trailing += 1
        # A sentence that goes on in lower case after blank lines was broken by a page end.
        # Nothing continues a table's row: a sentence under a table is a paragraph of its own.
        if trailing and not (stripped and stripped[0].islower() and out and not out[-1].startswith("|")
                             and not re.search(r"[.!?:;]\**$", out[-1])):
            out.append("")
        if out and out[-1] and stripped and not is_block_start(stripped):
            previous = out[-1]
            # 'ge-' + 'meente' is one word; 'armoede-' + 'en schulden' is two.
            if (re.search(r"[a-zà-ÿ]-$", previous) and stripped[0].islower()
                    and not re.match(r"(?:en|of|tot|als|dan)\b", stripped)):
                out[-1] = previous[:-1] + stripped
                continue
            # '75-' + 'plussers': a number's hyphen is the word's own.
            if re.search(r"\d-$", previous) and stripped[0].islower() and not re.match(r"(?:en|of|tot)\b", stripped):
                out[-1] = previous + stripped
                continue
            # A long line ending in ';' wrapped in its sentence ('cijfers al;' + 'wij sturen'); short
            # ones are the items of a list without marks, one a line ('ouderen;' + 'mantelzorgers;').
            wrapped_clause = previous.endswith(";") and len(above) >= WRAPPED_CLAUSE and stripped[0].islower()
            if (wrapped_clause or not re.search(r"[.!?:;]\**$", previous)) and not previous.startswith("|") \
                    and (stripped[0].islower() or stripped[0] in "(\"" or _wrapped_before_number(above, stripped)):
                out[-1] = previous + " " + stripped
                continue
        out.append(_nested(line, out) if line[:1] == " " and LIST_ITEM.match(stripped) else stripped)
    return out


def _nested(item: str, above: list[str]) -> str:
    """A list item set in (a Word list's second level) with its indent, nested under the item above.

    Only a level deeper than a list item above: set in further, or under text, Markdown would
    read four spaces as code.
    """
    before = next((line for line in reversed(above) if line.strip()), "")
    if LIST_ITEM.match(before.strip()):
        room = len(before) - len(before.lstrip()) + 3
        indent = len(item) - len(item.lstrip())
        return " " * min(indent, room) + item.strip()
    return item.strip()


def _wrapped_before_number(previous: str, line: str) -> bool:
    """Whether a line that starts with a number goes on with the sentence above ('... vergadering van' / '30 september.').

    The line above must be a full printed line ending in a lower-case word: a short title
    ('Financiële gevolgen') above '300 gezinnen ...' is no part of that sentence.
    """
    return line[0].isdigit() and len(previous) >= 50 and previous[-1].islower() and not previous.startswith("#")


def heading_for(line: str) -> str | None:
    """Return a Markdown heading for a numbered point, a Roman-numbered or a short title line."""
    text = bare(line)
    numbered = NUMBERED.match(text)
    # A point's title starts in capitals; an item of a running list ('1. de termijn ...;') does not.
    if (numbered and len(text) <= 70 and not text.endswith(("?", ";", ",", ":")) and text.count(". ") <= 1
            and not numbered.group(2)[:1].islower()):
        return f"## {numbered.group(1)}. {numbered.group(2).rstrip('.').strip()}"
    roman = ROMAN.match(text)
    if roman and len(text) <= 80 and not text.endswith((".", "?")):
        return f"## {roman.group(1)}. {roman.group(2).strip()}"
    return None


def _in_a_list(lines: list[str], filled: list[int], index: int) -> bool:
    """Whether a numbered line has a numbered line right before or after it (blank lines apart).

    A point with its own text under it is a heading ('1. Vasthouden', then a paragraph); points
    one after the other are a list, which stays one, short items and long.
    """
    at = filled.index(index)
    neighbours = [lines[i] for i in (filled[at - 1] if at else None, filled[at + 1] if at + 1 < len(filled) else None)
                  if i is not None]
    return any(NUMBERED.match(bare(line)) for line in neighbours)


def _is_title_line(line: str) -> bool:
    text = line.strip()
    return (0 < len(text) <= 50 and text[0].isupper() and not re.search(r"[.,;:!?]$", text)
            and not LIST_ITEM.match(text) and len(text.split()) <= 6)


def clean_body(lines: list[str], subject: str = "", *, points_are_headings: bool = True) -> Cleaned:
    """Leave out letterhead and footer lines, re-join paragraphs and turn points into headings.

    Word files keep real lists and headings, so there numbered lines stay list items. The lines
    left out are returned with the body: an importer may judge wrong, but never lose a word.
    """
    subject_words = normal_words(subject)
    # The last closing: 'Namens de adviesraad dank ik u ...' may open the text.
    closed_at = max((i for i, line in enumerate(lines) if CLOSING.match(bare(line))), default=len(lines))
    enclosed = attachments_list(lines, closed_at)
    marks = [i for i, line in enumerate(lines) if is_letterhead(line) and i not in enclosed]
    kept: list[str] = []
    dropped: list[str] = []
    for index, line in enumerate(lines):
        if index in enclosed:
            kept.append(line)
            continue
        text = bare(line)
        following = next((j for j in range(index + 1, len(lines)) if lines[j].strip()), None)
        near_letterhead = any(abs(index - i) <= 3 for i in marks)
        if (is_letterhead(line)
                or (near_letterhead and PLACE_LINE.match(text))
                # A footer under the signature of a one-page letter: 'www.zuidplas.nl • 14 0180', no sentence.
                or (index > closed_at and WEB_OR_MAIL.search(text) and len(text.split()) <= 8
                    and not re.search(r"\s\S*[^\W\d_]\S*[.!?]$", text))
                # Pieces of the subject repeated in a page header or footer, next to 'Bladzijde 3 van 3'.
                or (subject_words and text and len(text) < len(subject) and normal_words(text) in subject_words
                    and near_letterhead)
                # An organisation line right above its own address block is letterhead too.
                or (text and COUNCIL.search(text) and len(text.split()) <= 6 and following is not None
                    and following not in enclosed and is_letterhead(lines[following]))):
            dropped.append(line.strip())
            continue
        kept.append(line)
    # Signature lines stay as they are: names and titles must not run together.
    signed_at = next((i for i, line in enumerate(kept) if CLOSING.match(bare(line))), len(kept))
    joined = join_paragraphs(kept[:signed_at])
    closing_at = len(joined)
    if signed_at < len(kept) and joined and joined[-1]:
        joined.append("")  # the greeting is a paragraph of its own, not the end of a list item
        closing_at += 1
    joined += [line.strip() for line in kept[signed_at:]]
    body: list[str] = []
    filled = [i for i, line in enumerate(joined) if line.strip()]
    for index, line in enumerate(joined):
        heading = heading_for(line) if index < closing_at and points_are_headings else None
        if heading is not None and NUMBERED.match(bare(line)) and _in_a_list(joined, filled, index):
            heading = None
        if heading is None and index < closing_at and _is_title_line(line):
            before = joined[index - 1].strip() if index else ""
            after = joined[index + 1].strip() if index + 1 < len(joined) else ""
            # A short line between paragraphs, or right after a list, is a title a PDF kept
            # without its bold (or a scan, which has none): ordinary text after it is a full
            # sentence, not a short line. A blank line may stand on either side.
            above = next((joined[i].strip() for i in range(index - 1, -1, -1) if joined[i].strip()), "")
            below = next((joined[i].strip() for i in range(index + 1, len(joined)) if joined[i].strip()), "")
            ends_block = bool(LIST_ITEM.match(above)) or above.endswith((".", "!", "?"))
            # Or a numbered point follows a title of three words at most: 'Onze adviezen' over
            # '1. Houd de reistijd kort' (not a lead-in: 'Daarom adviseren wij het college').
            opens_text = (len(below) > 60 and below[0].isupper()) or (
                points_are_headings and len(line.split()) <= 3 and heading_for(below) is not None
                and NUMBERED.match(bare(below)) is not None)
            if (not before and not after) or (ends_block and opens_text):
                heading = "## " + line.strip()
        if heading:
            if body and body[-1]:
                body.append("")
            body.extend([heading, ""])
        elif line or (body and body[-1]):
            if line and body and body[-1] and (
                    not is_block_start(line) and not is_block_start(body[-1])
                    or line.lstrip().startswith("#") or body[-1].lstrip().startswith("#")
                    # Text after a list item would join that item (Markdown's lazy continuation),
                    # and a list numbered from 2 cannot start right under a paragraph.
                    or bool(LIST_ITEM.match(body[-1].strip())) != bool(LIST_ITEM.match(line.strip()))
                    and not body[-1].lstrip().startswith("#") and not line.lstrip().startswith("#")):
                body.append("")  # one paragraph per extracted line, as a reader would see them
            body.append(line)
    return Cleaned("\n".join(body).strip() + "\n", tuple(dropped))


def attachments_list(lines: list[str], closed_at: int) -> set[int]:
    """The lines of the list of attachments under the closing ('Bijlagen:' and its items): text, not letterhead.

    In a letterhead 'Bijlagen: 2' only counts them; under the signature the label names them,
    on its own line or with list items under it.
    """
    found: set[int] = set()
    for index in range(closed_at + 1, len(lines)):
        label = ATTACHMENTS_LABEL.match(bare(lines[index]))
        if not label:
            continue
        items = []
        bare_label = not label.group(1).strip()
        for following in range(index + 1, len(lines)):
            text = lines[following].strip()
            # Under a label alone, the items may be plain lines (a PDF prints no bullets): up to a blank line.
            plain = bare_label and bool(text) and len(text.split()) <= 15 and len(items) < 10 and (
                not items or lines[following - 1].strip())
            if text and not LIST_ITEM.match(text) and not plain:
                break
            if text:
                items.append(following)
        if items or re.search(r"[^\W\d_]{3}", label.group(1)):
            found.update((index, *items))
    return found


def normal_words(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())

