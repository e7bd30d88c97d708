"""The finder on /zoeken/ in a real browser: every kind of filter combination, with and without words.

One filter, OR within a filter, AND across filters, the year range (van-tot), the status of an
advice or questions, each alone and with a search word; the state in the URL (reload, back,
"Wis alle filters"); the find box of a long list; the feeds of a choice; the CSV of a selection,
read back.
"""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from conftest import build_content, document, serve_directory
from test_search_ui import (AXE, expect_finder_list, expect_status, page, query, status,  # noqa: F401 (page)
                            titles)

# 27 municipalities: more than the 15 a list shows without its find box.
OTHERS = ["Utrecht", "Amersfoort", "Almere", "Zwolle", "Deventer", "Apeldoorn", "Arnhem", "Nijmegen", "Tilburg",
          "Breda", "Eindhoven", "Leiden", "Delft", "Haarlem", "Alkmaar", "Zaanstad", "Enschede", "Hengelo", "Emmen",
          "Assen", "Maastricht", "Venlo", "Roermond", "Gouda"]
COLLEGE = {"from": "College van burgemeester en wethouders"}
FILES = {
    "h/a.md": document(title="Armoede Helmond 2024", date="2024-03-01", municipality="Helmond", topics="[armoede]",
                       body="## 1. Budget\n\nHet budget voor minima is te klein.\n"),
    "h/ar.md": document(type="reactie", title="Reactie armoede Helmond", date="2024-05-01", municipality="Helmond",
                        topics="[armoede]", in_reply_to="a", **COLLEGE,
                        responses="[{point: '1', outcome: overgenomen, note: Het budget groeit.}]",
                        body="## 1. Budget\n\nWe verhogen het.\n"),
    "h/b.md": document(title="Schulden Helmond 2022", date="2022-03-01", municipality="Helmond",
                       topics="[schuldhulpverlening]", body="Het budget voor schuldhulp is op.\n"),
    "m/c.md": document(type="vragen", title="Vragen armoede Montfoort 2021", date="2021-03-01",
                       municipality="Montfoort", topics="[armoede]", body="## Vraag 1\n\nHoe groot is het budget?\n"),
    "m/cr.md": document(type="antwoord", title="Antwoord armoede Montfoort", date="2021-04-01",
                        municipality="Montfoort", topics="[armoede]", in_reply_to="c", **COLLEGE,
                        body="## Vraag 1\n\nZo groot als vorig jaar.\n"),
    "m/d.md": document(title="Mantelzorg Montfoort 2020", date="2020-06-01", municipality="Montfoort",
                       topics="[mantelzorg]", body="Mantelzorgers vragen om respijtzorg.\n"),
    "w/e.md": document(type="notitie", title="Notitie armoede Wijdemeren 2019", date="2019-06-01",
                       municipality="Wijdemeren", topics="[armoede]", body="Een notitie over het budget.\n"),
} | {f"o/brief-{i:02}.md": document(title=f"Brief {place}", date=f"2018-01-{i + 1:02}", municipality=place,
                                    topics="[mantelzorg]", body="Over het wijkteam.\n")
     for i, place in enumerate(OTHERS)}
NEWEST_OTHERS = [f"Brief {place}" for place in reversed(OTHERS)]


@pytest.fixture(scope="module")
def finder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve_directory(build_content(tmp_path_factory.mktemp("finder"), FILES)) as url:
        yield url


@pytest.mark.parametrize(("choice", "expected"), [
    ("status=Beantwoord",  # the status alone
     ["Armoede Helmond 2024", "Vragen armoede Montfoort 2021"]),
    ("status=Nog+geen+reactie&gemeente=Helmond&gemeente=Montfoort",  # status AND municipalities (OR)
     ["Schulden Helmond 2022", "Mantelzorg Montfoort 2020"]),
    ("van=2021&tot=2022",  # a year range alone
     ["Schulden Helmond 2022", "Antwoord armoede Montfoort", "Vragen armoede Montfoort 2021"]),
    ("van=2020&tot=2024&onderwerp=Armoede+en+minima",  # a range AND a topic
     ["Reactie armoede Helmond", "Armoede Helmond 2024", "Antwoord armoede Montfoort",
      "Vragen armoede Montfoort 2021"]),
    ("van=2021&soort=Advies+van+de+adviesraad",  # a range open at its end
     ["Armoede Helmond 2024", "Schulden Helmond 2022"]),
    ("tot=2019&gemeente=Wijdemeren",  # open at its start
     ["Notitie armoede Wijdemeren 2019"]),
    ("uitkomst=Overgenomen", ["Reactie armoede Helmond"]),
    ("status=Beantwoord&soort=Notitie", []),  # nothing matches
])
def test_filters_alone_list_exactly_the_matching_letters(page: Page, finder: str, choice: str,
                                                         expected: list[str]) -> None:
    expect_finder_list(page, finder + "zoeken/?" + choice, expected)


