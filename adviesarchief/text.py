"""Small pure helpers for Dutch text: slugs, dates in words, suggestions."""

from __future__ import annotations

import difflib
import re
import unicodedata
from datetime import date
from typing import Iterable

MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)

_NON_SLUG = re.compile(r"[^a-z0-9]+")
# Typographic ligatures some PDF makers write as one character ('ﬁ' in 'ﬁnanciën', Dutch 'ĳ'), and the soft
# hyphen a word processor marks a possible break with: a reader sees the letters, so search and
# the drafts of `import` must see them too.
_AS_LETTERS = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
                             "\ufb05": "st", "\ufb06": "st", "\u0133": "ij", "\u0132": "IJ",
                             "\u00ad": None})
_NOT_AS_LETTERS = "".join(map(chr, _AS_LETTERS))


def slugify(text: str) -> str:
    """Return lowercase ASCII words joined by '-' ('Súdwest-Fryslân' -> 'sudwest-fryslan')."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NON_SLUG.sub("-", ascii_text.lower()).strip("-")


def as_letters(text: str) -> str:
    """The text with ligatures written out ('ﬁ' -> 'fi') and soft hyphens left out."""
    # translate() looks up every character (0.45 ms for a letter's search record); a search
    # for each of these few characters runs at memory speed, and most texts hold none.
    if any(character in text for character in _NOT_AS_LETTERS):
        return text.translate(_AS_LETTERS)
    return text


def format_date(day: date) -> str:
    """Write a date out in Dutch words: '3 april 2017'."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def suggest(value: str, choices: Iterable[str]) -> str | None:
    """Return the closest choice to value (ignoring case), or None when nothing is close."""
    by_lower = {c.lower(): c for c in choices}
    found = difflib.get_close_matches(value.lower(), list(by_lower), n=1, cutoff=0.75)
    return by_lower[found[0]] if found else None


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """Return "did you mean 'x'?" for the closest choice, or an empty string."""
    best = suggest(value, choices)
    return f"did you mean '{best}'?" if best else ""


def join_dutch(items: list[str]) -> str:
    """Join words as Dutch prose: 'a, b en c'."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " en " + items[-1]
