"""Search against the real Pagefind index, queried from Node 20 as a browser would."""

from __future__ import annotations

import json
import os
import re
import threading
from datetime import date, timedelta
from pathlib import Path
from typing import Iterator

import pytest

from adviesarchief.config import Tuning
from adviesarchief.search import indexing
from adviesarchief.search.records import full_stop
from adviesarchief.search.shards import assign_shards, shard_size

from adviesarchief.model import Document, PackedHtml

from conftest import BuiltSite, build_content, document, query_pagefind, serve_directory
from test_pipeline import HELMOND_ANSWER, HELMOND_QUESTIONS, WIJDEMEREN


def test_schuldhulp_finds_the_wijdemeren_advice(seed_site: BuiltSite, seed_server: str) -> None:
    found = query_pagefind(seed_site.site, seed_server, {"term": "schuldhulp"})
    assert f"/documenten/{WIJDEMEREN}/" in [r["url"] for r in found["results"]]


def test_filter_gemeente_helmond_returns_the_two_helmond_documents(seed_site: BuiltSite, seed_server: str) -> None:
    found = query_pagefind(seed_site.site, seed_server, {"term": "gemeente", "filters": {"gemeente": "Helmond"}})
    assert sorted(r["url"] for r in found["results"]) == sorted(
        [f"/documenten/{HELMOND_ANSWER}/", f"/documenten/{HELMOND_QUESTIONS}/"])


def test_plural_adviezen_finds_documents_saying_advies(seed_site: BuiltSite, seed_server: str) -> None:
    found = query_pagefind(seed_site.site, seed_server, {"term": "adviezen"})
    urls = [r["url"] for r in found["results"]]
    assert f"/documenten/{WIJDEMEREN}/" in urls


def test_filters_and_meta_are_indexed(seed_site: BuiltSite, seed_server: str) -> None:
    found = query_pagefind(seed_site.site, seed_server, {"term": "armoede"})
    assert set(found["filters"]) == {"gemeente", "onderwerp", "soort", "jaar", "uitkomst", "status"}
    meta = found["results"][0]["meta"]
    assert {"title", "datum", "soort", "gemeente"} <= set(meta)


def test_sort_by_date(seed_site: BuiltSite, seed_server: str) -> None:
    found = query_pagefind(seed_site.site, seed_server, {"term": "armoede", "sort": {"datum": "asc"}})
    dates = [r["meta"]["datum"] for r in found["results"]]
    assert len(dates) > 2 and dates == sorted(dates)


def test_year_and_type_filters_narrow_results(seed_site: BuiltSite, seed_server: str) -> None:
    everything = query_pagefind(seed_site.site, seed_server, {"term": "adviesraad"})
    narrowed = query_pagefind(seed_site.site, seed_server,
                              {"term": "adviesraad", "filters": {"jaar": "2017", "soort": "Advies van de adviesraad"}})
    assert [r["url"] for r in narrowed["results"]] == [f"/documenten/{WIJDEMEREN}/"]
    assert everything["count"] > narrowed["count"]


def test_navigation_pages_are_not_in_the_index(seed_site: BuiltSite, seed_server: str) -> None:
    found = query_pagefind(seed_site.site, seed_server, {"term": "gemeenten"})
    assert found["results"], "'gemeenten' should match documents"
    assert all(r["url"].startswith("/documenten/") for r in found["results"])


