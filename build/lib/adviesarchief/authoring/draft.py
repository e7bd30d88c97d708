"""Draft archive documents from the text of a real letter: clean it and guess its front matter.

Everything here is pure: load.read_letter() extracts the text from a PDF, Word or text file,
and write.py puts the drafts on disk. The guesses are heuristics for Dutch letters between
advisory councils and municipal colleges; every guessed field is marked for review.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser

from ..validate.registry import Registry, exists_on
from ..text import MONTHS, slugify, suggest

MONTH_PATTERN = "|".join(MONTHS)
DATE_WORDS = re.compile(rf"\b(\d{{1,2}})\s+({MONTH_PATTERN})\s+(\d{{4}})\b", re.IGNORECASE)
DATE_NUMERIC = re.compile(r"\b(\d{1,2})-(\d{1,2})-(\d{4})\b")

COUNCIL = re.compile(r"advies(?:raad|groep|commissie)|wmo[- ]raad|cli[eë]ntenraad|participatieraad|"
                     r"\bASD[A-Z]?\b", re.IGNORECASE)
COLLEGE = re.compile(r"\bcollege\b|burgemeester en wethouders", re.IGNORECASE)
SALUTATION = re.compile(r"^(geachte?|beste|aan het college|aan de (?:leden|raad|adviesraad))\b.*[,:]?$",
                        re.IGNORECASE)
CLOSING = re.compile(r"^(hoogachtend|met vriendelijke groet(?:en)?|met hartelijke groet(?:en)?|"
                     r"namens de|burgemeester en wethouders)\b", re.IGNORECASE)
ANSWER_HEADING = re.compile(r"^antwoord(?:en)? (?:van )?(?:het )?college\b", re.IGNORECASE)
NUMBERED = re.compile(r"^(\d{1,2})[.)]\s+(\S.*)$")
ROMAN = re.compile(r"^(I{1,3}|IV|VI{0,3}|IX|X{1,2}|XI{1,3})\.?\s+([A-ZÀ-Ý].*)$")
LIST_ITEM = re.compile(r"^(?:[-*•▪–]\s+|\d{1,2}[.)]\s+)")
REFERENCE_TOKEN = re.compile(r"\b([A-Z]{2,8}[-/ ]?\d{2,4}[-/.]\d{1,6}(?:[-/.]\d{1,6})*)\b")
REFERENCE_LABEL = re.compile(r"\b(?:ons kenmerk|kenmerk|zaaknummer|zaaknr\.?|referentie)\s*:?\s*"
                             r"([A-Za-z0-9][A-Za-z0-9/._-]*\d[A-Za-z0-9/._-]*)", re.IGNORECASE)
SUBJECT = re.compile(r"^(?:onderwerp|betreft)\b\s*:?\s*(.*)$", re.IGNORECASE)

# Letterhead and footer lines: they carry no content of the letter.
LETTERHEAD = [re.compile(p, re.IGNORECASE) for p in (
    r"^(bladzijde|pagina|page)\s*\d*(\s+van\s+\d+)?$",
    r"^\d+\s+van\s+\d+$",
    r"^(bladzijde|pagina|onderwerp|datum|aan|bijlage\(n\)|bijlagen?)\s*:?$",
    r"^\d{4}\s?[A-Z]{2}\b",                        # postcode: 1231 KB LOOSDRECHT
    r"\b\d{4}\s?[A-Z]{2}\s+[A-Z][A-Za-z'-]+$",   # ... Postbus 1, 3417 ZH Montfoort
    r"^postbus\s+\d+",
    r"^p/a\b",
    r"^t\.?a\.?v\.?\b",
    r"^(uw|ons) (kenmerk|brief)\b",
    r"^(zaaknummer|kenmerk|referentie|telefoon|tel\.?|fax|e-?mail|e|t|i|internet|website)\s*[:.]",
    r"^(zaaknummer|telefoon|doorkiesnummer)\b",
    r"^www\.\S+$",
    r"^\S+@\S+\.\S+$",
    r"^afdeling\b",
    r"^(datum|onderwerp|partij|bijlage|ingekomen brief griffie|antwoord college|verzonden)\b.*$",
    r"^[A-Za-z' -]+,\s*\d{1,2}\s+(" + MONTH_PATTERN + r")\s+\d{4}\.?$",
    r"^[A-Z][A-Za-z' -]+:$",                       # 'Montfoort:' (an empty place-and-date line)
)]
SENDER_ADDRESS = re.compile(r"^(postbus\s+\d|p/a\b|\d{4}\s?[A-Z]{2}\b)", re.IGNORECASE)
REFERENCE_LINE = re.compile(r"^[A-Z]{2,8}[-/ ]?\d{2,4}[-/.]\d{1,6}(?:[-/.]\d{1,6})*$")


@dataclass(frozen=True)
class LetterSource:
    """A letter as read from disk: its file name, kind (pdf, docx, text) and extracted text."""

    name: str
    kind: str
    text: str  # for docx: the HTML mammoth made of it


@dataclass(frozen=True)
class Guess:
    """One proposed front-matter value and why (shown to the secretary for review)."""

    value: str
    reason: str


@dataclass
class Draft:
    """A proposed document: guessed fields, the cleaned body and the attachment to keep."""

    type: Guess | None = None
    title: Guess | None = None
    date: Guess | None = None
    municipality: Guess | None = None
    author: Guess | None = None
    recipient: Guess | None = None
    reference: Guess | None = None
    topics: list[str] = field(default_factory=list)
    topics_reason: str = ""
    in_reply_to: str = ""
    body: str = ""


# ---------------------------------------------------------------- extraction to plain lines

class _HtmlToMarkdown(HTMLParser):
    """Turn mammoth's HTML into Markdown lines, keeping headings, lists and emphasis."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.prefix = ""
        self.lists: list[list[int]] = []  # per open list: [is_ordered, counter]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._flush()
            self.prefix = "#" * max(2, int(tag[1])) + " "
        elif tag in ("ul", "ol"):
            self._flush()
            self.lists.append([tag == "ol", 0])
        elif tag == "li":
            self._flush()
            if self.lists:
                self.lists[-1][1] += 1
                ordered, counter = self.lists[-1]
                indent = "   " * (len(self.lists) - 1)
                self.prefix = indent + (f"{counter}. " if ordered else "- ")
        elif tag == "p":
            self._flush()
        elif tag == "br":
            self._flush()
        elif tag in ("strong", "b"):
            self.current.append("**")
        elif tag in ("em", "i"):
            self.current.append("*")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("strong", "b"):
            self.current.append("**")
        elif tag in ("em", "i"):
            self.current.append("*")
        elif tag in ("ul", "ol"):
            self._flush()
            if self.lists:
                self.lists.pop()
            if not self.lists:
                self.lines.append("")
        elif tag in ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6"):
            self._flush()
            if not self.lists:
                self.lines.append("")

    def handle_data(self, data: str) -> None:
        self.current.append(data.replace("\n", " "))

    def close(self) -> None:
        """Finish parsing and keep any text after the last closing tag."""
        super().close()
        self._flush()

    def _flush(self) -> None:
        text = re.sub(r"\*\*\s*\*\*", "", "".join(self.current)).strip()
        if text:
            self.lines.append(self.prefix + text)
        self.current = []
        self.prefix = ""


