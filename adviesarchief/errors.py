"""The one user-facing error type: a problem in the content, with its place and a hint."""

from __future__ import annotations

import re
from typing import Literal

Level = Literal["error", "warning"]
# Characters that would split or forge a problem line when content is quoted in a message.
_LINE_BREAKING = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")


class ArchiveError(Exception):
    """A problem a council secretary can fix: path, line, message and how to fix it.

    Validation collects these (warnings too, with level "warning"); a build that has
    any with level "error" raises them together in an ExceptionGroup.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str = "",
        line: int = 0,
        hint: str = "",
        level: Level = "error",
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        # A problem with the file as a whole is reported at its first line, so every
        # problem line keeps the `path:line:` shape that editors and CI annotate.
        self.line = line if line > 0 or not path else 1
        self.hint = hint
        self.level: Level = level

    def __str__(self) -> str:
        return self.format()

    def format(self) -> str:
        """Return the single line `path:line: level: message; hint`."""
        place = f"{self.path}:{self.line}: " if self.path else ""
        hint = f"; {self.hint}" if self.hint else ""
        return _LINE_BREAKING.sub(_escape, f"{place}{self.level}: {self.message}{hint}")

    def sort_key(self) -> tuple[str, int, str]:
        """Order problems by path, then line, then text."""
        return (self.path, self.line, self.message)

    def __reduce__(self) -> tuple[object, tuple[str, str, int, str, Level]]:
        # Keeps path, line and hint when a worker process hands the problem back.
        return (_rebuild, (self.message, self.path, self.line, self.hint, self.level))

    def as_error(self) -> ArchiveError:
        """Return this problem with level error (for --strict)."""
        return ArchiveError(self.message, path=self.path, line=self.line, hint=self.hint)


def _rebuild(message: str, path: str, line: int, hint: str, level: Level) -> ArchiveError:
    """An ArchiveError from its parts (for pickling)."""
    return ArchiveError(message, path=path, line=line, hint=hint, level=level)


def _escape(match: re.Match[str]) -> str:
    return match.group(0).encode("unicode_escape").decode("ascii")


def warning(message: str, *, path: str = "", line: int = 0, hint: str = "") -> ArchiveError:
    """Build a problem of level warning."""
    return ArchiveError(message, path=path, line=line, hint=hint, level="warning")


def errors_only(problems: list[ArchiveError]) -> list[ArchiveError]:
    """Return the problems of level error."""
    return [p for p in problems if p.level == "error"]
