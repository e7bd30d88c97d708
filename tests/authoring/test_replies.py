"""What a reply does with each point of an advice, read from its own words."""

from __future__ import annotations

import pytest

from adviesarchief.authoring.replies import draft_points, guess_outcome


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
    ("Het college neemt het advies over.", "overgenomen"),
    ("Het college onderschrijft het advies.", "overgenomen"),
    ("Dit advies is niet overgenomen.", "niet-overgenomen"),
    ("Het college wijst dit voorstel af.", "niet-overgenomen"),
    ("Wij nemen dit advies niet mee.", "niet-overgenomen"),
    ("Wij gaan dit advies niet onderzoeken.", "niet-overgenomen"),
    ("Wij zeggen dit niet toe.", "niet-overgenomen"),
    ("Wij nemen dit advies niet volledig over.", "deels"),
    ("Wij hebben kennisgenomen van uw advies.", "kennisgenomen"),
    # A verdict that opens the answer, as a table of answers gives it, needs no word for the advice.
    ("Overgenomen.", "overgenomen"),
    ("Onze reactie: Deels overgenomen. Alle brieven worden op B1 geschreven.", "deels"),
    ("Niet overgenomen, want de wet vraagt een tegenprestatie.", "niet-overgenomen"),
    ("Gedeeltelijk overgenomen: alle brieven op B1.", "deels"),
    ("Reactie college: akkoord.", "overgenomen"),
    ("Advies niet gevolgd.", "niet-overgenomen"),
    ("Afgewezen.", "niet-overgenomen"),
    ("Niet volledig overgenomen.", "deels"),
    ("Toegezegd.", "toegezegd"),
    ("Voor kennisgeving aangenomen.", "kennisgenomen"),
    ("Overgenomen worden de regels van 2020.", ""),
    ("Akkoord gaan wij niet met de hogere kosten.", ""),
    # The first sentence that says it counts; the reasons after it do not change it.
    ("Wij nemen dit advies over. Wij nemen het niet over voor 2026.", "overgenomen"),
    # Taking note is what a reply says first, before what it does.
    ("Wij hebben kennis genomen van dit advies. Wij nemen het advies over.", "overgenomen"),
    # A 'niet' or 'deels' in another clause is about something else.
    ("Wij volgen het advies, ook al is dat niet eenvoudig.", "overgenomen"),
    ("Wij volgen het advies, omdat het deels al gebeurt.", "overgenomen"),
    # 'Over' before an article is the preposition: no outcome yet.
    ("Wij hebben nog niet over dit advies besloten.", ""),
    ("Wij nemen in mei een besluit over dit advies.", ""),
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
    assert [(p.point, p.title) for p in draft_points(lines, [])[0]] == expected


REPLY = ["Geachte heer De Vries,", "Hieronder leest u wat wij met uw adviezen doen.",
         "## Advies 1: meetbare doelen", "Wij nemen dit advies over. Wij doen dit in drie stappen:",
         "1. een nulmeting;", "2. een jaarlijkse meting.",
         "## Advies 2: Dit punt niet over het hoofd zien", "Wij zeggen toe dat wij dit in 2025 regelen.",
         "## Advies 3: de bibliotheek", "Wij spreken de bibliotheek aan.",
         "Met vriendelijke groet,", "Wij komen graag op dit advies terug."]


def test_a_reply_s_points_and_their_outcomes_come_from_their_own_part() -> None:
    points, where = draft_points(REPLY, [])
    # The labels are the points: the numbered steps under the first are not.
    assert where == "de punten in de brief ('Advies 1')"
    assert [(p.point, p.title, p.outcome) for p in points] == [
        ("1", "Meetbare doelen", "overgenomen"),
        # A title that sounds like a refusal is no outcome: the text under it says what it is.
        ("2", "Dit punt niet over het hoofd zien", "toegezegd"),
        # The last part ends at the closing: what follows the greeting is about no point.
        ("3", "De bibliotheek", ""),
    ]
