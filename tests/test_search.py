"""Search against the real Pagefind index, queried from Node 20 as a browser would."""

from __future__ import annotations

from conftest import BuiltSite, query_pagefind
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
    assert set(found["filters"]) == {"gemeente", "onderwerp", "soort", "jaar", "uitkomst"}
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
    assert all(r["url"].startswith("/documenten/") for r in found["results"])
