"""Listings split into pages, rendered: small pages at 100,000 letters, a numbered navigation, old URLs kept."""

from __future__ import annotations

import dataclasses
import shutil
from datetime import timedelta
from pathlib import Path

from lxml import html as lxml_html

from adviesarchief.config import Config
from adviesarchief.derive import build_views, find_reference_date, make_overview
from adviesarchief.load import read_templates
from adviesarchief.pipeline import check
from adviesarchief.render import FirstSearch, SiteContent
from adviesarchief.render.routes import ROUTES, Planner
from conftest import SEED_CONTENT, BuiltSite, document

LIMIT = 200_000


def test_a_type_listing_of_100000_letters_renders_in_small_pages(tmp_path: Path) -> None:
    """The route table's pages of one listing of 100,000 letters (copies of a seed advice), without building them."""
    shutil.copytree(SEED_CONTENT, tmp_path / "content")
    config = Config(content_dir=tmp_path / "content", cache_dir=None)
    archive = check(config).archive
    advice = next(d for d in archive.documents if d.type == "advies")
    copies = tuple(dataclasses.replace(advice, id=f"kopie-{n:06d}", date=advice.date - timedelta(days=n // 30))
                   for n in range(100_000))
    archive = dataclasses.replace(archive, documents=copies)
    views = build_views(archive)
    overview = make_overview(archive, views, find_reference_date(archive, None))
    planner = Planner(SiteContent(archive, views, overview, read_templates(config), (), FirstSearch(1, 1)))
    route = next(r for r in ROUTES if r.name == "types")
    outputs = {o.path: o for o in route.outputs(planner)}
    assert "soorten/advies/index.html" in outputs and "soorten/advies/pagina/2000/index.html" in outputs
    assert len(outputs) == 1 + 2000
    for number in (1, 2, 1000, 2000):
        path = "soorten/advies/index.html" if number == 1 else f"soorten/advies/pagina/{number}/index.html"
        output = outputs[path]
        page = output.make()
        assert len(page) < LIMIT / 2, (path, len(page))
        # A page's key is made from its own 50 letters, not the listing's 100,000.
        assert len(tuple(output.inputs.fronts)) == 50
        tree = lxml_html.fromstring(page)
        nav = tree.cssselect("nav.pager")[0]
        assert len(nav.cssselect("li")) <= 11
        assert nav.cssselect("a[aria-current=page]")[0].text_content().split()[-1] == str(number)
        assert f"Pagina {number} van 2000" in nav.text_content()
        assert bool(tree.cssselect('link[rel=prev]')) == (number > 1) == bool(nav.cssselect("a[rel=prev]"))
        assert bool(tree.cssselect('link[rel=next]')) == (number < 2000) == bool(nav.cssselect("a[rel=next]"))
        assert len(tree.cssselect("li.document-card")) == 50


def listing_site(make_site, count: int) -> BuiltSite:
    files = {f"w/a{n:03d}.md": document(date=f"20{10 + n // 20}-0{1 + n % 9}-1{n % 10}", title=f"Advies nummer {n}")
             for n in range(count)}
    return make_site(files)


def test_pages_of_a_municipality_keep_the_old_url_and_link_each_other(make_site) -> None:
    built = listing_site(make_site, 120)
    first = lxml_html.fromstring(built.read("gemeenten/wijdemeren/index.html"))
    second = lxml_html.fromstring(built.read("gemeenten/wijdemeren/pagina/2/index.html"))
    third = lxml_html.fromstring(built.read("gemeenten/wijdemeren/pagina/3/index.html"))
    assert not (built.site / "gemeenten/wijdemeren/pagina/4").exists()
    cards = [len(t.cssselect("li.document-card")) for t in (first, second, third)]
    assert cards == [50, 50, 20]
    # The figures stay on the first page, below the letters; every page offers the feed.
    assert "Wat deed de gemeente" in first.text_content() and "Wat deed de gemeente" not in second.text_content()
    assert all(t.cssselect('link[rel=alternate][type="application/atom+xml"]') for t in (first, second, third))
    assert second.cssselect("title")[0].text_content().startswith("Wijdemeren (pagina 2 van 3)")
    assert second.cssselect("a[rel=prev]")[0].get("href") == "/gemeenten/wijdemeren/"
    assert second.cssselect("a[rel=next]")[0].get("href") == "/gemeenten/wijdemeren/pagina/3/"
    assert "Volgende" in second.cssselect("a[rel=next]")[0].text_content()
    assert "Vorige" in second.cssselect("a[rel=prev]")[0].text_content()
    # A year's heading counts the whole year, and the year links lead to the page it starts on.
    years = {a.text_content(): a.get("href") for a in third.cssselect("nav.year-nav a")}
    assert years["2015"] == "/gemeenten/wijdemeren/#jaar-2015"
    for page in ("soorten/advies/pagina/3/", "jaren/2013/", "onderwerpen/armoede/pagina/2/"):
        assert (built.site / page / "index.html").exists(), page


def test_no_page_of_the_10k_benchmark_archive_is_over_200_kb(benchmark_site_10k: Path) -> None:
    """The benchmark's archive of 10,000 letters, built: no HTML page reaches 200 KB."""
    sizes = {str(path.relative_to(benchmark_site_10k)): path.stat().st_size
             for path in benchmark_site_10k.rglob("*.html")}
    assert len(sizes) > 10_000 and "soorten/advies/pagina/2/index.html" in sizes
    assert [(path, size) for path, size in sizes.items() if size > LIMIT] == []


def test_later_pages_are_in_the_sitemap_dated_by_their_listing(make_site) -> None:
    files = {f"w/a{n:03d}.md": document(date=f"2019-{1 + n % 12:02d}-{1 + n % 28:02d}", title=f"Advies {n}")
             for n in range(60)}
    built = make_site({"site.yaml": "title: Archief\nbase_url: https://example.org/raad/\n", **files})
    assert built.code == 0, built.stderr
    sitemap = built.read("sitemap.xml")
    for page in ("gemeenten/wijdemeren/", "gemeenten/wijdemeren/pagina/2/", "soorten/advies/pagina/2/"):
        assert f"<loc>https://example.org/raad/{page}</loc><lastmod>2019-12-24</lastmod>" in sitemap, page
    assert "pagina/3/" not in sitemap
