"""One rule for characters no page, feed, JSON or CSV file can carry: refuse them where they are written.

Control characters (a terminal's colour codes, Word's field marks), halves of UTF-16 pairs
and non-characters break the XML of the feeds and the HTML of the pages; numbers beyond
2**53 lose digits in every browser's JSON. A file that holds one is refused with its line, so
that `check` passing means `build` passes.
"""

from __future__ import annotations

import re
from typing import Any, Mapping

from ..errors import ArchiveError

# Tab and line feed are text; carriage returns are made line feeds before this is asked.
_UNPUBLISHABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
# The largest whole number JavaScript (and so the search page and every JSON reader) holds exactly.
LARGEST_NUMBER = 2**53
_HINT = ("remove it; it comes with text pasted from a terminal (colour codes) or from Word (field codes): "
         "type that part of the text again")


def describe(character: str) -> str:
    """Name a character a secretary cannot see: 'U+001B (a control character)'."""
    code = ord(character)
    kind = ("half of a character pair" if 0xD800 <= code <= 0xDFFF else
            "not a character" if code >= 0xFDD0 else "a control character")
    return f"U+{code:04X} ({kind})"


def check_text(text: str, path: str, first_line: int = 1) -> None:
    """Raise ArchiveError at the first character of a file's text that cannot be published."""
    found = _UNPUBLISHABLE.search(text)
    if found:
        raise ArchiveError(f"this line holds a character that cannot be published: {describe(found.group(0))}",
                           path=path, line=first_line + text.count("\n", 0, found.start()), hint=_HINT)


def check_values(value: Any, lines: Mapping[str, int], path: str, key: str = "") -> None:
    """Raise ArchiveError for a YAML value (written with an escape, like "\\e") that cannot be published."""
    if isinstance(value, dict):
        for name, item in value.items():
            check_values(str(name), lines, path, key)
            check_values(item, lines, path, f"{key}.{name}" if key else str(name))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            check_values(item, lines, path, f"{key}.{index}" if key else str(index))
    elif isinstance(value, str):
        found = _UNPUBLISHABLE.search(value)
        if found:
            raise ArchiveError(f"'{key or value}' holds a character that cannot be published: "
                               f"{describe(found.group(0))}", path=path, line=_line_of(key, lines), hint=_HINT)
    elif isinstance(value, int) and not isinstance(value, bool) and abs(value) >= LARGEST_NUMBER:
        raise ArchiveError(f"the number in '{key}' is too large ({len(str(abs(value)))} digits)",
                           path=path, line=_line_of(key, lines),
                           hint="shorten it, or put it in quotes if it is a code and not a number")


def too_long_number(text: str, path: str, first_line: int) -> ArchiveError:
    """The error for a number YAML cannot even read (over 4,300 digits), at its line."""
    found = re.search(r"\d{4000,}", text)
    line = first_line + (text.count("\n", 0, found.start()) if found else 0)
    digits = len(found.group(0)) if found else 0
    return ArchiveError(f"a number of {digits} digits is too long", path=path, line=line,
                        hint="shorten it, or put it in quotes if it is a code and not a number")


def _line_of(key: str, lines: Mapping[str, int]) -> int:
    """The line of a key, or of the nearest key around it."""
    while key:
        if key in lines:
            return lines[key]
        key = key.rpartition(".")[0]
    return 1