# A small archive whose words, places, years and outcomes are known exactly (its one topic label,
# Mantelzorg, is searched too, so none of its words is one of the queries').
SEARCH_DOCUMENTS = {
    "w/meervoud.md": document(
        topics="[mantelzorg]", title="Brief een", date="2019-03-01", municipality="Wijdemeren",
        body="De raad schrijft over adviezen en gemeenten en regelingen.\n"),
    "w/enkelvoud.md": document(
        topics="[mantelzorg]", title="Brief twee", date="2021-06-10", municipality="Wijdemeren",
        body="Dit stuk noemt een advies en een gemeente en een regeling.\n"),
    "h/frase.md": document(
        topics="[mantelzorg]", title="Brief drie", date="2020-02-02", municipality="Helmond", type="notitie",
        body="De eigen bijdrage voor de Wmo gaat omhoog. Ook over armoede.\n"),
    "h/los.md": document(
        topics="[mantelzorg]", title="Brief vier", date="2018-09-09", municipality="Helmond",
        body="Een bijdrage van de gemeente geeft mensen eigen regie bij armoede.\n"),
    "m/reactie.md": document(
        topics="[mantelzorg]", type="reactie", title="Brief vijf", date="2022-11-11", municipality="Montfoort",
        **{"from": "College van Montfoort"}, in_reply_to="enkelvoud",
        responses="\n  - point: 1\n    title: Een\n    outcome: toegezegd\n"
                  "  - point: 2\n    title: Twee\n    outcome: deels\n"
                  "  - point: 3\n    title: Drie\n    outcome: toegezegd\n",
        body="Het college antwoordt over armoede.\n"),
}


@pytest.fixture(scope="module")
def search_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """SEARCH_DOCUMENTS built and served, for searches whose answers are known exactly."""
    site = build_content(tmp_path_factory.mktemp("search"), SEARCH_DOCUMENTS)
    with serve_directory(site) as url:
        yield site, url


def ids(found: dict) -> list[str]:
    """The document ids of a query's results, in result order."""
    return [r["url"].strip("/").split("/")[-1] for r in found["results"]]


@pytest.mark.parametrize(("term", "document_id", "marked"), [
    ("adviezen", "enkelvoud", "advies"),
    ("advies", "meervoud", "adviezen"),
    ("gemeenten", "enkelvoud", "gemeente"),
    ("gemeente", "meervoud", "gemeenten"),
    ("regelingen", "enkelvoud", "regeling"),
    ("regeling", "meervoud", "regelingen"),
])
def test_plural_and_singular_find_each_other(search_site: tuple[Path, str], term: str, document_id: str,
                                             marked: str) -> None:
    # The mark proves the body text matched (the type label 'Advies van ...' is indexed too).
    site, url = search_site
    found = {r["url"].strip("/").split("/")[-1]: r for r in query_pagefind(site, url, {"term": term})["results"]}
    assert f"<mark>{marked}" in found[document_id]["excerpt"]


def test_quoted_phrase_needs_the_words_together(search_site: tuple[Path, str]) -> None:
    site, url = search_site
    assert set(ids(query_pagefind(site, url, {"term": "eigen bijdrage"}))) == {"frase", "los"}
    assert ids(query_pagefind(site, url, {"term": '"eigen bijdrage"'})) == ["frase"]


def test_values_of_one_filter_combine_with_or(search_site: tuple[Path, str]) -> None:
    site, url = search_site
    found = query_pagefind(site, url, {"term": "brief", "filters": {"gemeente": {"any": ["Helmond", "Montfoort"]}}})
    assert set(ids(found)) == {"frase", "los", "reactie"}


def test_filters_combine_with_and(search_site: tuple[Path, str]) -> None:
    site, url = search_site
    found = query_pagefind(site, url, {"term": "brief", "filters": {
        "gemeente": {"any": ["Helmond", "Wijdemeren"]}, "jaar": {"any": ["2019", "2020"]}}})
    assert set(ids(found)) == {"meervoud", "frase"}


@pytest.mark.parametrize(("direction", "expected"), [
    ("desc", ["reactie", "enkelvoud", "frase", "meervoud", "los"]),
    ("asc", ["los", "meervoud", "frase", "enkelvoud", "reactie"]),
])
def test_sort_by_datum(search_site: tuple[Path, str], direction: str, expected: list[str]) -> None:
    site, url = search_site
    assert ids(query_pagefind(site, url, {"term": "brief", "sort": {"datum": direction}})) == expected


