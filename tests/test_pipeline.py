"""End-to-end builds: the seed archive and small test sites, through the real pipeline."""

from __future__ import annotations

import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

from conftest import BuiltSite, document

HELMOND_QUESTIONS = "helmond-2017-vragen-gebiedsgericht-werken-integrale-toegang"
HELMOND_ANSWER = "helmond-2017-antwoord-gebiedsgericht-werken-integrale-toegang"
MONTFOORT = "montfoort-2020-reactie-conceptnota-armoedebeleid"
WIJDEMEREN = "wijdemeren-2017-pilot-durven-doen-vertrouwen"
LANDELIJK = "landelijk-2016-10-aandachtspunten-lokaal-sociaal-beleid"
GRONINGEN = "groningen-2024-reactie-advies-brede-aanpak-armoede"


class Links(HTMLParser):
    """Collect hrefs and text of every link in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._href = dict(attrs).get("href") or ""
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.links.append((self._href, " ".join("".join(self._text).split())))
            self._href = None


def links_of(html: str) -> list[tuple[str, str]]:
    parser = Links()
    parser.feed(html)
    return parser.links


def document_links(html: str) -> set[str]:
    return {href for href, _ in links_of(html) if href.startswith("/documenten/")}


def test_seed_site_has_six_documents(seed_site: BuiltSite) -> None:
    pages = sorted(p.parent.name for p in (seed_site.site / "documenten").glob("*/index.html"))
    assert pages == sorted([HELMOND_QUESTIONS, HELMOND_ANSWER, MONTFOORT, WIJDEMEREN, LANDELIJK, GRONINGEN])
    assert "6 documents" in seed_site.stderr


def test_every_page_is_dutch_and_has_the_search_box(seed_site: BuiltSite) -> None:
    for page in seed_site.site.rglob("*.html"):
        if "pagefind" in page.parts:
            continue
        html = page.read_text("utf-8")
        assert '<html lang="nl">' in html, page
        assert 'role="search"' in html, page


def test_document_page_shows_all_metadata(seed_site: BuiltSite) -> None:
    html = seed_site.read(f"documenten/{WIJDEMEREN}/index.html")
    assert "Advies van de adviesraad" in html
    assert "3 april 2017" in html
    assert 'href="/gemeenten/wijdemeren/"' in html
    assert "Adviesraad Sociaal Domein Wijdemeren" in html
    assert "College van burgemeester en wethouders van Wijdemeren" in html
    assert "ASD-2017-24" in html
    assert 'href="/onderwerpen/maatwerk/"' in html
    assert "Kort gezegd:" in html
    assert re.search(r'<h2 id="monitoring">Monitoring</h2>', html)


def test_helmond_pair_is_linked_both_ways(seed_site: BuiltSite) -> None:
    questions = seed_site.read(f"documenten/{HELMOND_QUESTIONS}/index.html")
    answer = seed_site.read(f"documenten/{HELMOND_ANSWER}/index.html")
    assert "Beantwoord door:" in questions
    assert f"/documenten/{HELMOND_ANSWER}/" in document_links(questions)
    assert "12 december 2017" in questions
    assert "Reactie op:" in answer
    assert f"/documenten/{HELMOND_QUESTIONS}/" in document_links(answer)
    assert "8 december 2017" in answer


def test_answer_shows_each_point_with_a_working_anchor(seed_site: BuiltSite) -> None:
    for doc_id, points in ((MONTFOORT, 7), (HELMOND_ANSWER, 7)):
        html = seed_site.read(f"documenten/{doc_id}/index.html")
        assert html.count('<li class="response') == points, doc_id
        anchors = re.findall(r'<a href="#([^"]+)">Lees het antwoord op punt', html)
        assert anchors, doc_id
        for anchor in anchors:
            assert f'id="{anchor}"' in html, (doc_id, anchor)


def test_national_document_is_shown_as_landelijk(seed_site: BuiltSite) -> None:
    html = seed_site.read(f"documenten/{LANDELIJK}/index.html")
    assert 'href="/gemeenten/landelijk/"' in html
    listing = seed_site.read("gemeenten/landelijk/index.html")
    assert document_links(listing) == {f"/documenten/{LANDELIJK}/"}


def test_each_municipality_index_lists_exactly_its_documents(seed_site: BuiltSite) -> None:
    records = json.loads(seed_site.read("data/documenten.json"))
    expected: dict[str, set[str]] = {}
    for record in records:
        slugs = [m["slug"] for m in record["municipalities"]] or ["landelijk"]
        for slug in slugs:
            expected.setdefault(slug, set()).add(f"/documenten/{record['id']}/")
    assert set(expected) == {"wijdemeren", "montfoort", "groningen", "helmond", "landelijk"}
    for slug, urls in expected.items():
        html = seed_site.read(f"gemeenten/{slug}/index.html")
        assert document_links(html) == urls, slug
    overview = seed_site.read("gemeenten/index.html")
    assert {href for href, _ in links_of(overview) if href.startswith("/gemeenten/") and href != "/gemeenten/"} \
        == {f"/gemeenten/{slug}/" for slug in expected}


def test_each_topic_index_lists_exactly_its_documents(seed_site: BuiltSite) -> None:
    records = json.loads(seed_site.read("data/documenten.json"))
    topics = {p.parent.name for p in (seed_site.site / "onderwerpen").glob("*/index.html")}
    assert topics
    for topic in topics:
        html = seed_site.read(f"onderwerpen/{topic}/index.html")
        expected = {f"/documenten/{r['id']}/" for r in records if topic in r["topics"]}
        assert document_links(html) == expected, topic


def test_listing_groups_by_year_and_counts_types(seed_site: BuiltSite) -> None:
    html = seed_site.read("gemeenten/helmond/index.html")
    assert '<h2 id="jaar-2017">2017' in html
    assert "1 vragen, 1 antwoord" in html
    overview = seed_site.read("onderwerpen/index.html")
    assert "documenten" in overview


def test_documents_json_follows_the_contract(seed_site: BuiltSite) -> None:
    records = json.loads(seed_site.read("data/documenten.json"))
    assert len(records) == 6
    keys = {"id", "type", "title", "date", "municipalities", "from", "to", "topics", "reference",
            "in_reply_to", "replies", "responses", "summary", "url"}
    for record in records:
        assert keys <= set(record)
    by_id = {r["id"]: r for r in records}
    assert by_id[HELMOND_ANSWER]["in_reply_to"] == [HELMOND_QUESTIONS]
    assert by_id[HELMOND_QUESTIONS]["replies"] == [HELMOND_ANSWER]
    assert by_id[WIJDEMEREN]["municipalities"][0]["code"] == "GM1696"
    assert by_id[LANDELIJK]["municipalities"] == []
    assert len(by_id[MONTFOORT]["responses"]) == 7
    assert [r["date"] for r in records] == sorted((r["date"] for r in records), reverse=True)


def test_home_lists_the_newest_documents_first(seed_site: BuiltSite) -> None:
    html = seed_site.read("index.html")
    order = [href for href, _ in links_of(html) if href.startswith("/documenten/")]
    assert order[0] == f"/documenten/{GRONINGEN}/"
    assert {"/gemeenten/", "/onderwerpen/", "/zoeken/"} <= {href for href, _ in links_of(html)}


def test_pages_carry_no_search_markup(seed_site: BuiltSite) -> None:
    # Pagefind reads each letter's record (search.render_record), so the pages are for people only.
    for page in seed_site.site.rglob("*.html"):
        if "pagefind" not in page.parts:
            assert "data-pagefind-" not in page.read_text("utf-8"), page


def test_small_site_cross_links_and_indexes(make_site) -> None:
    built = make_site({
        "a/advies.md": document(title="Advies over mantelzorg", topics="[mantelzorg]"),
        "a/reactie.md": document(type="reactie", title="Reactie op mantelzorg", date="2020-02-01",
                                 **{"from": "College van Wijdemeren"}, in_reply_to="advies",
                                 topics="[mantelzorg, armoede]"),
    })
    assert built.code == 0, built.stderr
    advice = built.read("documenten/advies/index.html")
    reply = built.read("documenten/reactie/index.html")
    assert "/documenten/reactie/" in document_links(advice)
    assert "/documenten/advies/" in document_links(reply)
    assert document_links(built.read("onderwerpen/mantelzorg/index.html")) == {
        "/documenten/advies/", "/documenten/reactie/"}
    assert document_links(built.read("onderwerpen/armoede/index.html")) == {"/documenten/reactie/"}
    assert (built.site / "documenten/advies/advies.md").read_text("utf-8").startswith("---\n")


# Pagefind (1.5) writes its filter values in hash-map order, so the filter chunks, the
# metadata file that names them and pagefind-entry.json differ between runs. The README
# records this; everything else, Pagefind's word index and fragments included, must match.
PAGEFIND_UNSTABLE = ("pagefind/filter/", "pagefind/pagefind.", "pagefind/pagefind-entry.json")


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def stable(files: dict[str, bytes]) -> dict[str, bytes]:
    """The files that must be byte-identical between builds: all but Pagefind's filter order."""
    return {k: v for k, v in files.items() if not (k.startswith(PAGEFIND_UNSTABLE) and not k.endswith(".js"))}


