"""Draft one or two archive documents from a letter's lines: split, guess every field, keep every word.

Pure: the fields come from draft.py, the points a reply answers from replies.py.
"""

from __future__ import annotations

import re
from datetime import date

from ..validate.registry import Registry
from .cleaning import ANSWER_HEADING, CLOSING, COUNCIL, NUMBERED, LetterSource, bare, clean_body, \
    is_letterhead, plain_text, salutation_at
from .draft import (
    FROM_LABEL, THEIR_REFERENCE, Draft, Guess, addressee, find_dates, guess_date, guess_municipality, guess_reference,
    guess_subject, letterhead_sender, normal_organisation, organisation_kind, signatory,
)
from .replies import draft_points


def split_questions_and_answer(lines: list[str]) -> tuple[list[str], list[str], list[str]]:
    """Split a letter that holds questions and the college's answer ('Antwoord college').

    Returns the questions, the answer and the heading line between them (kept for the aside).
    """
    for index, line in enumerate(lines):
        text = bare(line)
        if ANSWER_HEADING.match(text) and not find_dates(text) and index > 0:
            return lines[:index], lines[index + 1:], [line]
    return lines, [], []


def header_and_rest(lines: list[str]) -> tuple[list[str], list[str], list[str]]:
    """Split at the salutation ('Geacht College,'): what is above it is the letterhead.

    Returns the lines to guess from, the lines above the body, and the body from the salutation on.
    """
    index = salutation_at(lines)
    if index is None:
        return [], [], lines
    # 'Aan het college van ... van Helmond,' names the addressee: the header needs it too.
    addressed = bare(lines[index]).lower().startswith("aan ")
    return (lines[:index + 1] if addressed else lines[:index]), lines[:index], lines[index:]


def _count_questions(lines: list[str]) -> int:
    return sum(1 for line in lines if NUMBERED.match(bare(line)) and "?" in line)


def _first_title_line(lines: list[str]) -> str:
    for line in lines[:15]:
        text = bare(line)
        if (text and len(text) <= 100 and len(text.split()) >= 4 and not is_letterhead(line) and text[0].isalnum()
                and not text[0].islower()):
            return text
    return ""


def _closing(lines: list[str]) -> list[str]:
    start = next((i for i, line in enumerate(lines) if CLOSING.match(bare(line))), len(lines))
    return lines[start:]


def guess_type(author: str, recipient: str, rest: list[str], letter_form: bool, subject: str) -> Guess:
    """The type from who writes to whom: a council to the college advises, the college to a council replies."""
    writer, reader = organisation_kind(author), organisation_kind(recipient)
    why = f"de afzender ({author or 'onbekend'}) en de geadresseerde ({recipient or 'onbekend'})"
    if not letter_form:
        return Guess("notitie", "de tekst: geen aanhef en geen ondertekening")
    if writer == "college" or (reader == "council" and writer != "council"):
        if re.search(r"\bvragen\b", subject, re.IGNORECASE) and reader != "council":
            return Guess("antwoord", f"{why}: het college beantwoordt vragen")
        return Guess("reactie", f"{why}: het college schrijft aan de adviesraad")
    if writer != "council" and reader == "college" and _count_questions(rest) >= 2:
        return Guess("vragen", f"{why}: genummerde vragen aan het college")
    if writer == "council" or reader == "college":
        return Guess("advies", f"{why}: de adviesraad schrijft aan het college")
    return Guess("notitie", "de tekst: geen advies, reactie of vragen herkend")


