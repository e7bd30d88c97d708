"""The search page in a real browser (Debian's chromium): URL round trip, keyboard, paging, highlights."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from adviesarchief.config import Tuning
from conftest import ROOT, BuiltSite, build_content, document, query_pagefind, serve_directory

@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh tab; any script error on the page fails the test."""
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors


LONG_BODY = "".join(f"Alinea {i} gaat over iets anders dan het onderwerp van vandaag.\n\n" for i in range(60))


@pytest.fixture(scope="module")
def ui_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """45 letters about 'zorg' (for paging) and one long letter with its search word far down."""
    files = {f"z/zorg-{i:02}.md": document(title=f"Zorg {i}", date=f"2019-01-{i % 28 + 1:02}",
                                            body=f"Over de zorg, brief {i}.\n") for i in range(45)}
    files["l/lang.md"] = document(
        title="Een lange brief", date="2021-05-05", summary="Een brief met veel alinea's.",
        body=LONG_BODY + "Daarna gaat het over de mantelzorgers in de wijk.\n\n"
             "Lees [de bron](https://example.org/na-de-term) voor meer.\n")
    files["l/enkel.md"] = document(title="Een los stuk", date="2021-06-06", body="Hier staat een advies.\n")
    with serve_directory(build_content(tmp_path_factory.mktemp("ui"), files)) as url:
        yield url


def status(page: Page) -> str:
    """The live region's text once the search settled."""
    expect(page.locator("#zoek-status")).not_to_have_text(re.compile(r"^$|Bezig"))
    return page.locator("#zoek-status").inner_text()


def expect_status(page: Page, text: str) -> None:
    """Wait until the live region says exactly text."""
    expect(page.locator("#zoek-status")).to_have_text(text)


def titles(page: Page) -> list[str]:
    """The titles of the shown results, in order."""
    return page.locator("#zoek-resultaten h2 a").all_inner_texts()


def tab_to(page: Page, selector: str, limit: int = 60) -> None:
    """Press Tab until the element matching selector has focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def eventually(page: Page, condition: str, tries: int = 50) -> bool:
    """Whether a page condition becomes true (checked every 100 ms; the CSP forbids wait_for_function)."""
    for _ in range(tries):
        if page.evaluate(condition):
            return True
        page.wait_for_timeout(100)
    return False


def query(page: Page) -> dict[str, list[str]]:
    """The page URL's query parameters."""
    return parse_qs(urlsplit(page.url).query)


def test_journalist_session_round_trip_with_the_keyboard(page: Page, seed_site: BuiltSite, seed_server: str) -> None:
    page.goto(seed_server + "zoeken/")
    assert "Typ een zoekwoord" in status(page)
    tab_to(page, "#zoekterm")
    page.keyboard.type("armoede")
    page.keyboard.press("Enter")
    expected = query_pagefind(seed_site.site, seed_server, {"term": "armoede"})
    assert status(page) == f'{expected["count"]} resultaten voor "armoede".'
    assert query(page) == {"q": ["armoede"]}
    first = page.locator("#zoek-resultaten li").first
    expect(first.locator(".search-result__meta")).to_have_text(
        re.compile(r"^[^·]+ · [^·]+ · \d{1,2} [a-z]+ \d{4}$"))
    expect(first.locator(".search-result__excerpt mark").first).to_be_visible()

    # Two municipalities: OR within the filter; focus stays on the box just used.
    tab_to(page, "#f-gemeente-Groningen")
    page.keyboard.press("Space")
    expect_status(page, '1 resultaat voor "armoede" met de gekozen filters.')
    assert page.evaluate("document.activeElement.id") == "f-gemeente-Groningen"
    expect(page.locator("label[for=f-gemeente-Montfoort]")).to_have_text("Montfoort (1)")
    tab_to(page, "#f-gemeente-Montfoort")
    page.keyboard.press("Space")
    expect_status(page, '2 resultaten voor "armoede" met de gekozen filters.')
    assert query(page) == {"q": ["armoede"], "gemeente": ["Groningen", "Montfoort"]}
    # AND across filters: the years from 2024 narrow the two municipalities to one, and counts follow.
    page.select_option("#f-van", "2024")
    expect_status(page, '1 resultaat voor "armoede" met de gekozen filters.')
    expect(page.locator("label[for=f-gemeente-Montfoort]")).to_have_text("Montfoort (0)")
    page.select_option("#f-van", "")
    expect_status(page, '2 resultaten voor "armoede" met de gekozen filters.')

    tab_to(page, "#sort")
    page.select_option("#sort", "oud")
    expect(page).to_have_url(re.compile(r"sort=oud"))
    oldest_first = ["Reactie op het advies over de conceptnota Armoedebeleid",
                    "Reactie op het ASDG-advies over het concept uitvoeringsprogramma Brede aanpak armoede"]
    expect(page.locator("#zoek-resultaten h2 a")).to_have_text(oldest_first)
    shared = page.url

    page.reload()
    expect_status(page, '2 resultaten voor "armoede" met de gekozen filters.')
    expect(page.locator("#zoek-resultaten h2 a")).to_have_text(oldest_first)
    expect(page.locator("#zoekterm")).to_have_value("armoede")
    expect(page.locator("#sort")).to_have_value("oud")
    assert page.locator("#filters input:checked").evaluate_all("boxes => boxes.map(b => b.value)") == [
        "Groningen", "Montfoort"]

    page.go_back()  # before sorting: the year filter was just switched off again
    expect(page.locator("#sort")).to_have_value("")
    assert "sort" not in query(page)
    page.go_back()  # the year filter set
    expect_status(page, '1 resultaat voor "armoede" met de gekozen filters.')
    assert query(page)["van"] == ["2024"]
    page.go_forward()
    page.go_forward()
    expect(page).to_have_url(shared)
    expect(page.locator("#zoek-resultaten h2 a")).to_have_text(oldest_first)

    other = page.context.new_page()
    other.goto(shared)
    expect_status(other, '2 resultaten voor "armoede" met de gekozen filters.')
    expect(other.locator("#zoek-resultaten h2 a")).to_have_text(oldest_first)
    other.close()

    # Open the first result with the keyboard: the document opens at its marked words.
    page.locator("#zoek-resultaten h2 a").first.focus()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text(oldest_first[0])
    assert "#:~:text=" in page.evaluate("performance.getEntriesByType('navigation')[0].name")


