"""Telling a find from Pagefind's chance hits (zoekterm.js relatedWord, isChanceHit), in Node as the page runs them."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

ZOEKTERM = Path(__file__).resolve().parents[2] / "adviesarchief" / "render" / "templates" / "static" / "zoekterm.js"


def run(expression: str) -> object:
    """Evaluate an expression over zoekterm.js's exports in Node; return its JSON value."""
    script = f"import * as z from {json.dumps(ZOEKTERM.as_uri())};\nconsole.log(JSON.stringify({expression}));"
    done = subprocess.run(["node", "--input-type=module", "-e", script], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


@pytest.mark.parametrize(("found", "asked", "related"), [
    ("armoede", "armoede", True),
    ("armoedebeleid", "armoede", True),
    ("Armoede.", "armoede", True),            # case and punctuation
    ("loopt", "lopen", True),                 # a doubled vowel is one
    ("gaat", "gaan", True),
    ("woont", "wonen", True),
    ("Wmo-raad", "wmo", True),
    ("cliëntenraad", "clientenraad", True),   # accents left out
    ("advies", "advie", True),                # what the page sends for "adviezen"
    ("à", "armoeede", False),                 # the typo's chance hit
    ("Bladel", "blablabla", False),
    ("arm", "armoeede", False),
    ("participatie", "parkeren", False),
])
def test_a_matched_word_is_related_to_a_query_word_by_its_first_letters(found: str, asked: str, related: bool) -> None:
    assert run(f"z.relatedWord({json.dumps(found)}, {json.dumps(asked)})") is related


@pytest.mark.parametrize(("data", "term", "chance"), [
    ({"content": "Veel kinderen in armoede.", "locations": [3]}, "armoede", False),
    ({"content": "Zij volgen het à tempo.", "locations": [3]}, "armoeede", True),
    # Every word of the query needs a related match: one chance word makes the result chance.
    ({"content": "Kinderen volgen het à tempo.", "locations": [0, 3]}, "kinderen armoeede", True),
    ({"content": "Kinderen in armoede.", "locations": [0, 2]}, "kinderen armoede", False),
    # A word glued to others by signs is found in its pieces.
    ({"content": "Zie (regeling/armoede) hier.", "locations": [1]}, "armoede", False),
    # Matched in its metadata only: judged by those words (a reference number stays a find).
    ({"content": "Tekst.", "locations": [], "meta": {"kenmerk": "U-2023-0145"}}, "U-2023", False),
    ({"content": "Tekst.", "locations": [], "meta": {"gemeente": "Bladel"}}, "blablabla", True),
    # A word may start with a digit.
    ({"content": "Zorg in de 2e lijn.", "locations": [3, 4]}, "2e lijn", False),
    ({"content": "In 2023 minder.", "locations": [1]}, "2023", False),
    # A query of signs only has no words to judge.
    ({"content": "Tekst.", "locations": []}, "?!", False),
])
def test_a_result_is_chance_when_a_query_word_has_no_related_match(data: dict, term: str, chance: bool) -> None:
    assert run(f"z.isChanceHit({json.dumps(data)}, {json.dumps(term)})") is chance


@pytest.mark.parametrize(("excerpt", "shown"), [
    (") worden steeds meer aangesproken op hun <mark>eigen</mark> kracht. Dit kan", "… worden steeds meer aangesproken op hun <mark>eigen</mark> kracht. Dit kan …"),
    ("gezegd: De raad geeft advies over de <mark>eigen</mark> bijdrage.", "… gezegd: De raad geeft advies over de <mark>eigen</mark> bijdrage."),
    ("Reactie op uw advies over de <mark>huishoudelijke</mark> hulp", "Reactie op uw advies over de <mark>huishoudelijke</mark> hulp …"),
    ("<mark>Armoede</mark> is een groot probleem.", "<mark>Armoede</mark> is een groot probleem."),
    ("", ""),
], ids=["cut at both ends", "cut at the start", "cut at the end", "whole sentence", "empty"])
def test_an_excerpt_shows_where_it_is_cut(excerpt: str, shown: str) -> None:
    assert run(f"z.framedExcerpt({json.dumps(excerpt)})") == shown
