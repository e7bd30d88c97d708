"""Figures: status per advice, outcomes per point, figures per municipality, topic and year.

A fixture archive with answers worked out by hand; the pages and the open data must both
show exactly those numbers.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from lxml import html as lxml_html

from adviesarchief.derive.chart import layout_chart
from adviesarchief.derive.figures import (
    AdviceStatus, Figures, ReferenceDate, YearOutcomes, advice_status, count_figures, find_reference_date,
)
from adviesarchief.derive.status import wait_words
from adviesarchief.model import OUTCOMES, Archive, Document, PackedHtml, Response, SiteInfo
from conftest import TOPICS_YAML, BuiltSite, document, run_cli


def advice(day: str, topics: str, municipality: str = "Wijdemeren", **fields: str) -> str:
    return document(type="advies", date=day, topics=topics, municipality=municipality, **fields)


def reply(day: str, in_reply_to: str | None, responses: str | None, body: str,
          municipality: str = "Wijdemeren", topics: str = "[armoede]") -> str:
    return document(type="reactie", date=day, in_reply_to=in_reply_to, responses=responses,
                    municipality=municipality, topics=topics, title="Reactie van het college",
                    body=body, **{"from": "College van Wijdemeren"})


POINTS_BODY = "".join(f"## Punt {n}\n\nHet college antwoordt op punt {n}.\n\n" for n in range(1, 5))

# The fixture archive. Worked out by hand:
#   a1 2020-01-10 armoede          r1 2020-01-20 (10 days): 1 overgenomen, 2 deels, 3 toegezegd
#                                  r1b 2020-03-01 follow-up: 3 overgenomen, 4 niet-overgenomen
#   a2 2020-02-01 armoede       \  r2 2020-02-15 answers both: 1 overgenomen, 2 kennisgenomen
#   a3 2020-02-05 schuldhulp    /  (a2 after 14 days, a3 after 10 days; points count once)
#   a4 2019-12-01 mantelzorg       r3 2019-12-31 (30 days), no responses
#   a5 2020-11-01 armoede          no reply: waits until the reference date
#   n1 2020-12-31 notitie          newest document: the default reference date
#   m1 Montfoort 2019-05-01 mantelzorg, no reply
#   m2 Montfoort 2019-08-01 armoede, a reply to an advice not in the archive: 1 overgenomen, 2 niet
FILES = {
    "w/a1.md": advice("2020-01-10", "[armoede]", title="Advies over minima"),
    "w/r1.md": reply("2020-01-20", "a1", "[{point: 1, outcome: overgenomen, note: Het college doet dit.}, "
                     "{point: 2, outcome: deels}, {point: 3, title: Evaluatie, outcome: toegezegd}]",
                     POINTS_BODY),
    "w/r1b.md": reply("2020-03-01", "a1", "[{point: 3, outcome: overgenomen, note: Toch overgenomen.}, "
                      "{point: 4, outcome: niet-overgenomen}]", POINTS_BODY),
    "w/a2.md": advice("2020-02-01", "[armoede]", title="Advies over de bijstand"),
    "w/a3.md": advice("2020-02-05", "[schuldhulpverlening]", title="Advies over schulden"),
    "w/r2.md": reply("2020-02-15", "[a2, a3]", "[{point: 1, outcome: overgenomen}, {point: 2, outcome: kennisgenomen}]",
                     POINTS_BODY, topics="[armoede, schuldhulpverlening]"),
    "w/a4.md": advice("2019-12-01", "[mantelzorg]", title="Advies over mantelzorg"),
    "w/r3.md": reply("2019-12-31", "a4", None, "Het college bedankt de adviesraad.\n", topics="[mantelzorg]"),
    "w/a5.md": advice("2020-11-01", "[armoede]", title="Advies over energiearmoede"),
    "w/n1.md": document(type="notitie", date="2020-12-31", title="Jaarverslag"),
    "m/m1.md": advice("2019-05-01", "[mantelzorg]", municipality="Montfoort", title="Advies over respijtzorg",
                      **{"from": "Adviesraad Montfoort"}),
    "m/m2.md": reply("2019-08-01", None, "[{point: 1, outcome: overgenomen}, {point: 2, outcome: niet-overgenomen}]",
                     POINTS_BODY, municipality="Montfoort"),
}

OUTCOME_KEYS = [f"outcome_{o.replace('-', '_')}" for o in OUTCOMES]


def figures(advices: int, answered: int, without: int, median: float | None, longest: int | None,
            outcomes: tuple[int, int, int, int, int], percent: int | None,
            without_advice: int = 0) -> dict[str, object]:
    """The expected open-data record, apart from key, name and code."""
    return {
        "advices": advices, "answered": answered, "unanswered": advices - answered,
        "answered_without_outcome": without, "response_days_median": median,
        "response_days_max": longest, "points": sum(outcomes), "points_without_advice": without_advice,
        **dict(zip(OUTCOME_KEYS, outcomes)),
        "adopted_fully_or_partly": outcomes[0] + outcomes[1], "adopted_percent": percent,
        # The fixture has no written questions: every advice is an advice proper.
        "advice_letters": advices, "advice_letters_answered": answered,
        "advice_letters_unanswered": advices - answered,
        "questions": 0, "questions_answered": 0, "questions_unanswered": 0,
    }


WIJDEMEREN = figures(5, 4, 1, 12, 30, (3, 1, 0, 1, 1), 67)
MONTFOORT = figures(1, 0, 0, None, None, (1, 0, 0, 1, 0), 50, without_advice=2)
TOTAL = figures(6, 4, 1, 12, 30, (4, 1, 0, 2, 1), 63, without_advice=2)  # 5 of 8 = 62.5% -> 63
TOPICS = {
    "armoede": figures(3, 2, 0, 12, 14, (4, 1, 0, 2, 1), 63, without_advice=2),
    "schuldhulpverlening": figures(1, 1, 0, 10, 10, (1, 0, 0, 0, 1), 50),
    "mantelzorg": figures(2, 1, 1, 30, 30, (0, 0, 0, 0, 0), None),
}
YEARS = {
    "2020": figures(4, 3, 0, 10, 14, (3, 1, 0, 1, 1), 67),
    "2019": figures(2, 1, 1, 30, 30, (1, 0, 0, 1, 0), 50, without_advice=2),
}


# SOURCE_DATE_EPOCH of 2020-12-31 00:00 UTC: the day the fixture archive is "built".
EPOCH_2020_12_31 = "1609372800"


def build(root: Path, files: dict[str, str], args: list[str] = (), epoch: str | None = EPOCH_2020_12_31) -> BuiltSite:
    content = root / "content"
    for name, text in {"topics.yaml": TOPICS_YAML, **files}.items():
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_text(text, "utf-8")
    with pytest.MonkeyPatch.context() as patch:
        if epoch is None:
            patch.delenv("SOURCE_DATE_EPOCH", raising=False)
        else:
            patch.setenv("SOURCE_DATE_EPOCH", epoch)
        code, stderr = run_cli(["build", "--content", "content", "--output", "site", *args], root)
    assert code == 0, stderr
    return BuiltSite(root, content, root / "site", code, stderr)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The fixture archive, built once with the default reference date."""
    return build(tmp_path_factory.mktemp("figures"), FILES)