def test_results_come_twenty_at_a_time_and_the_count_is_in_the_url(page: Page, ui_site: str) -> None:
    page.goto(ui_site + "zoeken/?q=zorg")
    expect_status(page, '45 resultaten voor "zorg". U ziet de eerste 20.')
    assert len(titles(page)) == 20
    page.locator("#meer").click()
    expect(page.locator("#zoek-resultaten li")).to_have_count(40)
    assert query(page)["n"] == ["40"]
    assert page.evaluate("document.activeElement.closest('li') === document.querySelectorAll('#zoek-resultaten li')[20]")
    page.reload()
    expect_status(page, '45 resultaten voor "zorg". U ziet de eerste 40.')
    assert len(titles(page)) == 40
    page.locator("#meer").click()
    expect(page.locator("#zoek-resultaten li")).to_have_count(45)
    expect(page.locator("#meer")).to_be_hidden()


def test_filters_without_words_link_the_listings_and_download_no_index(
        page: Page, seed_server: str) -> None:
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(seed_server + "zoeken/?gemeente=Helmond&jaar=2017")
    assert status(page) == "2 documenten met de gekozen filters, nieuwste eerst."
    links = page.locator("#lijsten a")
    expect(links).to_have_count(2)
    assert links.evaluate_all("as => as.map(a => [a.textContent, a.getAttribute('href')])") == [
        ["Gemeente: Helmond", "/gemeenten/helmond/"], ["Jaar: 2017", "/jaren/2017/"]]
    expect(page.locator("#lijsten li").first).to_contain_text("2 documenten")
    expect(page.locator("#f-gemeente-Helmond")).to_be_checked()
    assert not [url for url in fetched if "/pagefind/index/" in url or "/pagefind/fragment/" in url]
    page.locator("#lijsten a").first.click()
    expect(page).to_have_url(seed_server + "gemeenten/helmond/")


def test_opening_a_result_highlights_its_words_and_tab_continues_there(page: Page, ui_site: str) -> None:
    page.goto(ui_site + "zoeken/?q=mantelzorg")
    expect_status(page, '1 resultaat voor "mantelzorg".')
    link = page.locator("#zoek-resultaten h2 a")
    assert link.get_attribute("href").endswith("#:~:text=het%20over%20de-,mantelzorgers&text=mantelzorgers")
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/documenten/lang/"))
    # Chromium scrolled to the highlighted words, far down the letter...
    assert eventually(page, "window.scrollY > 1000")
    # ...and moved the keyboard's starting point there: Tab reaches the next link after them.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "https://example.org/na-de-term"


