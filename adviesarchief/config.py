"""The one frozen build configuration, made by the CLI and passed explicitly."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Tuning:
    """Knobs that trade time, memory and download size; none of them changes what the site says."""

    # Below this many files a process pool costs more (starting processes) than it saves.
    pool_min: int = 200
    # Letters per parse task, and per pack of the parse cache.
    parse_chunk: int = 50
    # Letters a forked child renders at most before it ends: the memory it copies from the
    # build lasts as long as its part (at 100,000 letters, a part of 6,250 held 175 MB).
    render_part: int = 1000
    # Packs beyond twice the fewest needed before the parse cache is repacked.
    repack_slack: int = 8
    # How long (s) a file must have been unchanged before its stamp is trusted (see ParseCache.stamps).
    stamp_seconds: int = 2
    # How old (s) a pack that no index names must be before it is removed.
    unused_pack_seconds: int = 600
    # Up to this many documents one search index is smallest to download; beyond it, shards per year.
    single_index_max: int = 2000
    # A year with more documents is split into parts by date. Pagefind takes about 2.5 ms per
    # letter, so re-indexing the shard of one changed letter (parts of 100 to 200) takes well
    # under half a second, the time a rebuild spends on the rest.
    shard_max: int = 200
    # But every shard a search opens costs its download (a word-index chunk of some 26 KB, however
    # few letters it holds), so a larger archive gets larger shards: shard_max doubles for every
    # doubling of the archive beyond this size (a rare step, after which every shard is rebuilt).
    shard_growth_from: int = 16_000
    # The search page first searches the newest shards up to this many documents, or this many
    # shards (each costs a query about 26 KB of word index, whatever its size); the reader widens it.
    first_search_documents: int = 2000
    first_search_shards: int = 6
    # Up to this many letters to index, their records are written before the indexing thread starts.
    prepare_here_max: int = 1000
    # Up to this many letters to index, Pagefind runs on one thread: it ends (in under a second)
    # before the build's own work, which holds one core. A larger index is the build's longest
    # task (a cold build of 1,000 letters) and gets every core.
    single_thread_max: int = 400
    # When only letters' texts changed since the last build and their shards hold up to this many
    # letters, Pagefind starts on those shards right after parsing, before the archive is checked
    # (incremental/early.py). Their records are written first, in the build's own thread: one
    # shard at 100,000 letters holds 1,250.
    early_index_max: int = 2000


@dataclass(frozen=True)
class Config:
    """Where to read and write, and how strict to be."""

    content_dir: Path = Path("content")
    output_dir: Path = Path("site")
    templates_dir: Path = PACKAGE_DIR / "render" / "templates"
    strict: bool = False
    # Reference date for "days waiting"; None means: site.yaml's, else the newest document's date.
    today: date | None = None
    # The calendar date: the build date waits are counted to (see source_date), and for warning
    # about dates in the future.
    now: date = field(default_factory=date.today)
    # The day of SOURCE_DATE_EPOCH (reproducible builds): counted to instead of `now`.
    source_date: date | None = None
    # Parsed documents and the manifest of the published site; None builds without a cache.
    cache_dir: Path | None = Path(".cache")
    # Processes for parsing, rendering and indexing (1 = no process pool).
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)
    tuning: Tuning = field(default_factory=Tuning)

    def display_path(self, path: Path) -> str:
        """Return path as a user typed it: relative to the working directory when possible."""
        try:
            return str(path.resolve().relative_to(Path.cwd().resolve()))
        except ValueError:
            return str(path)
