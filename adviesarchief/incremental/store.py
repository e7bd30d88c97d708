"""The site store: the published site, the spare and their manifests, in one place.

After a swap the old site is kept beside the new one as the spare (`.site.spare`). The next
build takes the spare as its staging folder and patches it: only files whose key changed are
removed and written again, so an incremental build neither links every unchanged file nor
deletes a whole old site, and the swap stays one atomic step. The manifest of each folder
lists every file's key (see keys.py) and every search shard's; the order in which manifests
are read, dropped, moved and written lives here and nowhere else:

1. both manifests are read; the spare's is dropped as the spare is taken (from then on no
   manifest could describe another folder at its place);
2. a spare given back unchanged after a failure gets its manifest back;
3. at publish, the published site's manifest moves with it to the spare's place, and is
   dropped when the old site is not kept; the new site's manifest is written after the swap.

A manifest also holds when its folder was finished: a file of it modified later was edited by
hand, and is not taken over as its key says, but written again.
"""

from __future__ import annotations

import dataclasses
import logging
import marshal
import os
import stat
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Iterator, Mapping, Sequence

from jinja2 import BytecodeCache

from .. import urls
from ..config import Config
from ..model import Archive, Document
from ..render.outputs import LETTERS, Output, SiteContent
from ..render.routes import COPIES, LETTER_PAGES, SITE_FILES, plan_routes, plan_site
from ..search.records import RecordStatus, record_key
from ..search.shards import Shard
from ..write import site as write
from ..write.guard import MARKER
from .cache import code_version, combine, content_hash, read_record, write_atomically
from . import derived
from .keys import output_keys
from .records import KeptRecords
from .spare import FolderListing, SpareLinks, give_back_spare, keep_or_remove, prune_spare, spare_path, take_spare

MANIFEST_VERSION = 4
log = logging.getLogger("adviesarchief")


@dataclass(frozen=True)
class Manifest:
    """What a site folder holds: the key of every page and file, and of every search shard."""

    pages: dict[str, str] = field(default_factory=dict)
    shards: dict[str, str] = field(default_factory=dict)
    written: int = 0  # when the folder's files were all written (ns since the epoch): later changes are by hand

    @property
    def known(self) -> bool:
        """Whether there is anything to trust (an empty manifest means: build from scratch)."""
        return bool(self.pages or self.shards)


@dataclass(frozen=True)
class Plan:
    """What this build writes, and what it takes over from the published site or the spare."""

    keys: dict[str, str]
    reused: frozenset[str]  # unchanged in the published site and not kept in the spare: hard-linked from there
    kept: frozenset[str]  # unchanged in the spare's manifest: stay where they are when the spare is patched
    to_write: int  # outputs to make and write
    letters_to_write: int  # of which in the letters' folders
    outputs: list[Output] = field(default_factory=list, repr=False)  # the outputs listed, to render
    # The files of the routes not listed (their keys are as in the last build, see SiteStore.plan).
    unlisted: frozenset[str] = frozenset()
    # Per route whose files show no letter's text and copy no file: each file's key.
    routes: dict[str, dict[str, str]] = field(default_factory=dict, repr=False)
    # Per letter's own page and Markdown copy: its key, then the paths of the letter files it
    # shows or is (see Earlier).
    letters: dict[str, list[str]] = field(default_factory=dict, repr=False)

    @property
    def unchanged(self) -> int:
        """How many outputs are taken over."""
        return len(self.reused) + len(self.kept)


