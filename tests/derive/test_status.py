"""The status of each letter in words: wait phrases, the line under the title, the list cards."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from lxml import html as lxml_html

from adviesarchief.derive.status import after_words, wait_words
from conftest import BuiltSite, document, query_pagefind, serve_directory
from test_figures import FILES, build


@pytest.mark.parametrize("days, words", [
    (0, "0 dagen"), (1, "1 dag"), (2, "2 dagen"), (13, "13 dagen"),
    (14, "2 weken"), (15, "ruim 2 weken"), (21, "3 weken"), (59, "ruim 8 weken"),
    (60, "2 maanden"), (61, "ruim 2 maanden"), (90, "3 maanden"), (330, "11 maanden"), (364, "ruim 11 maanden"),
    (365, "1 jaar"), (366, "ruim 1 jaar"), (729, "ruim 1 jaar"), (730, "2 jaar"), (2924, "ruim 8 jaar"),
])
def test_wait_words_across_the_boundaries(days: int, words: str) -> None:
    assert wait_words(days) == words


def test_after_words() -> None:
    assert (after_words(0), after_words(3), after_words(None)) == ("op dezelfde dag", "na 3 dagen", "")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return build(tmp_path_factory.mktemp("status"), FILES)


def text_of(element: lxml_html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def status_text(site: BuiltSite, doc_id: str) -> str:
    tree = lxml_html.fromstring(site.read(f"documenten/{doc_id}/index.html"))
    return text_of(tree.cssselect(".status-line__text")[0])


@pytest.mark.parametrize("doc_id, expected", [
    ("a1", "Beantwoord na 10 dagen: 2 overgenomen · 1 deels · 1 niet overgenomen. Lees wat de gemeente deed"),
    ("a4", "Beantwoord na ruim 4 weken. Lees wat de gemeente deed"),
    ("a5", "Nog geen reactie in dit archief (2 maanden)"),
    ("m1", "Nog geen reactie in dit archief (ruim 1 jaar)"),
])
def test_status_line_under_the_title(site: BuiltSite, doc_id: str, expected: str) -> None:
    assert status_text(site, doc_id) == expected


def test_status_line_comes_right_after_the_title_and_says_the_date_counted_to(site: BuiltSite) -> None:
    tree = lxml_html.fromstring(site.read("documenten/a5/index.html"))
    h1 = tree.cssselect("h1")[0]
    following = h1.getparent().getnext()
    assert following.get("class") == "document__side"
    assert following.cssselect(".status-line")
    assert "Geteld tot 31 december 2020" in text_of(following)


def test_reply_links_to_its_advice_and_explains_the_outcomes(site: BuiltSite) -> None:
    tree = lxml_html.fromstring(site.read("documenten/r1/index.html"))
    line = tree.cssselect(".status-line")[0]
    assert line.cssselect('a[href="/documenten/a1/"]')
    assert "1 overgenomen · 1 deels · 1 toegezegd" in text_of(line)
    explain = line.cssselect("details.explain")[0]
    assert text_of(explain.cssselect("summary")[0]) == "Wat betekent dit?"
    assert "belooft" in text_of(explain)


def test_reply_whose_advice_is_missing_says_so(site: BuiltSite) -> None:
    assert status_text(site, "m2").startswith("Het advies waar deze brief op antwoordt, staat niet in dit archief.")


QUESTIONS = {
    "h/q1.md": document(type="vragen", title="Vragen over armoede", date="2020-03-02",
                        municipality="Helmond", topics="[armoede]"),
    "h/q2.md": document(type="vragen", title="Vragen over schulden", date="2020-06-01",
                        municipality="Helmond", topics="[armoede]"),
    "h/ant.md": document(type="antwoord", title="Antwoord over armoede", date="2020-04-01",
                         municipality="Helmond", topics="[armoede]", in_reply_to="q1", **{"from": "College van Helmond"},
                         responses="\n  - point: 1\n    outcome: niet-overgenomen\n    title: Waarom?"),
}


@pytest.fixture(scope="module")
def questions(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return build(tmp_path_factory.mktemp("questions"), QUESTIONS)


def test_questions_use_question_words_and_no_adoption_outcomes(questions: BuiltSite) -> None:
    assert status_text(questions, "q1") == "Beantwoord na ruim 4 weken. Lees het antwoord"
    assert status_text(questions, "q2") == "Nog geen antwoord in dit archief (ruim 7 maanden)"
    for doc_id in ("q1", "ant"):
        page = questions.read(f"documenten/{doc_id}/index.html")
        assert "Niet overgenomen" not in page and "niet overgenomen" not in page, doc_id
    assert status_text(questions, "ant").startswith("Antwoord op Vragen over armoede")


def test_every_list_card_carries_a_status(site: BuiltSite, questions: BuiltSite) -> None:
    for built in (site, questions):
        for page in sorted(built.site.rglob("index.html")):
            tree = lxml_html.fromstring(page.read_bytes())
            for card in tree.cssselect(".document-card"):
                status = card.cssselect(".card-status")
                assert status and text_of(status[0]), (page, text_of(card))


def test_search_results_carry_the_short_status(site: BuiltSite) -> None:
    with serve_directory(site.site) as url:
        found = query_pagefind(site.site, url, {"term": None})
    statuses = {r["url"]: r["meta"].get("status") for r in found["results"]}
    assert statuses["/documenten/a5/"] == "Nog geen reactie (2 maanden)"
    assert statuses["/documenten/a1/"] == "Beantwoord na 10 dagen: 2 overgenomen · 1 deels · 1 niet overgenomen"
    assert statuses["/documenten/n1/"] == "Vraagt geen reactie"


def test_a_reply_added_later_changes_the_advice_search_status(tmp_path: Path) -> None:
    files = {"w/a5.md": FILES["w/a5.md"], "w/n1.md": FILES["w/n1.md"]}
    first = build(tmp_path, files)
    (first.content / "w" / "r5.md").write_text(
        FILES["w/r3.md"].replace("in_reply_to: a4", "in_reply_to: a5").replace("2019-12-31", "2020-11-20"), "utf-8")
    second = build(tmp_path, {})
    with serve_directory(second.site) as url:
        found = query_pagefind(second.site, url, {"term": None})
    statuses = {r["url"]: r["meta"].get("status") for r in found["results"]}
    assert statuses["/documenten/a5/"] == "Beantwoord na ruim 2 weken (uitkomst niet vastgelegd)"


@pytest.mark.parametrize("path", ["gemeenten/wijdemeren/index.html", "onderwerpen/armoede/index.html"])
def test_listing_pages_show_the_letters_newest_first_before_the_figures(site: BuiltSite, path: str) -> None:
    tree = lxml_html.fromstring(site.read(path))
    main = tree.cssselect("main")[0]
    order = [e for e in main.iter() if e.get("class") in ("document-card", "figures")]
    assert order[0].get("class") == "document-card" and order[-1].get("class") == "figures"
    days = [t.get("datetime") for t in main.cssselect(".document-card__meta time")]
    assert days == sorted(days, reverse=True) and days


def test_municipality_codes_live_in_the_metadata_and_on_the_data_page(seed_site: BuiltSite) -> None:
    page = seed_site.read("gemeenten/helmond/index.html")
    main = lxml_html.fromstring(page).cssselect("main")[0]
    assert "GM0794" not in text_of(main)
    jsonld = json.loads(lxml_html.fromstring(page).cssselect('script[type="application/ld+json"]')[0].text)
    assert jsonld["about"]["identifier"]["value"] == "GM0794"
    assert jsonld["about"]["sameAs"].endswith("/gm0794")
    data = lxml_html.fromstring(seed_site.read("data/index.html"))
    rows = {text_of(r.cssselect("th")[0]): text_of(r) for r in data.xpath("//h2[@id='gemeentecodes']/following-sibling::div[1]//tbody/tr")}
    assert "GM0794" in rows["Helmond"]


def test_figures_page_separates_questions_lists_the_waiting_and_draws_the_archive(questions: BuiltSite) -> None:
    tree = lxml_html.fromstring(questions.read("cijfers/index.html"))
    whole = text_of(tree.xpath("//h2[@id='hele-archief']/..")[0])
    assert "Adviezen 0: 0 beantwoord, 0 nog geen reactie" in whole
    assert "Schriftelijke vragen 2: 1 beantwoord, 1 nog geen antwoord" in whole
    municipalities = lxml_html.fromstring(questions.read("cijfers/gemeenten/index.html"))
    rows = {r.get("data-key"): [text_of(c) for c in r.cssselect("td")]
            for r in municipalities.get_element_by_id("gemeenten-reacties").cssselect("tr[data-key]")}
    assert rows["helmond"][:6] == ["0", "0", "0", "2", "1", "1"]
    waiting = tree.xpath("//h2[@id='wachten']/..//ol/li")
    assert [w.cssselect("a")[0].get("href") for w in waiting] == ["/documenten/q2/"]
    assert "wacht ruim 7 maanden" in text_of(waiting[0])


def test_figures_page_folds_empty_rows_and_has_an_svg_chart_with_a_text_alternative(site: BuiltSite) -> None:
    tree = lxml_html.fromstring(site.read("cijfers/index.html"))
    svg = tree.xpath("//h2[@id='hele-archief']/..//svg")[0]
    assert svg.get("role") == "img"
    assert "2020: " in text_of(svg.cssselect("desc")[0])
    table = tree.get_element_by_id("uitkomsten-per-jaar-tabel")
    assert [text_of(th) for th in table.cssselect("tbody th")] == ["2019", "2020"]
    municipalities = lxml_html.fromstring(site.read("cijfers/gemeenten/index.html"))
    for table_id in ("gemeenten-reacties", "onderwerpen-reacties", "jaren-reacties"):
        in_page = municipalities if table_id.startswith("gemeenten") else tree
        for row in in_page.get_element_by_id(table_id).cssselect("tbody tr"):
            assert any(text_of(td) not in ("0", "–") for td in row.cssselect("td")), (table_id, text_of(row))
    assert not tree.xpath("//script[not(@type='application/ld+json')]")


def read_documents_csv(built: BuiltSite, name: str = "documenten.csv", delimiter: str = ",") -> list[dict[str, str]]:
    data = (built.site / "data" / name).read_bytes()
    text = data.decode("utf-8-sig") if delimiter == ";" else data.decode("utf-8")
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter))


def test_csv_has_status_waiting_time_and_tally_and_keeps_its_old_columns(site: BuiltSite) -> None:
    rows = {r["id"]: r for r in read_documents_csv(site)}
    header = list(next(iter(rows.values())))
    old = ["id", "type", "type_label", "title", "date", "municipalities", "municipality_codes", "from", "to",
           "topics", "topic_labels", "reference", "in_reply_to", "replies", "outcomes", "summary", "url",
           "source", "attachments"]
    assert header[:len(old)] == old
    assert header[len(old):] == ["status", "status_text", "dagen_wachten", "reactietijd_dagen",
                                 "uitkomst_overgenomen", "uitkomst_deels", "uitkomst_toegezegd",
                                 "uitkomst_niet_overgenomen", "uitkomst_kennisgenomen"]
    a1, a5, r1, n1 = rows["a1"], rows["a5"], rows["r1"], rows["n1"]
    assert (a1["status"], a1["reactietijd_dagen"], a1["dagen_wachten"]) == ("answered", "10", "")
    assert [a1[f"uitkomst_{o}"] for o in ("overgenomen", "deels", "toegezegd", "niet_overgenomen")] == \
        ["2", "1", "0", "1"]
    assert (a5["status"], a5["dagen_wachten"], a5["status_text"]) == ("waiting", "60", "Nog geen reactie (2 maanden)")
    assert (r1["status"], r1["uitkomst_overgenomen"], r1["uitkomst_toegezegd"]) == ("reply", "1", "1")
    assert (n1["status"], n1["dagen_wachten"]) == ("none", "")
    assert r1["status_text"] == "Reactie na 10 dagen op het advies: 1 overgenomen · 1 deels · 1 toegezegd"
    records = {r["id"]: r for r in json.loads(site.read("data/documenten.json"))}
    assert records["a5"]["dagen_wachten"] == 60 and records["a1"]["uitkomst_overgenomen"] == 2


def test_excel_csv_has_a_bom_semicolons_and_the_same_rows(seed_site: BuiltSite) -> None:
    data = (seed_site.site / "data" / "documenten-excel.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data[3:].split(b"\r\n")[0].startswith(b"id;type;type_label;")
    assert read_documents_csv(seed_site, "documenten-excel.csv", ";") == read_documents_csv(seed_site)
    assert "documenten-excel.csv" in seed_site.read("data/index.html")


def test_statuses_kept_between_builds_read_back_the_same(tmp_path: Path) -> None:
    """A build keeps every letter's status (incremental.remembered_with_letters) and reads it back, with its own letters."""
    from adviesarchief.config import Config
    from adviesarchief.derive import build_views, find_reference_date, letter_statuses, make_overview
    from adviesarchief.incremental import remembered_with_letters
    from adviesarchief.pipeline import check

    build(tmp_path, FILES)
    archive = check(Config(content_dir=tmp_path / "content", cache_dir=None)).archive
    views = build_views(archive)
    overview = make_overview(archive, views, find_reference_date(archive, None, None, archive.documents[0].date))
    statuses = letter_statuses(archive.documents, overview, views.by_id)
    assert {s.state for s in statuses.values()} >= {"answered", "reply", "waiting"}
    assert any(s.answered_letters for s in statuses.values()) and any(s.tally for s in statuses.values())
    cache = tmp_path / "cache"
    assert remembered_with_letters(cache, "statuses", ["key"], lambda: statuses, views.by_id) is statuses
    again = remembered_with_letters(cache, "statuses", ["key"], lambda: {}, views.by_id)
    assert again == statuses and again is not statuses
    answered = next(s for s in again.values() if s.answered_letters).answered_letters[0]
    assert answered is views.by_id[answered.id]  # this build's letter, not a copy