def html_to_markdown(markup: str) -> str:
    """Convert the simple HTML mammoth writes (headings, paragraphs, lists) to Markdown."""
    parser = _HtmlToMarkdown()
    parser.feed(markup)
    parser.close()
    return "\n".join(parser.lines)


def plain_text(source: LetterSource) -> str:
    """Return the letter as text lines; inline HTML tags of pasted text are removed."""
    text = html_to_markdown(source.text) if source.kind == "docx" else source.text
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").replace("\u00a0", " ")
    if source.kind != "docx":
        text = html.unescape(re.sub(r"</?(?:b|i|u|strong|em|span|font|br|p)\b[^>]*>", "", text))
    return "\n".join(line.rstrip() for line in text.split("\n"))


# ---------------------------------------------------------------- cleaning

def _bare(line: str) -> str:
    """The line without Markdown decoration (#, **, *), for matching."""
    return re.sub(r"^#+\s*", "", line.replace("**", "").replace("__", "")).strip().strip("*").strip()


def is_letterhead(line: str) -> bool:
    """Tell whether a line is letterhead or footer: page numbers, addresses, 'Uw kenmerk'."""
    bare = _bare(line)
    return bool(bare) and (any(p.search(bare) for p in LETTERHEAD) or bool(REFERENCE_LINE.match(bare)))


