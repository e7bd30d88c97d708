"""Dutch text helpers: slugs, dates in words, suggestions and lists."""

from __future__ import annotations

from datetime import date

import pytest

from adviesarchief.text import as_letters, did_you_mean, format_date, join_dutch, slugify, suggest


@pytest.mark.parametrize(("name", "slug"), [
    ("Súdwest-Fryslân", "sudwest-fryslan"),
    ("'s-Hertogenbosch", "s-hertogenbosch"),
    ("Bergen (NH.)", "bergen-nh"),
    ("Nuenen, Gerwen en Nederwetten", "nuenen-gerwen-en-nederwetten"),
    ("Eén loket!", "een-loket"),
    ("  Armoede & minima  ", "armoede-minima"),
])
def test_slugify_gives_lowercase_ascii_words(name: str, slug: str) -> None:
    assert slugify(name) == slug


@pytest.mark.parametrize(("day", "words"), [
    (date(2017, 4, 3), "3 april 2017"),
    (date(2017, 12, 12), "12 december 2017"),
    (date(2024, 3, 1), "1 maart 2024"),
])
def test_format_date_writes_dutch_words(day: date, words: str) -> None:
    assert format_date(day) == words


def test_suggest_finds_the_closest_name_ignoring_case() -> None:
    assert suggest("wijdmeren", ["Wijdemeren", "Montfoort"]) == "Wijdemeren"
    assert suggest("Amsterdam", ["Wijdemeren", "Montfoort"]) is None
    assert did_you_mean("tittle", ["title", "type"]) == "did you mean 'title'?"
    assert did_you_mean("xyz", ["title"]) == ""


@pytest.mark.parametrize(("items", "prose"), [
    ([], ""), (["Helmond"], "Helmond"), (["a", "b"], "a en b"), (["a", "b", "c"], "a, b en c"),
])
def test_join_dutch(items: list[str], prose: str) -> None:
    assert join_dutch(items) == prose


@pytest.mark.parametrize(("text", "letters"), [
    ("\ufb01nanciën", "financiën"), ("\ufb02exibel", "flexibel"), ("o\ufb03cieel", "officieel"),
    ("e\ufb00ect", "effect"), ("Sche\ufb04er", "Scheffler"), ("schuld\u00adhulp", "schuldhulp"), ("b\u0133drage", "bijdrage"), ("gewoon", "gewoon"),
])
def test_as_letters_writes_ligatures_out_and_leaves_soft_hyphens_out(text: str, letters: str) -> None:
    assert as_letters(text) == letters