@dataclass(frozen=True)
class Earlier:
    """What the last build planned, for a build whose front matter is all as it was then (see SiteStore.plan)."""

    routes: dict[str, dict[str, str]] = field(default_factory=dict)  # as Plan.routes
    letters: dict[str, list[str]] = field(default_factory=dict)  # as Plan.letters
    files: dict[str, str] = field(default_factory=dict)  # the hash of every letter file, by its path

    @classmethod
    def from_value(cls, value: object) -> "Earlier":
        """The plan kept in the cache, or none when the value is not one."""
        parts = ("routes", "letters", "files")
        if not isinstance(value, dict) or not all(isinstance(value.get(k), dict) for k in parts):
            return cls()
        if SITE_FILES not in value["routes"]:
            return cls()
        return cls(value["routes"], value["letters"], value["files"])

    def as_value(self) -> dict[str, dict]:
        """What the cache keeps (marshal)."""
        return {"routes": self.routes, "letters": self.letters, "files": self.files}

    def letter_pages(self, hashes: Mapping[str, str]) -> frozenset[str] | None:
        """The letters' pages and copies that show a letter whose file changed since (None: not known, list them all)."""
        if not self.letters:
            return None
        changed = {path for path, digest in self.files.items() if hashes.get(path) != digest}
        return frozenset(page for page, (_, *shown) in self.letters.items() if not changed.isdisjoint(shown))