def _is_block_start(line: str) -> bool:
    bare = line.strip()
    return bool(LIST_ITEM.match(bare) or bare.startswith("#") or ROMAN.match(bare))


def join_paragraphs(lines: list[str]) -> list[str]:
    """Re-join paragraphs that a PDF broke over several lines; blank lines separate paragraphs.

    A line continues the previous one when the previous one does not end a sentence and this
    one starts in lower case, or when the previous one ends in a hyphenated word.
    """
    out: list[str] = []
    for line in lines:
        stripped = line.strip()
        trailing = 0
        while out and not out[-1]:
            out.pop()
            trailing += 1
        # A sentence that goes on in lower case after blank lines was broken by a page end.
        if trailing and not (stripped and stripped[0].islower() and out
                             and not re.search(r"[.!?:;]\**$", out[-1])):
            out.append("")
        if out and out[-1] and stripped and not _is_block_start(stripped):
            previous = out[-1]
            if re.search(r"[a-zà-ÿ]-$", previous) and stripped[0].islower():
                out[-1] = previous[:-1] + stripped
                continue
            if not re.search(r"[.!?:;]\**$", previous) and (stripped[0].islower() or stripped[0] in "(\""):
                out[-1] = previous + " " + stripped
                continue
        out.append(stripped)
    return out


def _heading_for(line: str) -> str | None:
    """Return a Markdown heading for a numbered point, a Roman-numbered or a short title line."""
    bare = _bare(line)
    numbered = NUMBERED.match(bare)
    if numbered and len(bare) <= 70 and not bare.endswith("?") and bare.count(". ") <= 1:
        return f"## {numbered.group(1)}. {numbered.group(2).rstrip('.').strip()}"
    roman = ROMAN.match(bare)
    if roman and len(bare) <= 80 and not bare.endswith((".", "?")):
        return f"## {roman.group(1)}. {roman.group(2).strip()}"
    return None


def _is_title_line(line: str) -> bool:
    bare = line.strip()
    return (0 < len(bare) <= 50 and bare[0].isupper() and not re.search(r"[.,;:!?]$", bare)
            and not LIST_ITEM.match(bare) and len(bare.split()) <= 6)


def clean_body(lines: list[str], subject: str = "", *, points_are_headings: bool = True) -> str:
    """Drop letterhead and footer lines, re-join paragraphs and turn points into headings.

    Word files keep real lists and headings, so there numbered lines stay list items.
    """
    subject_words = _normal(subject)
    marks = [i for i, line in enumerate(lines) if is_letterhead(line)]
    kept: list[str] = []
    for index, line in enumerate(lines):
        bare = _bare(line)
        if is_letterhead(line):
            continue
        # Pieces of the subject repeated in a page header or footer, next to 'Bladzijde 3 van 3'.
        if (subject_words and bare and len(bare) < len(subject) and _normal(bare) in subject_words
                and any(abs(index - i) <= 3 for i in marks)):
            continue
        # An organisation line right above its own address block is letterhead too.
        following = next((lines[j] for j in range(index + 1, len(lines)) if lines[j].strip()), "")
        if bare and COUNCIL.search(bare) and len(bare.split()) <= 6 and is_letterhead(following):
            continue
        kept.append(line)
    # Signature lines stay as they are: names and titles must not run together.
    signed_at = next((i for i, line in enumerate(kept) if CLOSING.match(_bare(line))), len(kept))
    joined = join_paragraphs(kept[:signed_at])
    closing_at = len(joined)
    joined += [line.strip() for line in kept[signed_at:]]
    body: list[str] = []
    for index, line in enumerate(joined):
        heading = _heading_for(line) if index < closing_at and points_are_headings else None
        if heading is None and index < closing_at and _is_title_line(line):
            before = joined[index - 1] if index else ""
            after = joined[index + 1] if index + 1 < len(joined) else ""
            if not before.strip() and not after.strip():
                heading = "## " + line.strip()
        if heading:
            if body and body[-1]:
                body.append("")
            body.extend([heading, ""])
        elif line or (body and body[-1]):
            if line and body and body[-1] and not _is_block_start(line) and not _is_block_start(body[-1]):
                body.append("")  # one paragraph per extracted line, as a reader would see them
            body.append(line)
    return "\n".join(body).strip() + "\n"


