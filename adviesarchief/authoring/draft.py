"""Guess a document's front matter from the text of a real letter, and draft its body.

Everything here is pure: authoring/extract.py reads the letter from disk and scaffold.py puts
the drafts there. The guesses are heuristics for Dutch letters between advisory councils and
municipal colleges; every guessed field is marked for review, and no word of the letter is
dropped: what is not in a body is kept in the draft's `aside` (see cleaning.clean_body).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ..text import MONTHS, suggest
from ..validate.registry import Registry, exists_on
from .cleaning import (
    COLLEGE, CONTACT_LINE, COUNCIL, DATE_NUMERIC, DATE_WORDS, MONTH_PATTERN, REFERENCE_LABEL, REFERENCE_LINE,
    REFERENCE_VALUE, SENDER_ADDRESS, SUBJECT, WEB_OR_MAIL, bare, is_letterhead,
)
from .layout import LABEL

# Role words before or after an organisation in a signature: 'De voorzitter van de Adviesraad'.
ROLE_BEFORE = re.compile(r"^(?:(?:de|het)\s+)?(?:plv\.?\s+|vice-?)?(?:voorzitter|secretaris|ambtelijk secretaris|"
                         r"penningmeester|namens)\b[\s,]*(?:van\s+)?(?:(?:de|het)\s+)?", re.IGNORECASE)
ROLE_AFTER = re.compile(r"[\s,(]+(?:de\s+)?(?:voorzitter|secretaris|penningmeester)\)?\s*$", re.IGNORECASE)
FROM_LABEL = re.compile(r"^van\s*:\s*(.+)$", re.IGNORECASE)
TO_LABEL = re.compile(r"^aan\s*:\s*(.+)$", re.IGNORECASE)
THEIR_REFERENCE = re.compile(r"\buw kenmerk\s*:?\s*" + REFERENCE_VALUE, re.IGNORECASE)


@dataclass(frozen=True)
class Guess:
    """One proposed front-matter value and why (shown to the secretary for review)."""

    value: str
    reason: str


@dataclass(frozen=True)
class Point:
    """A numbered point of the letter a reply answers: its number, a short title, and what the reply does with it."""

    point: str
    title: str
    outcome: str = ""  # guessed from the reply's own words ('Wij nemen dit advies over'), or ""
    because: str = ""  # the words the outcome was guessed from


@dataclass
class Draft:
    """A proposed document: guessed fields, the cleaned body and the text left out of it."""

    type: Guess | None = None
    title: Guess | None = None
    date: Guess | None = None
    municipality: Guess | None = None
    author: Guess | None = None
    recipient: Guess | None = None
    reference: Guess | None = None
    topics: list[str] = field(default_factory=list)
    topics_reason: str = ""
    in_reply_to: Guess | None = None
    responses: list[Point] = field(default_factory=list)
    responses_reason: str = ""
    body: str = ""
    # Lines judged letterhead, address, footer or page number: shown in the draft to restore.
    aside: tuple[str, ...] = ()
    subject: str = ""
    their_reference: str = ""  # 'Uw kenmerk': the reference of the letter this one answers


# ---------------------------------------------------------------- fields

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
        text = bare(line)
        own = re.sub(r"\b(uw brief van|ingekomen[^:]*:?|uw kenmerk)\s*\S*\s*\S*\s*\d{4}", " ", text,
                     flags=re.IGNORECASE)
        dates = find_dates(own)
        if not dates:
            continue
        if re.match(r"^(?:datum|verzenddatum|datum verzending|verzonden(?: op)?)\b", own, re.IGNORECASE):
            return Guess(dates[0].isoformat(), f"de regel '{text}'")
        if re.match(rf"^[A-Za-z' -]+,\s*\d{{1,2}}\s+({MONTH_PATTERN})\s+\d{{4}}\.?$", own, re.IGNORECASE):
            return Guess(dates[0].isoformat(), f"plaats en datum '{text}'")
        if DATE_WORDS.fullmatch(own.strip().rstrip(".")) or DATE_NUMERIC.fullmatch(own.strip()):
            return Guess(dates[0].isoformat(), f"de datum '{text}' bovenaan de brief")
    return None


def guess_subject(header: list[str]) -> str:
    """The subject line ('Onderwerp: ...'), with a short continuation line joined to it."""
    for index, line in enumerate(header):
        match = SUBJECT.match(bare(line))
        if not match or not match.group(1).strip():
            continue
        subject = match.group(1).strip()
        following = bare(header[index + 1]) if index + 1 < len(header) else ""
        if (following and len(following.split()) <= 4 and not is_letterhead(following)
                and not COUNCIL.search(following) and not COLLEGE.search(following)
                and not re.search(r"[,:]$", following) and not subject.endswith((".", "?"))
                # The next label and its value ('Bijlagen: 2') is no part of the subject.
                and not LABEL.match(following.split(":")[0].strip())):
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
    in_header = any(name.lower() in bare(line).lower() for line in header)
    if hits < 2 and not in_header:
        return None
    spelled = "" if re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text) else " (anders gespeld)"
    return Guess(name, f"de naam, {hits} keer genoemd in de brief{spelled}")


def guess_reference(lines: list[str]) -> Guess | None:
    """A kenmerk or zaaknummer: 'Ons kenmerk: X', 'Zaaknummer: X' or a code like ASD-2017-24."""
    for line in lines:
        # 'Uw kenmerk' is the other side's reference, not this letter's.
        match = next((m for m in REFERENCE_LABEL.finditer(bare(line))
                      if not re.search(r"\buw\s*$", bare(line)[:m.start()], re.IGNORECASE)), None)
        if match:
            return Guess(match.group(1), f"de regel '{bare(line)}'")
    for line in lines:
        text = bare(line)
        if REFERENCE_LINE.match(text):
            return Guess(text, "een kenmerk dat los in de brief staat")
    return None


def organisation_kind(name: str) -> str:
    """'council' for an advisory council, 'college' for a municipal college, '' for anyone else."""
    if COUNCIL.search(name):
        return "council"
    if COLLEGE.search(name):
        return "college"
    return ""


def strip_roles(name: str) -> str:
    """The organisation without the signer's role: 'Voorzitter Adviesraad X' -> 'Adviesraad X'."""
    previous = None
    while previous != name:
        previous = name
        name = ROLE_AFTER.sub("", ROLE_BEFORE.sub("", name.strip())).strip(" ,")
    return name


