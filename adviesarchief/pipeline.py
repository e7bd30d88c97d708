"""The build as a list of named steps: load, parse, validate, link, render, write, index, publish."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Callable, TypeVar

from . import load, search, write
from .config import Config
from .errors import ArchiveError, errors_only
from .figures import Overview, find_reference_date, make_overview
from .links import Views, build_views
from .model import Archive
from .parse import parse_documents
from .registry import build_registry
from .render import list_file_copies, render_site
from .validate import validate_archive

log = logging.getLogger("adviesarchief")
T = TypeVar("T")


@dataclass(frozen=True)
class CheckResult:
    """The validated archive and every problem found (warnings included)."""

    archive: Archive
    problems: list[ArchiveError]


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


def check(config: Config) -> CheckResult:
    """Load, parse and validate everything; write nothing."""
    tree = step("load", lambda: load.read_content(config), lambda t: f"{len(t.documents)} files")
    registry = step("registry", lambda: build_registry(load.read_registry()),
                    lambda r: f"{len(r.by_code)} municipalities")
    parsed, problems = step("parse", lambda: parse_documents(tree), lambda p: f"{len(p[0])} documents")
    archive = step("validate", lambda: validate_archive(parsed, tree, registry, config, problems),
                   lambda a: f"{len(a.documents)} valid, {len(errors_only(problems))} errors")
    return CheckResult(archive, problems)


def build(config: Config) -> BuildResult:
    """Build the whole site; raise an ExceptionGroup of ArchiveError if the content has errors.

    Nothing is written while any error remains, and the old site/ survives every failure.
    """
    started = time.perf_counter()
    checked = check(config)
    if errors_only(checked.problems):
        # Warnings travel along so that one run shows the secretary everything.
        raise ExceptionGroup("the content has errors", checked.problems)
    archive = checked.archive
    templates = step("templates", lambda: load.read_templates(config), lambda t: f"{len(t)} files")
    views: Views = step("link", lambda: build_views(archive),
                        lambda v: f"{len(v.municipalities)} municipalities, {len(v.topics)} topics")
    overview: Overview = step(
        "figures", lambda: make_overview(archive, views, find_reference_date(archive, config.today)),
        lambda o: f"{len(o.advice)} advices, reference date {o.reference.day}")
    with write.staging_dir(config.output_dir) as staging:
        pages = step(
            "render+write",
            lambda: write.write_pages(staging, render_site(archive, views, templates, overview),
                                      list_file_copies(archive)),
            lambda n: f"{n} files",
        )
        step("index", lambda: search.index_site(staging), lambda summary: summary)
        step("publish", lambda: write.publish(staging, config.output_dir), lambda _: str(config.output_dir))
    seconds = time.perf_counter() - started
    log.info("%d documents, %d pages in %.1f s", len(archive.documents), pages, seconds)
    return BuildResult(len(archive.documents), pages, seconds, checked.problems, archive.site.base_path)
