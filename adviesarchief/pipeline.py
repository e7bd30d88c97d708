"""The build as a list of named steps: load, parse, validate, link, render, write, index, publish."""

from __future__ import annotations

import gc
import logging
import time
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, TypeVar

from .incremental import cache

from .load import content as load

from .search import indexing as search

from .incremental import workers

from .write import site as write
from .config import Config
from .errors import ArchiveError, errors_only
from .derive.figures import Overview, find_reference_date, make_overview
from .derive.views import Views, build_views
from .model import Archive
from .validate.registry import build_registry
from .render.pages import list_file_copies, page_keys, select_pages
from .validate import Checked, in_report_order, read_rules, validate_archive

log = logging.getLogger("adviesarchief")
T = TypeVar("T")
# Makes a progress reporter for a step: (label, total) -> context giving `advance(n)`.
Progress = Callable[[str, int], AbstractContextManager[Callable[[int], None]]]


def no_progress(label: str, total: int) -> AbstractContextManager[Callable[[int], None]]:
    """Report nothing (non-TTY, CI, tests)."""
    return nullcontext(lambda _: None)


@dataclass(frozen=True)
class CheckResult:
    """The validated archive and every problem found (warnings included)."""

    archive: Archive
    problems: list[ArchiveError]
    # Content hash of every document file, by its path as shown in messages.
    hashes: dict[str, str] = field(default_factory=dict)
    # Hash of every document's front matter (all but its text), by the same path.
    front_matter: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class BuildResult:
    """What a successful build did."""

    documents: int
    pages: int
    seconds: float
    warnings: list[ArchiveError]
    base_path: str = "/"  # the URL path the site lives under (the preview serves it there)


def step(name: str, action: Callable[[], T], describe: Callable[[T], str] = lambda _: "") -> T:
    """Run one named step and log one line about it."""
    started = time.perf_counter()
    result = action()
    detail = describe(result)
    log.info("%-9s %s(%.2f s)", name, f"{detail} " if detail else "", time.perf_counter() - started)
    return result


def check(config: Config, progress: Progress = no_progress, *, store: bool = False) -> CheckResult:
    """Load, parse and validate everything; write nothing (store: keep what was parsed in the cache)."""
    with heap_kept():
        return _check(config, progress, store)


def _check(config: Config, progress: Progress, store: bool) -> CheckResult:
    """check() inside a caller's heap_kept block."""
    parse_cache = cache.ParseCache(config.cache_dir, writable=store, content=str(config.content_dir.resolve()))
    tree = step("load", lambda: load.read_content(config, parse_cache.stamps),
                lambda t: f"{len(t.documents)} files, {sum(1 for d in t.documents if d.data is None)} known unchanged")
    rules, problems = step("rules", lambda: read_rules(tree, build_registry(load.read_registry())),
                           lambda r: f"{len(r.value.registry.by_code)} municipalities, {len(r.value.topics)} topics")

    def parse() -> workers.ParseResult:
        with progress("parse", len(tree.documents)) as advance:
            return workers.parse_cached(tree, rules, parse_cache, config.jobs, advance)

    with collector_paused():
        parsed = step("parse", parse, lambda p: f"{len(p.parsed)} documents")

        def validate() -> Checked[Archive]:
            archive, found = validate_archive(parsed.parsed, parsed.checked, parsed.tree, rules, config)
            return Checked(archive, in_report_order([*problems, *parsed.problems, *found], config.strict))

        archive, problems = step("validate", validate,
                                 lambda c: f"{len(c.value.documents)} valid, {len(errors_only(c.problems))} errors")
    return CheckResult(archive, problems, parsed.hashes, parsed.front_matter)


@contextmanager
def heap_kept() -> Iterator[None]:
    """A block in which gc.freeze() marks what the build keeps; the collector may scan it all again after.

    Python's cyclic garbage collector walks every object it tracks on each full collection;
    with 10,000 parsed letters that is a pause of about 0.2 s, several times per build.
    Frozen objects are skipped (forked workers then also leave their pages unshared).
    """
    try:
        yield
    finally:
        gc.unfreeze()


