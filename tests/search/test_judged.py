"""Recall@10 of the judged query set (judged_queries.yaml), through the real search page in Chromium."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator
from urllib.parse import quote_plus

import pytest
import yaml
from playwright.sync_api import Browser, Page, expect

from conftest import BuiltSite, build_content, document, serve_directory

JUDGED = yaml.safe_load((Path(__file__).parent / "judged_queries.yaml").read_text("utf-8"))
RECALL_NEEDED = 0.95


@pytest.fixture(scope="module")
def test_archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    files = {}
    for name, letter in JUDGED["letters"].items():
        fields = {key: str(value) for key, value in letter.items() if key not in ("topics", "body")}
        files[f"t/{name}.md"] = document(**fields, topics=f"[{', '.join(letter['topics'])}]",
                                         body=letter["body"] + "\n", summary=None)
    with serve_directory(build_content(tmp_path_factory.mktemp("judged"), files)) as url:
        yield url


def found_by(page: Page, base: str, q: str) -> list[str]:
    """The ids of the first ten results for q; after a 'Bedoelde u ...?' also those of the suggestion (one click)."""
    page.goto(f"{base}zoeken/?q={quote_plus(q)}")
    expect(page.locator("#zoek-status")).not_to_have_text(re.compile(r"^$|Bezig"))
    ids = _ids(page)
    if page.locator("#suggestie").is_visible():
        page.locator("#suggestie-link").click()
        expect(page.locator("#zoek-status")).not_to_have_text(re.compile(r"^$|Bezig"))
        ids += _ids(page)
    return ids


def _ids(page: Page) -> list[str]:
    hrefs = page.locator("#zoek-resultaten h2 a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    return [href.split("#")[0].strip("/").split("/")[-1] for href in hrefs[:10]]


def test_recall_at_10_of_the_judged_queries(browser: Browser, seed_site: BuiltSite, seed_server: str,
                                            test_archive: str) -> None:
    kinds = {q["kind"] for q in JUDGED["queries"]}
    assert len(JUDGED["queries"]) >= 40
    assert {"compound head", "compound query", "topic label", "synonym", "typo", "partial match"} <= kinds
    context = browser.new_context()
    page = context.new_page()
    recalls, misses = [], []
    for query in JUDGED["queries"]:
        base = seed_server if query["archive"] == "seed" else test_archive
        found = set(found_by(page, base, query["q"]))
        expected = set(query["expect"])
        recalls.append(len(found & expected) / len(expected))
        misses += [f"{query['q']!r} misses {e} ({query['expect'][e]})" for e in sorted(expected - found)]
    context.close()
    recall = sum(recalls) / len(recalls)
    print(f"recall@10 = {recall:.3f} over {len(recalls)} queries", *misses, sep="\n")
    assert recall >= RECALL_NEEDED, "\n".join(misses)
