"""What happened to the advice: status per advice, outcomes per point, figures per group.

This module is the one place where the counting rules live. Each rule is written as a
comment where it is computed; /cijfers/ publishes the same rules in plain Dutch.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from datetime import date
from typing import Any, Iterable

from ..model import ANSWER_TYPES, NATIONAL_SLUG, OUTCOMES, Archive, Document, Response
from .views import Views

# Documents that ask the municipality for an answer. Written questions (`vragen`, answered
# by an `antwoord`) are counted like advice (`advies`, answered by a `reactie`) for whether
# and how soon they were answered, but an answer to questions adopts nothing: its points
# never count in the outcome figures (see _counts_outcomes).
ASKING_TYPES = frozenset({"advies", "vragen"})


def _counts_outcomes(status: AdviceStatus) -> bool:
    """Whether an asking letter's points count in the outcome figures: an advice's do, questions' do not."""
    return status.advice.type != "vragen"


# Where the reference date for "days waiting" came from.
REFERENCE_SOURCES: dict[str, str] = {
    "cli": "opgegeven bij het bouwen van de site (--today)",
    "site": "vastgelegd in site.yaml (today)",
    "epoch": "de bouwdatum, vastgelegd voor een herhaalbare bouw (SOURCE_DATE_EPOCH)",
    "build": "de dag waarop de site is gebouwd",
    "newest": "de datum van het nieuwste stuk in het archief",
}

LONGEST_WAITING = 5


@dataclass(frozen=True)
class ReferenceDate:
    """The day "days waiting" is counted to, and where that day came from."""

    day: date | None
    source: str  # a key of REFERENCE_SOURCES

    @property
    def explanation(self) -> str:
        """Where the date came from, in plain Dutch."""
        return REFERENCE_SOURCES[self.source]


def find_reference_date(archive: Archive, cli_today: date | None, epoch_day: date | None = None,
                        build_day: date | None = None) -> ReferenceDate:
    """The one source of "today": --today, else site.yaml `today`, else SOURCE_DATE_EPOCH, else the build date.

    A wait is counted to the day the site is built, so a live site never understates it.
    SOURCE_DATE_EPOCH (the reproducible-builds convention) stands in for the build date, so
    that a build can be repeated byte for byte. Without a build date (a caller that has none)
    the newest document's date is used.
    """
    if cli_today is not None:
        return ReferenceDate(cli_today, "cli")
    if archive.site.today is not None:
        return ReferenceDate(archive.site.today, "site")
    if epoch_day is not None:
        return ReferenceDate(epoch_day, "epoch")
    if build_day is not None:
        return ReferenceDate(build_day, "build")
    newest = max((d.date for d in archive.documents), default=None)
    return ReferenceDate(newest, "newest")


@dataclass(frozen=True)
class PointAnswer:
    """One reply's answer to one point."""

    reply: Document
    response: Response

    @property
    def link(self) -> str:
        """Path of the heading in the reply where the point is answered (or the reply itself)."""
        return self.reply.url + (f"#{self.response.anchor}" if self.response.anchor else "")


@dataclass(frozen=True)
class PointStatus:
    """One point of an advice with every answer to it, oldest first."""

    point: str
    title: str
    answers: tuple[PointAnswer, ...]

    @property
    def final(self) -> PointAnswer:
        """The answer that counts: the newest one."""
        return self.answers[-1]

    @property
    def outcome(self) -> str:
        """The outcome that counts."""
        return self.final.response.outcome


@dataclass(frozen=True)
class AdviceStatus:
    """What the municipality did with one advice (or written questions)."""

    advice: Document
    replies: tuple[Document, ...]  # replies from the municipality, oldest first
    response_days: int | None      # days to the first reply; None while unanswered
    waiting_days: int | None       # days since the advice; None once answered

    @cached_property
    def points(self) -> tuple[PointStatus, ...]:
        """Every point the replies answer, with every answer, in order of first answer.

        Made only for a page that shows them: the counts need only final_outcomes.
        """
        return _merge_points(self.replies)

    @property
    def answered(self) -> bool:
        """Whether a reply has been published."""
        return bool(self.replies)

    @property
    def first_reply(self) -> Document | None:
        """The reply that ended the wait."""
        return self.replies[0] if self.replies else None

    @property
    def outcome_recorded(self) -> bool:
        """Whether any reply records an outcome per point."""
        return any(reply.responses for reply in self.replies)

    @cached_property
    def tally(self) -> tuple[tuple[str, int], ...]:
        """Points per outcome (the outcome that counts), in the fixed order of OUTCOMES."""
        return tally_points(self.points)

    @cached_property
    def final_outcomes(self) -> dict[tuple[str, str], str]:
        """Each point as (the reply that answered it last, its label) with the outcome that counts.

        Made once (and never changed): an advice is counted in every group it belongs to
        (municipalities, topics, its year, the total).
        """
        # As _merge_points matches them, without making the points: the last answer counts.
        final: dict[str, tuple[str, str]] = {}
        for reply in self.replies:
            for response in reply.responses:
                final[response.point.lower()] = (reply.id, response.outcome)
        return {(reply_id, key): outcome for key, (reply_id, outcome) in final.items()}


