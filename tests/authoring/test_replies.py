"""What a reply does with each point of an advice, read from its own words."""

from __future__ import annotations

import pytest

from adviesarchief.authoring.replies import LABELLED_POINT, guess_outcome, numbered_points


@pytest.mark.parametrize(("text", "outcome"), [
    ("Wij nemen dit advies over.", "overgenomen"),
    ("Het college volgt dit advies.", "overgenomen"),
    ("Het advies is overgenomen in de nota.", "overgenomen"),
    ("Dit advies nemen wij niet over, omdat het geld er niet is.", "niet-overgenomen"),
    ("Wij volgen uw advies niet.", "niet-overgenomen"),
    ("Dit voorstel wijzen wij af.", "niet-overgenomen"),
    ("Wij nemen uw advies deels over.", "deels"),
    ("Wij zijn het gedeeltelijk met uw advies eens.", "deels"),
    ("Wij zeggen toe dat wij voor de zomer met de bibliotheek in gesprek gaan.", "toegezegd"),
    ("Uw advies nemen wij mee bij de evaluatie.", "toegezegd"),
    ("Wij gaan onderzoeken of dit kan.", "toegezegd"),
    ("Wij nemen kennis van uw advies.", "kennisgenomen"),
    ("Uw opmerking over de folders is voor kennisgeving aangenomen.", "kennisgenomen"),
    # The first sentence that says it counts; the reasons after it do not change it.
    ("Wij nemen dit advies over. Wij nemen het niet over voor 2026.", "overgenomen"),
    # Words that look like an outcome but are about something else: better none than a wrong one.
    ("Wij beseffen dat het deels een mindset is.", ""),
    ("Wij sluiten daarbij aan bij landelijke initiatieven.", ""),
    ("Wij nemen de kosten van de cursus over.", ""),
    ("De wachttijd voor een eerste gesprek is nu drie weken.", ""),
    ("", ""),
])
def test_the_outcome_is_read_from_the_reply_s_words(text: str, outcome: str) -> None:
    found, because = guess_outcome(text)
    assert found == outcome
    # The sentence it came from is shown to the secretary, so it must be one of the reply's own.
    assert (because in text) if outcome else because == ""


@pytest.mark.parametrize(("lines", "expected"), [
    (["Advies 1: maak de doelen meetbaar", "Wij nemen dit over.", "Advies 2 - betrek mantelzorgers"],
     [("1", "Maak de doelen meetbaar"), ("2", "Betrek mantelzorgers")]),
    (["## Aanbeveling 1. Eén loket", "tekst", "**Aanbeveling 2:** Vroegsignalering"],
     [("1", "Eén loket"), ("2", "Vroegsignalering")]),
    # A label that does not count on from 1 is a reference in the text, not the next point.
    (["Advies 2: later", "Advies 1: eerst"], [("1", "Eerst")]),
    (["Adviesraad Sociaal Domein Zeist", "Advies over de nota"], []),
])
def test_points_under_a_label_are_numbered_as_the_advice_numbers_them(lines: list[str],
                                                                    expected: list[tuple[str, str]]) -> None:
    assert [(p.point, p.title) for p in numbered_points(lines, LABELLED_POINT)] == expected
