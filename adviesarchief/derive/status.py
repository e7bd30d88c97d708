"""What happened to one letter, in plain Dutch words: the status line under its title and on its card.

The counting itself lives in figures.py (AdviceStatus); this module only words it:
waiting times as a B1 reader says them ("3 weken", "ruim 8 jaar") and the short and long
status of an advice, a set of questions, a reply or an answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from ..model import ANSWER_TYPES, OUTCOME_WORDS, Document
from .figures import AdviceStatus, Overview, tally_points, reply_points

# Up to this many days a wait is said in days, then in weeks up to MONTHS_FROM, then in
# months up to a year, then in years.
WEEKS_FROM = 14
MONTHS_FROM = 60
YEAR = 365
MONTH = 30


# What each outcome means, for the "Wat betekent dit?" beside a tally.
OUTCOME_MEANINGS: dict[str, str] = {
    "overgenomen": "De gemeente doet wat de adviesraad vraagt.",
    "deels": "De gemeente doet een deel van wat de adviesraad vraagt.",
    "toegezegd": "De gemeente belooft er later iets mee te doen. Het is nog niet gebeurd.",
    "niet-overgenomen": "De gemeente doet niet wat de adviesraad vraagt.",
    "kennisgenomen": "De gemeente heeft het gelezen, maar zegt niet of zij er iets mee doet.",
}


def wait_words(days: int) -> str:
    """A number of days as a reader says it: '1 dag', '9 dagen', 'ruim 2 weken', '3 maanden', 'ruim 8 jaar'.

    'ruim' (a little over) marks a wait that is more than the whole weeks, months or years named.
    """
    if days < WEEKS_FROM:
        return f"{days} {'dag' if days == 1 else 'dagen'}"
    if days < MONTHS_FROM:
        count, rest, unit = days // 7, days % 7, "weken"
    elif days < YEAR:
        count, rest, unit = min(days // MONTH, 11), days - min(days // MONTH, 11) * MONTH, "maanden"
    else:
        count, rest, unit = days // YEAR, days % YEAR, "jaar"
    return f"{'ruim ' if rest else ''}{count} {unit}"


def after_words(days: int | None) -> str:
    """'na 3 weken', 'op dezelfde dag'; '' when unknown."""
    if days is None:
        return ""
    return "op dezelfde dag" if days == 0 else f"na {wait_words(days)}"


def tally_words(tally: tuple[tuple[str, int], ...]) -> str:
    """'1 overgenomen · 1 deels · 3 toegezegd'."""
    return " · ".join(f"{count} {OUTCOME_WORDS[outcome]}" for outcome, count in tally if count)


def asks_questions(document: Document) -> bool:
    """Whether the letter is a set of written questions (answered, not adopted)."""
    return document.type == "vragen"


@dataclass(frozen=True)
class LetterStatus:
    """The status of one letter, worded: a short one for its card, a headline for its page."""

    state: str      # answered | waiting | reply | reply-orphan | none
    short: str      # for a list card and a search result
    headline: str   # for the line under the title (without the tally)
    tally: tuple[tuple[str, int], ...] = ()  # outcomes per point (never for questions)
    answered_letters: tuple[Document, ...] = ()  # for a reply: the letters it answers that are in the archive
    questions: bool = False  # about written questions: answered or not, never adopted

    @property
    def tally_text(self) -> str:
        """The tally, as words."""
        return tally_words(self.tally)


def advice_letter_status(status: AdviceStatus) -> LetterStatus:
    """The worded status of an advice or a set of questions."""
    questions = asks_questions(status.advice)
    if status.answered:
        when = after_words(status.response_days)
        tally = () if questions else status.tally
        headline = f"Beantwoord {when}".strip()
        short = headline
        if tally:
            short = f"{headline}: {tally_words(tally)}"
        elif not questions and not status.outcome_recorded:
            short = f"{headline} (uitkomst niet vastgelegd)"
        return LetterStatus("answered", short, headline, tally, questions=questions)
    noun = "antwoord" if questions else "reactie"
    wait = f" ({wait_words(status.waiting_days)})" if status.waiting_days is not None else ""
    return LetterStatus("waiting", f"Nog geen {noun}{wait}", f"Nog geen {noun} in dit archief{wait}",
                        questions=questions)


def letter_statuses(documents: Iterable[Document], overview: Overview, by_id: dict[str, Document]) -> dict[str, LetterStatus]:
    """Every letter's worded status by its id, worked out once for the pages, lists, data and search."""
    return {document.id: letter_status(document, overview, by_id) for document in documents}


def letter_status(document: Document, overview: Overview, by_id: dict[str, Document]) -> LetterStatus:
    """The worded status of any letter: advice and questions by their answers, replies by their points."""
    status = overview.advice.get(document.id)
    if status is not None:
        return advice_letter_status(status)
    if document.type not in ANSWER_TYPES:
        return LetterStatus("none", "Vraagt geen reactie", "")
    answered = tuple(by_id[i] for i in document.in_reply_to if i in by_id)
    questions = any(asks_questions(d) for d in answered) or (not answered and document.type == "antwoord")
    tally = () if questions else tally_points(reply_points(document))
    if not answered:
        missing = "De vragen" if questions else "Het advies"
        headline = f"{missing} waar deze brief op antwoordt, staat niet in dit archief."
        short = "Antwoord; de vragen staan niet in dit archief" if questions else "Reactie; het advies staat niet in dit archief"
        if tally:
            short = f"{short}: {tally_words(tally)}"
        return LetterStatus("reply-orphan", short, headline, tally, questions=questions)
    # How long the reply took: from the earliest letter it answers.
    when = after_words(max(0, (document.date - min(d.date for d in answered)).days))
    if questions:
        return LetterStatus("reply", f"Antwoord {when} op de vragen", "Antwoord op", (), answered, questions=True)
    short = f"Reactie {when} op het advies"
    return LetterStatus("reply", f"{short}: {tally_words(tally)}" if tally else short, "Reactie op", tally, answered)