def tally_points(points: Iterable[PointStatus]) -> tuple[tuple[str, int], ...]:
    """Points per outcome (the outcome that counts), in the fixed order of OUTCOMES."""
    counts = Counter(p.outcome for p in points)
    return tuple((o, counts[o]) for o in OUTCOMES if counts[o])


@dataclass(frozen=True)
class Figures:
    """The counted figures of one group of advices (a municipality, topic, year or all)."""

    key: str
    name: str
    advices: int
    answered: int
    answered_without_outcome: int
    response_days_median: float | None
    response_days_max: int | None
    outcomes: tuple[tuple[str, int], ...]  # every outcome in OUTCOMES order, zeros included
    points_without_advice: int             # points from replies whose advice is not in the archive
    longest_waiting: tuple[AdviceStatus, ...] = ()
    code: str = ""  # CBS code, for a municipality
    questions: int = 0           # of `advices`: sets of written questions
    questions_answered: int = 0  # of `answered`: sets of written questions

    @property
    def advice_letters(self) -> int:
        """Advices proper (written questions left out)."""
        return self.advices - self.questions

    @property
    def advice_letters_answered(self) -> int:
        """Advices proper with a reply."""
        return self.answered - self.questions_answered

    @property
    def advice_letters_unanswered(self) -> int:
        """Advices proper without a reply."""
        return self.advice_letters - self.advice_letters_answered

    @property
    def questions_unanswered(self) -> int:
        """Sets of questions without an answer."""
        return self.questions - self.questions_answered

    @property
    def empty(self) -> bool:
        """Nothing to count: no advice, no questions, no point."""
        return not self.advices and not self.points

    @property
    def unanswered(self) -> int:
        """Advices without any reply."""
        return self.advices - self.answered

    @property
    def points(self) -> int:
        """Points with a recorded outcome."""
        return sum(n for _, n in self.outcomes)

    @property
    def adopted(self) -> int:
        """Points adopted fully or partly."""
        counts = dict(self.outcomes)
        return counts["overgenomen"] + counts["deels"]

    @property
    def adopted_percent(self) -> int | None:
        """Share of points adopted fully or partly, in whole percents (half rounds up)."""
        if not self.points:
            return None
        return (200 * self.adopted + self.points) // (2 * self.points)


@dataclass(frozen=True)
class YearOutcomes:
    """Outcome counts of one year, for the bar chart and its table."""

    year: int
    outcomes: tuple[tuple[str, int], ...]

    @property
    def total(self) -> int:
        """All points of the year."""
        return sum(n for _, n in self.outcomes)


@dataclass(frozen=True)
class Overview:
    """Every figure the site shows: per advice, per municipality, topic and year."""

    reference: ReferenceDate
    advice: dict[str, AdviceStatus]               # advice id -> status
    municipalities: tuple[Figures, ...]           # in the order of views.municipalities
    topics: tuple[Figures, ...]                   # in the order of views.topics
    years: tuple[Figures, ...]                    # newest year first
    total: Figures
    municipality_years: dict[str, tuple[YearOutcomes, ...]]  # municipality slug -> oldest year first
    total_years: tuple[YearOutcomes, ...] = ()               # the whole archive, oldest year first

    @cached_property
    def waiting(self) -> tuple[AdviceStatus, ...]:
        """Every advice and set of questions without a reply, longest waiting first."""
        return tuple(sorted((s for s in self.advice.values() if not s.answered),
                            key=lambda s: (-(s.waiting_days or 0), s.advice.date, s.advice.id)))

    @property
    def municipality_by_slug(self) -> dict[str, Figures]:
        """Municipality figures by slug."""
        return {f.key: f for f in self.municipalities}


