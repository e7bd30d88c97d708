"""Whole-archive results remembered between builds, by a key of everything they are made from.

A rebuild after an edit of a letter's text (the most common edit) leaves every front matter as
it was; what is made from front matter alone (the search lexicon, the letters' statuses for a
reference date, the finder's lists, the Woo-index's sitemap plan) is then read back instead of
worked out again. A value is kept with its key and read only when the key is the same; an
unreadable, damaged or stale file costs the time to make the value, never a different result.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, TypeVar

from .cache import code_version, combine, read_checked, write_checked

T = TypeVar("T")


def remembered(cache_dir: Path | None, name: str, key_parts: list[str], make: Callable[[], T]) -> T:
    """make(), or the value it gave for the same key in an earlier build (values: what marshal stores).

    key_parts: everything the value is made from, besides the code (always part of the key).
    """
    if cache_dir is None:
        return make()
    key = combine(code_version(), name, *key_parts)
    path = cache_dir / "derived" / f"{name}.marshal"
    record = read_checked(path)
    if record.get("key") == key and "value" in record:
        return record["value"]  # type: ignore[no-any-return]
    value = make()
    try:
        write_checked(path, {"key": key, "value": value})
    except (OSError, ValueError):
        pass  # not kept: the next build makes it again
    return value
