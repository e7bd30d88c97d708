"""Check content/synoniemen.yaml (optional): the council's own synonym groups for search."""

from __future__ import annotations

import re

from ..errors import ArchiveError
from ..load.content import SYNONYMS_FILE, ContentTree
from ..parse.document import parse_yaml_file
from .common import Checked

# A word or phrase: letters (any alphabet), with spaces, hyphens and apostrophes between them.
TERM = re.compile(r"[^\W\d_]+(?:[ '\-][^\W\d_]+)*")
HINT = "write one group a line, like 'jeugdzorg: [jeugdhulp, jeugdbescherming]'"


def validate_synonyms(tree: ContentTree) -> Checked[tuple[tuple[str, ...], ...]]:
    """Read synoniemen.yaml: a word or phrase, then the words or phrases that mean the same.

    Each line is one group: a search for any of its words finds letters with any other.
    """
    if tree.synonyms is None:
        return Checked((), [])
    shown = f"{tree.root}/{SYNONYMS_FILE}"
    try:
        value, lines = parse_yaml_file(tree.synonyms)
    except ArchiveError as problem:
        return Checked((), [problem])
    if value is None:
        return Checked((), [])
    if not isinstance(value, dict):
        return Checked((), [ArchiveError(f"{SYNONYMS_FILE} must list groups as 'word: [other word, ...]'",
                                         path=shown, line=1, hint=HINT)])
    problems: list[ArchiveError] = []
    groups: list[tuple[str, ...]] = []
    for key, others in value.items():
        line = lines.get(str(key), 1)
        members = [others] if isinstance(others, str) else others
        if not isinstance(members, list) or not members or not all(isinstance(m, str) for m in members):
            problems.append(ArchiveError(f"'{key}' must be followed by a word or a list of words", path=shown,
                                         line=line, hint=HINT))
            continue
        group = [" ".join(str(key).split()).lower(), *(" ".join(m.split()).lower() for m in members)]
        bad = [term for term in group if not TERM.fullmatch(term)]
        if bad:
            problems.append(ArchiveError(f"'{bad[0]}' is not a word or phrase: use letters only", path=shown,
                                         line=line, hint="leave out numbers and signs; spaces and hyphens may stay"))
            continue
        groups.append(tuple(dict.fromkeys(group)))
    return Checked(tuple(groups), problems)