@contextmanager
def collector_paused() -> Iterator[None]:
    """A block that makes what the build keeps (letters, views, figures, keys): the cyclic collector waits.

    It would run every 700 new objects and now and then walk every object not frozen, to find
    no garbage: half the time of the figures step at 10,000 letters. What the block made is
    frozen when it ends (inside heap_kept), or the first collection after it would walk it all.
    Worker processes start with the collector running (workers._pool).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def build(config: Config, progress: Progress = no_progress) -> BuildResult:
    """Build the whole site; raise an ExceptionGroup of ArchiveError if the content has errors.

    Nothing is written while any error remains, and the old site/ survives every failure.
    Pages and search shards whose inputs did not change are taken over from the published site.
    """
    started = time.perf_counter()
    with heap_kept():
        return _build(config, progress, started)


def _build(config: Config, progress: Progress, started: float) -> BuildResult:
    checked = _check(config, progress, store=True)
    if errors_only(checked.problems):
        # Warnings travel along so that one run shows the secretary everything.
        raise ExceptionGroup("the content has errors", checked.problems)
    archive = checked.archive
    published = config.output_dir
    with collector_paused():
        templates = step("templates", lambda: load.read_templates(config), lambda t: f"{len(t)} files")
        manifest, spare = step("cache", lambda: (cache.read_manifest(config.cache_dir, published),
                                                 cache.read_manifest(config.cache_dir, write.spare_path(published))),
                               lambda m: f"{len(m[0].pages)} published files known, {len(m[1].pages)} in the spare")
    # The spare (the site published before this one) is taken now, to be patched into the new
    # site: a failure from here on leaves no manifest that could describe another folder at its place.
    cache.forget_manifest(config.cache_dir, write.spare_path(published))
    with write.staging_dir(published, take_spare=spare.known) as (staging, patching):
        if not patching:
            spare = cache.Manifest()  # none, or another build took it: the published site is the source
        listing: write.FolderListing | None = None
        indexing: search.Indexing | None = None
        try:
            if patching:
                # What the spare holds is listed on the other core while this one works out the pages.
                listing = write.FolderListing(staging, search.INDEX_DIR, parallel=config.jobs > 1)
            # Pagefind reads the letters' records, not their pages: it starts as soon as the letters
            # are valid and runs while the build links, counts and renders the pages. Ctrl-C waits
            # until it has started, so it is always stopped.
            with write.deferred_interrupts():
                indexing = step("index", lambda: start_indexing(archive, checked.hashes, manifest, spare, staging,
                                                                published, config.jobs),
                                lambda i: f"{i.total} shards, {len(i.todo)} to index, started")
            with collector_paused():
                views: Views = step("link", lambda: build_views(archive),
                                    lambda v: f"{len(v.municipalities)} municipalities, {len(v.topics)} topics")
            return _render_and_publish(config, progress, started, checked, templates, views, manifest, spare,
                                       indexing, staging, listing)
        except BaseException:
            if indexing is not None:
                indexing.cancel()
            if listing is not None and not listing.used:
                # The spare is as it was (pruning starts by asking for its listing): it stays the
                # spare, for the next build to patch, instead of being removed with the staging folder.
                listing.close()
                with write.deferred_interrupts():
                    if write.give_back_spare(staging, published):
                        cache.write_manifest(config.cache_dir, write.spare_path(published), spare)
            raise
        finally:
            if listing is not None:
                listing.close()


def start_indexing(archive: Archive, hashes: dict[str, str], manifest: cache.Manifest, spare: cache.Manifest,
                   staging: Path, published: Path, jobs: int) -> search.Indexing:
    """Start Pagefind on every search shard that neither the staged spare nor the published site holds."""
    topics = {topic.slug: topic.label for topic in archive.topics}
    shards = search.plan_shards(archive.documents, hashes, topics)

    def make_work(records: int) -> Path:
        return write.work_folder(published, small=records <= search.PREPARE_HERE_MAX)

    try:
        return search.Indexing(shards, make_work, topics, jobs=jobs,
                               spare=search.SiteIndex(staging, spare.shards),
                               published=search.SiteIndex(write.real_output(published), manifest.shards))
    except OSError as exc:
        raise write.unwritable(exc, published) from exc


def _render_and_publish(config: Config, progress: Progress, started: float, checked: CheckResult,
                        templates: dict[str, str], views: Views, manifest: cache.Manifest, spare: cache.Manifest,
                        indexing: search.Indexing, staging: Path, listing: write.FolderListing | None) -> BuildResult:
    """Work out the figures and every file's key, write the pages into staging, place the search index, publish.

    staging is the spare being patched when there is a listing of it, else an empty folder.
    """
    archive = checked.archive
    published = config.output_dir
    patching = listing is not None
    with collector_paused():
        overview: Overview = step(
            "figures", lambda: make_overview(archive, views, find_reference_date(archive, config.today)),
            lambda o: f"{len(o.advice)} advices, reference date {o.reference.day}")
        plan = step("plan", lambda: plan_build(archive, views, templates, overview, checked, manifest,
                                                 spare, published),
                    lambda p: f"{len(p.reused) + len(p.kept)} files unchanged")
    # Of what the spare's manifest names unchanged, what it still holds (the rest is removed).
    kept = write.prune_spare(staging, plan.kept, listing.result()) if listing is not None else frozenset()
    skip = plan.reused | kept
    with workers.Renderer(staging, archive, views, templates, overview, skip, config.jobs,
                          plan.to_render, cache.compiled_templates(config.cache_dir)) as renderer:
        indexing.start()

        def write_letters() -> int:
            count = len(kept) + write.reuse_files(staging, published, sorted(plan.reused - kept))
            with progress("letters", plan.letters_to_render) as advance:
                return count + len(renderer.render("letters", advance))

        pages = step("letters", write_letters, lambda n: f"{n} files")

        def write_others() -> int:
            with progress("render", plan.to_render - plan.letters_to_render) as advance:
                return len(renderer.render("others", advance))

        pages += step("render+write", write_others, lambda n: f"{n} files")

    def index() -> str:
        with progress("index", indexing.total) as advance:
            return indexing.wait(staging, patching, advance)

    step("indexed", index, lambda summary: summary)

    def publish() -> bool:
        # The published site's manifest goes with it: it describes the spare if the site is kept as one.
        cache.move_manifest(config.cache_dir, published, write.spare_path(published))
        try:
            return write.publish(staging, published, keep_old=manifest.known)
        except BaseException:
            cache.forget_manifest(config.cache_dir, write.spare_path(published))
            raise

    old_kept = step("publish", publish, lambda kept_old: f"{published}" + (", old site kept as spare"
                                                                           if kept_old else ""))
    # After the swap: what the cache records only saves later builds work, so it cannot fail this one.
    if not old_kept:
        cache.forget_manifest(config.cache_dir, write.spare_path(published))
    cache.write_manifest(config.cache_dir, published,
                         cache.Manifest(pages=plan.keys, shards={s.name: s.key for s in indexing.shards}))
    seconds = time.perf_counter() - started
    log.info("%d documents, %d pages in %.1f s", len(archive.documents), pages, seconds)
    return BuildResult(len(archive.documents), pages, seconds, checked.problems, archive.site.base_path)


@dataclass(frozen=True)
class BuildPlan:
    """What this build renders and takes over from the published site or the spare."""

    keys: dict[str, str]
    reused: frozenset[str]  # unchanged in the published site and not kept in the spare: hard-linked from there
    kept: frozenset[str]  # unchanged in the spare's manifest: stay where they are when the spare is patched
    to_render: int  # files to write: pages to render and files to copy
    letters_to_render: int  # of which in the letters' folders


def plan_build(archive: Archive, views: Views, templates: dict[str, str], overview: Overview,
               checked: CheckResult, manifest: cache.Manifest, spare: cache.Manifest,
               published: Path) -> BuildPlan:
    """Key every page and file; pick what the published site and the spare already hold."""
    hashes = checked.hashes
    rendered = page_keys(archive, views, templates, overview, hashes, checked.front_matter,
                         cache.code_version())
    keys = dict(rendered)
    keys.update(write.copy_keys(list_file_copies(archive),
                                {d.source_file: hashes[d.source_path] for d in archive.documents}))
    # Whether the spare still holds them is seen when it is pruned: a file removed by hand is written again.
    kept = frozenset(path for path, key in keys.items() if spare.pages.get(path) == key)
    # What the spare holds is not looked up again (without a spare, its manifest is empty and
    # the published site holds what can be taken over).
    same = [path for path, key in keys.items() if manifest.pages.get(path) == key and path not in kept]
    reused = frozenset(write.published_files(published, same))
    # What is written: pages (rendered) and the files copied beside the letters' pages.
    changed = [path for path in keys if path not in reused and path not in kept]
    letter = select_pages("letters")
    return BuildPlan(keys, reused, kept, len(changed), sum(1 for path in changed if letter(path)))