def text_of(element: lxml_html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def page(site: BuiltSite, path: str) -> lxml_html.HtmlElement:
    return lxml_html.fromstring(site.read(path))


def status_line(site: BuiltSite, doc_id: str) -> str:
    return text_of(page(site, f"documenten/{doc_id}/index.html").cssselect(".advice-status .status")[0])


def tally(site: BuiltSite, doc_id: str) -> str:
    return text_of(page(site, f"documenten/{doc_id}/index.html").cssselect(".advice-status .tally")[0])


# --- advice pages ----------------------------------------------------------------------

@pytest.mark.parametrize("doc_id, expected", [
    ("a1", "Beantwoord op 20 januari 2020 (na 10 dagen)"),
    ("a2", "Beantwoord op 15 februari 2020 (na 2 weken)"),
    ("a3", "Beantwoord op 15 februari 2020 (na 10 dagen)"),
    ("a4", "Beantwoord op 31 december 2019 (na ruim 4 weken)"),
    ("a5", "Nog geen reactie gepubliceerd (2 maanden na het advies)"),
    ("m1", "Nog geen reactie gepubliceerd (ruim 1 jaar na het advies)"),
])
def test_advice_page_shows_its_status(site: BuiltSite, doc_id: str, expected: str) -> None:
    assert status_line(site, doc_id) == expected


@pytest.mark.parametrize("doc_id, expected", [
    ("a1", "Uitkomst per punt: 2 overgenomen, 1 deels, 1 niet overgenomen"),
    ("a2", "Uitkomst per punt: 1 overgenomen, 1 voor kennisgeving"),
    ("a3", "Uitkomst per punt: 1 overgenomen, 1 voor kennisgeving"),
])
def test_advice_page_shows_the_tally_of_the_answers_that_count(site: BuiltSite, doc_id: str, expected: str) -> None:
    assert tally(site, doc_id) == expected


def test_reply_without_responses_is_answered_with_outcome_not_recorded(site: BuiltSite) -> None:
    assert tally(site, "a4").startswith("Uitkomst niet vastgelegd.")
    assert not page(site, "documenten/a4/index.html").cssselect(".advice-status .response")


def test_follow_up_keeps_both_answers_and_the_newest_counts(site: BuiltSite) -> None:
    tree = page(site, "documenten/a1/index.html")
    assert "Daarna kwam er nog een brief van de gemeente" in text_of(tree.cssselect(".advice-status")[0])
    points = tree.cssselect(".advice-status .response")
    assert [text_of(p.cssselect(".response__point")[0]) for p in points] == \
        ["Punt 1", "Punt 2", "Punt 3: Evaluatie", "Punt 4"]
    third = points[2].cssselect(".response__answer")
    assert len(third) == 2
    assert "Toegezegd" in text_of(third[0]) and "(eerder antwoord)" in text_of(third[0])
    assert "Overgenomen" in text_of(third[1]) and "(dit telt mee)" in text_of(third[1])
    assert "Toch overgenomen." in text_of(third[1])
    assert "response--overgenomen" in points[2].get("class")


def test_every_point_links_to_its_heading_in_the_reply(site: BuiltSite) -> None:
    for doc_id in ("a1", "a2", "a3"):
        tree = page(site, f"documenten/{doc_id}/index.html")
        links = tree.cssselect(".advice-status .response__link a")
        assert links, doc_id
        for link in links:
            target, anchor = link.get("href").split("#")
            reply_page = page(site, target.lstrip("/") + "index.html")
            heading = reply_page.get_element_by_id(anchor)
            assert heading.tag == "h2", (doc_id, anchor)
            point = text_of(link).split("punt ")[1].split(" ")[0]
            assert text_of(heading) == f"Punt {point}"


def test_outcome_is_never_shown_by_colour_alone(site: BuiltSite) -> None:
    tree = page(site, "documenten/a1/index.html")
    outcomes = tree.cssselect(".advice-status .outcome")
    assert outcomes, "the advice page shows no outcomes"
    for outcome in outcomes:
        assert text_of(outcome) in OUTCOMES.values()
        assert outcome.cssselect(".outcome__icon[aria-hidden=true]")


def test_reply_page_shows_its_own_points_with_local_links(site: BuiltSite) -> None:
    tree = page(site, "documenten/r1/index.html")
    points = tree.cssselect(".responses .response")
    assert len(points) == 3
    assert [a.get("href") for a in tree.cssselect(".responses .response__link a")] == \
        ["#punt-1", "#punt-2", "#punt-3"]
    assert "Het college doet dit." in text_of(points[0])
    assert text_of(tree.cssselect(".responses .tally")[0]) == "Uitkomst per punt: 1 overgenomen, 1 deels, 1 toegezegd"
    assert not tree.cssselect(".advice-status")


def test_seed_helmond_questions_were_answered_after_four_days(seed_site: BuiltSite) -> None:
    line = status_line(seed_site, "helmond-2017-vragen-gebiedsgericht-werken-integrale-toegang")
    assert line == "Beantwoord op 12 december 2017 (na 4 dagen)"


# --- open data --------------------------------------------------------------------------

def strip(record: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in record.items() if k not in ("key", "name", "code", "longest_waiting")}


def test_data_has_the_known_figures(site: BuiltSite) -> None:
    data = json.loads(site.read("data/cijfers.json"))
    assert data["reference_date"] == "2020-12-31"
    assert data["reference_date_source"] == "epoch"
    municipalities = {m["key"]: m for m in data["municipalities"]}
    assert strip(municipalities["wijdemeren"]) == WIJDEMEREN
    assert strip(municipalities["montfoort"]) == MONTFOORT
    assert municipalities["wijdemeren"]["code"] == "GM1696"
    assert strip(data["total"]) == TOTAL
    assert {t["key"]: strip(t) for t in data["topics"]} == TOPICS
    assert {y["key"]: strip(y) for y in data["years"]} == YEARS
    assert [y["key"] for y in data["years"]] == ["2020", "2019"]
    assert [(w["id"], w["days_waiting"]) for w in municipalities["wijdemeren"]["longest_waiting"]] == [("a5", 60)]
    assert [(w["id"], w["days_waiting"]) for w in municipalities["montfoort"]["longest_waiting"]] == [("m1", 610)]


def test_csv_matches_json(site: BuiltSite) -> None:
    data = json.loads(site.read("data/cijfers.json"))
    rows = list(csv.DictReader(io.StringIO(site.read("data/cijfers.csv"))))
    expected = [("gemeente", r) for r in data["municipalities"]] + [("onderwerp", r) for r in data["topics"]] \
        + [("jaar", r) for r in data["years"]] + [("totaal", data["total"])]
    assert len(rows) == len(expected)
    for row, (group, record) in zip(rows, expected):
        assert row["group"] == group
        for key, value in record.items():
            if key != "longest_waiting":
                assert row[key] == ("" if value is None else str(value)), (group, record["key"], key)


# --- /cijfers/ and municipality pages ----------------------------------------------------

def cell_text(value: object, key: str) -> str:
    """How the page writes a figure of the data."""
    if value is None:
        return "–"
    if key == "adopted_percent":
        return f"{value}%"
    return str(value).replace(".", ",")


REACTIES_COLUMNS = ["advice_letters", "advice_letters_answered", "advice_letters_unanswered",
                    "questions", "questions_answered", "questions_unanswered", "answered_without_outcome",
                    "response_days_median", "response_days_max"]
UITKOMSTEN_COLUMNS = ["points", *OUTCOME_KEYS, "adopted_percent"]


def table_rows(tree: lxml_html.HtmlElement, table_id: str) -> dict[str, list[str]]:
    table = tree.get_element_by_id(table_id)
    return {row.get("data-key"): [text_of(c) for c in row.cssselect("td")] for row in table.cssselect("tr[data-key]")}


@pytest.mark.parametrize("table, group", [("gemeenten", "municipalities"), ("onderwerpen", "topics"),
                                          ("jaren", "years")])
def test_overview_tables_match_the_data(site: BuiltSite, table: str, group: str) -> None:
    data = json.loads(site.read("data/cijfers.json"))
    # The municipalities' tables have a page of their own.
    tree = page(site, "cijfers/gemeenten/index.html" if table == "gemeenten" else "cijfers/index.html")
    records = data[group] + ([data["total"]] if group != "topics" else [])
    # A row with nothing to count is folded away under the tables, by name.
    empty = [r for r in records if not r["advices"] and not r["points"]]
    records = [r for r in records if r not in empty]
    folded = tree.get_element_by_id(f"{table}-leeg") if empty else None
    assert not empty or all(r["name"] in text_of(folded) for r in empty)
    for part, columns in (("reacties", REACTIES_COLUMNS), ("uitkomsten", UITKOMSTEN_COLUMNS)):
        rows = table_rows(tree, f"{table}-{part}")
        assert list(rows) == [r["key"] for r in records]
        for record in records:
            assert rows[record["key"]] == [cell_text(record[c], c) for c in columns], (part, record["key"])


def test_overview_states_the_sort_order_the_reference_date_and_the_rules(site: BuiltSite) -> None:
    municipalities = page(site, "cijfers/gemeenten/index.html")
    names = [text_of(th) for th in municipalities.get_element_by_id("gemeenten-reacties").cssselect("tbody th")]
    assert names == sorted(names, key=str.lower)
    assert municipalities.get_element_by_id("gemeenten-reacties").cssselect("thead th")[0].get("aria-sort") == "ascending"
    tree = page(site, "cijfers/index.html")
    assert tree.cssselect('a[href="/cijfers/gemeenten/"]')
    body = text_of(tree)
    assert "Peildatum: 31 december 2020 (de bouwdatum, vastgelegd voor een herhaalbare bouw (SOURCE_DATE_EPOCH))" in body
    rules = text_of(tree.get_element_by_id("telregels").getparent())
    for words in ("Wat telt als overgenomen", "Adviezen zonder reactie", "beantwoord, uitkomst niet vastgelegd",
                  "Eén reactie op meer adviezen", "Een tweede reactie (vervolg)"):
        assert words in rules, words
    assert tree.cssselect('nav.site-nav a[href="/cijfers/"][aria-current="page"]')


def test_municipality_page_shows_its_figures(site: BuiltSite) -> None:
    tree = page(site, "gemeenten/wijdemeren/index.html")
    section = tree.cssselect("section.figures")[0]
    summary = dict(zip((text_of(dt) for dt in section.cssselect("dt")), (text_of(dd) for dd in section.cssselect("dd"))))
    assert summary == {
        "Adviezen en vragen": "5",
        "Beantwoord": "4 (waarvan 1 zonder vastgelegde uitkomst)",
        "Nog geen reactie": "1",
        "Reactietijd": "mediaan 12 dagen, langste 30 dagen",
        "Overgenomen of deels overgenomen": "4 van 6 punten (67%)",
    }
    waiting = section.cssselect(".waiting-list li")
    assert [text_of(li) for li in waiting] == ["Advies over energiearmoede (1 november 2020; 2 maanden zonder reactie)"]
    assert waiting[0].cssselect("a")[0].get("href") == "/documenten/a5/"


def test_municipality_chart_is_drawn_and_has_a_text_table(site: BuiltSite) -> None:
    tree = page(site, "gemeenten/wijdemeren/index.html")
    svg = tree.cssselect("svg.chart__svg")[0]
    assert svg.get("role") == "img"
    title = tree.get_element_by_id(svg.get("aria-labelledby"))
    assert "tabel" in text_of(title)
    bars = svg.cssselect("rect")
    # 2019 has no points; 2020 has 3 overgenomen, 1 deels, 1 niet overgenomen, 1 kennisgenomen.
    assert [r.get("class").split("--")[1] for r in bars] == ["overgenomen", "deels", "niet-overgenomen", "kennisgenomen"]
    widths = [float(r.get("width")) for r in bars]
    assert widths[0] == pytest.approx(3 * widths[1], abs=0.05)
    labels = [text_of(t) for t in svg.cssselect("text")]
    assert labels == ["2019", "0", "2020", "6"]
    rows = {text_of(r.cssselect("th")[0]): [text_of(c) for c in r.cssselect("td")]
            for r in tree.get_element_by_id("uitkomsten-per-jaar-tabel").cssselect("tbody tr, tfoot tr")}
    assert rows == {"2019": ["0", "0", "0", "0", "0", "0"], "2020": ["3", "1", "0", "1", "1", "6"],
                    "Alle jaren": ["3", "1", "0", "1", "1", "6"]}


def test_reply_without_advice_counts_its_points_for_the_municipality(site: BuiltSite) -> None:
    tree = page(site, "gemeenten/montfoort/index.html")
    text = text_of(tree.cssselect("section.figures")[0])
    assert "Punten uit reacties zonder advies in het archief 2" in text
    assert "1 van 2 punten (50%)" in text


def test_no_page_uses_inline_styles_or_scripts(site: BuiltSite) -> None:
    for path in ("cijfers/index.html", "gemeenten/wijdemeren/index.html", "documenten/a1/index.html"):
        tree = page(site, path)
        assert not tree.xpath("//*[@style]"), path
        # JSON-LD metadata is data, never executed, so it is the one script element allowed.
        assert not tree.xpath("//script[not(@type='application/ld+json')]"), path


# --- the reference date -----------------------------------------------------------------

@pytest.mark.parametrize("site_today, args, epoch, days, source", [
    (None, [], EPOCH_2020_12_31, 60, "de bouwdatum, vastgelegd voor een herhaalbare bouw (SOURCE_DATE_EPOCH)"),
    ("2021-03-01", [], EPOCH_2020_12_31, 120, "vastgelegd in site.yaml (today)"),
    ("2021-03-01", ["--today", "2021-01-30"], EPOCH_2020_12_31, 90, "opgegeven bij het bouwen van de site (--today)"),
    (None, [], None, (date.today() - date(2020, 11, 1)).days, "de dag waarop de site is gebouwd"),
])
def test_reference_date_comes_from_cli_then_site_yaml_then_epoch_then_build_date(
        tmp_path: Path, site_today: str | None, args: list[str], epoch: str | None, days: int, source: str) -> None:
    files = {"w/a5.md": FILES["w/a5.md"], "w/n1.md": FILES["w/n1.md"]}
    if site_today:
        files["site.yaml"] = f"title: Test\ntoday: {site_today}\n"
    built = build(tmp_path, files, args, epoch)
    assert status_line(built, "a5") == f"Nog geen reactie gepubliceerd ({wait_words(days)} na het advies)"
    assert f"({source})" in text_of(page(built, "cijfers/index.html"))
    assert json.loads(built.read("data/cijfers.json"))["municipalities"][0]["longest_waiting"][0]["days_waiting"] == days


def test_an_unreadable_source_date_epoch_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "gisteren")
    code, stderr = run_cli(["build", "--content", "content", "--output", "site"], tmp_path)
    assert code == 2 and "SOURCE_DATE_EPOCH is 'gisteren'" in stderr