def make_overview(archive: Archive, views: Views, reference: ReferenceDate) -> Overview:
    """Count everything from the validated archive and its views."""
    statuses = {
        d.id: advice_status(d, find_replies(d.id, views), reference.day)
        for d in archive.documents if d.type in ASKING_TYPES
    }
    # A reply whose advice is not in the archive (no in_reply_to, or only to documents that
    # ask nothing) still tells what happened to the points it answers (a reactie: an answer
    # to questions adopts nothing). Its points count
    # under the reply's own municipality, topics and year; it adds no advice and no
    # response time, because we do not know when the advice was sent.
    counted = {r.id for s in statuses.values() for r in s.replies}
    standalone = [
        d for d in archive.documents
        if d.type == "reactie" and d.responses and d.id not in counted
    ]
    groups = _group_documents(views, statuses, standalone)
    municipalities = tuple(
        count_figures(listing.slug, listing.name, *groups["municipality"].get(listing.slug, ([], [])),
                      code=listing.municipality.code if listing.municipality else "")
        for listing in views.municipalities
    )
    topics = tuple(
        count_figures(listing.slug, listing.name, *groups["topic"].get(listing.slug, ([], [])))
        for listing in views.topics
    )
    years = tuple(
        count_figures(str(year), str(year), *groups["year"][year])
        for year in sorted(groups["year"], reverse=True)
    )
    total = count_figures("totaal", "Alle gemeenten", list(statuses.values()), standalone)
    municipality_years = {
        slug: _outcomes_per_year(advices, replies)
        for slug, (advices, replies) in groups["municipality"].items()
    }
    return Overview(
        reference=reference,
        advice=statuses,
        municipalities=municipalities, topics=topics, years=years, total=total,
        municipality_years=municipality_years,
        total_years=_outcomes_per_year(list(statuses.values()), standalone),
    )


def find_replies(advice_id: str, views: Views) -> list[Document]:
    """The municipality's replies to an advice, including follow-ups to those replies."""
    # Only a `reactie` or `antwoord` is a reply from the municipality; a document of another
    # type that refers to the advice (a follow-up advice, a note) is not. A reply that names
    # an earlier reply to the advice in its in_reply_to is a follow-up to the same advice.
    found: dict[str, Document] = {}
    frontier = [advice_id]
    while frontier:
        for reply in views.replies.get(frontier.pop(), ()):
            if reply.type in ANSWER_TYPES and reply.id not in found:
                found[reply.id] = reply
                frontier.append(reply.id)
    return list(found.values())


def advice_status(advice: Document, replies: Iterable[Document], today: date | None) -> AdviceStatus:
    """Gather every reply to one advice and answer: answered when, after how long, and how."""
    answers = tuple(sorted(replies, key=lambda r: (r.date, r.id)))
    # The response time is the number of days from the advice to the FIRST reply. A second
    # reply (a follow-up) does not change it.
    response_days = (answers[0].date - advice.date).days if answers else None
    # An advice without a reply counts as "nog geen reactie": it waits from its own date
    # until the reference date. It adds to the count of advices, not to the response times.
    waiting_days = None
    if not answers and today is not None:
        waiting_days = max(0, (today - advice.date).days)
    return AdviceStatus(advice, answers, response_days, waiting_days)


def _merge_points(replies: tuple[Document, ...]) -> tuple[PointStatus, ...]:
    """Every point answered by the replies, in order of first answer."""
    # A point answered in several replies (a follow-up) keeps every answer for the page,
    # but only the NEWEST answer counts: a promise ("toegezegd") that a later letter turns
    # into "overgenomen" counts as overgenomen. Points are matched by their number/label.
    # A reply without `responses` adds no points: the advice counts as answered, with
    # the outcome "niet vastgelegd" (see answered_without_outcome in count_figures).
    order: list[str] = []
    answers: dict[str, list[PointAnswer]] = {}
    for reply in replies:
        for response in reply.responses:
            key = response.point.lower()
            if key not in answers:
                order.append(key)
                answers[key] = []
            answers[key].append(PointAnswer(reply, response))
    return tuple(_point_status(answers[key]) for key in order)


def _point_status(answers: list[PointAnswer]) -> PointStatus:
    titles = [a.response.title for a in answers if a.response.title]
    return PointStatus(answers[-1].response.point, titles[-1] if titles else "", tuple(answers))


def reply_points(reply: Document) -> tuple[PointStatus, ...]:
    """A reply's own answers, as points, for the per-point list on the reply's page."""
    return tuple(_point_status([PointAnswer(reply, r)]) for r in reply.responses)


