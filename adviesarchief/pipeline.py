"""The build as a list of named steps: files → documents → archive → views → pages → site → search.

Each step logs one line; the benchmark reads them by name. Nothing is written until every
letter is valid, and the old site/ survives every failure (see write/ and incremental/).
"""

from __future__ import annotations

import logging
import time
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping, TypeVar

from . import incremental, load, search
from .config import Config
from .derive import answered_letters, build_views, find_reference_date, letter_statuses, make_overview
from .errors import ArchiveError, errors_only
from .model import Archive
from .render import LETTERS, OTHERS, FirstSearch, SearchShard, SiteContent
from .validate import Checked, build_registry, in_report_order, read_rules, validate_archive
from .write import check_output, deferred_interrupts, unwritable, work_folder

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
    with incremental.heap_kept():
        return _check(config, progress, store)


def _check(config: Config, progress: Progress, store: bool,
           early: incremental.EarlyIndex | None = None) -> CheckResult:
    """check() inside a caller's heap_kept block (early: start the search index of edited letters after parsing)."""
    cache = incremental.ParseCache.open(config, writable=store)
    tree = step("load", lambda: load.read_content(config, cache.stamps),
                lambda t: f"{len(t.documents)} files, {sum(1 for d in t.documents if d.data is None)} known unchanged")
    rules, problems = step("rules", lambda: read_rules(tree, build_registry(load.read_registry())),
                           lambda r: f"{len(r.value.registry.by_code)} municipalities, {len(r.value.topics)} topics")

    def parse() -> incremental.ParseResult:
        with progress("parse", len(tree.documents)) as advance:
            return incremental.parse_cached(tree, rules, cache, config, advance)

    with incremental.collector_paused():
        parsed = step("parse", parse, lambda p: f"{len(p.parsed)} documents")
        if early is not None:
            with deferred_interrupts():  # Ctrl-C waits until the early run has started, so it is always stopped
                step("early", lambda: early.start(parsed), lambda why: f"search index: {why}")

        def validate() -> Checked[Archive]:
            archive, found = validate_archive(parsed.parsed, parsed.checked, parsed.tree, rules, config)
            return Checked(archive, in_report_order([*problems, *parsed.problems, *found], config.strict))

        archive, problems = step("validate", validate,
                                 lambda c: f"{len(c.value.documents)} valid, {len(errors_only(c.problems))} errors")
    return CheckResult(archive, problems, parsed.hashes, parsed.front_matter)


