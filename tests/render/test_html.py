"""The Nu Html Checker (vnu.jar from npm) finds no errors in any page of the seed site."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, BuiltSite
from pagetypes import PAGES, site_file

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def run_vnu(files: list[Path]) -> dict[str, list[str]]:
    """Check HTML files in one run of the checker; return its error lines per file path."""
    java = shutil.which("java")
    if not java or not VNU.is_file():
        pytest.fail(f"the HTML checker needs java and {VNU}: run `make test-tools`", pytrace=False)
    result = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--errors-only", *map(str, files)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    report = json.loads(result.stderr or result.stdout)
    errors: dict[str, list[str]] = {str(f): [] for f in files}
    for message in report["messages"]:
        path = message.get("url", "").removeprefix("file:")
        errors.setdefault(path, []).append(
            f"{message.get('lastLine', '?')}: {message['type']}: {message['message']}")
    return errors


@pytest.fixture(scope="module")
def rendered_search(seed_server: str, browser, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The search page's HTML after its script has shown results and filters."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(seed_server + "zoeken/?q=armoede")
        page.wait_for_selector("#zoek-resultaten li")
        path = tmp_path_factory.mktemp("rendered") / "zoeken.html"
        path.write_text(page.content(), "utf-8")
    finally:
        context.close()
    return path


@pytest.fixture(scope="module")
def vnu_errors(seed_site: BuiltSite, rendered_search: Path) -> dict[str, list[str]]:
    """Errors of every HTML page of the seed site, and of the search page as the browser shows it."""
    pages = sorted(p for p in seed_site.site.rglob("*.html") if "pagefind" not in p.parts)
    return run_vnu([*pages, rendered_search])


@pytest.mark.parametrize("name", list(PAGES))
def test_page_type_has_valid_html(seed_site: BuiltSite, vnu_errors: dict[str, list[str]], name: str) -> None:
    assert vnu_errors[str(site_file(seed_site.site, PAGES[name]))] == []


def test_search_page_with_results_has_valid_html(rendered_search: Path, vnu_errors: dict[str, list[str]]) -> None:
    assert vnu_errors[str(rendered_search)] == []


def test_every_page_of_the_seed_site_has_valid_html(vnu_errors: dict[str, list[str]]) -> None:
    assert {path: lines for path, lines in vnu_errors.items() if lines} == {}


def test_the_checker_reports_real_errors(tmp_path: Path) -> None:
    broken = tmp_path / "broken.html"
    broken.write_text("<!doctype html><html lang=nl><title>x</title><p><div>x</p></span>", "utf-8")
    assert run_vnu([broken])[str(broken)], "the checker found nothing in broken HTML"