def count_figures(key: str, name: str, advices: list[AdviceStatus],
                  standalone: list[Document], code: str = "") -> Figures:
    """Count one group's figures from its advices and its replies to advice not in the archive."""
    # Counted as adopted: "overgenomen" (fully) and "deels" (partly). "toegezegd" is a promise,
    # not yet an adoption; "kennisgenomen" takes no position. The share adopted is taken over
    # all points with a recorded outcome.
    # A reply to several advices answers each of them: each counts as answered, with that
    # reply's date. Its points count ONCE per group: a point is identified by the reply that
    # gave its final answer and its label, so two advices answered by one letter do not
    # double its points.
    answered = without_outcome = questions = questions_answered = 0
    days: list[int] = []
    waiting: list[AdviceStatus] = []
    final: dict[tuple[str, str], str] = {}
    for status in advices:
        asked = status.advice.type == "vragen"
        questions += asked
        if not status.replies:
            waiting.append(status)
            continue
        answered += 1
        questions_answered += asked
        if status.response_days is not None:
            days.append(status.response_days)
        if not _counts_outcomes(status):
            # Answered questions add no outcome and are not "uitkomst niet vastgelegd" either.
            continue
        if status.final_outcomes:
            final.update(status.final_outcomes)
        else:
            # A reply without `responses` makes the advice answered, "uitkomst niet vastgelegd":
            # it counts in answered and in the response time, and adds no points.
            without_outcome += 1
    from_advices = len(final)
    _add_standalone(final, standalone)
    waiting.sort(key=lambda s: (-(s.waiting_days or 0), s.advice.date, s.advice.id))
    return Figures(
        key=key, name=name, advices=len(advices), answered=answered,
        answered_without_outcome=without_outcome,
        response_days_median=float(statistics.median(days)) if days else None,
        response_days_max=max(days) if days else None,
        outcomes=_count_outcomes(final),
        points_without_advice=len(final) - from_advices,
        longest_waiting=tuple(waiting[:LONGEST_WAITING]), code=code,
        questions=questions, questions_answered=questions_answered,
    )


def _add_standalone(final: dict[tuple[str, str], str], standalone: list[Document]) -> None:
    """Add the points of replies to advice not in the archive (each reply's own answer counts)."""
    for reply in standalone:
        for response in reply.responses:
            final.setdefault((reply.id, response.point.lower()), response.outcome)


def _count_outcomes(final: dict[tuple[str, str], str]) -> tuple[tuple[str, int], ...]:
    """Points per outcome, every outcome in OUTCOMES order (zeros included)."""
    counts = dict.fromkeys(OUTCOMES, 0)
    for outcome in final.values():
        counts[outcome] += 1
    return tuple(counts.items())


Group = tuple[list[AdviceStatus], list[Document]]  # a group's advices and standalone replies


def _group_documents(views: Views, statuses: dict[str, AdviceStatus],
                     standalone: list[Document]) -> dict[str, dict[Any, Group]]:
    """Sort advices and standalone replies into municipality, topic and year groups."""
    # An advice counts under each municipality it names ("Landelijk" when it names none),
    # under each of its topics, and under the year of its own date (not the reply's).
    groups: dict[str, dict[Any, Group]] = {"municipality": {}, "topic": {}, "year": {}}

    def add(kind: str, key: Any, item: AdviceStatus | Document) -> None:
        advices, replies = groups[kind].setdefault(key, ([], []))
        (advices if isinstance(item, AdviceStatus) else replies).append(item)

    items: list[tuple[Document, AdviceStatus | Document]] = [(s.advice, s) for s in statuses.values()]
    items += [(d, d) for d in standalone]
    for document, item in items:
        for municipality in document.municipalities:
            add("municipality", views.municipality_slugs[municipality.code], item)
        if not document.municipalities:
            add("municipality", NATIONAL_SLUG, item)
        for topic in document.topics:
            add("topic", topic, item)
        add("year", document.date.year, item)
    return groups


def _outcomes_per_year(advices: list[AdviceStatus], standalone: list[Document]) -> tuple[YearOutcomes, ...]:
    """Outcome counts per year of one group, counted by the same rules as count_figures."""
    by_year: dict[int, Group] = {}
    for status in advices:
        by_year.setdefault(status.advice.date.year, ([], []))[0].append(status)
    for reply in standalone:
        by_year.setdefault(reply.date.year, ([], []))[1].append(reply)
    outcomes = []
    for year in sorted(by_year):
        advices, replies = by_year[year]
        final: dict[tuple[str, str], str] = {}
        for status in advices:
            if _counts_outcomes(status):
                final.update(status.final_outcomes)
        _add_standalone(final, replies)
        outcomes.append(YearOutcomes(year, _count_outcomes(final)))
    return tuple(outcomes)
