"""A listing split into pages and a site with the council's name and logo, in Chromium: axe, vnu, screenshots."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Iterator

import pytest

from conftest import TOPICS_YAML, document, run_cli, serve_directory
from test_accessibility import SCREENSHOTS, axe_violations, context_factory, open_page  # noqa: F401 (a fixture)
from test_html import run_vnu

# A round logo (48x48 PNG).
LOGO = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAADAAAAAwCAIAAADYYG7QAAAA1UlEQVR42u2YSw6AIAxEofGGXsPjeA3PiHv59AOMkLRbw8yzrbE0ppTCSkFhsXAgLo6ew/G8a4/Scxk1DU3d4Ogn0wGpUGxYUiAzihaLYDRCHYLRCNUISSPRJDANq1xtaglNo0nNxwmcG9Zlh38ZJj01r+UzhExP0dHnIRUQvl65r5fMgRzIgZYCMt/uBt5GvGRaIHzVPo47lAyZpNxrk6bGJKno0tp+TJ3Xau9MtovpJBq+h2YwtTWp8/xYGulXNopJorPtjtGMNXcLKyeD7ql9hP01XuhObDvuiWz+AAAAAElFTkSuQmCC")
SITE_YAML = "title: Adviesarchief\ncouncil: Adviesraad Sociaal Domein Wijdemeren\nlogo: logo.png\n"
PAGES = {
    "lijst-pagina-2": "gemeenten/wijdemeren/pagina/2/",
    "lijst-pagina-1": "soorten/advies/",
    "home-met-logo": "",
    "cijfers-gemeenten": "cijfers/gemeenten/",
}


@pytest.fixture(scope="module")
def paged_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """160 letters of one municipality (four pages per listing), with the council's name and logo: (site, URL)."""
    files = {f"w/a{n:03d}.md": document(date=f"20{10 + n // 20}-{1 + n % 12:02d}-{10 + n % 18}",
                                        title=f"Advies nummer {n} over de toegang tot zorg")
             for n in range(160)}
    root = tmp_path_factory.mktemp("paged")
    (root / "content").mkdir()
    (root / "content" / "topics.yaml").write_text(TOPICS_YAML, "utf-8")
    (root / "content" / "site.yaml").write_text(SITE_YAML, "utf-8")
    (root / "content" / "logo.png").write_bytes(LOGO)
    (root / "content" / "w").mkdir()
    for name, text in files.items():
        (root / "content" / name).write_text(text, "utf-8")
    code, stderr = run_cli(["build", "--content", "content", "--output", "site"], root)
    assert code == 0, stderr
    site = root / "site"
    with serve_directory(site) as url:
        yield site, url


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGES))
def test_axe_finds_no_violations_on_paged_listings_and_the_logo(context_factory, paged_site, name: str,
                                                                 scheme: str) -> None:
    context = context_factory(bypass_csp=True, color_scheme=scheme)
    page = open_page(context, paged_site[1], PAGES[name])
    assert axe_violations(page) == []


def test_paged_listings_have_valid_html(paged_site) -> None:
    site = paged_site[0]
    files = [site / path / "index.html" for path in PAGES.values()]
    assert run_vnu(files) == {str(f): [] for f in files}


@pytest.mark.parametrize("width, scheme", [(375, "light"), (375, "dark"), (1280, "light"), (1280, "dark")])
def test_screenshots_of_a_paged_listing(context_factory, paged_site, width: int, scheme: str) -> None:
    context = context_factory(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = open_page(context, paged_site[1], PAGES["lijst-pagina-2"])
    # The numbered navigation fits the phone's width: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    pager = page.locator("nav.pager")
    assert pager.locator("a[aria-current=page]").inner_text().split()[-1] == "2"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"lijst-pagina-2-{width}-{scheme}.png"), full_page=True)