def test_counts_follow_the_query_and_the_filters(search_site: tuple[Path, str]) -> None:
    site, url = search_site
    armoede = query_pagefind(site, url, {"term": "armoede"})
    assert armoede["filters"]["gemeente"] == {"Helmond": 2, "Montfoort": 1, "Wijdemeren": 0}
    assert armoede["filters"]["jaar"] == {"2018": 1, "2019": 0, "2020": 1, "2021": 0, "2022": 1}
    narrowed = query_pagefind(site, url, {"term": "armoede", "filters": {"gemeente": {"any": ["Helmond"]}}})
    assert narrowed["filters"]["jaar"] == {"2018": 1, "2019": 0, "2020": 1, "2021": 0, "2022": 0}
    assert narrowed["filters"]["soort"] == {
        "Advies van de adviesraad": 1, "Notitie": 1, "Reactie van de gemeente": 0}


def test_reply_has_one_uitkomst_per_distinct_outcome(search_site: tuple[Path, str]) -> None:
    site, url = search_site
    found = query_pagefind(site, url, {"term": "college"})
    assert ids(found) == ["reactie"]
    assert sorted(found["results"][0]["filters"]["uitkomst"]) == ["Deels overgenomen", "Toegezegd"]
    toegezegd = query_pagefind(site, url, {"term": "brief", "filters": {"uitkomst": {"any": ["Toegezegd"]}}})
    assert ids(toegezegd) == ["reactie"]


def letter_on(day: date, number: int) -> Document:
    """A minimal valid document dated `day`."""
    return Document(id=f"brief-{number}", type="advies", title="Advies", date=day, municipalities=(),
                    author="Adviesraad", recipient="", topics=(), reference="", in_reply_to=(), summary="",
                    attachments=(), responses=(), body_html=PackedHtml.pack(""), headings=(), source_path=f"{number}.md",
                    source_name=f"{number}.md")


TUNING = Tuning()


