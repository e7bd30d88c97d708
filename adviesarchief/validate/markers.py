"""Review markers left in a document: '# CONTROLEER: ...' comments that `import` wrote on every guess.

A marker says a value was guessed and nobody has looked at it yet; publishing with one left
may publish a wrong type, date or addressee. Each is a warning (an error with --strict).
"""

from __future__ import annotations

import re

from ..errors import ArchiveError, warning

REVIEW_MARKER = "# CONTROLEER"
# '# CONTROLEER' as a YAML comment, also after a value ('type: advies  # CONTROLEER: ...').
_MARKER = re.compile(r"(?:^|\s)#\s*CONTROLEER\b:?\s*(.*)$")
MAX_REASON = 80


def find_review_markers(path: str, text: str) -> list[ArchiveError]:
    """A warning for every line of a document's text that holds a '# CONTROLEER' marker, with its line."""
    problems: list[ArchiveError] = []
    if "CONTROLEER" not in text:  # nearly every letter: one scan instead of a search per line
        return problems
    for number, line in enumerate(text.splitlines(), start=1):
        match = _MARKER.search(line)
        if match is None:
            continue
        field = line.split(":", 1)[0].strip() if re.match(r"^\s*[\w-]+:", line) else ""
        reason = " ".join(match.group(1).split())
        if len(reason) > MAX_REASON:
            reason = reason[:MAX_REASON - 1].rsplit(" ", 1)[0] + "…"
        about = f"'{field}' is still marked for review" if field else "a review marker is left"
        problems.append(warning(
            about + (f" ({reason})" if reason else ""), path=path, line=number,
            hint="check the value, then remove the '# CONTROLEER' comment"))
    return problems