class SiteStore:
    """Owns the published site, the spare and their manifests; hands out the staging folder a build writes into."""

    @classmethod
    def open(cls, config: Config, archive: Archive, hashes: Mapping[str, str], words: str = "") -> "SiteStore":
        """The store of config's output folder (hashes: of every document file, by its path; words: the search lexicon's key)."""
        return cls(config.output_dir, config.cache_dir, jobs=config.jobs, shard_base=shard_base(archive, words),
                   hashes=hashes)

    def __init__(self, output_dir: Path, cache_dir: Path | None, *, jobs: int = 1,
                 shard_base: str = "", hashes: Mapping[str, str] | None = None) -> None:
        """Read both manifests (shard_base and hashes: what search shards are keyed by)."""
        self.published = output_dir
        self.cache_dir = cache_dir
        self.jobs = jobs
        self.manifest = self._read(output_dir)
        self.spare = self._read(spare_path(output_dir))
        self._shard_base, self._hashes = shard_base, hashes or {}
        self._shard_keys: dict[str, str] = {}
        # letter id -> what its search record shows of its status (search.records.RecordStatus)
        self.record_statuses: Mapping[str, RecordStatus] = {}
        self.folder: Path = Path()  # the staging folder, once staged
        self.patching = False
        self._listing: FolderListing | None = None
        self._kept: frozenset[str] = frozenset()
        self._planned: tuple[SiteContent, BytecodeCache | None] | None = None  # what plan() was given
        self._new_spare: SpareLinks | None = None

    def describe(self) -> str:
        """One line for the build's log."""
        return f"{len(self.manifest.pages)} published files known, {len(self.spare.pages)} in the spare"

    @contextmanager
    def staging(self) -> Iterator["SiteStore"]:
        """Take the spare as the staging folder (or make an empty one); remove it on any failure.

        A spare taken but not yet changed is given back after a failure, with its manifest.
        """
        # From here on a failure leaves no manifest that could describe another folder at the spare's place.
        self._forget(spare_path(self.published))
        with write.staging_dir(self.published, take=take_spare if self.spare.known else None) as (folder, taken):
            self.folder, self.patching = folder, taken
            if not taken:
                self.spare = Manifest()  # none, or another build took it: the published site is the source
            try:
                if taken:
                    # What the spare holds is listed on the other core while this one works out the pages.
                    self._listing = FolderListing(folder, urls.SEARCH_INDEX.rstrip("/"), parallel=self.jobs > 1,
                                                  edited_after=self.spare.written)
                yield self
            except BaseException:
                if self._listing is not None and not self._listing.used:
                    # The spare is as it was (pruning starts by asking for its listing): it stays the
                    # spare, for the next build to patch, instead of being removed with the staging folder.
                    self._listing.close()
                    with write.deferred_interrupts():
                        if give_back_spare(folder, self.published):
                            self._write(spare_path(self.published), self.spare)
                raise
            finally:
                if self._listing is not None:
                    self._listing.close()

    def shard_key(self, shard: Shard) -> str:
        """A search shard's key: everything its records are made from."""
        key = self._shard_keys.get(shard.name)
        if key is None:
            key = self._shard_keys[shard.name] = combine(self._shard_base, shard.name,
                                                         *map(self.record_key, shard.documents))
        return key

    def record_key(self, document: Document) -> str:
        """What a letter's search record is made from besides the shard base (search.records.record_key)."""
        path = document.source_path
        return record_key(path, self._hashes[path], self.record_statuses.get(document.id))

    @property
    def shard_base(self) -> str:
        """What every search shard's key starts from (shard_base())."""
        return self._shard_base

    @cached_property
    def kept_records(self) -> KeptRecords:
        """The search records the last build made, for the shards indexed again (see records.py)."""
        return KeptRecords(self.cache_dir, self._shard_base, self.record_key)

    def held_at(self, shard: Shard) -> Path | None:
        """The site folder that holds this shard's bundle as it is now: the staging folder, the published site, or None."""
        key = self.shard_key(shard)
        bundle = shard.path + "pagefind-entry.json"  # the file Pagefind writes last into a bundle
        if self.patching and self.spare.shards.get(shard.name) == key and (self.folder / bundle).is_file():
            return self.folder
        published = write.real_output(self.published)
        if self.manifest.shards.get(shard.name) == key and (published / bundle).is_file():
            return published
        return None

    @property
    def staged_shards(self) -> frozenset[str]:
        """The names of the search shards the staging folder holds (from the spare)."""
        return frozenset(self.spare.shards) if self.patching else frozenset()

    def plan(self, content: SiteContent, hashes: Mapping[str, str], front_matter: Mapping[str, str],
             front_matter_key: str, compiled: BytecodeCache | None = None) -> Plan:
        """Key every output of the route table; pick what the published site and the spare already hold.

        hashes and front_matter: of every document file (all of it, and its front matter), by its path;
        front_matter_key: derived.front_matter_key() of the archive (with a cache); compiled: the
        templates' compiled code, for the outputs' Jinja environment.

        The routes whose files show no letter's text and copy no file (listings, figures, the
        finder, the data files) are keyed by front matter, the reference date, templates and
        the like alone. When none of that changed since the last build (an edit of a letter's
        text), their files' keys are those of the last build, and as long as the site holds
        every one of those files, such routes are not listed at all. Nor are the letters' own
        pages that show none of the letters whose file changed since, nor the Markdown copies of
        letters whose file did not change.
        """
        self._planned = (content, compiled)
        same_as = _route_inputs(content, front_matter_key) if self.cache_dir is not None else None
        earlier = Earlier()
        if same_as is not None:
            found, value = derived.recall(self.cache_dir, "routes", same_as)
            earlier = Earlier.from_value(value) if found else earlier
        plan = self._plan(content, hashes, front_matter, compiled, earlier)
        if plan is None:  # a file not listed is not held as it was: list them all
            plan = self._plan(content, hashes, front_matter, compiled, Earlier())
            assert plan is not None
        kept = Earlier(plan.routes, plan.letters, dict(hashes))
        if same_as is not None and kept != earlier:
            derived.keep(self.cache_dir, "routes", same_as, kept.as_value())
        return plan

    def _plan(self, content: SiteContent, hashes: Mapping[str, str], front_matter: Mapping[str, str],
              compiled: BytecodeCache | None, earlier: Earlier) -> Plan | None:
        """plan() without what earlier knows the keys of; None when the site does not hold all those files.

        With the same front matter, a letter's page shows the same letters as then: its key
        changed only if one of their files did.
        """
        letter_pages = earlier.letter_pages(hashes) if earlier.routes else None
        grouped: dict[str, list[Output]] = {}
        for name, output in plan_routes(content, compiled, skip=earlier.routes.keys(), letter_pages=letter_pages):
            grouped.setdefault(name, []).append(output)
        outputs = [output for group in grouped.values() for output in group]
        keys = output_keys(outputs, content, hashes, front_matter, code_version())
        unlisted = {path: key for files in earlier.routes.values() for path, key in files.items()}
        if letter_pages is not None:
            unlisted.update((page, shown[0]) for page, shown in earlier.letters.items() if page not in letter_pages)
        keys.update(unlisted)
        # Whether the spare still holds them is seen when it is pruned: a file removed by hand is written again.
        kept = frozenset(path for path, key in keys.items() if self.spare.pages.get(path) == key)
        # What the spare holds is not looked up again (without a spare, its manifest is empty and
        # the published site holds what can be taken over).
        same = [path for path, key in keys.items() if self.manifest.pages.get(path) == key and path not in kept]
        root = os.fspath(write.real_output(self.published)) + "/"
        # os.path on plain strings: pathlib costs more than the stat itself over 20,000 paths.
        reused = frozenset(path for path in same if _untouched(root + path, self.manifest.written))
        if any(path not in kept and path not in reused for path in unlisted):
            return None
        changed = [o for o in outputs if o.path not in reused and o.path not in kept]
        routes = {**earlier.routes, **{name: {o.path: keys[o.path] for o in group} for name, group in grouped.items()
                                       if not any(o.inputs.texts or o.inputs.copied for o in group)}}
        # A letter's Markdown copy is its file: it changes with the file's hash alone (an
        # attachment's copy is keyed by the file's size and times, and always listed).
        copies = grouped.get(COPIES, ())
        letter_files = {d.source_file: d.source_path for d in content.archive.documents} if copies else {}
        letters = {**(earlier.letters if letter_pages is not None else {}),
                   **{o.path: [keys[o.path], *(d.source_path for d in o.inputs.texts)]
                      for o in grouped.get(LETTER_PAGES, ())},
                   **{o.path: [keys[o.path], letter_files[o.inputs.copied]]
                      for o in copies if o.inputs.copied in letter_files}}
        return Plan(keys, reused, kept, len(changed), sum(1 for o in changed if o.phase == LETTERS), outputs,
                    frozenset(unlisted), routes, letters)

    def prune(self, plan: Plan) -> tuple[Plan, frozenset[str]]:
        """Remove from the spare what the new site does not keep; return the plan and every output taken over, not written.

        A file of a route not listed that the spare no longer holds (removed by hand) is listed
        now, to be written again.
        """
        if self._listing is not None:
            self._kept = prune_spare(self.folder, plan.kept, self._listing.result())
        taken = self._kept | plan.reused
        missing = plan.unlisted - taken
        if missing:
            assert self._planned is not None
            content, compiled = self._planned
            again = [output for output in plan_site(content, compiled) if output.path in missing]
            plan = dataclasses.replace(plan, outputs=plan.outputs + again, to_write=plan.to_write + len(again),
                                       letters_to_write=plan.letters_to_write
                                       + sum(1 for o in again if o.phase == LETTERS))
        return plan, taken

    def reuse(self, plan: Plan) -> int:
        """Hard-link the unchanged files the spare does not hold from the published site; return how many are taken over."""
        return len(self._kept) + write.reuse_files(self.folder, self.published, sorted(plan.reused - self._kept))

    def start_spare(self) -> None:
        """After a build from scratch, start linking its pages into the next build's spare (see SpareLinks).

        Only then: otherwise the old site becomes the spare. Call it once every page is written.
        """
        published = write.real_output(self.published)
        if self.patching or self.manifest.known or self.cache_dir is None or os.path.ismount(published):
            return
        self._new_spare = SpareLinks(self.folder, skip=urls.SEARCH_INDEX.rstrip("/"))

    def publish(self, plan: Plan, shards: Sequence[Shard]) -> bool:
        """Swap the staging folder in; keep the old site as the spare when it was known; record what each holds.

        After a build from scratch the spare is a copy of the new site as hard links (start_spare).
        """
        if self._new_spare is not None:
            self._new_spare.wait()  # the pages it links move with the swap
        # The published site's manifest goes with it: it describes the spare if the site is kept as one.
        spare = spare_path(self.published)
        self._move(self.published, spare)
        written = time.time_ns()  # every file is written: one modified after this was edited by hand
        # Ctrl-C waits until the old site is either the spare or gone: it is never left beside the new one.
        with write.deferred_interrupts():
            try:
                old = write.publish(self.folder, self.published)
            except BaseException:
                self._forget(spare)
                raise
            kept_old = old is not None and keep_or_remove(old, self.published, keep=self.manifest.known)
        # After the swap: what the cache records only saves later builds work, so it cannot fail this one.
        if not kept_old:
            self._forget(spare)
        # The marker, written last, holds the time by the disk's own clock (a file server's may run ahead).
        written = max(written, _modified(write.real_output(self.published) / MARKER))
        manifest = Manifest(pages=plan.keys, shards={s.name: self.shard_key(s) for s in shards}, written=written)
        self._write(self.published, manifest)
        self.kept_records.forget_others(shards)
        if self._new_spare is not None and not kept_old:
            published = write.real_output(self.published)
            if self._new_spare.finish(published / urls.SEARCH_INDEX.rstrip("/"), self.published):
                self._write(spare, manifest)  # the same files, as links
        return kept_old

    # The manifests, one per site folder, in the cache.

    def _path(self, folder: Path) -> Path:
        assert self.cache_dir is not None
        return self.cache_dir / "sites" / (content_hash(str(folder.absolute()).encode()) + ".manifest")

    def _read(self, folder: Path) -> Manifest:
        """A folder's manifest, or an empty one when there is none to trust."""
        if self.cache_dir is None or not folder.is_dir():
            return Manifest()
        data = read_record(self._path(folder))
        if data.get("version") != MANIFEST_VERSION or data.get("code") != code_version():
            return Manifest()
        return Manifest(pages=dict(data.get("pages", {})), shards=dict(data.get("shards", {})),
                        written=int(data.get("written", 0)))

    def _write(self, folder: Path, manifest: Manifest) -> None:
        """Record what a folder holds; when that fails (a full disk) there is none, and the next build starts from scratch."""
        if self.cache_dir is None:
            return
        path = self._path(folder)
        data = {"version": MANIFEST_VERSION, "code": code_version(), "pages": manifest.pages,
                "shards": manifest.shards, "written": manifest.written}
        try:
            write_atomically(path, marshal.dumps(data))  # marshal: see cache.read_record
        except OSError as problem:
            log.warning("could not record the build in %s (%s): the next build starts from scratch",
                        path.parent, problem.strerror or problem)

    def _move(self, folder: Path, to: Path) -> None:
        """Make one folder's manifest another's (its folder moves there), or drop both when that fails."""
        if self.cache_dir is not None:
            try:
                os.replace(self._path(folder), self._path(to))
            except OSError:
                self._forget(folder)
                self._forget(to)

    def _forget(self, folder: Path) -> None:
        """Drop a manifest before its folder changes, so a crash never leaves a stale one."""
        if self.cache_dir is not None:
            self._path(folder).unlink(missing_ok=True)