def draft_letter(source: LetterSource, registry: Registry) -> list[Draft]:
    """Draft one document from a letter, or two (vragen and antwoord) when it holds both."""
    lines = plain_text(source).split("\n")
    questions, answer, between = split_questions_and_answer(lines)
    header, above, rest = header_and_rest(questions)
    full_text = "\n".join(lines + list(source.furniture))
    subject = guess_subject(header or lines[:25])
    date_guess = guess_date(header or lines[:25])
    on = date.fromisoformat(date_guess.value) if date_guess else None
    municipality = guess_municipality(full_text, header + list(source.furniture), registry, on)
    place = municipality.value if municipality else ""
    reference = guess_reference(header + _closing(rest) + rest + list(source.furniture))
    signed = signatory(_closing(rest))
    sender = letterhead_sender(header, source.furniture)
    labelled_from = next((m.group(1).strip() for m in (FROM_LABEL.match(bare(h)) for h in header) if m), "")
    to_name, to_reason = addressee(header, [n for n in (signed, sender, labelled_from) if n])
    party = next((re.sub(r"^partij:?\s*", "", bare(line), flags=re.IGNORECASE) for line in header
                  if re.match(r"^partij\b", bare(line), re.IGNORECASE)), "")
    points_are_headings = source.kind != "docx"
    cleaned = clean_body(rest, subject, points_are_headings=points_are_headings)

    theirs = next((m.group(1) for m in (THEIR_REFERENCE.search(bare(line)) for line in header) if m), "")
    draft = Draft(date=date_guess, municipality=municipality, reference=reference, subject=subject,
                  their_reference=theirs,
                  body=cleaned.body, aside=tuple(line.strip() for line in above if line.strip())
                  + tuple(source.furniture) + cleaned.dropped)
    if answer:
        return _questions_and_answer(draft, questions, answer, between, header, party or "", signed, subject,
                                     points_are_headings)

    author, author_reason = "", ""
    for name, reason in ((labelled_from, "de regel 'Van'"), (signed, "de ondertekening"),
                         (sender, "het briefhoofd")):
        if name:
            author, author_reason = name, reason
            break
    if not author:
        author = next((bare(line) for line in rest + header if COUNCIL.match(bare(line))
                       and len(bare(line).split()) <= 6), "")
        author_reason = "een naam in de brief"
    draft.type = guess_type(author, to_name, rest, bool(header or signed), subject)
    doc_type = draft.type.value
    if subject:
        # 'Betreft: advies over ...' is a title of its own on the site: it starts with a capital.
        draft.title = Guess(subject[:1].upper() + subject[1:], "de regel 'Onderwerp'")
    elif doc_type == "reactie":
        answered = re.search(r"\buw (?:reactie|advies|brief) (?:op|over) ((?:de|het) [^.,;]+)", full_text,
                             re.IGNORECASE)
        if answered:
            draft.title = Guess(f"Reactie op het advies over {answered.group(1).strip()}",
                                f"de zin '{answered.group(0)}'")
    elif doc_type == "notitie":
        first = _first_title_line(lines)
        draft.title = Guess(first, "de eerste kop van de tekst") if first else None
    if to_name:
        draft.recipient = Guess(normal_organisation(to_name, place), to_reason)
    if author:
        draft.author = Guess(normal_organisation(author, place), author_reason)
    if doc_type in ("reactie", "antwoord"):
        draft.responses, draft.responses_reason = draft_points(rest, [])
    return [draft]


def _questions_and_answer(draft: Draft, questions: list[str], answer: list[str], between: list[str],
                          header: list[str], party: str, signed: str, subject: str,
                          points_are_headings: bool) -> list[Draft]:
    """The two documents of a letter that holds written questions and the college's answer."""
    place = draft.municipality.value if draft.municipality else ""
    answer_date = next((d for line in header if ANSWER_HEADING.match(bare(line))
                        for d in find_dates(bare(line))), None)
    asker = f"Fracties {party}" if party else (signed or "")
    college = normal_organisation("college van burgemeester en wethouders", place) if place else ""
    lower_subject = subject[:1].lower() + subject[1:]
    draft.type = Guess("vragen", "de tekst: genummerde vragen en een 'Antwoord college'")
    draft.title = Guess(f"Vragen over {lower_subject}", "het onderwerp van de brief") if subject else None
    draft.author = Guess(asker, "de regel 'Partij'" if party else "de ondertekening") if asker else None
    draft.recipient = Guess(college, "de aanhef") if college else None
    answered = clean_body(answer, subject, points_are_headings=points_are_headings)
    reply = Draft(
        type=Guess("antwoord", "het deel 'Antwoord college' van de brief"),
        title=Guess(f"Antwoord op vragen over {lower_subject}", "het onderwerp van de brief") if subject else None,
        date=Guess(answer_date.isoformat(), "de regel 'Antwoord college'") if answer_date else None,
        municipality=draft.municipality,
        author=Guess(college, "het antwoord van het college") if college else None,
        recipient=draft.author,
        body=answered.body,
        aside=tuple(line.strip() for line in between) + answered.dropped,
        subject=subject,
    )
    reply.responses, reply.responses_reason = draft_points(answer, questions)
    return [draft, reply]
