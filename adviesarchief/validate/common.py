"""What the checks share: their result type, a problem placed by front-matter key, and message wording."""

from __future__ import annotations

import re
from typing import Any, Generic, NamedTuple, TypeVar

from ..errors import ArchiveError, Level

T = TypeVar("T")
# Ids of letters and keys of topics: what can stand in a web address as it is.
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class Checked(NamedTuple, Generic[T]):
    """A checked value and the problems found while checking it."""

    value: T
    problems: list[ArchiveError]


class Issue(NamedTuple):
    """A problem found in a value before its file and line are known: placed by a key (or a line)."""

    where: str | int  # a front-matter key like "responses.0.outcome", or a file line
    message: str
    hint: str = ""
    level: Level = "error"

    def placed(self, path: str, line: int) -> ArchiveError:
        """Return this problem at a file's line."""
        return ArchiveError(self.message, path=path, line=line, hint=self.hint, level=self.level)


def quote(name: str) -> str:
    """Quote a name for a message; names with an apostrophe ('s-Gravenhage) get double quotes."""
    return f'"{name}"' if "'" in name else f"'{name}'"


def join(items: list[str], word: str) -> str:
    """Join items as 'a, b and c' (or with 'or')."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {word} " + items[-1]


def kind(value: Any) -> str:
    """Name the kind of a YAML value as a message says it: 'a list', 'a number', 'text' ..."""
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a group of fields"
    if isinstance(value, bool):
        return "yes/no"
    if isinstance(value, (int, float)):
        return "a number"
    return "empty" if value is None else "text"