def _normal(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


# ---------------------------------------------------------------- guessing

def find_dates(line: str) -> list[date]:
    """Every valid date written in Dutch words or as dd-mm-yyyy in a line."""
    found: list[date] = []
    for match in DATE_WORDS.finditer(line):
        month = MONTHS.index(match.group(2).lower()) + 1
        found.extend(_date(int(match.group(3)), month, int(match.group(1))))
    for match in DATE_NUMERIC.finditer(line):
        found.extend(_date(int(match.group(3)), int(match.group(2)), int(match.group(1))))
    return found


def _date(year: int, month: int, day: int) -> list[date]:
    try:
        return [date(year, month, day)]
    except ValueError:
        return []


def guess_date(header: list[str]) -> Guess | None:
    """The letter's own date: 'Datum 12 december 2017', 'Ankeveen, 3 april 2017' or a date alone.

    Dates after 'Uw brief van' (the date of the letter being answered) are not the letter's own.
    """
    for line in header:
        bare = _bare(line)
        own = re.sub(r"\b(uw brief van|ingekomen[^:]*:?|uw kenmerk)\s*\S*\s*\S*\s*\d{4}", " ", bare,
                     flags=re.IGNORECASE)
        dates = find_dates(own)
        if not dates:
            continue
        if re.match(r"^datum\b", own, re.IGNORECASE):
            return Guess(dates[0].isoformat(), f"de regel '{bare}'")
        if re.match(rf"^[A-Za-z' -]+,\s*\d{{1,2}}\s+({MONTH_PATTERN})\s+\d{{4}}\.?$", own, re.IGNORECASE):
            return Guess(dates[0].isoformat(), f"plaats en datum '{bare}'")
        if DATE_WORDS.fullmatch(own.strip().rstrip(".")) or DATE_NUMERIC.fullmatch(own.strip()):
            return Guess(dates[0].isoformat(), f"de datum '{bare}' bovenaan de brief")
    return None


def guess_subject(header: list[str]) -> str:
    """The subject line ('Onderwerp: ...'), with a short continuation line joined to it."""
    for index, line in enumerate(header):
        match = SUBJECT.match(_bare(line))
        if not match or not match.group(1).strip():
            continue
        subject = match.group(1).strip()
        following = _bare(header[index + 1]) if index + 1 < len(header) else ""
        if (following and len(following.split()) <= 4 and not is_letterhead(following)
                and not COUNCIL.search(following) and not COLLEGE.search(following)
                and not re.search(r"[,:]$", following) and not subject.endswith((".", "?"))):
            subject += " " + following
        return subject
    return ""


def find_municipalities(text: str, registry: Registry, on: date | None) -> list[tuple[str, int]]:
    """Registry names in the text, most mentioned first; 'gemeente X' may be misspelled."""
    counts: dict[str, int] = {}
    names = {m.name for group in registry.by_name.values() for m in group}
    for name in names:
        hits = len(re.findall(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text))
        if hits:
            counts[name] = counts.get(name, 0) + hits
    # 'gemeente Wijdmeren' or 'wethouders van Wijdmeren': a near miss after such words counts too.
    for match in re.finditer(r"(?:gemeente|wethouders van|sociaal domein)\s+([A-Z][\w'-]+(?:\s[A-Z][\w'-]+)?)",
                             text, re.IGNORECASE):
        word = match.group(1)
        if registry.find(word) is None:
            near = suggest(word, names)
            if near is None and " " in word:
                word = word.split()[0]
                near = suggest(word, names) if registry.find(word) is None else None
            if near and len(word) >= 5:
                counts[near] = counts.get(near, 0) + 1
    if on is not None:
        counts = {n: c for n, c in counts.items()
                  if any(exists_on(m, on) for m in registry.by_name.get(n.lower(), ()))}
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def guess_municipality(text: str, header: list[str], registry: Registry, on: date | None) -> Guess | None:
    """The municipality most mentioned in the letter, if any is mentioned twice or in the header."""
    found = find_municipalities(text, registry, on)
    if not found:
        return None
    name, hits = found[0]
    in_header = any(name.lower() in _bare(line).lower() for line in header)
    if hits < 2 and not in_header:
        return None
    spelled = "" if re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text) else " (anders gespeld)"
    return Guess(name, f"de naam, {hits} keer genoemd in de brief{spelled}")


