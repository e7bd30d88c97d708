"""What render makes of the seed site: page weight, no stray scripts or outside requests,
headings and link texts that make sense, and the pages about the site itself."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT, BuiltSite, document
from pagetypes import PAGES

BUDGET = 50 * 1024  # bytes of HTML and CSS for one document page, uncompressed
# Link texts that mean nothing out of context (WCAG 2.4.4).
VAGUE_LINK_TEXTS = {"hier", "klik hier", "lees meer", "meer", "link", "deze pagina", "verder", "download"}


def load_page(browser, url: str) -> list[tuple[str, str, int]]:
    """Open a page; return (url, resource type, body bytes) of every response it caused."""
    context = browser.new_context()
    responses: list[tuple[str, str, int]] = []
    try:
        page = context.new_page()
        page.on("requestfinished", lambda request: responses.append(
            (request.url, request.resource_type, len(request.response().body()))))
        page.goto(url, wait_until="load")
        if "/zoeken/" in url:
            page.wait_for_selector("#zoek-resultaten li")
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
    return responses


def document_pages(site: Path) -> list[str]:
    """The path of every document page in a built site."""
    return sorted(f"documenten/{p.parent.name}/" for p in site.glob("documenten/*/index.html"))


@pytest.mark.parametrize("index", range(6))
def test_document_page_weighs_at_most_50_kb_without_scripts(
        browser, seed_site: BuiltSite, seed_server: str, index: int) -> None:
    path = document_pages(seed_site.site)[index]
    responses = load_page(browser, seed_server + path)
    # The site's icon (a few hundred bytes, cached) is no script; it counts in the weight.
    kinds = {kind for url, kind, _ in responses if "/static/favicon.svg" not in url}
    assert kinds == {"document", "stylesheet"}, f"/{path} loads more than HTML and CSS: {responses}"
    weight = sum(size for _, _, size in responses)
    assert weight <= BUDGET, f"/{path} weighs {weight} bytes of HTML and CSS; the budget is {BUDGET}"


def test_the_seed_has_six_document_pages(seed_site: BuiltSite) -> None:
    assert len(document_pages(seed_site.site)) == 6


@pytest.mark.parametrize("name", list(PAGES))
def test_only_search_loads_javascript_and_nothing_comes_from_outside(
        browser, seed_server: str, name: str) -> None:
    responses = load_page(browser, seed_server + PAGES[name])
    outside = [url for url, _, _ in responses if not url.startswith(seed_server)]
    assert outside == []
    scripts = [url for url, kind, _ in responses if kind == "script" or re.search(r"\.m?js(\?|$)", url)]
    if name == "zoeken":
        assert any("/static/zoeken.js" in url for url in scripts)
    else:
        assert scripts == [], f"/{PAGES[name]} loads JavaScript: {scripts}"


def test_stylesheet_fetches_nothing_from_elsewhere() -> None:
    css = (ROOT / "adviesarchief" / "render" / "templates" / "static" / "style.css").read_text("utf-8")
    assert "@import" not in css and not re.search(r"url\(\s*['\"]?(https?:)?//", css)
    assert "prefers-color-scheme: dark" in css and "@media print" in css


class Outline(HTMLParser):
    """Collect the heading levels and the links (text, href) of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.levels: list[int] = []
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if re.fullmatch(r"h[1-6]", tag):
            self.levels.append(int(tag[1]))
        if tag == "a":
            self._href, self._text = dict(attrs).get("href") or "", []

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.links.append((" ".join("".join(self._text).split()), self._href))
            self._href = None


def html_pages(site: Path) -> list[Path]:
    """Every HTML page of a built site, the search index left out."""
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts)


def outline(path: Path) -> Outline:
    """Parse one page."""
    parser = Outline()
    parser.feed(path.read_text("utf-8"))
    return parser


def test_headings_start_at_one_h1_and_never_skip_a_level(seed_site: BuiltSite) -> None:
    problems = []
    for path in html_pages(seed_site.site):
        levels = outline(path).levels
        if levels.count(1) != 1 or levels[0] != 1:
            problems.append(f"{path.relative_to(seed_site.site)}: h1 count {levels.count(1)}, first h{levels[0]}")
        for before, after in zip(levels, levels[1:]):
            if after > before + 1:
                problems.append(f"{path.relative_to(seed_site.site)}: h{before} then h{after}")
    assert problems == []


def test_link_texts_make_sense_on_their_own(seed_site: BuiltSite) -> None:
    problems = []
    for path in html_pages(seed_site.site):
        targets: dict[str, set[str]] = {}
        for text, href in outline(path).links:
            if not text or text.lower() in VAGUE_LINK_TEXTS:
                problems.append(f"{path.relative_to(seed_site.site)}: link text {text!r} to {href}")
            targets.setdefault(text.lower(), set()).add(href.split("#")[0] if href.startswith("#") else href)
        problems += [f"{path.relative_to(seed_site.site)}: {text!r} leads to {sorted(hrefs)}"
                     for text, hrefs in targets.items() if len(hrefs) > 1]
    assert problems == []


