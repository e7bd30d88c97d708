"""What a reply answers: its points (for `responses`) and the document it answers (`in_reply_to`).

Pure: the points come from the reply's own numbered lines; the answered document is proposed
from the archive's documents, passed in as Candidates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .cleaning import NUMBERED, bare
from .draft import Draft, Guess, Point

MAX_POINT_TITLE = 80
ANSWERED_TYPE = {"reactie": "advies", "antwoord": "vragen"}
# Words that say nothing about what a letter is about, left out when titles are compared.
COMMON_WORDS = frozenset({
    "advies", "adviezen", "reactie", "vragen", "antwoord", "over", "voor", "door", "naar", "bij", "het", "een",
    "van", "de", "en", "op", "met", "aan", "uw", "ons", "onze", "brief", "gemeente", "college", "adviesraad",
})
POINT_MENTION = re.compile(r"\bpunt(?:en)?\s+(\d{1,2})(?:\s*(?:t/m|tot en met|-|–|en)\s*(\d{1,2}))?", re.IGNORECASE)


@dataclass(frozen=True)
class Candidate:
    """A document in the archive a reply might answer."""

    id: str
    type: str
    municipalities: tuple[str, ...]
    date: str
    title: str
    reference: str = ""


def numbered_points(lines: list[str]) -> list[Point]:
    """The letter's numbered points ('1. Vasthouden', '2) Waarom ...?'), numbered from 1 on."""
    points: list[Point] = []
    for line in lines:
        match = NUMBERED.match(bare(line))
        if not match or any(p.point == match.group(1) for p in points):
            continue
        if int(match.group(1)) != len(points) + 1:
            continue  # a stray '2020.' or a sub-numbering, not the next point
        points.append(Point(match.group(1), short_title(match.group(2))))
    return points


def short_title(text: str) -> str:
    """A point's title on one short line: at most MAX_POINT_TITLE characters, cut at a word."""
    text = " ".join(text.replace("**", "").split()).rstrip(".:;")
    if len(text) <= MAX_POINT_TITLE:
        return text
    return text[:MAX_POINT_TITLE - 2].rsplit(" ", 1)[0] + " …"


def mentioned_points(text: str) -> list[Point]:
    """Points named in the running text ('punt 5', 'punten 1 t/m 4'), in number order, untitled."""
    numbers: set[int] = set()
    for match in POINT_MENTION.finditer(text):
        first = int(match.group(1))
        last = int(match.group(2)) if match.group(2) else first
        if first <= last <= first + 20:
            numbers.update(range(first, last + 1))
    return [Point(str(n), "") for n in sorted(numbers)]


def draft_points(reply_lines: list[str], answered_lines: list[str]) -> tuple[list[Point], str]:
    """The points a reply answers, and where they came from (for the '# CONTROLEER' note)."""
    if answered_lines:
        points = numbered_points(answered_lines)
        if points:
            return points, "de genummerde vragen in de brief"
    points = numbered_points(reply_lines)
    if points:
        return points, "de genummerde punten in de brief"
    points = mentioned_points("\n".join(reply_lines))
    if points:
        return points, "de punten die de brief noemt ('punt 5')"
    return [], ""


def _topic_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-zà-ÿ0-9]{4,}", text.lower()) if w not in COMMON_WORDS}


def propose_reply_to(draft: Draft, candidates: list[Candidate]) -> Guess | None:
    """The advice (or questions) a reply answers: same municipality, before the reply's date, most similar title."""
    doc_type = draft.type.value if draft.type else ""
    wanted = ANSWERED_TYPE.get(doc_type)
    if wanted is None or draft.municipality is None:
        return None
    place = draft.municipality.value.lower()
    day = draft.date.value if draft.date else ""
    fitting = [c for c in candidates if c.type == wanted and place in (m.lower() for m in c.municipalities)
               and (not day or not c.date or c.date <= day)]
    if not fitting:
        return None
    if draft.their_reference:
        # 'Uw kenmerk: ASD-2023-11' is the answered letter's own reference: the surest sign.
        named = [c for c in fitting if c.reference and c.reference.lower() == draft.their_reference.lower()]
        if named:
            return Guess(named[0].id, f"het kenmerk '{draft.their_reference}' dat de brief noemt ('Uw kenmerk')")
    words = _topic_words(" ".join(filter(None, [draft.title.value if draft.title else "", draft.subject,
                                                 draft.body[:1500]])))
    scored = sorted(((len(words & _topic_words(c.title)), c.date, c) for c in fitting),
                    key=lambda item: (item[0], item[1]), reverse=True)
    score, _, best = scored[0]
    if score == 0:
        return None  # an advice about something else is no answer: better none than a wrong link
    kind = "het advies" if wanted == "advies" else "de vragen"
    return Guess(best.id, f"{kind} aan {draft.municipality.value} met de meest gelijke titel ('{best.title}')")
