"""In Chromium on a phone: every advice, set of questions and reply says what happened in its first screen."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import BuiltSite, serve_directory
from test_figures import FILES, build
from test_status import QUESTIONS

PHONE = {"width": 375, "height": 667}


def letter_pages(site: Path) -> list[str]:
    return sorted(p.parent.relative_to(site).as_posix() + "/" for p in (site / "documenten").glob("*/index.html"))


@pytest.fixture(scope="module")
def own_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The figures fixture and the questions together: advices, questions, replies, a reply without its advice."""
    return build(tmp_path_factory.mktemp("own"), {**FILES, **QUESTIONS})


def check_first_screen(browser, site: Path, screenshots: Path | None = None) -> int:
    """Open every letter's page at 375 px: the status line is visible above the fold. Return how many letters had one."""
    checked = 0
    with serve_directory(site) as base:
        context = browser.new_context(viewport=PHONE)
        try:
            page = context.new_page()
            for path in letter_pages(site):
                page.goto(base + path, wait_until="load")
                line = page.locator(".status-line")
                kind = page.locator(".document__type .badge").inner_text()
                if line.count() == 0:
                    assert kind.lower().startswith("notitie"), (path, kind)
                    continue
                box = line.bounding_box()
                assert box is not None and line.is_visible(), path
                assert box["y"] + min(box["height"], 80) <= PHONE["height"], (path, box)
                assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
                checked += 1
                if screenshots is not None:
                    page.screenshot(path=str(screenshots / (path.strip("/").replace("/", "_") + ".png")))
        finally:
            context.close()
    return checked


def test_seed_letters_show_their_status_in_the_first_phone_screen(browser, seed_site: BuiltSite) -> None:
    assert check_first_screen(browser, seed_site.site) == 5  # every seed letter but the note


def test_own_archive_letters_show_their_status_in_the_first_phone_screen(browser, own_site: BuiltSite) -> None:
    assert check_first_screen(browser, own_site.site) >= 14


@pytest.mark.parametrize("path", ["", "gemeenten/helmond/", "onderwerpen/armoede/", "jaren/2017/", "soorten/reactie/"])
def test_every_list_card_shows_a_status_in_the_browser(browser, seed_site: BuiltSite, path: str) -> None:
    with serve_directory(seed_site.site) as base:
        context = browser.new_context(viewport=PHONE)
        try:
            page = context.new_page()
            page.goto(base + path, wait_until="load")
            cards = page.locator(".document-card")
            assert cards.count() > 0
            for index in range(cards.count()):
                status = cards.nth(index).locator(".card-status")
                assert status.is_visible() and status.inner_text().strip(), (path, index)
        finally:
            context.close()