def test_find_reference_date_without_documents() -> None:
    empty = Archive(site=SiteInfo(), topics=(), documents=())
    assert find_reference_date(empty, None) == ReferenceDate(None, "newest")
    assert find_reference_date(empty, date(2024, 1, 2)) == ReferenceDate(date(2024, 1, 2), "cli")


# --- pure counting ----------------------------------------------------------------------

def make_figures(points: int, adopted: int) -> Figures:
    return Figures("k", "n", 0, 0, 0, None, None,
                   (("overgenomen", adopted), ("deels", 0), ("toegezegd", points - adopted),
                    ("niet-overgenomen", 0), ("kennisgenomen", 0)), 0)


@pytest.mark.parametrize("points, adopted, percent", [
    (0, 0, None), (8, 5, 63), (3, 2, 67), (3, 1, 33), (200, 1, 1), (400, 2, 1), (7, 7, 100),
])
def test_adopted_percent_rounds_half_up(points: int, adopted: int, percent: int | None) -> None:
    assert make_figures(points, adopted).adopted_percent == percent


def test_empty_group_has_no_response_time() -> None:
    empty = count_figures("x", "x", [], [])
    assert (empty.advices, empty.response_days_median, empty.response_days_max, empty.points) == (0, None, None, 0)
    assert all(isinstance(s, AdviceStatus) for s in empty.longest_waiting)


