"""Whole-archive results remembered between builds, by a key of everything they are made from.

A rebuild after an edit of a letter's text (the most common edit) leaves every front matter as
it was; what is made from front matter alone (the search lexicon, the letters' statuses for a
reference date, the finder's lists, the Woo-index's sitemap plan and its entries) is then read
back instead of worked out again. A value is kept with its key and read only when the key is the same; an
unreadable, damaged or stale file costs the time to make the value, never a different result.
"""

from __future__ import annotations

import io
import os
import pickle
from pathlib import Path
from typing import Any, Callable, Container, Mapping, TypeVar

from ..model import Archive, Document
from .cache import (code_version, combine, read_checked, read_verified, remove_other_versions, write_checked,
                    write_verified)

T = TypeVar("T")


def front_matter_key(archive: Archive, front_matter: Mapping[str, str]) -> str:
    """A hash of all the archive's front matter: site.yaml, the topics, and each letter's path and front-matter hash.

    A letter's id is its file's name: a file renamed with its front matter unchanged is another letter.
    One hash, made once: every value remembered under it would otherwise hash all the letters again.
    """
    return combine(repr(archive.site), repr(archive.topics), str(len(archive.documents)),
                   *(f"{d.source_path}={front_matter[d.source_path]}" for d in archive.documents))


def remembered(cache_dir: Path | None, name: str, key_parts: list[str], make: Callable[[], T]) -> T:
    """make(), or the value it gave for the same key in an earlier build (values: what marshal stores).

    key_parts: everything the value is made from, besides the code (always part of the key).
    """
    found, value = recall(cache_dir, name, key_parts)
    if found:
        return value  # type: ignore[no-any-return]
    value = make()
    keep(cache_dir, name, key_parts, value)
    return value


def recall(cache_dir: Path | None, name: str, key_parts: list[str]) -> tuple[bool, Any]:
    """(True, the value kept under this name for the same key), or (False, None)."""
    if cache_dir is None:
        return False, None
    record = read_checked(_path(cache_dir, name))
    if record.get("key") == _key(name, key_parts) and "value" in record:
        return True, record["value"]
    return False, None


def keep(cache_dir: Path | None, name: str, key_parts: list[str], value: Any) -> None:
    """Keep a value (what marshal stores) under this name and key for later builds; what cannot be kept is not."""
    if cache_dir is None:
        return
    try:
        write_checked(_path(cache_dir, name), {"key": _key(name, key_parts), "value": value})
    except (OSError, ValueError):
        pass  # not kept: the next build makes it again


def remembered_each(cache_dir: Path | None, output: str, key_parts: list[str], keys: Mapping[str, str],
                    make: Callable[[str], str]) -> dict[str, str]:
    """make(item) for each item of keys, or what it gave for the same item key (and key_parts) in an earlier build.

    For an output (its path in the site) whose parts an edit changes one at a time: a sitemap of
    1,000 letters' entries. keys: each item's own key, everything its value is made from besides
    key_parts. What is kept goes when the output does (forget_stale).
    """
    name = f"{ENTRIES}/{output}"
    # What is read back is what this code version wrote (recall checks the hash and the key).
    found, value = recall(cache_dir, name, key_parts)
    earlier: dict[str, tuple[str, str]] = value if found else {}
    made: dict[str, str] = {}
    kept: dict[str, tuple[str, str]] = {}
    for item, key in keys.items():
        before = earlier.get(item)
        made[item] = before[1] if before is not None and before[0] == key else make(item)
        kept[item] = (key, made[item])
    if kept != earlier:
        keep(cache_dir, name, key_parts, kept)
    return made


def remembered_with_letters(cache_dir: Path | None, name: str, key_parts: list[str], make: Callable[[], T],
                            letters: Mapping[str, Document]) -> T:
    """make(), or what it gave for the same key in an earlier build: any value, whose letters are this build's own.

    For results made of objects that point to letters (the views, the figures): a letter is kept as
    its id and read back as the letter of that id in `letters`, so its text is always this
    build's. key_parts must hold everything else the value is made from (front_matter_key).
    """
    if cache_dir is None:
        return make()
    path, key = _path(cache_dir, name).with_suffix(".pickle"), _key(name, key_parts).encode("ascii")
    body = read_verified(path)
    if body is not None and body.startswith(key):
        try:
            unpickler = pickle.Unpickler(io.BytesIO(body[len(key):]))
            # A mapping's own lookup, not a Python method: called once per letter pointed to.
            unpickler.persistent_load = letters.__getitem__  # type: ignore[assignment]
            return unpickler.load()  # type: ignore[no-any-return]
        except (pickle.UnpicklingError, KeyError, EOFError, AttributeError, ValueError, TypeError):
            pass  # made again below
    value = make()
    stream = io.BytesIO()
    try:
        _LetterPickler(stream, pickle.HIGHEST_PROTOCOL).dump(value)
        write_verified(path, key + stream.getvalue())
    except (OSError, pickle.PicklingError):
        pass  # not kept: the next build makes it again
    return value


class _LetterPickler(pickle.Pickler):
    """Pickles a letter as its id."""

    def persistent_id(self, obj: Any) -> str | None:
        return obj.id if type(obj) is Document else None


def _key(name: str, key_parts: list[str]) -> str:
    return combine(code_version(), name, *key_parts)


def _path(cache_dir: Path, name: str) -> Path:
    return _folder(cache_dir) / f"{name}.marshal"


def _folder(cache_dir: Path) -> Path:
    """This code version's folder: a value kept by another version is never read again, so it goes (forget_stale)."""
    return cache_dir / "derived" / code_version()[:16]


# The subfolder of the parts kept per output (remembered_each), by the output's path.
ENTRIES = "entries"


def forget_stale(cache_dir: Path | None, outputs: Container[str]) -> None:
    """Remove what no later build reads: values kept by other code versions, and the parts of outputs the site no longer has."""
    if cache_dir is None:
        return
    try:
        folder = _folder(cache_dir)
        if folder.is_dir():
            remove_other_versions(folder)
            for entry in os.scandir(folder.parent):
                if entry.is_file(follow_symlinks=False):
                    os.unlink(entry.path)  # kept before values were kept per code version
        entries = folder / ENTRIES
        for path in entries.rglob("*.marshal") if entries.is_dir() else ():
            if path.relative_to(entries).as_posix().removesuffix(".marshal") not in outputs:
                path.unlink(missing_ok=True)
    except OSError:
        pass  # tidying only saves disk space: a later build tries again