def guess_reference(lines: list[str]) -> Guess | None:
    """A kenmerk or zaaknummer: 'Ons kenmerk: X', 'Zaaknummer: X' or a code like ASD-2017-24."""
    for line in lines:
        match = REFERENCE_LABEL.search(_bare(line))
        if match:
            return Guess(match.group(1), f"de regel '{_bare(line)}'")
    for line in lines:
        bare = _bare(line)
        if REFERENCE_LINE.match(bare):
            return Guess(bare, "een kenmerk dat los in de brief staat")
    return None


def _addressee(header: list[str]) -> str:
    """The addressee block's organisation: the first lines naming a college or a council."""
    for index, line in enumerate(header):
        bare = _bare(line).rstrip(",")
        if re.match(r"^aan\b", bare, re.IGNORECASE):
            bare = re.sub(r"^aan\s+", "", bare, flags=re.IGNORECASE)
        if COLLEGE.search(bare) or COUNCIL.search(bare):
            if re.match(r"^(afdeling|onderwerp)\b", bare, re.IGNORECASE) or SUBJECT.match(bare):
                continue
            following = next((_bare(h) for h in header[index + 1:] if h.strip()), "")
            if SENDER_ADDRESS.match(following):
                continue  # the sender's own letterhead: a name with its postal address below
            if re.match(r"^van\b", following, re.IGNORECASE):
                bare += " " + following.rstrip(",")
            return bare
    return ""


def _signatory(closing: list[str]) -> str:
    """The organisation that signs: 'burgemeester en wethouders van X', a council, or fractions."""
    for line in closing:
        bare = _bare(line).rstrip(",")
        if COLLEGE.search(bare) or COUNCIL.search(bare):
            return bare
    return ""


def normal_organisation(name: str, municipality: str) -> str:
    """Write a college or council in the archive's usual form, with the official spelling."""
    name = re.sub(r"^(de|het)\s+", "", name.strip(), flags=re.IGNORECASE)
    if COLLEGE.search(name) and not COUNCIL.search(name):
        place = municipality or re.sub(r"^.*\bvan\s+(?:de\s+gemeente\s+)?", "", name, flags=re.IGNORECASE)
        return f"College van burgemeester en wethouders van {place.strip().title() if place.isupper() else place}"
    if municipality:
        words = name.split()
        last = words[-1] if words else ""
        if last and last.lower() != municipality.lower() and suggest(last, [municipality]):
            name = " ".join(words[:-1] + [municipality])
    return name[:1].upper() + name[1:]


def split_questions_and_answer(lines: list[str]) -> tuple[list[str], list[str]]:
    """Split a letter that holds questions and the college's answer ('Antwoord college')."""
    for index, line in enumerate(lines):
        bare = _bare(line)
        if ANSWER_HEADING.match(bare) and not find_dates(bare) and index > 0:
            return lines[:index], lines[index + 1:]
    return lines, []


def _header_and_rest(lines: list[str]) -> tuple[list[str], list[str]]:
    """Split at the salutation ('Geacht College,'): what is above it is the letterhead."""
    for index, line in enumerate(lines[:60]):
        if SALUTATION.match(_bare(line)):
            # 'Aan het college van ... van Helmond,' names the addressee: the header needs it too.
            addressed = _bare(line).lower().startswith("aan ")
            return lines[:index + 1] if addressed else lines[:index], lines[index:]
    return [], lines


def _count_questions(lines: list[str]) -> int:
    return sum(1 for line in lines if NUMBERED.match(_bare(line)) and "?" in line)


def _first_title_line(lines: list[str]) -> str:
    for line in lines[:15]:
        bare = _bare(line)
        if bare and len(bare) <= 100 and len(bare.split()) >= 4 and not is_letterhead(line) and bare[0].isalnum() and not bare[0].islower():
            return bare
    return ""


def _closing(lines: list[str]) -> list[str]:
    start = next((i for i, line in enumerate(lines) if CLOSING.match(_bare(line))), len(lines))
    return lines[start:]


