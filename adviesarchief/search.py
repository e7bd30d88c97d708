"""Build the Pagefind search index over the written document pages, in shards, with the Pagefind CLI.

One Pagefind run over a large archive needs memory in proportion to all pages (about 35 GB
for 100,000 letters). So a large archive is indexed per year (a year with very many letters
is split into parts by date): every shard is a separate Pagefind run over a folder of links to
its pages, shards run side by side, and a shard whose pages did not change is taken over from
the published site. The newest shard is the main bundle in /pagefind/, the others are in
/pagefind/<shard>/. The search page opens only the shards a search needs (see zoekindex.js).
"""

from __future__ import annotations

import math
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable, Sequence

from pagefind_bin import get_executable

from .errors import ArchiveError
from .model import Document

# Up to this many documents one index is smallest to download; beyond it, one shard per year.
SINGLE_INDEX_MAX = 2000
# A year with more documents is split: Pagefind needs about 0.4 MB per page, and two run at once.
SHARD_MAX = 4000
# The search page first searches the newest shards up to this many documents, or this many shards
# (each costs a query about 26 KB of word index, whatever its size); the reader widens it.
FIRST_SEARCH_DOCUMENTS = 2000
FIRST_SEARCH_SHARDS = 6
INDEX_DIR = "pagefind"
# What a Pagefind bundle holds besides its files; other folders inside /pagefind/ are shards.
BUNDLE_FOLDERS = ("fragment", "index", "filter")


@dataclass(frozen=True)
class Shard:
    """One Pagefind bundle: its name ('' for the main one), its pages and their combined key."""

    name: str
    pages: tuple[str, ...]
    key: str


def assign_shards(documents: Sequence[Document]) -> list[tuple[str, tuple[Document, ...]]]:
    """Split the documents into search shards, the main (newest) one first with name ''."""
    if len(documents) <= SINGLE_INDEX_MAX:
        return [("", tuple(documents))]
    by_year: dict[int, list[Document]] = {}
    for document in documents:
        by_year.setdefault(document.date.year, []).append(document)
    shards: list[tuple[str, tuple[Document, ...]]] = []
    for year in sorted(by_year, reverse=True):
        group = by_year[year]
        parts = math.ceil(len(group) / SHARD_MAX)
        if parts == 1:
            shards.append((str(year), tuple(group)))
            continue
        days = (date(year, 12, 31) - date(year, 1, 1)).days + 1
        split: dict[int, list[Document]] = {}
        for document in group:
            split.setdefault((document.date.timetuple().tm_yday - 1) * parts // days, []).append(document)
        shards.extend((f"{year}-{part + 1}", tuple(split[part])) for part in sorted(split, reverse=True))
    return [("", shards[0][1])] + shards[1:]


def bundle_path(name: str) -> str:
    """Where a shard's bundle lives in the site."""
    return f"{INDEX_DIR}/{name}/" if name else f"{INDEX_DIR}/"


def index_site(site_dir: Path, shards: Sequence[Shard], *, previous_site: Path | None = None,
               previous_keys: dict[str, str] | None = None, jobs: int = 1,
               progress: Callable[[int], None] = lambda _: None) -> str:
    """Index every shard whose key changed, take the others from the previous site; return a summary."""
    previous_keys = previous_keys or {}
    reused = [s for s in shards if previous_site is not None and previous_keys.get(s.name) == s.key
              and (previous_site / bundle_path(s.name) / "pagefind-entry.json").is_file()]
    todo = [s for s in shards if s not in reused]
    work = Path(tempfile.mkdtemp(prefix=".pagefind-", dir=site_dir.parent))
    try:
        counts = _run_shards(site_dir, todo, work, jobs, progress)
        target = site_dir / INDEX_DIR
        for shard in sorted(shards, key=lambda s: s.name != ""):  # the main bundle first
            destination = site_dir / bundle_path(shard.name)
            if shard in reused:
                assert previous_site is not None
                _link_bundle(previous_site / bundle_path(shard.name), destination)
                progress(1)
            else:
                os.replace(work / "out" / (shard.name or "_main"), destination)
        assert target.is_dir()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    pages = sum(len(s.pages) for s in shards)
    words = f", {counts['words']} words" if todo else ""
    return (f"{pages} pages in {len(shards)} {'shard' if len(shards) == 1 else 'shards'}, "
            f"{len(todo)} indexed{words}")


def _run_shards(site_dir: Path, shards: Sequence[Shard], work: Path, jobs: int,
                progress: Callable[[int], None]) -> dict[str, int]:
    """Run Pagefind per shard, `jobs` at a time, over a folder of hard links to the shard's pages."""
    executable = str(get_executable())
    pending = sorted(shards, key=lambda s: -len(s.pages))  # biggest first, for a short tail
    running: list[tuple[Shard, subprocess.Popen[str]]] = []
    counts = {"words": 0}
    (work / "out").mkdir()
    try:
        while pending or running:
            while pending and len(running) < max(1, jobs):
                shard = pending.pop(0)
                source = work / "in" / (shard.name or "_main")
                for page in shard.pages:
                    target = source / page
                    target.parent.mkdir(parents=True, exist_ok=True)
                    _link_or_copy(site_dir / page, target)
                source.mkdir(parents=True, exist_ok=True)
                command = [executable, "--site", str(source), "--output-path",
                           str(work / "out" / (shard.name or "_main"))]
                running.append((shard, subprocess.Popen(command, stdout=subprocess.PIPE,
                                                        stderr=subprocess.PIPE, text=True)))
            time.sleep(0.02)
            for shard, process in list(running):
                if process.poll() is None:
                    continue
                stdout, stderr = process.communicate()
                running.remove((shard, process))
                if process.returncode != 0:
                    raise ArchiveError(
                        "building the search index failed: " + (stderr.strip() or stdout.strip())[-500:],
                        hint="this is a bug in the build, not in your content: please report it")
                counts["words"] += _indexed_words(stdout)
                shutil.rmtree(work / "in" / (shard.name or "_main"), ignore_errors=True)
                progress(1)
    finally:
        for _, process in running:
            process.kill()
            process.wait()
    return counts


def _indexed_words(stdout: str) -> int:
    for line in stdout.splitlines():
        words = line.strip().split()
        if line.strip().startswith("Indexed ") and len(words) >= 3 and words[2] == "words":
            return int(words[1])
    return 0


def _link_bundle(source: Path, destination: Path) -> None:
    """Hard-link a published bundle into the staging site (files and Pagefind's own folders only)."""
    destination.mkdir(parents=True, exist_ok=True)
    for entry in source.iterdir():
        if entry.is_file():
            _link_or_copy(entry, destination / entry.name)
        elif entry.name in BUNDLE_FOLDERS:
            (destination / entry.name).mkdir()
            for item in entry.iterdir():
                _link_or_copy(item, destination / entry.name / item.name)


def _link_or_copy(source: Path, target: Path) -> None:
    # A hard link costs no disk and no time; the published file is never written in place.
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)