@pytest.mark.parametrize(("choice", "expected"), [
    ("", {"Armoede Helmond 2024", "Schulden Helmond 2022", "Vragen armoede Montfoort 2021",
          "Notitie armoede Wijdemeren 2019", "Reactie armoede Helmond"}),
    ("gemeente=Helmond", {"Armoede Helmond 2024", "Schulden Helmond 2022", "Reactie armoede Helmond"}),  # one
    ("gemeente=Montfoort&gemeente=Wijdemeren",  # OR within a filter
     {"Vragen armoede Montfoort 2021", "Notitie armoede Wijdemeren 2019"}),
    ("gemeente=Helmond&soort=Advies+van+de+adviesraad",  # AND across filters
     {"Armoede Helmond 2024", "Schulden Helmond 2022"}),
    ("van=2021&tot=2022", {"Schulden Helmond 2022", "Vragen armoede Montfoort 2021"}),  # a year range
    ("status=Beantwoord", {"Armoede Helmond 2024", "Vragen armoede Montfoort 2021"}),  # the status
    ("status=Nog+geen+reactie&onderwerp=Schuldhulpverlening", {"Schulden Helmond 2022"}),
])
def test_a_word_with_filters_finds_exactly_the_matching_letters(page: Page, finder: str, choice: str,
                                                                expected: set[str]) -> None:
    page.goto(finder + "zoeken/?q=budget" + (f"&{choice}" if choice else ""))
    count = len(expected)
    assert status(page).startswith(f"{count} {'resultaat' if count == 1 else 'resultaten'} voor \"budget\"")
    assert set(titles(page)) == expected



@pytest.mark.parametrize("query", ["", "q=budget&"])
def test_every_result_says_whether_it_was_answered(page: Page, finder: str, query: str) -> None:
    """As every list card does: a result of words or of filters alone carries the letter's status."""
    page.goto(finder + f"zoeken/?{query}gemeente=Helmond")
    status(page)
    results = page.locator(".search-result")
    expect(results.first).to_be_visible()
    lines = {r.locator("h2").inner_text(): r.locator(".card-status").inner_text() for r in results.all()}
    assert lines["Schulden Helmond 2022"].startswith("Nog geen reactie")
    assert lines["Armoede Helmond 2024"].startswith("Beantwoord")
    assert lines["Reactie armoede Helmond"].startswith("Reactie")


def test_a_value_the_archive_does_not_have_is_left_out_and_named(page: Page, finder: str) -> None:
    """A mistyped or old link: the other choices still list their letters, and the page says what it left out."""
    expect_finder_list(page, finder + "zoeken/?gemeente=Helmond&gemeente=Atlantis&soort=Advies",
                       ["Reactie armoede Helmond", "Armoede Helmond 2024", "Schulden Helmond 2022"])
    note = page.locator("#zoek-onbekend")
    expect(note).to_be_visible()
    expect(note).to_have_text('Deze keuze komt niet voor in dit archief en is weggelaten: '
                              'Gemeente "Atlantis", Soort document "Advies".')
    page.goto(finder + "zoeken/?gemeente=Helmond")
    status(page)
    expect(page.locator("#zoek-onbekend")).to_be_hidden()