def _modified(path: Path) -> int:
    """A file's modification time (ns), or 0."""
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return 0


def _untouched(path: str, written: int) -> bool:
    """Whether a published file is there and unchanged since its site was written (not edited by hand)."""
    try:
        info = os.stat(path)
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode) and info.st_mtime_ns <= written


def shard_base(archive: Archive, words: str = "") -> str:
    """What every search shard's key starts from: the code, the topic labels its records show, and the lexicon.

    words is the key of the lexicon its records are annotated with (search/words.py): its
    frequent words and synonyms. Its threshold grows with the archive, so that in a large
    archive a new letter seldom changes it; when it does, every shard is indexed again.
    """
    return combine(code_version(), repr(sorted((t.slug, t.label) for t in archive.topics)), words)


def _route_inputs(content: SiteContent, front_matter_key: str) -> list[str]:
    """What the keys of the routes that show no letter's text are made from (see SiteStore.plan), as key parts.

    Every letter's front matter and path, site.yaml, topics.yaml, the reference date, the
    templates, the search shards' layout and the commit times (the feeds' order): the keys
    hold nothing else.
    """
    return [front_matter_key, repr(content.overview.reference),
            repr(content.history), repr(content.first_search),
            repr([(s.path, len(s.documents)) for s in content.search_shards]),
            *(f"{name}={content_hash(text.encode())}" for name, text in sorted(content.templates.items()))]
