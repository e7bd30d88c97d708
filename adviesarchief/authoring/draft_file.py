"""Write a draft as a document file: every guessed line marked '# CONTROLEER: <why>'."""

from __future__ import annotations

import re
from typing import Iterable

from ..text import slugify
from ..model import NATIONAL_SLUG, OUTCOMES
from ..validate.markers import REVIEW_MARKER
from .draft import Draft, Guess

REVIEW = f"{REVIEW_MARKER}:"  # check warns on every one left (validate/markers.py)


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
    parts = [slugify(municipality) or NATIONAL_SLUG] + ([day[:4]] if day else []) + kind + words
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


def render_draft(draft: Draft, *, doc_id: str, attachment: tuple[str, str] | None, source_name: str,
                 topics: Iterable[str] = ()) -> str:
    """Write the draft as a document: every guessed line ends in a '# CONTROLEER:' comment.

    topics: the keys of topics.yaml, named as the other choices on the topics line.
    """
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
    others = ", ".join(t for t in sorted(topics) if t not in draft.topics)
    if draft.topics:
        out.append(f"topics: [{', '.join(draft.topics)}]  {REVIEW} {draft.topics_reason}"
                   + (f"; andere onderwerpen: {others}" if others else "") + "\n")
    else:
        out.append(f"topics: []  {REVIEW} kies minstens één onderwerp"
                   + (f": {others}" if others else " uit topics.yaml") + "\n")
    out.append(f"id: {doc_id}  # uit type en titel; verandert u die, hernoem dan bestand en id samen\n")
    out.append(line("reference", draft.reference, "kenmerk of zaaknummer", optional=True))
    if draft.in_reply_to:
        out.append(line("in_reply_to", draft.in_reply_to, ""))
    else:
        out.append("# in_reply_to:               # id van het document waarop dit antwoordt\n")
    out.append("# summary: >                   # twee of drie zinnen in eenvoudige taal (B1)\n")
    if attachment:
        file, title = attachment
        out.append(f"attachments:\n  - title: {yaml_text(title)}\n    file: {yaml_text(file)}\n")
    out.extend(responses_lines(draft))
    out.extend(aside_lines(draft.aside))
    out.append("---\n")
    out.append(draft.body)
    return "".join(out)


def attachment_title(kind: str) -> str:
    """The attachment title for the original letter file."""
    return {"pdf": "Originele brief (PDF)", "docx": "Originele brief (Word)"}.get(kind, "Originele brief (tekst)")



def responses_lines(draft: Draft) -> list[str]:
    """The drafted `responses`: one entry per point, its outcome guessed from the reply or left for the secretary."""
    if not draft.responses:
        return []
    todo = ("controleer per punt de uitkomst" if all(point.outcome for point in draft.responses)
            else "vul per punt de uitkomst in")
    out = [f"responses:  {REVIEW} gegokt uit {draft.responses_reason}; {todo}\n"]
    for point in draft.responses:
        out.append(f"  - point: {yaml_text(point.point) if not point.point.isdigit() else point.point}\n")
        if point.title:
            out.append(f"    title: {yaml_text(point.title)}\n")
        if point.outcome:
            out.append(f"    outcome: {point.outcome}  {REVIEW} gegokt uit de zin '{point.because}'\n")
        else:
            out.append(f"    outcome:  {REVIEW} kies {' | '.join(OUTCOMES)}\n")
    return out


def aside_lines(aside: tuple[str, ...]) -> list[str]:
    """The lines left out of the body, as comments: the secretary restores what belongs to the letter."""
    kept = [line for line in aside if line.strip()]
    if not kept:
        return []
    return [f"{REVIEW} deze regels leken briefhoofd, adres, voettekst of paginanummer en staan niet in de tekst.\n",
            "# Hoort een regel bij de brief, zet hem dan onder de tweede ---. Haal daarna dit blok weg.\n",
            *(f"#|  {line}\n" for line in kept)]