def _is_organisation_line(text: str) -> bool:
    return bool((COLLEGE.search(text) or COUNCIL.search(text)) and not WEB_OR_MAIL.search(text)
                and not re.match(r"^(afdeling|onderwerp|betreft|(?:uw |ons )?kenmerk|zaaknummer|zaaknr|referentie|datum)\b",
                                 text, re.IGNORECASE) and not SUBJECT.match(text)
                and len(text.split()) <= 14)


def _same_organisation(one: str, other: str) -> bool:
    kinds = {organisation_kind(one), organisation_kind(other)}
    if "council" in kinds and "college" in kinds:
        return False  # 'Wmo-raad Zeist' and 'burgemeester en wethouders van Zeist' share only the place
    words = lambda text: {w for w in re.findall(r"\w{4,}", text.lower())}  # noqa: E731
    return bool(one and other) and len(words(one) & words(other)) >= max(1, min(len(words(one)), 3) - 1)


def addressee(header: list[str], senders: list[str]) -> tuple[str, str]:
    """The organisation the letter is addressed to, and why: an 'Aan:' line or the address block.

    Not the sender's own letterhead (a name with its web or e-mail address beside it, or the
    name the page header or the signature gives), and never a web or e-mail address.
    """
    for line in header:
        label = TO_LABEL.match(bare(line))
        if label and not WEB_OR_MAIL.search(label.group(1)):
            return label.group(1).strip().rstrip(","), f"de regel '{bare(line)}'"
    # 'Aan het college van ...' names the addressee in so many words: it goes before the
    # sender's name above it, when the letterhead is printed as ordinary lines.
    addressed = [i for i, line in enumerate(header) if re.match(r"^aan\s", bare(line), re.IGNORECASE)]
    order = addressed + [i for i in range(len(header)) if i not in addressed]
    for index in order:
        line = header[index]
        text = re.sub(r"^aan\s+", "", bare(line).rstrip(","), flags=re.IGNORECASE)
        if not _is_organisation_line(text) or FROM_LABEL.match(bare(line)):
            continue
        nearby = [bare(h) for h in header[index + 1:index + 4] if h.strip()]
        if any(_same_organisation(text, sender) for sender in senders):
            continue
        if any(CONTACT_LINE.search(n) for n in nearby[:3]):
            continue  # a letterhead: an addressee's block holds no website or e-mail address
        following = nearby[0] if nearby else ""
        if re.match(r"^van\b", following, re.IGNORECASE) and not SENDER_ADDRESS.match(following):
            text += " " + following.rstrip(",")
        return text, "het adresblok van de brief"
    return "", ""


def signatory(closing: list[str]) -> str:
    """The organisation that signs: 'burgemeester en wethouders van X', a council, or fractions."""
    for line in closing:
        text = bare(line).rstrip(",")
        if (COLLEGE.search(text) or COUNCIL.search(text)) and not WEB_OR_MAIL.search(text):
            return strip_roles(text)
    return ""


def letterhead_sender(header: list[str], furniture: tuple[str, ...]) -> str:
    """The sender's own name: in the page header, or above its web, e-mail or postal address.

    A name above a postal address is the sender only when another name (the addressee) follows.
    """
    for line in furniture:
        text = bare(line)
        if _is_organisation_line(text):
            return strip_roles(text)
    names = [i for i, line in enumerate(header) if _is_organisation_line(bare(line))
             and not bare(line).lower().startswith("aan")]
    if not names:
        return ""
    first = names[0]
    nearby = [bare(h) for h in header[first + 1:first + 5] if h.strip()]
    later = [i for i in names[1:] if i > first + 1 and not re.match(r"^van\b", bare(header[i]), re.IGNORECASE)]
    if any(CONTACT_LINE.search(n) for n in nearby) or (later and nearby and SENDER_ADDRESS.match(nearby[0])):
        return strip_roles(bare(header[first]))
    return ""


def normal_organisation(name: str, municipality: str) -> str:
    """Write a college or council in the archive's usual form, with the official spelling."""
    name = re.sub(r"^(de|het)\s+", "", strip_roles(name), flags=re.IGNORECASE)
    if COLLEGE.search(name) and not COUNCIL.search(name):
        place = municipality or re.sub(r"^.*\bvan\s+(?:de\s+gemeente\s+)?", "", name, flags=re.IGNORECASE)
        return f"College van burgemeester en wethouders van {place.strip().title() if place.isupper() else place}"
    if municipality:
        words = name.split()
        last = words[-1] if words else ""
        if last and last.lower() != municipality.lower() and suggest(last, [municipality]):
            name = " ".join(words[:-1] + [municipality])
    return name[:1].upper() + name[1:]


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
