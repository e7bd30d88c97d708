"""What a reply answers: its points (for `responses`) and the document it answers (`in_reply_to`).

Pure: the points come from the reply's own numbered lines; the answered document is proposed
from the archive's documents, passed in as Candidates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .cleaning import CLOSING, LABELLED_POINT, NUMBERED, bare
from .draft import Draft, Guess, Point

MAX_POINT_TITLE = 80
ANSWERED_TYPE = {"reactie": "advies", "antwoord": "vragen"}
# Words that say nothing about what a letter is about, left out when titles are compared.
COMMON_WORDS = frozenset({
    "advies", "adviezen", "reactie", "vragen", "antwoord", "over", "voor", "door", "naar", "bij", "het", "een",
    "van", "de", "en", "op", "met", "aan", "uw", "ons", "onze", "brief", "gemeente", "college", "adviesraad",
})
# What a reply says it does with a point. Each form is read within one clause (up to a comma),
# so that 'Wij volgen het advies, ook al is dat niet eenvoudig' is no refusal. The narrower
# outcomes are tried first ('niet over' and 'deels over' also hold 'over'); forms whose verb may
# be about something else ('wij nemen de kosten over') count only in a sentence that names the
# advice. 'Over' before an article is the preposition ('een besluit over het advies').
_NEEM = r"\b(?:neem|neemt|nemen|namen|nam)\b"
_OVER = r"\bover\b(?!\s+(?:dit|het|de|een|uw|deze|die|dat)\b)"
_CLAUSE = r"[^.;,]*"
_PART = r"\b(?:deels|gedeeltelijk|ten dele|voor een deel|grotendeels)\b"
ABOUT_THE_ADVICE = re.compile(r"\b(?:advie[sz]\w*|aanbeveling\w*|voorstel\w*|suggestie\w*|punt|dit|hierin)\b")
OUTCOME_WORDS = (
    ("deels", True, re.compile(
        rf"{_PART}{_CLAUSE}(?:{_OVER}|\bovergenomen\b|\beens\b|\btegemoet\b|\bvolg(?:en|t)\b)|"
        rf"{_NEEM}{_CLAUSE}{_PART}|\bvolg(?:en|t)\b{_CLAUSE}{_PART}|"
        rf"\bniet (?:volledig|helemaal|geheel|in zijn geheel)\b{_CLAUSE}(?:{_OVER}|\bovergenomen\b|\bvolg(?:en|t)\b)")),
    ("niet-overgenomen", True, re.compile(
        rf"{_NEEM}{_CLAUSE}\bniet\b{_CLAUSE}(?:{_OVER}|\bmee\b)|\bniet\b{_CLAUSE}\bover(?:genomen|nemen)\b|"
        rf"\bwij(?:st|zen)\b{_CLAUSE}\baf\b|\bafgewezen\b|\bniet (?:op )?(?:te )?volgen\b|"
        rf"\bvolg(?:en|t)\b{_CLAUSE}\bniet\b|\bzeg(?:gen|t)\b{_CLAUSE}\bniet\b{_CLAUSE}\btoe\b|"
        rf"\bga(?:an|at)\b{_CLAUSE}\bniet\b{_CLAUSE}\b(?:onderzoeken|na)\b")),
    ("toegezegd", False, re.compile(rf"\bzeg(?:gen|t)\b{_CLAUSE}\btoe\b|\btoegezegd\b|\btoezeggen\b")),
    ("toegezegd", True, re.compile(rf"\bga(?:an|at)\b{_CLAUSE}\b(?:onderzoeken|na)\b|\bkom(?:en|t)\b{_CLAUSE}\bterug\b|"
                                   rf"{_NEEM}{_CLAUSE}\bmee\b")),
    ("overgenomen", True, re.compile(
        rf"{_NEEM}{_CLAUSE}{_OVER}|\bovergenomen\b|\bover(?:nemen|neemt)\b|\bonderschrij(?:ven|ft)\b|"
        rf"\bvolg(?:en|t)\b{_CLAUSE}\b(?:advies|aanbeveling)\b|\b(?:advies|aanbeveling)\b{_CLAUSE}\bvolg(?:en|t)\b")),
)
# A verdict that opens a sentence, as a reply's table of points gives it: 'Overgenomen.', 'Onze
# reactie: deels overgenomen', 'Niet gevolgd, want ...'. Said first, it can only be about the point.
VERDICT = re.compile(r"^(?:[^:]{1,40}:\s*)?(?:(?:het|dit)\s+)?(?:advies\s+)?(?:wordt\s+|is\s+)?"
                     r"(?:(?P<how>niet (?:volledig|geheel|helemaal)|niet|deels|gedeeltelijk|grotendeels|ten dele|volledig|geheel)\s+)?"
                     r"(?P<what>overgenomen|gevolgd|afgewezen|toegezegd|kennis ?genomen|"
                     r"voor kennisgeving aangenomen|akkoord)\s*(?:$|[.!:;,–-]\s*)")
# Taking note says least: a reply often opens with it before it says what it does.
NOTED = re.compile(rf"{_NEEM}{_CLAUSE}\bkennis\b|\bkennis ?genomen\b|\bvoor kennisgeving\b")
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
    return [point for point, _ in _points_at(lines, NUMBERED)]


def _points_at(lines: list[str], pattern: re.Pattern[str]) -> list[tuple[Point, int]]:
    """The points pattern finds, numbered from 1 on, each with the index of its line."""
    points: list[tuple[Point, int]] = []
    for index, line in enumerate(lines):
        match = pattern.match(bare(line))
        if not match or any(p.point == match.group(1) for p, _ in points):
            continue
        if int(match.group(1)) != len(points) + 1:
            continue  # a stray '2020.' or a sub-numbering, not the next point
        title = short_title(match.group(2) or "")
        points.append((Point(match.group(1), title[:1].upper() + title[1:]), index))
    return points


def guess_outcome(text: str) -> tuple[str, str]:
    """What a reply says it does with a point ('Wij nemen dit advies deels over'), and the sentence that says so."""
    noted = ("", "")
    for sentence in re.split(r"(?<=[.!?;])\s+", " ".join(text.split())):
        lowered = sentence.lower()
        verdict = _verdict(lowered.replace("*", "").strip())
        if verdict:
            return verdict, short_title(sentence)
        named = ABOUT_THE_ADVICE.search(lowered) is not None
        for outcome, needs_name, words in OUTCOME_WORDS:
            if (named or not needs_name) and words.search(lowered):
                return outcome, short_title(sentence)
        if not noted[0] and NOTED.search(lowered):
            noted = ("kennisgenomen", short_title(sentence))
    return noted


def _verdict(sentence: str) -> str:
    """The outcome a sentence that opens with a verdict states ('Deels overgenomen: ...'), or ''."""
    match = VERDICT.match(sentence)
    if match is None:
        return ""
    how, what = match.group("how"), match.group("what")
    if what in ("toegezegd",):
        return "" if how == "niet" else "toegezegd"
    if what.startswith(("kennis", "voor kennisgeving")):
        return "kennisgenomen"
    if how and how.startswith("niet "):
        return "deels"  # 'niet volledig overgenomen'
    if what == "afgewezen" or how == "niet":
        return "niet-overgenomen"
    if how in ("deels", "gedeeltelijk", "grotendeels", "ten dele"):
        return "deels"
    return "overgenomen"


def _with_outcomes(points: list[tuple[Point, int]], lines: list[str]) -> list[Point]:
    """Each point with the outcome its own part of the reply states (from its line to the next point's).

    The last part ends at the closing ('Met vriendelijke groet,'). A point's own line (often
    its title) counts only when the text under it says nothing.
    """
    closing = next((i for i, line in enumerate(lines) if CLOSING.match(bare(line))), len(lines))
    ends = [index for _, index in points[1:]] + [max(closing, points[-1][1] + 1)]
    found = []
    for (point, start), end in zip(points, ends):
        outcome, because = guess_outcome("\n".join(lines[start + 1:end]))
        if not outcome:
            outcome, because = guess_outcome(bare(lines[start]))
        found.append(Point(point.point, point.title, outcome, because))
    return found


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
    # Points under a label ('Advies 1:') are the points for certain: a numbered list in the
    # answer to one of them is not.
    labelled = _points_at(reply_lines, LABELLED_POINT)
    numbered = _points_at(reply_lines, NUMBERED)
    if len(labelled) >= 2 or (labelled and not numbered):
        return _with_outcomes(labelled, reply_lines), "de punten in de brief ('Advies 1')"
    if numbered:
        return _with_outcomes(numbered, reply_lines), "de genummerde punten in de brief"
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