def test_plural_search_finds_the_singular_in_the_browser(page: Page, ui_site: str) -> None:
    page.goto(ui_site + "zoeken/?q=adviezen")
    status(page)
    assert "Een los stuk" in titles(page)
    expect(page.locator("#zoek-resultaten li", has_text="Een los stuk").locator("mark")).to_have_text(["advies."])


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


@pytest.mark.parametrize("path", [
    "zoeken/?q=armoede&gemeente=Montfoort&gemeente=Groningen&sort=nieuw",
    "zoeken/?gemeente=Helmond&jaar=2017",
    "data/",
])
def test_search_and_data_pages_pass_axe(browser: Browser, seed_server: str, path: str) -> None:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make test-tools`", pytrace=False)
    # axe is injected as an inline script, which the site's CSP rightly forbids: bypass it here only.
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(seed_server + path)
    if path.startswith("zoeken/"):
        status(page)
        page.locator("#filters fieldset").first.wait_for()
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("axe.run().then(r => r.violations.map(v => v.id + ': ' + v.nodes[0].html))")
    context.close()
    assert violations == []


def test_the_first_scope_of_a_large_archive_passes_axe(browser: Browser, sharded_site: tuple[Path, str]) -> None:
    _, url = sharded_site
    context = browser.new_context(bypass_csp=True)  # axe is injected inline, as above
    page = context.new_page()
    page.goto(url + "zoeken/?q=wijkzorg")
    expect(page.locator("#verder")).to_be_visible()
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("axe.run().then(r => r.violations.map(v => v.id + ': ' + v.nodes[0].html))")
    context.close()
    assert violations == []


def test_search_works_under_a_subpath(page: Page, tmp_path: Path) -> None:
    files = {"site.yaml": "title: Archief\nbase_url: https://example.org/adviesraad/\n",
             "h/a.md": document(title="Over de mantelzorg", municipality="Helmond", body="Mantelzorg in de wijk.\n")}
    (tmp_path / "build").mkdir()
    site = build_content(tmp_path / "build", files)
    host = tmp_path / "host"
    host.mkdir()
    site.rename(host / "adviesraad")
    with serve_directory(host) as url:
        page.goto(url + "adviesraad/zoeken/?q=mantelzorg")
        expect_status(page, '1 resultaat voor "mantelzorg".')
        href = page.locator("#zoek-resultaten h2 a").get_attribute("href")
        assert href.startswith("/adviesraad/documenten/a/#:~:text=")
        page.goto(url + "adviesraad/zoeken/?gemeente=Helmond")
        expect(page.locator("#lijsten a")).to_have_attribute("href", "/adviesraad/gemeenten/helmond/")
        page.locator("#lijsten a").click()
        expect(page.locator("h1")).to_have_text("Helmond")


def shard_requests(fetched: list[str]) -> set[str]:
    """The search shards (bundle folders below /pagefind/) that requests went to, scripts aside."""
    folders = set()
    for url in fetched:
        parts = urlsplit(url).path.split("/")[1:-1]  # ['pagefind', '2019-1', 'index'] for a chunk
        if parts[:1] == ["pagefind"] and not url.endswith(".js"):
            folders.add("/".join(p for p in parts if p not in ("index", "filter", "fragment")) + "/")
    return folders


def years_shown(page: Page) -> set[str]:
    """The years of the shown results, from their titles ('Brief 2022-03')."""
    return {title.split()[1][:4] for title in titles(page)}


def test_a_large_archive_first_searches_the_newest_year_and_says_so(page: Page, sharded_site: tuple[Path, str]) -> None:
    _, url = sharded_site
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(url + "zoeken/")
    assert "Typ een zoekwoord" in status(page)
    assert not shard_requests(fetched)  # an empty search page opens no index
    page.locator("#zoekterm").fill("wijkzorg")
    page.keyboard.press("Enter")
    expect_status(page, '4 resultaten voor "wijkzorg". Gezocht in 2022. Oudere documenten zijn nog niet doorzocht.')
    assert years_shown(page) == {"2022"}
    assert shard_requests(fetched) == {"pagefind/", "pagefind/2022-1/"}
    # One Pagefind module and one WebAssembly for both shards.
    assert sum(u.endswith("/pagefind.js") for u in fetched) == 1
    assert sum(u.endswith(".pagefind") for u in fetched) == 1
    expect(page.locator("#verder button")).to_have_text(["Zoek ook in oudere jaren", "Zoek in alle jaren"])
    expect(page.locator("#f-van option[value='2022']")).to_have_text("2022 (4)")
    expect(page.locator("#f-van option[value='2018']")).to_have_text("2018 (niet doorzocht)")
    expect(page.locator("label[for=f-gemeente-Helmond]")).to_have_text("Helmond (2)")


def test_widening_step_by_step_reaches_every_year(page: Page, sharded_site: tuple[Path, str]) -> None:
    _, url = sharded_site
    page.goto(url + "zoeken/?q=wijkzorg")
    expect_status(page, '4 resultaten voor "wijkzorg". Gezocht in 2022. Oudere documenten zijn nog niet doorzocht.')
    older = page.locator("#ouder")
    older.focus()
    page.keyboard.press("Enter")
    expect_status(page, '8 resultaten voor "wijkzorg". Gezocht in 2021 en 2022.'
                        ' Oudere documenten zijn nog niet doorzocht.')
    assert query(page)["bereik"] == ["1"]
    assert page.evaluate("document.activeElement.id") == "ouder"
    page.keyboard.press("Enter")
    expect_status(page, '16 resultaten voor "wijkzorg". Gezocht van 2019 tot en met 2022.'
                        ' Oudere documenten zijn nog niet doorzocht.')
    page.keyboard.press("Enter")
    expect_status(page, '20 resultaten voor "wijkzorg".')
    expect(page.locator("#verder")).to_be_hidden()
    # The buttons went away: focus moved on to the first result, not lost.
    assert page.evaluate("document.activeElement.closest('li') === document.querySelector('#zoek-resultaten li')")
    expect(page.locator("label[for=f-gemeente-Helmond]")).to_have_text("Helmond (10)")
    expect(page.locator("#f-van option[value='2018']")).to_have_text("2018 (4)")
    page.reload()
    expect_status(page, '20 resultaten voor "wijkzorg".')


def test_all_years_finds_a_letter_of_the_oldest_year(page: Page, sharded_site: tuple[Path, str]) -> None:
    _, url = sharded_site
    page.goto(url + "zoeken/?q=oude")
    expect_status(page, 'Geen resultaten voor "oude". Gezocht in 2022. Oudere documenten zijn nog niet doorzocht.')
    page.locator("#alle-jaren").click()
    expect_status(page, '4 resultaten voor "oude".')
    assert years_shown(page) == {"2018"}
    assert query(page) == {"q": ["oude"], "bereik": ["alle"]}


def test_a_year_filter_searches_that_year_only(page: Page, sharded_site: tuple[Path, str]) -> None:
    site, url = sharded_site
    page.goto(url + "zoeken/?q=wijkzorg")
    status(page)
    page.select_option("#f-tot", "2019")  # from the first year to 2019
    expect_status(page, '8 resultaten voor "wijkzorg" met de gekozen filters.')
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.select_option("#f-van", "2019")  # 2019 only
    expect_status(page, '4 resultaten voor "wijkzorg" met de gekozen filters.')
    assert query(page) == {"q": ["wijkzorg"], "van": ["2019"], "tot": ["2019"]}
    assert years_shown(page) == {"2019"}
    expect(page.locator("#verder")).to_be_hidden()
    assert shard_requests(fetched) == {"pagefind/2019-1/", "pagefind/2019-2/"}
    expect(page.locator("#f-van option[value='2019']")).to_have_text("2019 (4)")
    expect(page.locator("label[for=f-gemeente-Wijdemeren]")).to_have_text("Wijdemeren (2)")


def test_oldest_first_searches_the_oldest_years_first(page: Page, sharded_site: tuple[Path, str]) -> None:
    _, url = sharded_site
    page.goto(url + "zoeken/?q=wijkzorg")
    status(page)
    page.select_option("#sort", "oud")
    expect_status(page, '4 resultaten voor "wijkzorg". Gezocht in 2018. Nieuwere documenten zijn nog niet doorzocht.')
    expect(page.locator("#zoek-resultaten h2 a")).to_have_text([f"Brief 2018-{m:02}" for m in (3, 5, 8, 11)])
    expect(page.locator("#ouder")).to_have_text("Zoek ook in nieuwere jaren")


@pytest.mark.parametrize(("sort", "reverse"), [("nieuw", True), ("oud", False)])
def test_date_sorts_run_across_every_shard_and_page(page: Page, sharded_site: tuple[Path, str], sort: str,
                                                    reverse: bool) -> None:
    _, url = sharded_site
    page.goto(url + f"zoeken/?q=wijkzorg&sort={sort}&bereik=alle")
    expect_status(page, '20 resultaten voor "wijkzorg".')
    expected = sorted((f"Brief {y}-{m:02}" for y in range(2018, 2023) for m in (3, 5, 8, 11)), reverse=reverse)
    expect(page.locator("#zoek-resultaten h2 a")).to_have_text(expected)


def test_filters_without_words_show_the_whole_archive_and_open_no_index(page: Page,
                                                                        sharded_site: tuple[Path, str]) -> None:
    _, url = sharded_site
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(url + "zoeken/?gemeente=Helmond")
    assert status(page).startswith("10 documenten met de gekozen filters, nieuwste eerst.")
    expect(page.locator("label[for=f-gemeente-Helmond]")).to_have_text("Helmond (10)")
    expect(page.locator("#f-van option[value='2018']")).to_have_text("2018 (4)")
    assert not [u for u in fetched if "/pagefind/" in u]


# The finder: filters alone list exactly the letters that match, from its static files.
FINDER_FILES = {
    f"f/{name}.md": document(title=title, date=day, municipality=place, topics=topics, type=kind)
    for name, title, day, place, topics, kind in [
        ("a", "Armoede Helmond 2021", "2021-05-01", "Helmond", "[armoede]", "advies"),
        ("b", "Schulden Helmond 2020", "2020-05-01", "Helmond", "[schuldhulpverlening]", "advies"),
        ("c", "Armoede Montfoort 2022", "2022-05-01", "Montfoort", "[armoede, schuldhulpverlening]", "advies"),
        ("d", "Mantelzorg Helmond 2019", "2019-05-01", "Helmond", "[mantelzorg]", "advies"),
        ("e", "Notitie armoede Wijdemeren", "2018-05-01", "Wijdemeren", "[armoede]", "notitie"),
    ]
} | {f"g/zorg-{i:02}.md": document(title=f"Zorg {i:02}", date=f"2017-02-{i + 1:02}", municipality="Wijdemeren",
                                   topics="[mantelzorg]") for i in range(25)}


@pytest.fixture(scope="module")
def finder_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve_directory(build_content(tmp_path_factory.mktemp("finder"), FINDER_FILES)) as url:
        yield url


@pytest.mark.parametrize(("choice", "expected"), [
    ("onderwerp=Armoede+en+minima",  # one value
     ["Armoede Montfoort 2022", "Armoede Helmond 2021", "Notitie armoede Wijdemeren"]),
    ("onderwerp=Armoede+en+minima&onderwerp=Schuldhulpverlening",  # OR within a filter
     ["Armoede Montfoort 2022", "Armoede Helmond 2021", "Schulden Helmond 2020", "Notitie armoede Wijdemeren"]),
    ("onderwerp=Armoede+en+minima&onderwerp=Schuldhulpverlening&gemeente=Helmond",  # AND across filters
     ["Armoede Helmond 2021", "Schulden Helmond 2020"]),
    ("gemeente=Helmond&soort=Advies+van+de+adviesraad&jaar=2019&jaar=2020",  # three filters
     ["Schulden Helmond 2020", "Mantelzorg Helmond 2019"]),
    ("soort=Notitie", ["Notitie armoede Wijdemeren"]),
])
def test_filters_alone_list_exactly_the_matching_letters_newest_first(page: Page, finder_site: str, choice: str,
                                                                      expected: list[str]) -> None:
    expect_finder_list(page, finder_site + "zoeken/?" + choice, expected)


def expect_finder_list(page: Page, url: str, expected: list[str]) -> None:
    """Open the finder at url: it lists exactly the expected titles, in order, and opens no word index."""
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(url)
    count = len(expected)
    assert status(page) == (f"{count} {'document' if count == 1 else 'documenten'} met de gekozen filters,"
                            " nieuwste eerst." if count else "Geen documenten met deze filters.")
    assert titles(page) == expected
    assert not [u for u in fetched if "/pagefind/" in u]  # the word index stays closed


def test_the_finder_pages_by_twenty_and_keeps_its_state_in_the_url(page: Page, finder_site: str) -> None:
    page.goto(finder_site + "zoeken/")
    assert status(page).startswith("Typ een zoekwoord, of kies filters")
    expect(page.locator("label[for=f-onderwerp-Mantelzorg]")).to_have_text("Mantelzorg (26)")  # counts on the empty page
    page.locator("#f-onderwerp-Mantelzorg").check()
    assert status(page) == "26 documenten met de gekozen filters, nieuwste eerst. U ziet de eerste 20."
    assert query(page) == {"onderwerp": ["Mantelzorg"]}
    assert titles(page)[:2] == ["Mantelzorg Helmond 2019", "Zorg 24"]
    page.locator("#meer").click()
    expect(page.locator("#zoek-resultaten li")).to_have_count(26)
    assert query(page) == {"onderwerp": ["Mantelzorg"], "n": ["40"]}
    page.reload()
    expect(page.locator("#zoek-resultaten li")).to_have_count(26)
    expect(page.locator("#f-onderwerp-Mantelzorg")).to_be_checked()
    page.locator("#f-gemeente-Helmond").check()
    assert titles(page) == ["Mantelzorg Helmond 2019"]
    page.go_back()
    expect(page.locator("#zoek-resultaten li")).to_have_count(26)  # as it was: 40 asked for
    expect(page.locator("#f-gemeente-Helmond")).not_to_be_checked()


def test_download_the_selection_gives_its_rows(page: Page, finder_site: str) -> None:
    page.goto(finder_site + "zoeken/?gemeente=Helmond")
    assert status(page).startswith("3 documenten")
    with page.expect_download() as info:
        page.locator("#download").click()
    text = Path(info.value.path()).read_text("utf-8-sig")
    rows = [line.split(";") for line in text.splitlines()]
    assert rows[0] == ["id", "titel", "soort", "gemeente", "datum", "url", "status"]
    assert [r[1] for r in rows[1:]] == ["Armoede Helmond 2021", "Schulden Helmond 2020", "Mantelzorg Helmond 2019"]
    assert rows[1][5] == finder_site + "documenten/a/"


# Query handling: compounds as parts, most words, spelling suggestions, unsupported operators.
QUERY_FILES = {
    "k/a.md": document(title="Kinderen in armoede", date="2021-01-01", topics="[mantelzorg]", summary="Over geld.",
                       body="Veel kinderen groeien op in armoede.\n"),
    "k/b.md": document(title="Alleen thuis", date="2020-01-01", topics="[mantelzorg]", summary="Over thuis.",
                       body="Eenzaamheid onder inwoners neemt toe.\n"),
    # "regiotaxi" is in one title only: too seldom to split compounds by, still suggested.
    "k/taxi.md": document(title="Wachttijd van de regiotaxi", date="2022-03-01", topics="[mantelzorg]",
                          summary="Over vervoer.",
                          body="Inwoners wachten te lang op de taxi. Het vervoerscontract loopt af.\n"),
    # Letters with "à": Pagefind answers a word it does not hold (a typo) with them.
    **{f"k/tempo-{n}.md": document(title=f"Tempo van de decentralisatie {n}", date=f"201{n}-02-01",
                                   topics="[mantelzorg]", body="De gemeente volgt de wet à tempo.\n")
       for n in range(4)},
}


@pytest.fixture(scope="module")
def query_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve_directory(build_content(tmp_path_factory.mktemp("query"), QUERY_FILES)) as url:
        yield url


def test_a_compound_query_finds_its_parts(page: Page, query_site: str) -> None:
    page.goto(query_site + "zoeken/?q=kinderarmoede")
    assert status(page).startswith("1 resultaat")
    assert titles(page) == ["Kinderen in armoede"]


def test_when_all_words_find_nothing_most_words_do(page: Page, query_site: str) -> None:
    page.goto(query_site + "zoeken/?q=kinderen+eenzaamheid")
    assert status(page) == ('2 resultaten voor "kinderen eenzaamheid". '
                            "Geen brieven met al deze woorden; u ziet brieven met 1 van de 2.")
    assert sorted(titles(page)) == ["Alleen thuis", "Kinderen in armoede"]


def test_a_word_no_letter_has_is_named(page: Page, query_site: str) -> None:
    page.goto(query_site + "zoeken/?q=eenzaamheid+ouderen")
    assert status(page) == ('1 resultaat voor "eenzaamheid ouderen". '
                            'Geen brief bevat "ouderen"; u ziet brieven met de andere woorden.')
    assert titles(page) == ["Alleen thuis"]
    # A compound is searched as its parts, but named as typed.
    page.goto(query_site + "zoeken/?q=jeugdhulp+eenzaamheid")
    assert status(page) == ('1 resultaat voor "jeugdhulp eenzaamheid". '
                            'Geen brief bevat "jeugdhulp"; u ziet brieven met de andere woorden.')


def test_a_typo_gets_a_suggestion_from_the_archives_words(page: Page, query_site: str) -> None:
    page.goto(query_site + "zoeken/?q=armoeede")
    expect(page.locator("#suggestie")).to_be_visible()
    expect(page.locator("#suggestie")).to_have_text("Bedoelde u armoede?")
    page.locator("#suggestie-link").click()
    assert status(page).startswith("1 resultaat voor \"armoede\"")
    assert query(page) == {"q": ["armoede"]}


@pytest.mark.parametrize(("typed", "meant"), [
    ("regiotaksi", "regiotaxi"),  # in one title only: from the word list's seldom words
    # Only in a letter's text: from the index, which finds the letter by the word's start ("vervoer").
    ("vervoerskontract", "vervoerscontract"),
])
def test_a_typo_gets_a_suggestion_that_finds_the_letter(page: Page, query_site: str, typed: str, meant: str) -> None:
    page.goto(query_site + f"zoeken/?q={typed}")
    expect(page.locator("#suggestie")).to_have_text(f"Bedoelde u {meant}?")
    page.locator("#suggestie-link").click()
    assert status(page).startswith(f'1 resultaat voor "{meant}"')
    assert titles(page) == ["Wachttijd van de regiotaxi"]
    expect_no_suggestion(page)  # the word is known: no typo


def expect_no_suggestion(page: Page) -> None:
    """Once the index's spelling is settled (it comes after the results), no suggestion shows."""
    expect(page.locator("#suggestie")).not_to_have_attribute("aria-busy", "true")
    expect(page.locator("#suggestie")).to_be_hidden()


def test_the_index_corrects_one_word_of_several_and_suggests_nothing_far_off(page: Page, query_site: str) -> None:
    # Beside a word that is right, the typo is corrected.
    page.goto(query_site + "zoeken/?q=taxi+vervoerskontract")
    expect(page.locator("#suggestie")).to_have_text("Bedoelde u taxi vervoerscontract?")
    # Short words take no turn; a typo the word list corrects and one only the index knows, both.
    page.goto(query_site + "zoeken/?q=op+de+van+vervoerskontract")
    expect(page.locator("#suggestie")).to_have_text("Bedoelde u op de van vervoerscontract?")
    page.goto(query_site + "zoeken/?q=regiotaksi+vervoerskontract")
    expect(page.locator("#suggestie")).to_have_text("Bedoelde u regiotaxi vervoerscontract?")
    # Nothing close in the index: no suggestion.
    page.goto(query_site + "zoeken/?q=qwertyuiop")
    assert status(page).startswith('Geen resultaten voor "qwertyuiop".')
    expect_no_suggestion(page)


def test_a_suggestion_goes_with_the_search_it_was_made_for(page: Page, query_site: str) -> None:
    page.goto(query_site + "zoeken/?q=vervoerskontract")
    expect(page.locator("#suggestie")).to_be_visible()
    page.locator("#zoekterm").fill("")
    page.keyboard.press("Enter")
    expect(page.locator("#zoek-status")).to_have_text(re.compile("^Typ een zoekwoord"))
    expect_no_suggestion(page)


def test_the_index_is_asked_for_a_typo_by_the_words_first_letters() -> None:
    script = ROOT / "adviesarchief" / "render" / "templates" / "static" / "zoekterm.js"
    code = (f"import {{ closestWord, matchedWords, typoPrefixes }} from {json.dumps(script.as_uri())};"
            "const datas = [{content: 'Het Vervoerscontract (2024) en het vervoer.', locations: [1, 5]},"
            "               {content: 'vervoerscontract', locations: [0]}, {content: 'x', locations: [3]}];"
            "const counts = matchedWords(datas);"
            "console.log(JSON.stringify([typoPrefixes('Vervoerskontract'), typoPrefixes('taxi'), typoPrefixes('wmo2'),"
            "  [...counts], closestWord('vervoerskontract', counts), closestWord('vervoerskontract', new Map()),"
            "  closestWord('veroer', counts)]));")
    found = subprocess.run(["node", "--input-type=module", "-e", code], capture_output=True, text=True, check=True)
    assert json.loads(found.stdout) == [
        ["vervoerskontra", "vervoers", "verv"], [], [],
        [["vervoerscontract", 2], ["vervoer", 1]], "vervoerscontract", None, "vervoer"]


@pytest.mark.parametrize(("typed", "suggested"), [
    ("regiotaksi", "regiotaxi"), ("regiotaxi", None),  # a seldom word of a title: suggested, and known
    ("huishoudelijke hlup", "huishoudelijke hulp"),  # two letters swapped: one edit
    ("uhlp", "hulp"), ("amroede", "armoede"), ("armoeede", "armoede"),
    ("hulp", None), ("hlpu", None),  # known; two edits in a short word
])
def test_suggestions_count_two_swapped_letters_as_one_typo(typed: str, suggested: str | None) -> None:
    script = ROOT / "adviesarchief" / "render" / "templates" / "static" / "zoekterm.js"
    code = (f"import {{ suggestQuery }} from {json.dumps(script.as_uri())};"
            "const list = { words: { hulp: 3, huishoudelijke: 2, armoede: 5 }, spelling: { help: 1, regiotaxi: 1 } };"
            f"console.log(JSON.stringify(suggestQuery({json.dumps(typed)}, list)));")
    found = subprocess.run(["node", "--input-type=module", "-e", code], capture_output=True, text=True, check=True)
    assert json.loads(found.stdout) == suggested


def test_chance_hits_of_a_typo_are_no_results(page: Page, query_site: str) -> None:
    page.goto(query_site + "zoeken/?q=armoeede")
    assert status(page).startswith('Geen resultaten voor "armoeede".')
    assert titles(page) == [] and page.locator("#zoek-resultaten mark").count() == 0
    expect(page.locator("#suggestie")).to_have_text("Bedoelde u armoede?")
    # With a real word beside it, the letters with that word are shown, and the typo is named.
    page.goto(query_site + "zoeken/?q=armoeede+kinderen")
    assert status(page) == ('1 resultaat voor "armoeede kinderen". '
                            'Geen brief bevat "armoeede"; u ziet brieven met de andere woorden.')
    assert titles(page) == ["Kinderen in armoede"]


# A search opens several shards; one without the word answers with chance hits (Borsele for
# Borger-Odoorn) that Pagefind ranks above the real finds of another.
SHARD_FILES = {
    **{f"b/borger-{n}.md": document(title=f"Advies over de bibliotheek {n}", date=f"201{5 + n}-01-01",
                                    municipality="Borger-Odoorn", topics="[mantelzorg]",
                                    body="De gemeente Borger-Odoorn krijgt een nieuwe bibliotheek.\n")
       for n in range(2)},
    **{f"b/borsele-{n}.md": document(title=f"Advies over het zwembad {n}", date=f"202{n}-01-01",
                                     municipality="Borsele", topics="[mantelzorg]",
                                     body="Het zwembad gaat dicht. De 2e lijn is te duur.\n") for n in range(5)},
}


@pytest.fixture(scope="module")
def shard_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tuning = Tuning(single_index_max=2, shard_max=2, first_search_documents=100, first_search_shards=100)
    with serve_directory(build_content(tmp_path_factory.mktemp("shards"), SHARD_FILES, tuning)) as url:
        yield url


@pytest.mark.parametrize("order", ["", "&sort=nieuw", "&sort=oud"])
def test_chance_hits_of_other_shards_are_left_out_in_every_order(page: Page, shard_site: str, order: str) -> None:
    page.goto(shard_site + "zoeken/?q=Borger-Odoorn" + order)
    assert status(page).startswith('2 resultaten voor "Borger-Odoorn"')
    assert sorted(titles(page)) == ["Advies over de bibliotheek 0", "Advies over de bibliotheek 1"]


def test_a_word_may_start_with_a_digit(page: Page, shard_site: str) -> None:
    page.goto(shard_site + "zoeken/?q=2e+lijn")
    assert status(page).startswith('5 resultaten voor "2e lijn"')


def test_or_and_minus_are_explained(page: Page, query_site: str) -> None:
    page.goto(query_site + "zoeken/?q=armoede+-kinderen")
    assert status(page).startswith("1 resultaat")
    expect(page.locator("#zoek-uitleg-query")).to_contain_text("OR en een minteken (-woord) werken hier niet")


def test_the_empty_search_page_transfers_under_100_kb(page: Page, finder_site: str) -> None:
    sizes: list[int] = []
    page.on("requestfinished", lambda request: sizes.append(request.sizes()["responseBodySize"]))
    page.goto(finder_site + "zoeken/")
    assert status(page).startswith("Typ een zoekwoord")
    page.wait_for_load_state("networkidle")
    assert 0 < sum(sizes) < 100_000
