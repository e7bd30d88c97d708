"""The one user-facing error type and its single-line format."""

from __future__ import annotations

import pytest

from adviesarchief.errors import ArchiveError, warning


@pytest.mark.parametrize(("problem", "line"), [
    (ArchiveError("no front matter", path="content/a.md", line=1, hint="start with ---"),
     "content/a.md:1: error: no front matter; start with ---"),
    (ArchiveError("file cannot be read", path="content/a.md"), "content/a.md:1: error: file cannot be read"),
    (warning("no summary", path="content/b.md", line=7), "content/b.md:7: warning: no summary"),
    (ArchiveError("content directory 'x' does not exist"), "error: content directory 'x' does not exist"),
    (ArchiveError("title 'a\nb'", path="c.md", line=2), "c.md:2: error: title 'a\\nb'"),
])
def test_problem_prints_as_one_line(problem: ArchiveError, line: str) -> None:
    assert problem.format() == line
    assert "\n" not in str(problem)


def test_strict_turns_a_warning_into_an_error() -> None:
    assert warning("no summary", path="a.md", line=3).as_error().format() == "a.md:3: error: no summary"
