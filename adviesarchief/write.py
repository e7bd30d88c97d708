"""Write the site atomically: everything goes into a staging folder beside site/, then swaps in."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

from .errors import ArchiveError
from .render import FileCopy, Page

_DRIVE = re.compile(r"^[A-Za-z]:")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@contextmanager
def staging_dir(output_dir: Path) -> Iterator[Path]:
    """Create a staging folder beside the output; remove it on any failure, Ctrl-C included."""
    output_dir = output_dir.absolute()
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output_dir.name}.tmp-", dir=output_dir.parent))
    try:
        yield staging
    finally:
        # After publish() the staging folder has become the output and no longer exists here.
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def contained_path(root: Path, relative: str) -> Path:
    """Join a site-relative path to root, refusing anything that would land outside it.

    The path must be plain '/'-separated names: no '..', '.', empty parts, backslashes, drive
    letters or control characters; and no symlink on the way may lead out of root.
    """
    parts = relative.split("/")
    if (not relative or relative.startswith("/") or "\\" in relative or _DRIVE.match(relative)
            or _CONTROL.search(relative) or any(p in ("..", ".", "") for p in parts)):
        raise ArchiveError(f"refusing to write outside the site: {relative!r}")
    target = root.joinpath(*parts)
    real_root = root.resolve()
    if root not in target.parents or not target.resolve().is_relative_to(real_root):
        raise ArchiveError(f"refusing to write outside the site: {relative!r}")
    return target


def write_pages(staging: Path, pages: Iterable[Page], copies: Iterable[FileCopy]) -> int:
    """Write every page and copied file into the staging folder; return how many files.

    No file may be written twice: a copied attachment must never replace a page.
    """
    written: set[Path] = set()

    def claim(relative: str) -> Path:
        target = contained_path(staging, relative)
        if target in written:
            raise ArchiveError(f"refusing to write '{relative}' twice")
        written.add(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        return target

    for page in pages:
        claim(page.path).write_bytes(page.content)
    for copy in copies:
        shutil.copyfile(copy.source, claim(copy.path))
    return len(written)


def publish(staging: Path, output_dir: Path) -> None:
    """Swap the finished staging folder in place of the output folder."""
    output_dir = output_dir.absolute()
    old = None
    if output_dir.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{output_dir.name}.old-", dir=output_dir.parent))
        os.rmdir(old)
        os.rename(output_dir, old)
    os.rename(staging, output_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def create_file(path: Path, text: str) -> None:
    """Write a new text file, creating its folder; never overwrite an existing file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError as exc:
        raise ArchiveError(f"'{path}' already exists", hint="choose another title, or remove the old file") from exc


def copy_new_file(source: Path, target: Path) -> None:
    """Copy a file to a new place, creating its folder; never overwrite an existing file."""
    if target.exists():
        raise ArchiveError(f"'{target}' already exists", hint="remove it, or import the letter once only")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


def refuse_existing(shown: list[str], paths: list[Path], *, hint: str) -> None:
    """Raise before writing anything when one of the new files already exists."""
    for name, path in zip(shown, paths):
        if path.exists():
            raise ArchiveError(f"'{name}' already exists", hint=hint)
