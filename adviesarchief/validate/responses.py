"""Check the responses of a reply: which advice point it answers, with what outcome."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ..model import ANSWER_TYPES, OUTCOMES, Heading, Response
from ..text import did_you_mean
from .common import Issue

RESPONSE_FIELDS = ("point", "title", "outcome", "note")
MAX_POINT_LENGTH = 40
_NEEDS_POINT_AND_OUTCOME = "write '- point: 1' and below it '  outcome: overgenomen' (or another outcome)"


def check_responses(value: Any, doc_type: str | None, headings: tuple[Heading, ...]
                    ) -> tuple[tuple[Response, ...], list[Issue]]:
    """Check the 'responses' field of a letter of `doc_type`; anchor each point at a heading of its text."""
    if value is None:
        return (), []
    if doc_type is not None and doc_type not in ANSWER_TYPES:
        return (), [Issue("responses", f"a document of type '{doc_type}' cannot have responses",
                          "only 'reactie' and 'antwoord' answer points; remove 'responses' or change the type")]
    if not isinstance(value, list):
        return (), [Issue("responses", "'responses' must be a list", "write '- point: 1' and '  outcome: ...' per point")]
    issues: list[Issue] = []
    responses: list[Response] = []
    for index, item in enumerate(value):
        key = f"responses.{index}"
        if not isinstance(item, dict):
            issues.append(Issue(key, "each response needs 'point' and 'outcome'", _NEEDS_POINT_AND_OUTCOME))
            continue
        for extra in item:
            if extra not in RESPONSE_FIELDS:
                issues.append(Issue(f"{key}.{extra}", f"unknown response field '{extra}' is ignored",
                                    did_you_mean(str(extra), RESPONSE_FIELDS), "warning"))
        absent = [name for name in ("point", "outcome") if name not in item]
        if absent:
            issues.append(Issue(key, f"this response has no {' and no '.join(repr(a) for a in absent)}",
                                _NEEDS_POINT_AND_OUTCOME))
            continue
        point = item.get("point")
        if isinstance(point, float) and point.is_integer():
            point = int(point)  # 'point: 2.0' is point 2, as JSON Schema's integer says
        if isinstance(point, bool) or not isinstance(point, (int, str)) or not str(point).strip() \
                or len(str(point)) > MAX_POINT_LENGTH or "\n" in str(point):
            issues.append(Issue(f"{key}.point", f"point '{point}' must be a number or a short label",
                                f"write e.g. 'point: 3' or 'point: 2a' (at most {MAX_POINT_LENGTH} characters)"))
            continue
        outcome = item.get("outcome")
        if outcome is None or (isinstance(outcome, str) and not outcome.strip()):
            issues.append(Issue(f"{key}.outcome", "'outcome' is empty",
                                "fill in what the municipality did with this point: " + ", ".join(OUTCOMES)))
            continue
        if not isinstance(outcome, str) or outcome not in OUTCOMES:
            suggestion = did_you_mean(str(outcome), OUTCOMES)
            issues.append(Issue(f"{key}.outcome", f"unknown outcome '{outcome}'",
                                (suggestion + " " if suggestion else "") + "use one of: " + ", ".join(OUTCOMES)))
            continue
        title = item.get("title", "")
        note = item.get("note", "")
        if not isinstance(title, (str, int)) or not isinstance(note, str):
            issues.append(Issue(key, "a response's 'title' and 'note' must be text"))
            continue
        point_text = str(point).strip()
        responses.append(Response(
            point=point_text, title=str(title).strip(), outcome=outcome, note=note.strip(),
            anchor=find_point_anchor(headings, point_text, str(title)),
        ))
    return tuple(responses), issues


def find_point_anchor(headings: tuple[Heading, ...], point: str, title: str) -> str:
    """Find the heading that answers a point: one numbered like it, or one named like it."""
    pattern = _point_heading(point)
    for heading in headings:
        if pattern.match(heading.text.strip()):
            return heading.anchor
    wanted = title.strip().lower()
    if wanted:
        for heading in headings:
            if wanted in heading.text.lower():
                return heading.anchor
    return ""


@lru_cache(maxsize=256)
def _point_heading(point: str) -> re.Pattern[str]:
    """The pattern of a heading numbered like a point."""
    # Points are numbered alike in most letters ("1", "2", "3.1"): compiled once each.
    number = re.escape(point)
    return re.compile(rf"^(?:(?:vraag|punt|advies|advies ?punt)\s*)?{number}(?:[.):\s]|$)", re.IGNORECASE)
