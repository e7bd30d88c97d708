"""Dates as YYYY-MM-DD: read one, and guess what a differently written date meant."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from ..text import MONTHS
from .common import Issue

DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")

_MONTH_WORDS: dict[str, int] = {
    **{name: number for number, name in enumerate(MONTHS, start=1)},
    **{name[:3]: number for number, name in enumerate(MONTHS, start=1)},
    "mrt": 3, "sept": 9, "march": 3, "may": 5, "june": 6, "july": 7, "october": 10,
    "january": 1, "february": 2, "august": 8,
}
_WEEKDAYS = re.compile(r"^(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag"
                       r"|ma|di|wo|do|vr|za|zo)\.?,?\s+")


def parse_date(value: Any, key: str) -> tuple[date | None, list[Issue]]:
    """Read a YYYY-MM-DD value; return the date (None if it is not one) and the problem with it, at `key`."""
    text = str(value).strip() if value is not None else ""
    if not text:
        return None, [Issue(key, "'date' is empty", "fill in the date of the letter as YYYY-MM-DD, like 2017-04-03")]
    if not DATE_PATTERN.match(text):
        guess = guess_date(text)
        return None, [Issue(key, f"date '{text}' is not written as YYYY-MM-DD",
                            f"write it as {guess.isoformat()}" if guess else "write it as YYYY-MM-DD, like 2017-04-03")]
    try:
        return date.fromisoformat(text), []
    except ValueError:
        return None, [Issue(key, f"date '{text}' does not exist", "check the day and the month")]


def guess_date(text: str) -> date | None:
    """Read the ways people write dates ('3 april 2017', '03-04-2017', '2017-4-3') to suggest YYYY-MM-DD."""
    text = _WEEKDAYS.sub("", text.lower().strip()).replace(",", " ")
    patterns: list[tuple[str, tuple[int, int, int]]] = [
        (r"(\d{4})-(\d{2})-(\d{2})[t ].*", (1, 2, 3)),          # a date with a time
        (r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", (1, 2, 3)),
        (r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", (3, 2, 1)),    # Dutch order: day first
        (r"(\d{4})(\d{2})(\d{2})", (1, 2, 3)),
    ]
    try:
        for pattern, (y, m, d) in patterns:
            found = re.fullmatch(pattern, text)
            if found:
                return date(int(found.group(y)), int(found.group(m)), int(found.group(d)))
        words = re.fullmatch(r"(\d{1,2})e?\s+([a-z]+)\.?\s+(\d{4})", text) or \
            re.fullmatch(r"([a-z]+)\.?\s+(\d{1,2})\s+(\d{4})", text)
        if words:
            day_text, month_text = (words.group(1), words.group(2)) if words.group(1).isdigit() \
                else (words.group(2), words.group(1))
            month = _MONTH_WORDS.get(month_text)
            return date(int(words.group(3)), month, int(day_text)) if month else None
    except ValueError:
        return None
    return None