def spread_over(year: int, count: int, start: int = 0) -> list:
    """`count` letters spread evenly over the days of a year."""
    return [letter_on(date(year, 1, 1) + timedelta(days=(i * 365) // count), start + i) for i in range(count)]


def test_shards_stay_within_a_year_and_near_the_size_limit() -> None:
    documents = spread_over(2024, 1600) + spread_over(2023, 300, 2000) + spread_over(2022, 140, 3000)
    shards = [(s.name, s.documents) for s in assign_shards(documents, TUNING)]
    names = [name for name, _ in shards]
    assert names == ["", *(f"2024-{n}" for n in range(7, 0, -1)), "2023-2", "2023-1", "2022"]
    assert sorted(d.id for _, part in shards for d in part) == sorted(d.id for d in documents)
    for name, part in shards:
        assert len({d.date.year for d in part}) == 1, name
        assert len(part) <= TUNING.shard_max * 1.1, (name, len(part))
    # The main bundle is the newest part of the newest year.
    assert max(d.date for d in shards[0][1]) == max(d.date for d in documents)


def test_a_new_letter_changes_one_shard_only() -> None:
    documents = spread_over(2024, 2100)
    before = {s.name: s.documents for s in assign_shards(documents, TUNING)}
    after = {s.name: s.documents for s in assign_shards(documents + [letter_on(date(2024, 5, 5), 9999)], TUNING)}
    assert before.keys() == after.keys()
    changed = [name for name in before if before[name] != after[name]]
    assert len(changed) == 1 and any(d.id == "brief-9999" for d in after[changed[0]])


def test_a_small_archive_has_one_index() -> None:
    assert [s.name for s in assign_shards(spread_over(2024, TUNING.single_index_max), TUNING)] == [""]


def test_larger_archives_get_larger_shards_in_rare_steps() -> None:
    sizes = {n: shard_size(n, TUNING) for n in (1_000, 10_000, 16_000, 16_001, 30_000, 50_000, 100_000)}
    assert sizes[1_000] == sizes[10_000] == sizes[16_000] == TUNING.shard_max
    assert sizes[16_001] == sizes[30_000] == 2 * TUNING.shard_max
    assert sizes[50_000] == 4 * TUNING.shard_max and sizes[100_000] == 8 * TUNING.shard_max


def page_data(site: Path) -> dict:
    """The search page's build-time data: shards, filter counts, first scope."""
    page = (site / "zoeken" / "index.html").read_text("utf-8")
    return json.loads(re.search(r'<script type="application/json" id="zoek-data">(.*?)</script>', page, re.S)[1])


def without_zeros(facets: dict) -> dict:
    """Filter counts without the values, and filters, that count nothing."""
    counted = {key: {value: n for value, n in values.items() if n} for key, values in facets.items()}
    return {key: values for key, values in counted.items() if values}


def test_the_page_counts_every_filter_value_as_the_index_does(seed_site: BuiltSite, seed_server: str,
                                                              search_site: tuple[Path, str],
                                                              sharded_site: tuple[Path, str]) -> None:
    for site, url in ((seed_site.site, seed_server), search_site, sharded_site):
        found = query_pagefind(site, url, {"term": None})
        assert without_zeros(found["pageFacets"]) == without_zeros(found["allFilters"])
        assert sum(found["pageFacets"]["jaar"].values()) == found["count"]


def test_the_page_lists_the_shards_newest_first_with_their_years_and_sizes(sharded_site: tuple[Path, str]) -> None:
    site, _ = sharded_site
    shards = page_data(site)["shards"]
    assert len(shards) == 10 and {s["documents"] for s in shards} == {2}
    assert [s["years"] for s in shards] == [[year] for year in range(2022, 2017, -1) for _ in (1, 2)]
    assert [s["last"] for s in shards] == sorted((s["last"] for s in shards), reverse=True)
    assert shards[0]["path"] == "pagefind/" and all((site / s["path"] / "pagefind-entry.json").is_file() for s in shards)
    assert page_data(site)["first"] == {"documents": 4, "shards": 6}


@pytest.mark.parametrize("direction", ["asc", "desc"])
def test_a_date_sort_runs_across_every_shard_in_order(sharded_site: tuple[Path, str], direction: str) -> None:
    site, url = sharded_site
    found = query_pagefind(site, url, {"term": "wijkzorg", "sort": {"datum": direction}})
    dates = [r["meta"]["datum"] for r in found["results"]]
    assert len(dates) == 20 and dates == sorted(dates, reverse=direction == "desc")


def test_the_first_search_covers_the_newest_documents_only_and_says_so(sharded_site: tuple[Path, str]) -> None:
    site, url = sharded_site
    found = query_pagefind(site, url, {"term": "wijkzorg", "scope": {"documents": 4}})
    assert {r["meta"]["datum"][:4] for r in found["results"]} == {"2022"} and found["count"] == 4
    assert found["scope"]["text"] == "Gezocht in 2022. Oudere documenten zijn nog niet doorzocht."
    assert found["fetchedFrom"] == sorted(found["scope"]["paths"]) and len(found["scope"]["paths"]) == 2
    assert found["wasmDownloads"] == 1


@pytest.mark.parametrize(("scope", "years", "text"), [
    ({"documents": 6}, {"2021", "2022"}, "Gezocht in documenten vanaf 10 augustus 2021. Oudere documenten zijn nog niet doorzocht."),
    ({"documents": 12}, {"2020", "2021", "2022"}, "Gezocht van 2020 tot en met 2022. Oudere documenten zijn nog niet doorzocht."),
    ({"documents": 100, "most": 3}, {"2021", "2022"}, "Gezocht in documenten vanaf 10 augustus 2021. Oudere documenten zijn nog niet doorzocht."),
    ({"documents": 4, "oldestFirst": True}, {"2018"}, "Gezocht in 2018. Nieuwere documenten zijn nog niet doorzocht."),
    ({"documents": 6, "oldestFirst": True}, {"2018", "2019"}, "Gezocht in documenten tot en met 10 mei 2019. Nieuwere documenten zijn nog niet doorzocht."),
    ({"documents": 20}, {"2018", "2019", "2020", "2021", "2022"}, ""),
])
def test_a_wider_scope_says_which_years_it_searched(sharded_site: tuple[Path, str], scope: dict, years: set[str],
                                                    text: str) -> None:
    site, url = sharded_site
    found = query_pagefind(site, url, {"term": "wijkzorg", "scope": scope})
    assert {r["meta"]["datum"][:4] for r in found["results"]} == years
    assert found["scope"]["text"] == text


def test_a_year_filter_opens_only_the_shards_of_that_year(sharded_site: tuple[Path, str]) -> None:
    site, url = sharded_site
    found = query_pagefind(site, url, {"term": "wijkzorg", "filters": {"jaar": {"any": ["2019"]}},
                                       "scope": {"years": [2019]}})
    assert {r["meta"]["datum"][:4] for r in found["results"]} == {"2019"} and found["count"] == 4
    assert found["scope"]["text"] == ""
    assert found["fetchedFrom"] == sorted(s["path"] for s in page_data(site)["shards"] if 2019 in s["years"])
    assert found["wasmDownloads"] == 1


def test_an_archive_without_letters_has_no_index_until_its_first_letter(make_site) -> None:
    empty = make_site({})
    assert empty.code == 0, empty.stderr
    assert not (empty.site / "pagefind").exists()
    page = empty.read("zoeken/index.html")
    assert "Er staan nog geen brieven in het archief." in page
    assert "zoeken.js" not in page  # no script that would look for an index
    first = make_site({"wijdemeren/advies.md": document()})
    assert first.code == 0, first.stderr
    assert (first.site / "pagefind" / "pagefind.js").is_file()
    assert "zoeken.js" in first.read("zoeken/index.html")
    (first.content / "wijdemeren" / "advies.md").unlink()
    for _ in range(2):  # the second build patches the site that still had an index
        again = make_site({})
        assert again.code == 0, again.stderr
        assert not (again.site / "pagefind").exists()


def test_a_result_shows_the_letter_as_its_page_does(make_site) -> None:
    # The index is made from each letter's record (search/records.py), not from its page:
    # what a result shows must still be the letter's own words, escaped once, never twice.
    built = make_site({
        "a/advies.md": document(
            title="'Zorg & welzijn <samen>'", reference="ASD-2020/7", municipality="[Helmond, Wijdemeren]",
            topics="[armoede, mantelzorg]", summary="'Meer hulp voor \"mantelzorgers\" & hun gezin.'",
            body="## 1. Respijtzorg\n\nDe gemeente regelt respijtzorg dichtbij.\n"),
        "a/reactie.md": document(type="reactie", title="Reactie", date="2020-03-01", in_reply_to="advies",
                                 **{"from": "College van Wijdemeren"},
                                 responses="[{point: '1', outcome: deels, note: Gedeeltelijk.}]",
                                 body="## 1. Respijtzorg\n\nWe doen een deel.\n"),
    })
    assert built.code == 0, built.stderr
    page = built.read("documenten/advies/index.html")
    with serve_directory(built.site) as url:
        found = query_pagefind(built.site, url, {"term": "respijtzorg", "filters": {"soort": "Advies van de adviesraad"}})
        (result,) = found["results"]
        assert result["url"] == "/documenten/advies/"
        assert result["meta"]["title"] == "Zorg & welzijn <samen>"
        assert result["meta"]["kenmerk"] == "ASD-2020/7"
        assert result["meta"]["gemeente"] == "Helmond en Wijdemeren"
        assert result["meta"]["datum"] == "2020-01-15"
        assert "Meer hulp voor" in result["content"] and "respijtzorg dichtbij" in result["content"]
        # A point's heading is a sub-result that links to the same anchor on the page.
        anchors = [sub["url"] for sub in result["sub_results"] if "#" in sub["url"]]
        assert anchors and all(f'id="{a.split("#", 1)[1]}"' in page for a in anchors)
        both = query_pagefind(built.site, url, {"term": None, "filters": {
            "gemeente": "Helmond", "onderwerp": "Mantelzorg", "jaar": "2020"}})
        assert [r["url"] for r in both["results"]] == ["/documenten/advies/"]
        answered = query_pagefind(built.site, url, {"term": None, "filters": {"uitkomst": "Deels overgenomen"}})
        assert [r["url"] for r in answered["results"]] == ["/documenten/reactie/"]


@pytest.mark.parametrize("main", [True, False], ids=["main-bundle", "shard-bundle"])
def test_a_rebuilt_bundle_replaces_only_what_differs(tmp_path: Path, main: bool) -> None:
    from adviesarchief.search import indexing as search

    built, old = tmp_path / "built", tmp_path / "old"
    for folder, files in ((built, {"same.pf": b"a", "fragment/new.pf": b"n", "pagefind-entry.json": b"2"}),
                          (old, {"same.pf": b"a", "fragment/gone.pf": b"g", "pagefind-entry.json": b"1",
                                 "2019/pagefind-entry.json": b"shard", "stray.txt": b"x"})):
        for name, data in files.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(data)
    same_inode = (old / "same.pf").stat().st_ino
    search._place_bundle(built, old, main=main)
    files = {p.relative_to(old).as_posix(): p.read_bytes() for p in old.rglob("*") if p.is_file()}
    expected = {"same.pf": b"a", "fragment/new.pf": b"n", "pagefind-entry.json": b"2"}
    # The main bundle holds the other shards' folders, which stay; a shard's bundle holds none.
    assert files == ({**expected, "2019/pagefind-entry.json": b"shard"} if main else expected)
    assert (old / "same.pf").stat().st_ino == same_inode  # an unchanged file is left where it is


# Dutch words: compounds, topic labels, place names and synonyms (search/words.py), on a real index.
DUTCH_DOCUMENTS = {
    "d/kinderarmoede.md": document(
        title="Advies over kinderarmoede", date="2021-03-01", summary="Meer doen tegen kinderarmoede.",
        body="De raad vraagt aandacht voor kinderarmoede en voor de jeugdzorg.\n"),
    "d/schulden.md": document(
        title="Brief over geld", date="2020-03-01", topics="[schuldhulpverlening]", summary="Over geld.",
        body="Wij adviseren over schuldhulpverlening in de gemeente.\n"),
    "d/wmo.md": document(
        title="Brief over een wet", date="2019-03-01", summary="Over een wet.",
        body="De Wet maatschappelijke ondersteuning schiet tekort voor senioren.\n"),
    "d/mantel.md": document(
        title="Brief over hulp thuis", date="2018-03-01", topics="[mantelzorg]", municipality="Montfoort",
        summary="Over hulp thuis.", body="De raad schrijft over hulp thuis.\n"),
}


@pytest.fixture(scope="module")
def dutch_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    site = build_content(tmp_path_factory.mktemp("dutch"), DUTCH_DOCUMENTS)
    with serve_directory(site) as url:
        yield site, url


@pytest.mark.parametrize(("term", "expected"), [
    ("zorg", "kinderarmoede"),  # compound head: jeugdzorg
    ("armoede", "kinderarmoede"),  # compound head: kinderarmoede
    ("kinderen", "kinderarmoede"),  # compound modifier with linking -en-
    ("hulpverlening", "schulden"),  # head of a head: schuld|hulp|verlening
    ("jeugdhulp", "kinderarmoede"),  # synonym of jeugdzorg
    ("wmo", "wmo"),  # abbreviation of Wet maatschappelijke ondersteuning
    ("ouderen", "wmo"),  # synonym of senioren
    ("mantelzorg", "mantel"),  # topic label only
    ("montfoort", "mantel"),  # municipality name
])
def test_dutch_words_are_found(dutch_site: tuple[Path, str], term: str, expected: str) -> None:
    site, url = dutch_site
    assert expected in ids(query_pagefind(site, url, {"term": term}))


def test_the_title_is_the_letters_own(dutch_site: tuple[Path, str]) -> None:
    site, url = dutch_site
    found = query_pagefind(site, url, {"term": "kinderarmoede"})["results"]
    assert [r["title"] for r in found] == ["Advies over kinderarmoede"]


# Ranking (derive/ranking.py): a word in the title or the summary ranks a letter above letters
# that only have it in their text, however often.
FILLER = "De adviesraad heeft het voorstel gelezen en besproken in de vergadering. " * 6
RANKING_FILES = {
    "r/tekst-vaak.md": document(title="Advies over de begroting", summary="Over geld voor de wijk.", date="2022-03-01",
                                body=f"{FILLER}\n\nHet buurtbudget is klein. Het buurtbudget groeit niet. "
                                     f"Een groter buurtbudget helpt.\n"),
    "r/tekst-kort.md": document(title="Advies over vervoer", summary="Over de regiotaxi.", date="2022-02-01",
                                body="Het buurtbudget komt ter sprake.\n"),
    "r/titel.md": document(title="Advies over het buurtbudget", summary="Over geld voor de wijk.", date="2021-03-01",
                           body=f"{FILLER}\n"),
    "r/samenvatting.md": document(title="Advies over de wijk", summary="De raad vraagt om een groter buurtbudget.",
                                  date="2021-02-01", body=f"{FILLER}\n"),
}


@pytest.fixture(scope="module")
def ranking_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    site = build_content(tmp_path_factory.mktemp("ranking"), RANKING_FILES)
    with serve_directory(site) as url:
        yield site, url


def test_title_and_summary_hits_rank_above_text_hits(ranking_site: tuple[Path, str]) -> None:
    site, url = ranking_site
    found = [r["url"] for r in query_pagefind(site, url, {"term": "buurtbudget"})["results"]]
    assert found[:2] == ["/documenten/titel/", "/documenten/samenvatting/"]
    assert set(found[2:]) == {"/documenten/tekst-vaak/", "/documenten/tekst-kort/"}


def test_the_page_gives_pagefind_the_ranking_options(ranking_site: tuple[Path, str]) -> None:
    from adviesarchief.derive.ranking import RANKING

    site, _ = ranking_site
    page = (site / "zoeken" / "index.html").read_text("utf-8")
    data = json.loads(re.search(r'id="zoek-data">(.*?)</script>', page, re.S).group(1))
    assert data["ranking"] == RANKING


def test_a_letter_written_with_ligatures_is_found_by_plain_letters(make_site) -> None:
    # Text pasted from some PDFs holds 'ﬁ' (U+FB01) for 'fi' and soft hyphens inside words.
    built = make_site({"wijdemeren/advies.md": document(
        body="De \ufb01nanciële gevolgen van de schuld\u00adhulpverlening zijn groot.\n")})
    assert built.code == 0, built.stderr
    with serve_directory(built.site) as url:
        for term in ("financiële", "schuldhulpverlening"):
            assert ids(query_pagefind(built.site, url, {"term": term})) == ["advies"], term


def test_no_process_is_forked_while_a_thread_starts_pagefind(monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker forked in the middle of Popen would hold Pagefind's output pipes open: forks wait."""
    held: list[bool] = []

    def popen(*args: object, **kwargs: object) -> object:
        held.append(indexing.STARTING.locked())
        return None
    monkeypatch.setattr(indexing.subprocess, "Popen", popen)
    indexing.start_process(["pagefind"], None)
    assert held == [True]

    forked = threading.Event()

    def fork() -> None:
        child = os.fork()
        if child == 0:
            os._exit(0)
        os.waitpid(child, 0)
        forked.set()
    with indexing.STARTING:  # as a thread inside start_process holds it
        thread = threading.Thread(target=fork)
        thread.start()
        assert not forked.wait(0.5)
    assert forked.wait(10)
    thread.join()
    # A fork whose wait for the lock was broken off (Ctrl-C) leaves the starting thread's lock alone.
    with indexing.STARTING:
        indexing._after_fork()
        assert indexing.STARTING.locked()


def test_an_excerpt_keeps_the_title_and_the_summary_apart(tmp_path: Path) -> None:
    site = build_content(tmp_path, {"w/samen.md": document(
        title='Advies over "Samen sterk"', summary="De raad wil meer inspraak", body="Tekst.\n")})
    with serve_directory(site) as url:
        excerpt = query_pagefind(site, url, {"term": "samen"})["results"][0]["excerpt"]
    assert 'sterk". Kort gezegd: De raad wil meer inspraak.' in excerpt.replace("&quot;", '"')


@pytest.mark.parametrize(("text", "stop"), [
    ("Advies over de regiotaxi", "."), ("Wat doet de gemeente?", ""), ("Zo gaat het verder.\n", ""),
    ('Zij zeggen: "nee."', ""), ("Eén vraag: hoe lang nog", "."), ('Advies over "Samen sterk"', "."),
])
def test_a_title_or_summary_ends_in_a_full_stop_in_its_record(text: str, stop: str) -> None:
    assert full_stop(text) == stop