def test_choices_live_in_the_url_and_wis_alle_filters_clears_them(page: Page, finder: str) -> None:
    page.goto(finder + "zoeken/")
    assert status(page).startswith("Typ een zoekwoord")
    expect(page.locator("#wis-filters")).to_be_hidden()
    expect(page.locator("label[for=f-status-Beantwoord]")).to_have_text("Beantwoord (2)")
    expect(page.locator("#filters-uitleg")).to_have_text(
        "Het getal achter een keuze is het aantal brieven in het hele archief.")
    page.locator("#f-status-Nog_geen_reactie").check()
    expect_status(page, "26 documenten met de gekozen filters, nieuwste eerst. U ziet de eerste 20.")
    page.select_option("#f-van", "2020")
    expect_status(page, "2 documenten met de gekozen filters, nieuwste eerst.")
    assert query(page) == {"status": ["Nog geen reactie"], "van": ["2020"]}
    assert titles(page) == ["Schulden Helmond 2022", "Mantelzorg Montfoort 2020"]
    expect(page.locator("#filters-gekozen")).to_have_text("(2 gekozen)")
    page.reload()
    expect_status(page, "2 documenten met de gekozen filters, nieuwste eerst.")
    expect(page.locator("#f-van")).to_have_value("2020")
    expect(page.locator("#f-status-Nog_geen_reactie")).to_be_checked()
    page.go_back()
    expect_status(page, "26 documenten met de gekozen filters, nieuwste eerst. U ziet de eerste 20.")
    expect(page.locator("#f-van")).to_have_value("")
    page.go_forward()
    expect_status(page, "2 documenten met de gekozen filters, nieuwste eerst.")
    # With a word, the counts are of the results, and the note says so.
    page.locator("#zoekterm").fill("budget")
    page.keyboard.press("Enter")
    expect_status(page, '1 resultaat voor "budget" met de gekozen filters.')
    expect(page.locator("#filters-uitleg")).to_contain_text("het aantal resultaten")
    page.locator("#wis-filters").click()
    expect_status(page, '5 resultaten voor "budget".')
    assert query(page) == {"q": ["budget"]}
    expect(page.locator("#filters input:checked")).to_have_count(0)
    expect(page.locator("#f-van")).to_have_value("")
    expect(page.locator("#wis-filters")).to_be_hidden()
    page.go_back()
    expect_status(page, '1 resultaat voor "budget" met de gekozen filters.')


def test_a_long_list_finds_its_values_as_you_type(page: Page, finder: str) -> None:
    page.goto(finder + "zoeken/")
    status(page)
    box = page.get_by_label("Zoek een gemeente")
    expect(box).to_be_visible()
    count = page.locator("#f-gemeente-aantal")
    expect(count).to_have_attribute("role", "status")
    expect(count).to_have_text("10 van de 27 gemeenten te zien. Typ om een andere te vinden.")
    expect(page.locator("#filters fieldset").first.locator(".filter-option:visible")).to_have_count(10)
    box.fill("mont")
    expect(count).to_have_text("1 gemeente gevonden.")
    expect(page.locator("#filters fieldset").first.locator(".filter-option:visible")).to_have_count(1)
    box.press("Enter")  # finds; does not send the form
    assert query(page) == {}
    page.locator("#f-gemeente-Montfoort").check()
    expect_status(page, "3 documenten met de gekozen filters, nieuwste eerst.")
    box.fill("")  # a chosen value stays in view when the box is cleared
    expect(page.locator("#f-gemeente-Montfoort")).to_be_visible()
    box.fill("xyz")
    expect(count).to_have_text('Geen gemeenten gevonden met "xyz".')
    expect(page.locator("#f-gemeente-Montfoort")).to_be_visible()
    box.fill("en")  # accents and case do not count; each match once
    expect(page.locator("#f-gemeente-Enschede")).to_be_visible()
    expect(page.locator("#f-gemeente-Helmond")).to_be_hidden()
    page.locator("#wis-filters").click()  # clears the box too
    expect(page.get_by_label("Zoek een gemeente")).to_have_value("")
    expect(page.locator("#f-gemeente-aantal")).to_have_text("10 van de 27 gemeenten te zien. Typ om een andere te vinden.")


def test_the_finder_fits_a_phone_and_passes_axe(browser: Browser, finder: str) -> None:
    # axe is injected as an inline script, which the site's CSP rightly forbids: bypass it here only.
    context = browser.new_context(viewport={"width": 375, "height": 667}, bypass_csp=True)
    phone = context.new_page()
    phone.goto(finder + "zoeken/?gemeente=Helmond&van=2022")
    status(phone)
    phone.locator("#filters summary").click()  # folded on a phone
    phone.get_by_label("Zoek een gemeente").fill("a")
    for selector in ("#f-gemeente-zoek", "#f-van", "#f-tot", "#wis-filters", "#download"):
        box = phone.locator(selector).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375, selector
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    phone.add_script_tag(path=str(AXE))
    violations = phone.evaluate("axe.run().then(r => r.violations.map(v => v.id + ': ' + v.nodes[0].html))")
    context.close()
    assert violations == []