def test_every_page_links_the_statement_and_colofon_from_the_footer(seed_site: BuiltSite) -> None:
    for path in html_pages(seed_site.site):
        footer = path.read_text("utf-8").split('<footer class="site-footer">', 1)[1]
        assert 'href="/toegankelijkheid/"' in footer and 'href="/over/"' in footer, path


def test_accessibility_statement_follows_the_model_and_says_how_it_was_tested(seed_site: BuiltSite) -> None:
    page = seed_site.read("toegankelijkheid/index.html")
    sections = re.findall(r"<h2>(.*?)</h2>", page)
    assert sections[:7] == [
        "Over welke website gaat deze verklaring?",
        "Hoe toegankelijk is deze website?",
        "Hoe testen wij de website?",
        "Wat werkt nog niet goed?",
        "Werkt iets niet? Laat het ons weten",
        "Niet tevreden met ons antwoord?",
        "Over deze verklaring",
    ]
    for fact in ("axe-core", "Nu Html Checker", "320", "nog niet", "WCAG-EM",
                 'href="mailto:redactie@adviesarchief.example.org"'):
        assert fact in page


SITE_YAML = """\
title: Archief Wmo-raad Oost
description: Alle adviezen van de Wmo-raad & de antwoorden.
publisher: Wmo-raad Oost
licence: CC BY 4.0
contact: https://wmoraad-oost.example.nl/contact
"""


def test_colofon_shows_what_site_yaml_says(make_site) -> None:
    built = make_site({"site.yaml": SITE_YAML, "x/a.md": document()})
    assert built.code == 0, built.stderr
    page = built.read("over/index.html")
    for text in ("<title>Over dit archief | Archief Wmo-raad Oost</title>",
                 "Alle adviezen van de Wmo-raad &amp; de antwoorden.", "<dd>Wmo-raad Oost</dd>",
                 "<dd>CC BY 4.0</dd>", 'href="https://wmoraad-oost.example.nl/contact"'):
        assert text in page
    assert "Uitgegeven door Wmo-raad Oost. Licentie: CC BY 4.0." in built.read("index.html")


def test_site_without_colofon_fields_still_has_a_statement_and_colofon(make_site) -> None:
    built = make_site({"x/a.md": document()})
    assert built.code == 0, built.stderr
    assert "<h1>Over dit archief</h1>" in built.read("over/index.html")
    assert "contact op met de uitgever van deze website." in " ".join(
        built.read("toegankelijkheid/index.html").split())


@pytest.mark.parametrize("path", ["", "gemeenten/", "onderwerpen/"])
def test_index_pages_explain_what_an_adviesraad_is(seed_site: BuiltSite, path: str) -> None:
    page = seed_site.read(path + "index.html")
    assert "Wat is een adviesraad?" in page and "Een adviesraad is een groep inwoners." in page


@pytest.mark.parametrize("contact", ["javascript:alert(1)", "bel ons", "mailto:x@y.nl", "data:text/html,x"])
def test_contact_must_be_an_email_or_web_address(make_site, contact: str) -> None:
    built = make_site({"site.yaml": f"contact: '{contact}'\n", "x/a.md": document()}, command="check")
    assert built.code == 1
    assert built.lines("error") == [
        f"content/site.yaml:1: error: contact '{contact}' is not an e-mail or web address; "
        "write it like info@example.org or https://example.org/contact"]


@pytest.mark.parametrize("site_yaml", ["title: Archief\n", "title: Archief\nbase_url: https://example.org/raad/\n"])
def test_every_output_of_the_route_table_is_keyed_once(tmp_path: Path, site_yaml: str) -> None:
    """An output without a key would never be made again by an incremental build; two with one path clash."""
    import shutil

    from adviesarchief.config import Config
    from adviesarchief.derive import build_views, find_reference_date, make_overview
    from adviesarchief.incremental.keys import output_keys
    from adviesarchief.load import read_templates
    from adviesarchief.pipeline import check
    from adviesarchief.render import ROUTES, FirstSearch, SiteContent, plan_site
    from adviesarchief.render.routes import Planner
    from conftest import SEED_CONTENT

    shutil.copytree(SEED_CONTENT, tmp_path / "content")
    (tmp_path / "content" / "site.yaml").write_text(site_yaml, "utf-8")
    config = Config(content_dir=tmp_path / "content", cache_dir=None)
    checked = check(config)
    archive = checked.archive
    views = build_views(archive)
    overview = make_overview(archive, views, find_reference_date(archive, None))
    content = SiteContent(archive, views, overview, read_templates(config), (), FirstSearch(1, 1))
    outputs = list(plan_site(content))
    keyed = output_keys(outputs, content, checked.hashes, checked.front_matter, "")
    paths = [output.path for output in outputs]
    assert len(paths) == len(set(paths))
    assert sorted(keyed) == sorted(paths)
    assert ("sitemap.xml" in keyed) == ("base_url" in site_yaml)
    # Every route lists outputs for the seed archive (the Woo-index's only with a base_url).
    planner = Planner(content)
    empty = [route.name for route in ROUTES if not list(route.outputs(planner))]
    assert empty == ([] if "base_url" in site_yaml else ["woo-index"])