def draft_letter(source: LetterSource, registry: Registry) -> list[Draft]:
    """Draft one document from a letter, or two (vragen and antwoord) when it holds both."""
    lines = plain_text(source).split("\n")
    questions, answer = split_questions_and_answer(lines)
    header, rest = _header_and_rest(questions)
    full_text = "\n".join(lines)
    subject = guess_subject(header or lines[:25])
    date_guess = guess_date(header or lines[:25])
    on = date.fromisoformat(date_guess.value) if date_guess else None
    municipality = guess_municipality(full_text, header, registry, on)
    place = municipality.value if municipality else ""
    reference = guess_reference(header + _closing(rest) + rest)
    addressee = _addressee(header)
    signatory = _signatory(_closing(rest))
    party = next((re.sub(r"^partij:?\s*", "", _bare(l), flags=re.IGNORECASE) for l in header
                  if re.match(r"^partij\b", _bare(l), re.IGNORECASE)), "")

    draft = Draft(date=date_guess, municipality=municipality, reference=reference)
    draft.body = clean_body(rest, subject, points_are_headings=source.kind != "docx")
    if answer:
        answer_date = next((d for line in header if ANSWER_HEADING.match(_bare(line))
                            for d in find_dates(_bare(line))), None)
        asker = f"Fracties {party}" if party else (signatory or "")
        college = normal_organisation("college van burgemeester en wethouders", place) if place else ""
        lower_subject = subject[:1].lower() + subject[1:]
        draft.type = Guess("vragen", "de tekst: genummerde vragen en een 'Antwoord college'")
        draft.title = Guess(f"Vragen over {lower_subject}", "het onderwerp van de brief") if subject else None
        draft.author = Guess(asker, "de regel 'Partij'" if party else "de ondertekening") if asker else None
        draft.recipient = Guess(college, "de aanhef") if college else None
        reply = Draft(
            type=Guess("antwoord", "het deel 'Antwoord college' van de brief"),
            title=Guess(f"Antwoord op vragen over {lower_subject}", "het onderwerp van de brief") if subject else None,
            date=Guess(answer_date.isoformat(), "de regel 'Antwoord college'") if answer_date else None,
            municipality=municipality,
            author=Guess(college, "het antwoord van het college") if college else None,
            recipient=draft.author,
            body=clean_body(answer, subject, points_are_headings=source.kind != "docx"),
        )
        return [draft, reply]

    to_council = bool(COUNCIL.search(addressee))
    from_college = bool(COLLEGE.search(signatory)) and not COUNCIL.search(signatory)
    to_college = bool(COLLEGE.search(addressee)) and not to_council
    if not header and not signatory:
        draft.type = Guess("notitie", "de tekst: geen aanhef en geen ondertekening")
    elif to_council or from_college:
        draft.type = Guess("reactie", "de adressering: het college schrijft aan de adviesraad")
    elif _count_questions(rest) >= 2 and to_college:
        draft.type = Guess("vragen", "de tekst: genummerde vragen aan het college")
    elif to_college or COUNCIL.search(full_text[:3000]):
        draft.type = Guess("advies", "de adressering: de adviesraad schrijft aan het college")
    else:
        draft.type = Guess("notitie", "de tekst: geen advies, reactie of vragen herkend")

    if subject:
        draft.title = Guess(subject, "de regel 'Onderwerp'")
    elif draft.type.value == "reactie":
        answered = re.search(r"\buw (?:reactie|advies|brief) (?:op|over) ((?:de|het) [^.,;]+)", full_text,
                             re.IGNORECASE)
        if answered:
            draft.title = Guess(f"Reactie op het advies over {answered.group(1).strip()}",
                                f"de zin '{answered.group(0)}'")
    elif draft.type.value == "notitie":
        first = _first_title_line(lines)
        draft.title = Guess(first, "de eerste kop van de tekst") if first else None

    if addressee:
        draft.recipient = Guess(normal_organisation(addressee, place), "de geadresseerde van de brief")
    author = signatory or next((_bare(l) for l in rest + header if COUNCIL.match(_bare(l))
                                and len(_bare(l).split()) <= 6), "")
    if author:
        draft.author = Guess(normal_organisation(author, place), "de ondertekening of het briefhoofd")
    return [draft]


def guess_topics(text: str, topics: dict[str, str]) -> list[str]:
    """Topic keys whose key or label words are used most in the text (at most two)."""
    lowered = text.lower()
    scores: dict[str, int] = {}
    for key, label in topics.items():
        words = {w for w in re.findall(r"[a-zà-ÿ]{5,}", (key.replace("-", " ") + " " + label).lower())}
        words -= {"sociale", "sociaal", "domein", "teams", "inwoners"}
        score = sum(lowered.count(w) for w in words)
        if score >= 3:
            scores[key] = score
    return [k for k, _ in sorted(scores.items(), key=lambda i: (-i[1], i[0]))[:2]]