def test_on_a_phone_one_tap_leads_from_the_filters_to_their_results(browser: Browser, finder: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 667})
    phone = context.new_page()
    phone.goto(finder + "zoeken/")
    status(phone)
    phone.locator("#filters summary").click()
    expect(phone.locator("#naar-resultaten")).to_be_hidden()  # nothing chosen: nothing to see yet
    phone.locator("#f-gemeente-Helmond").check()
    button = phone.locator("#naar-resultaten")
    expect(button).to_be_visible()
    button.click()
    # The panel folds and the reader lands on the count, which a screen reader reads out.
    assert phone.evaluate("document.getElementById('filters').open") is False
    assert phone.evaluate("document.activeElement.id") == "zoek-status"
    expect(phone.locator("#zoek-status")).to_contain_text("met de gekozen filters")
    expect(phone.locator("#zoek-status")).to_be_in_viewport()
    context.close()


def test_beside_the_results_the_filters_need_no_button_to_reach_them(page: Page, finder: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(finder + "zoeken/?gemeente=Helmond")
    status(page)
    expect(page.locator("#naar-resultaten")).to_be_hidden()


def test_the_feeds_of_the_choices_are_linked(page: Page, finder: str) -> None:
    page.goto(finder + "zoeken/")
    status(page)
    expect(page.locator("#volgen a")).to_have_text(["Volg alle nieuwe brieven (Atom-feed)"])
    expect(page.locator("#volgen a")).to_have_attribute("href", "/feeds/alles.xml")
    page.goto(finder + "zoeken/?gemeente=Helmond&onderwerp=Armoede+en+minima&van=2020")
    status(page)
    links = page.locator("#volgen a")
    expect(links).to_have_text(["Volg gemeente Helmond (Atom-feed)", "Volg onderwerp Armoede en minima (Atom-feed)"])
    for href in links.evaluate_all("links => links.map(a => a.href)"):
        with urllib.request.urlopen(href) as response:  # the feed exists
            assert b"<feed" in response.read()


def test_download_the_selection_gives_all_its_rows(page: Page, finder: str) -> None:
    page.goto(finder + "zoeken/?tot=2018&status=Nog+geen+reactie")
    expect_status(page, "24 documenten met de gekozen filters, nieuwste eerst. U ziet de eerste 20.")
    with page.expect_download() as info:
        page.locator("#download").click()
    text = Path(info.value.path()).read_text("utf-8-sig")
    rows = [line.split(";") for line in text.splitlines()]
    assert rows[0] == ["id", "titel", "soort", "gemeente", "datum", "url", "status"]
    assert [r[1] for r in rows[1:]] == NEWEST_OTHERS  # all 24, not the 20 shown
    assert {r[4][:4] for r in rows[1:]} == {"2018"}
    assert all(r[6].startswith("Nog geen") for r in rows[1:])  # the status the filter chose
    # The same rows as the open data says for these letters.
    data = json.loads(urllib.request.urlopen(finder + "data/documenten.json").read())
    records = data["documents"] if isinstance(data, dict) else data
    by_id = {r["id"]: r for r in records}
    assert all(by_id[r[0]]["title"] == r[1] for r in rows[1:])


def test_download_the_results_of_a_word_search(page: Page, finder: str) -> None:
    page.goto(finder + "zoeken/?q=budget&gemeente=Helmond")
    assert status(page).startswith('3 resultaten voor "budget"')
    expect(page.locator("#download")).to_have_text("Download deze resultaten (CSV)")
    with page.expect_download() as info:
        page.locator("#download").click()
    rows = [line.split(";") for line in Path(info.value.path()).read_text("utf-8-sig").splitlines()]
    assert rows[0] == ["id", "titel", "soort", "gemeente", "datum", "url", "status"]
    assert [r[1] for r in rows[1:]] == titles(page)  # in the order shown
    assert {r[0] for r in rows[1:]} == {"a", "ar", "b"}
    assert all(r[5] == f"{finder}documenten/{r[0]}/" and r[3] == "Helmond" for r in rows[1:])