def build(config: Config, progress: Progress = no_progress) -> BuildResult:
    """Build the whole site; raise an ExceptionGroup of ArchiveError if the content has errors.

    Nothing is written while any error remains, and the old site/ survives every failure.
    Outputs and search shards whose inputs did not change are taken over from the published site.
    """
    started, tuning = time.perf_counter(), config.tuning
    check_output(config.output_dir, config.content_dir)  # before anything is written, the cache included
    incremental.check_cache_folder(config.cache_dir)
    with incremental.heap_kept(), incremental.EarlyIndex(config) as early:
        checked = _check(config, progress, store=True, early=early)
        if errors_only(checked.problems):
            # Warnings travel along so that one run shows the secretary everything.
            raise ExceptionGroup("the content has errors", checked.problems)
        archive, published = checked.archive, config.output_dir
        topics = {topic.slug: topic.label for topic in archive.topics}
        # What is made from front matter alone is kept between builds: an edit of a letter's text
        # (the most common edit) leaves it as it was.
        front_matter = (incremental.front_matter_key(archive, checked.front_matter)
                        if config.cache_dir is not None else "")

        def remember(name: str, make: Callable[[], T], *extra: str) -> T:
            return incremental.remembered(config.cache_dir, name, [front_matter, *extra], make)

        def remember_each(output: str, keys: Mapping[str, str], make: Callable[[str], str]) -> dict[str, str]:
            return incremental.remembered_each(config.cache_dir, output, [front_matter], keys, make)

        letters = {document.id: document for document in archive.documents}

        def remember_with_letters(name: str, make: Callable[[], T], *extra: str) -> T:
            return incremental.remembered_with_letters(config.cache_dir, name, [front_matter, *extra], make, letters)

        lexicon, word_list = step(
            "words", lambda: search.archive_lexicon(archive, remember("words", lambda: search.archive_words(archive))),
            lambda w: f"{len(w[0].frequent)} known words")
        with incremental.collector_paused():
            templates = step("templates", lambda: load.read_templates(config), lambda t: f"{len(t)} files")
            history = step("history", lambda: load.read_history(config.content_dir),
                           lambda h: f"{len(h.changed)} files in git" if h.tracked else "content not in git")
            store = step("cache", lambda: incremental.SiteStore.open(config, archive, checked.hashes, lexicon.key),
                         lambda s: s.describe())
        with store.staging() as site:
            with incremental.collector_paused():  # unpickled with the collector running, they took 8 times as long
                shards = remember_with_letters("shards", lambda: search.assign_shards(archive.documents, tuning),
                                               repr(tuning))

            def start_index() -> search.Indexing:
                started = early.take(shards, site.held_at, site.shard_key)
                if started is not None:
                    started.include(shards, site.held_at, site.record_statuses, site.kept_records)
                    return started

                def make_work(small: bool) -> Path:
                    return work_folder(published, small=small)
                try:
                    return search.Indexing(shards, make_work, topics, held_at=site.held_at, tuning=tuning,
                                           jobs=config.jobs, statuses=site.record_statuses,
                                           lexicon=lexicon, memory=site.kept_records)
                except OSError as exc:
                    raise unwritable(exc, published) from exc

            # A letter's search record shows its status, so the links and figures come first.
            with incremental.collector_paused():
                views = step("link", lambda: remember_with_letters("views", lambda: build_views(archive)),
                             lambda v: f"{len(v.municipalities)} municipalities, {len(v.topics)} topics")
                reference = find_reference_date(archive, config.today, config.source_date, config.now)
                overview = step("figures", lambda: remember_with_letters(
                    "overview", lambda: make_overview(archive, views, reference), repr(reference)),
                    lambda o: f"{len(o.advice)} advices, reference date {o.reference.day}")
                # Made from front matter and the reference date alone (a wait is counted up to it).
                statuses = remember_with_letters(
                    "statuses", lambda: letter_statuses(archive.documents, overview, views.by_id),
                    repr(overview.reference))
                answered = answered_letters(overview)
                site.record_statuses = {id: (s.short, answered.get(id), s.state) for id, s in statuses.items()}
            # Pagefind reads the letters' records, not their pages: it starts as soon as the letters
            # are valid and runs while the build renders the pages.
            # Ctrl-C waits until it has started, so it is always stopped.
            with deferred_interrupts():
                index = step("index", start_index, lambda i: f"{i.total} shards, {len(i.todo)} to index, "
                             + ("started early" if early.taken else "started"))
            with index:
                with incremental.collector_paused():
                    content = SiteContent(archive, views, overview, templates,
                                          tuple(SearchShard(s.path, s.documents) for s in shards),
                                          FirstSearch(tuning.first_search_documents, tuning.first_search_shards),
                                          word_list, history, statuses, remember, remember_each)
                    compiled = incremental.compiled_templates(config.cache_dir)
                    plan = step("plan", lambda: site.plan(content, checked.hashes, checked.front_matter, front_matter,
                                                          compiled),
                                lambda p: f"{p.unchanged} files unchanged"
                                + (f", {len(p.unlisted)} of them not listed" if p.unlisted else ""))
                plan, skip = site.prune(plan)
                with incremental.Renderer(site.folder, plan.outputs, skip, config.jobs, len(archive.documents),
                                          tuning.pool_min, tuning.render_part) as render:
                    index.start()
                    with progress("letters", plan.letters_to_write) as advance:
                        pages = step("letters", lambda: site.reuse(plan) + len(render.render(LETTERS, advance)),
                                     lambda n: f"{n} files")
                    with progress("render", plan.to_write - plan.letters_to_write) as advance:
                        pages += step("render+write", lambda: len(render.render(OTHERS, advance)),
                                      lambda n: f"{n} files")
                site.start_spare()  # a build from scratch: linked while Pagefind runs, for the next build
                with progress("index", index.total) as advance:
                    step("indexed", lambda: index.wait(site.folder, site.staged_shards, advance), lambda s: s)
            step("publish", lambda: site.publish(plan, shards),
                 lambda kept: f"{published}" + (", old site kept as spare" if kept else ""))
        incremental.forget_stale(config.cache_dir, plan.keys)
        incremental.keep_outline(config, shards, site.record_statuses, checked.hashes, checked.front_matter,
                                 site.shard_base, topics, lexicon)
    seconds = time.perf_counter() - started
    log.info("%d documents, %d pages in %.1f s", len(archive.documents), pages, seconds)
    return BuildResult(len(archive.documents), pages, seconds, checked.problems, archive.site.base_path)