# ---------------------------------------------------------------- output

REVIEW = "# CONTROLEER:"


STOP_WORDS = frozenset({"de", "het", "een", "van", "over", "op", "en", "in", "voor", "met", "aan", "tot",
                        "bij", "om", "te", "uw", "ons", "naar"})


def make_id(municipality: str, day: str, doc_type: str, title: str, taken: set[str]) -> str:
    """A free id from municipality, year, type and the title's first words.

    'wijdemeren-2017-pilot-durven-doen-vertrouwen', 'helmond-2017-vragen-gebiedsgericht-werken'.
    """
    words = [w for w in slugify(title).split("-") if w and w not in STOP_WORDS]
    if words and words[0] in (doc_type, "advies"):
        words = words[1:]
    words = [w for w in words if w not in ("advies", "reactie")][:5]
    kind = [doc_type] if doc_type in ("reactie", "vragen", "antwoord") else []
    parts = [slugify(municipality) or "landelijk"] + ([day[:4]] if day else []) + kind + words
    base = "-".join(p for p in parts if p) or "document"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def yaml_text(value: str) -> str:
    """A YAML scalar on one line: quoted when plain YAML would misread it."""
    if not value:
        return ""
    if re.search(r"[:#\[\]{}&*!|>'\"%@`,]|^[-?\s]|\s$", value) or value.lower() in ("yes", "no", "true", "false", "null"):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return value


def render_draft(draft: Draft, *, doc_id: str, attachment: tuple[str, str] | None, source_name: str) -> str:
    """Write the draft as a document: every guessed line ends in a '# CONTROLEER:' comment."""
    def line(key: str, guess: Guess | None, missing: str, optional: bool = False) -> str:
        if guess is None or not guess.value:
            prefix = "# " if optional else ""
            return f"{prefix}{key}: {REVIEW} {missing}\n"
        return f"{key}: {yaml_text(guess.value)}  {REVIEW} gegokt uit {guess.reason}\n"

    out = ["---\n", f"# Gemaakt uit {source_name}. Controleer elke regel met CONTROLEER en haal die opmerking weg.\n"]
    out.append(line("type", draft.type, "niet gevonden; kies advies, reactie, vragen, antwoord of notitie"))
    out.append(line("title", draft.title, "geen onderwerp gevonden; vul de titel in"))
    out.append(line("date", draft.date, "geen datum gevonden; vul de datum van de brief in (JJJJ-MM-DD)"))
    if draft.municipality is None:
        out.append(f"# municipality:  {REVIEW} geen gemeente gevonden; weglaten = Landelijk\n")
    else:
        out.append(line("municipality", draft.municipality, ""))
    out.append(line("from", draft.author, "vul in wie de brief schreef"))
    out.append(line("to", draft.recipient, "aan wie is de brief gericht?", optional=True))
    if draft.topics:
        out.append(f"topics: [{', '.join(draft.topics)}]  {REVIEW} {draft.topics_reason}\n")
    else:
        out.append(f"topics: []  {REVIEW} kies minstens één onderwerp uit topics.yaml\n")
    out.append(f"id: {doc_id}\n")
    out.append(line("reference", draft.reference, "kenmerk of zaaknummer", optional=True))
    if draft.in_reply_to:
        out.append(f"in_reply_to: {draft.in_reply_to}  {REVIEW} het andere deel van dezelfde brief\n")
    else:
        out.append("# in_reply_to:               # id van het document waarop dit antwoordt\n")
    out.append("# summary: >                   # twee of drie zinnen in eenvoudige taal (B1)\n")
    if attachment:
        file, title = attachment
        out.append(f"attachments:\n  - title: {yaml_text(title)}\n    file: {yaml_text(file)}\n")
    out.append("---\n")
    out.append(draft.body)
    return "".join(out)


def attachment_title(kind: str) -> str:
    """The attachment title for the original letter file."""
    return {"pdf": "Originele brief (PDF)", "docx": "Originele brief (Word)"}.get(kind, "Originele brief (tekst)")