def test_two_builds_are_byte_identical(make_site) -> None:
    files = {"x/advies.md": document(), "x/reactie.md": document(
        type="reactie", in_reply_to="advies", title="Reactie", date="2020-03-01",
        responses="[{point: 1, outcome: deels}]")}
    first = site_files(make_site(files).site)
    second = site_files(make_site(files).site)
    assert stable(first) == stable(second)
    assert len([k for k in first if k.startswith("pagefind/fragment/")]) == 2
    assert sorted(k for k in first if k.startswith("pagefind/index/")) == \
        sorted(k for k in second if k.startswith("pagefind/index/"))


SOURCE_DATE_EPOCH = "1760054400"  # 2025-10-10 00:00 UTC


def build_in_child(content: Path, output: Path, hash_seed: str, cwd: Path | None = None) -> None:
    """Build in a fresh Python process, so that set and dict order differ as between real runs.

    cwd: where it runs (content is then best given relative to it, as a user types it).
    """
    import os
    import subprocess
    import sys

    from conftest import ROOT

    # SOURCE_DATE_EPOCH fixes the day waits are counted to (else the day of the build).
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": hash_seed,
                   "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "-q", "--content", str(content),
                    "--output", str(output)], env=environment, check=True, timeout=300, cwd=cwd)


def test_seed_builds_in_two_processes_and_folders_are_identical(tmp_path: Path) -> None:
    from conftest import SEED_CONTENT, query_pagefind, serve_directory

    first, second = tmp_path / "een" / "site", tmp_path / "twee" / "uitvoer"
    build_in_child(SEED_CONTENT, first, "1")
    # The same content folder named another way ('../content' against '/srv/archief/content')
    # is the same content: nothing in the site may depend on how its path was typed.
    second.parent.mkdir()
    build_in_child(Path(os.path.relpath(SEED_CONTENT, second.parent)), second, "2", cwd=second.parent)
    one, two = site_files(first), site_files(second)
    assert stable(one) == stable(two)
    assert "pagefind/pagefind.js" in stable(one)
    # The waits are counted to the day of SOURCE_DATE_EPOCH, and the pages say so.
    assert b'"reference_date": "2025-10-10"' in one["data/cijfers.json"]
    assert "Geteld tot <time datetime=\"2025-10-10\">10 oktober 2025</time>" in \
        one["documenten/wijdemeren-2017-pilot-durven-doen-vertrouwen/index.html"].decode()
    filters = lambda files: len([k for k in files if k.startswith("pagefind/filter/")])
    assert filters(one) == filters(two) and filters(one)
    # What differs in Pagefind's filter files is only order: both indexes answer alike.
    requests = [{"term": "armoede"}, {"term": None, "filters": {"gemeente": "Helmond"}},
                {"term": "adviesraad", "filters": {"jaar": "2017"}, "sort": {"datum": "asc"}}]
    with serve_directory(first) as url_one, serve_directory(second) as url_two:
        for request in requests:
            assert query_pagefind(first, url_one, request) == query_pagefind(second, url_two, request), request