def test_chart_scales_bars_to_the_largest_year() -> None:
    years = (YearOutcomes(2019, (("overgenomen", 2), ("deels", 0), ("toegezegd", 0),
                                 ("niet-overgenomen", 2), ("kennisgenomen", 0))),
             YearOutcomes(2020, (("overgenomen", 8), ("deels", 0), ("toegezegd", 0),
                                 ("niet-overgenomen", 0), ("kennisgenomen", 0))))
    chart = layout_chart(years)
    full = chart.bars[1].segments[0].width
    assert chart.bars[0].segments[0].width == pytest.approx(full / 4)
    assert chart.bars[0].segments[1].x == pytest.approx(chart.bars[0].segments[0].x + full / 4)
    assert chart.bars[1].end <= chart.width
    assert chart.bars[0].y < chart.bars[1].y < chart.height


def test_seed_municipality_pages_match_the_data(seed_site: BuiltSite) -> None:
    data = json.loads(seed_site.read("data/cijfers.json"))
    assert {m["key"] for m in data["municipalities"]} == {"groningen", "helmond", "montfoort", "wijdemeren", "landelijk"}
    for record in data["municipalities"]:
        section = page(seed_site, f"gemeenten/{record['key']}/index.html").cssselect("section.figures")[0]
        summary = dict(zip((text_of(dt) for dt in section.cssselect("dt")), (text_of(dd) for dd in section.cssselect("dd"))))
        if not record["advices"] and not record["points"]:
            assert not summary
            assert "nog geen adviezen, vragen of reacties om te tellen" in text_of(section)
            continue
        assert summary["Adviezen en vragen"] == str(record["advices"])
        assert summary["Beantwoord"].split(" ")[0] == str(record["answered"])
        assert summary["Nog geen reactie"] == str(record["unanswered"])
        if record["points"]:
            assert summary["Overgenomen of deels overgenomen"] == \
                f"{record['adopted_fully_or_partly']} van {record['points']} punten ({record['adopted_percent']}%)"
        if record["response_days_median"] is not None:
            assert summary["Reactietijd"] == \
                f"mediaan {record['response_days_median']} dagen, langste {record['response_days_max']} dagen"
    helmond = next(m for m in data["municipalities"] if m["key"] == "helmond")
    assert (helmond["response_days_median"], helmond["response_days_max"]) == (4, 4)


def _letter(doc_id: str, doc_type: str, day: str, responses: tuple = ()) -> Document:
    return Document(id=doc_id, type=doc_type, title=doc_id, date=date.fromisoformat(day), municipalities=(),
                    author="", recipient="", topics=(), reference="", in_reply_to=(), summary="",
                    attachments=(), responses=responses, body_html=PackedHtml(""), headings=(),
                    source_path="", source_name="")


def test_answers_to_questions_never_count_in_the_outcome_figures() -> None:
    points = (Response("1", "", "overgenomen", ""), Response("2", "", "niet-overgenomen", ""))
    advice = advice_status(_letter("a", "advies", "2020-01-01"), [_letter("r", "reactie", "2020-01-11", points)], None)
    questions = advice_status(_letter("q", "vragen", "2020-01-01"),
                              [_letter("an", "antwoord", "2020-01-05", points)], None)
    counted = count_figures("k", "n", [advice, questions], [])
    assert (counted.advices, counted.answered, counted.questions, counted.questions_answered) == (2, 2, 1, 1)
    assert dict(counted.outcomes)["overgenomen"] == 1 and counted.points == 2
    assert counted.answered_without_outcome == 0 and counted.response_days_median == 7
