"""The municipality registry: the shipped TOOI data, names and aliases, and dates of existence."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from adviesarchief.load.content import REGISTRY_FILE, read_registry
from adviesarchief.validate.registry import ALIASES, CBS_SPELLING, Registry, build_registry, exists_on, name_key
from conftest import BuiltSite, document


@pytest.fixture(scope="module")
def registry() -> Registry:
    return build_registry(read_registry())


def test_data_file_records_its_source_and_date() -> None:
    data = json.loads(REGISTRY_FILE.read_text("utf-8"))
    assert "rwc_gemeenten_compleet" in data["source"]
    assert "KOOP" in data["source"]
    date.fromisoformat(data["retrieved"])
    entries = data["municipalities"]
    assert len(entries) == 605
    assert sum(1 for e in entries if e["end"] is None) == 342  # municipalities on 1 January 2023
    for entry in entries:
        assert re.fullmatch(r"GM\d{4}", entry["code"]), entry
        assert entry["tooi"] == f"https://identifier.overheid.nl/tooi/id/gemeente/{entry['code'].lower()}"
        assert entry["name"] and entry["name"] == entry["name"].strip()
        for successor in entry["successors"]:
            assert any(e["code"] == successor for e in entries), entry


def test_every_alias_and_spelling_names_a_real_code(registry: Registry) -> None:
    for code in (*ALIASES, *CBS_SPELLING):
        assert code in registry.by_code, code


def test_no_alias_hides_another_municipality(registry: Registry) -> None:
    for code, aliases in ALIASES.items():
        for alias in aliases:
            assert {m.code for m in registry.by_key[name_key(alias)]} == {code}, alias


@pytest.mark.parametrize(("written", "official", "code"), [
    ("Wijdemeren", "Wijdemeren", "GM1696"),
    ("WIJDEMEREN", "Wijdemeren", "GM1696"),
    ("Den Haag", "'s-Gravenhage", "GM0518"),
    ("'s-Gravenhage", "'s-Gravenhage", "GM0518"),
    ("\u2019s-Gravenhage", "'s-Gravenhage", "GM0518"),
    ("s-Gravenhage", "'s-Gravenhage", "GM0518"),
    ("Den Bosch", "'s-Hertogenbosch", "GM0796"),
    ("Bergen (NH.)", "Bergen (NH.)", "GM0373"),
    ("Bergen (NH)", "Bergen (NH.)", "GM0373"),
    ("Bergen NH", "Bergen (NH.)", "GM0373"),
    ("Bergen (L.)", "Bergen (L.)", "GM0893"),
    ("Bergen (Limburg)", "Bergen (L.)", "GM0893"),
    ("Hengelo (O.)", "Hengelo", "GM0164"),
    ("Hengelo", "Hengelo", "GM0164"),
    ("Sudwest Fryslan", "Súdwest-Fryslân", "GM1900"),
    ("Nuenen", "Nuenen, Gerwen en Nederwetten", "GM0820"),
])
def test_names_match_ignoring_case_accents_and_punctuation(registry: Registry, written: str, official: str,
                                                           code: str) -> None:
    found = registry.find(written)
    assert found is not None and (found.name, found.code) == (official, code)


def test_bergen_alone_is_ambiguous(registry: Registry) -> None:
    assert registry.find("Bergen") is None
    assert [m.name for m in registry.candidates("Bergen")] == ["Bergen (L.)", "Bergen (NH.)"]
    assert registry.candidates("Wijdemeren") == ()


def test_suggestions_give_official_names(registry: Registry) -> None:
    assert registry.suggest("Wijdmeren") == "Wijdemeren"
    assert registry.suggest("Amsterdm") == "Amsterdam"
    assert registry.suggest("Xyzzy") is None
    assert registry.suggest("Den Haga") == "Den Haag"  # an accepted alias, not the former 'Den Ham'
    assert registry.find(registry.suggest("Den Haga") or "") is not None


def test_merged_municipality_has_dates_and_successor(registry: Registry) -> None:
    haren = registry.find("Haren")
    assert haren is not None and haren.end == date(2018, 12, 31)
    assert exists_on(haren, date(2018, 12, 31)) and not exists_on(haren, date(2019, 1, 1))
    assert [m.name for m in registry.successors(haren)] == ["Groningen"]


def test_new_municipality_knows_its_predecessors(registry: Registry) -> None:
    wijdemeren = registry.find("Wijdemeren")
    assert wijdemeren is not None and wijdemeren.start == date(2002, 1, 1)
    assert [m.name for m in registry.predecessors(wijdemeren)] == [
        "Loosdrecht", "Nederhorst den Berg", "'s-Graveland"]


def test_municipality_page_and_data_carry_code_tooi_and_slug(make_site) -> None:
    built: BuiltSite = make_site({"a/x.md": document(municipality="[Den Haag, Bergen (NH)]")})
    assert built.code == 0, built.stderr
    record = json.loads(built.read("data/documenten.json"))[0]
    assert record["municipalities"] == [
        {"name": "'s-Gravenhage", "code": "GM0518", "slug": "s-gravenhage",
         "tooi": "https://identifier.overheid.nl/tooi/id/gemeente/gm0518"},
        {"name": "Bergen (NH.)", "code": "GM0373", "slug": "bergen-nh",
         "tooi": "https://identifier.overheid.nl/tooi/id/gemeente/gm0373"},
    ]
    page = built.read("gemeenten/bergen-nh/index.html")
    assert "Bergen (NH.)" in page
    assert "GM0373" in page
    assert '"sameAs": "https://identifier.overheid.nl/tooi/id/gemeente/gm0373"' in page  # in its JSON-LD
    assert 'href="https://identifier.overheid.nl/tooi/id/gemeente/gm0373"' in built.read("data/index.html")
    assert (built.site / "gemeenten/s-gravenhage/index.html").is_file()


def test_by_name_keeps_lowercased_official_names(registry: Registry) -> None:
    # Other modules (letter.py) look names up this way.
    assert [m.code for m in registry.by_name["súdwest-fryslân"]] == ["GM1900"]
    assert [m.code for m in registry.by_name["bergen (nh.)"]] == ["GM0373"]
    assert "den haag" not in registry.by_name
