"""Open data (JSON, CSV), JSON-LD, Open Graph, sitemap.xml and robots.txt, read back as a reuser would."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from adviesarchief.render.data import CSV_HEADER as CSV_COLUMNS, LIST_SEPARATOR
from conftest import SEED_CONTENT, BuiltSite, document
from test_pipeline import GRONINGEN, HELMOND_ANSWER, HELMOND_QUESTIONS, LANDELIJK, WIJDEMEREN

BASE = "https://adviesarchief.example.org/"
SUBPATH = "https://example.org/adviesraad/"
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


class HeadReader(HTMLParser):
    """Collects a page's <meta property>, <link rel> and JSON-LD blocks."""

    def __init__(self) -> None:
        super().__init__()
        self.properties: dict[str, list[str]] = {}
        self.links: list[dict[str, str]] = []
        self.jsonld: list[str] = []
        self._in_jsonld = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "meta" and "property" in values:
            self.properties.setdefault(values["property"], []).append(values["content"])
        elif tag == "link":
            self.links.append(values)
        elif tag == "script" and values.get("type") == "application/ld+json":
            self._in_jsonld = True
            self.jsonld.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_jsonld = False

    def handle_data(self, data: str) -> None:
        if self._in_jsonld:
            self.jsonld[-1] += data


def read_head(html: str) -> HeadReader:
    """Parse a page with HeadReader."""
    reader = HeadReader()
    reader.feed(html)
    return reader


def front_matter(path: Path) -> dict:
    """A content file's front matter, read independently of the build's parser."""
    return yaml.safe_load(path.read_text("utf-8").split("---\n", 2)[1])


def seed_documents() -> dict[str, dict]:
    """Front matter of every seed document by id."""
    found = {}
    for path in SEED_CONTENT.rglob("*.md"):
        if not path.name.startswith(("_", ".")):
            meta = front_matter(path)
            found[meta.get("id", path.stem)] = meta
    return found


def as_list(value: object) -> list:
    """YAML's one-or-many as a list."""
    return [] if value is None else value if isinstance(value, list) else [value]


def test_json_has_every_document_and_matches_the_content(seed_site: BuiltSite) -> None:
    records = json.loads(seed_site.read("data/documenten.json"))
    content = seed_documents()
    assert sorted(r["id"] for r in records) == sorted(content)
    for record in records:
        meta = content[record["id"]]
        assert record["type"] == meta["type"]
        assert record["title"] == meta["title"]
        assert record["date"] == str(meta["date"])
        assert [m["name"].lower() for m in record["municipalities"]] == [m.lower() for m in as_list(meta.get("municipality"))]
        assert all(re.fullmatch(r"GM\d{4}", m["code"]) for m in record["municipalities"])
        assert record["from"] == meta["from"]
        assert record["to"] == meta.get("to", "")
        assert record["topics"] == meta["topics"]
        assert record["reference"] == str(meta.get("reference", ""))
        assert record["in_reply_to"] == as_list(meta.get("in_reply_to"))
        assert " ".join(record["summary"].split()) == " ".join(str(meta.get("summary", "")).split())
        assert [r["outcome"] for r in record["responses"]] == [r["outcome"] for r in meta.get("responses", [])]
        assert record["url"] == f"{BASE}documenten/{record['id']}/"
        assert record["source"] == f"{BASE}documenten/{record['id']}/{record['id']}.md"
        assert (seed_site.site / "documenten" / record["id"] / f"{record['id']}.md").read_bytes() == next(
            p for p in SEED_CONTENT.rglob(f"{record['id']}.md")).read_bytes()
    replies = {r["id"]: r["replies"] for r in records}
    assert replies[HELMOND_QUESTIONS] == [HELMOND_ANSWER]


def read_csv(site: BuiltSite) -> list[dict[str, str]]:
    """The CSV download as rows, decoded strictly as UTF-8."""
    text = (site.site / "data" / "documenten.csv").read_bytes().decode("utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_has_a_header_and_one_row_per_document_matching_the_json(seed_site: BuiltSite) -> None:
    header = (seed_site.site / "data" / "documenten.csv").read_text("utf-8").splitlines()[0]
    assert header == ",".join(CSV_COLUMNS)
    rows = read_csv(seed_site)
    records = json.loads(seed_site.read("data/documenten.json"))
    assert [row["id"] for row in rows] == [r["id"] for r in records]
    split = lambda text: text.split(LIST_SEPARATOR) if text else []  # noqa: E731
    for row, record in zip(rows, records, strict=True):
        for column in ("type", "title", "date", "from", "to", "reference", "summary", "url", "source"):
            assert row[column] == record[column], column
        assert split(row["municipalities"]) == [m["name"] for m in record["municipalities"]]
        assert split(row["municipality_codes"]) == [m["code"] for m in record["municipalities"]]
        assert split(row["topics"]) == record["topics"]
        assert len(split(row["topic_labels"])) == len(record["topics"])
        assert split(row["in_reply_to"]) == record["in_reply_to"]
        assert split(row["replies"]) == record["replies"]
        assert split(row["outcomes"]) == [f"{r['point']}: {r['outcome']}" for r in record["responses"]]
        assert split(row["attachments"]) == [a["url"] for a in record["attachments"]]
    groningen = next(row for row in rows if row["id"] == GRONINGEN)
    assert groningen["type_label"] == "Reactie van de gemeente"
    assert groningen["municipality_codes"] == "GM0014"


def test_csv_keeps_commas_quotes_and_accents(make_site) -> None:
    built = make_site({"x/a.md": document(title="'\"Eigen bijdrage\", zorg en één loket'", summary="'Café, ça va.'")})
    assert built.code == 0, built.stderr
    row = read_csv(built)[0]
    assert row["title"] == '"Eigen bijdrage", zorg en één loket'
    assert row["summary"] == "Café, ça va."


def test_data_page_explains_fields_licence_and_citation(seed_site: BuiltSite) -> None:
    html = seed_site.read("data/index.html")
    for column in CSV_COLUMNS:
        assert f"<code>{column}</code>" in html, column
    assert "CC0 1.0" in html
    assert 'href="/data/documenten.csv"' in html and 'href="/data/documenten.json"' in html
    assert 'href="/feeds/alles.xml"' in html
    assert "Zo noemt u de bron" in html and f"{BASE}documenten/{GRONINGEN}/" in html
    assert 'href="/data/"' in seed_site.read("index.html")


def test_document_pages_carry_schema_org_json_ld(seed_site: BuiltSite) -> None:
    head = read_head(seed_site.read(f"documenten/{WIJDEMEREN}/index.html"))
    assert len(head.jsonld) == 1
    data = json.loads(head.jsonld[0])
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Report"
    assert data["url"] == data["@id"] == f"{BASE}documenten/{WIJDEMEREN}/"
    assert data["datePublished"] == "2017-04-03"
    assert data["author"] == {"@type": "GovernmentOrganization", "name": "Adviesraad Sociaal Domein Wijdemeren"}
    assert data["recipient"] == {"@type": "GovernmentOrganization",
                                 "name": "College van burgemeester en wethouders van Wijdemeren"}
    assert WIJDEMEREN in data["identifier"]
    assert {"@type": "PropertyValue", "propertyID": "kenmerk", "value": "ASD-2017-24"} in data["identifier"]
    assert {a["termCode"] for a in data["about"]} == set(front_matter(
        next(SEED_CONTENT.rglob(f"{WIJDEMEREN}.md")))["topics"])
    assert data["spatialCoverage"][0]["identifier"] == "GM1696"


@pytest.mark.parametrize(("document_id", "schema_type"), [
    (HELMOND_ANSWER, "Message"), (LANDELIJK, "Report"), (GRONINGEN, "Message")])
def test_every_document_page_has_parseable_json_ld(seed_site: BuiltSite, document_id: str, schema_type: str) -> None:
    data = json.loads(read_head(seed_site.read(f"documenten/{document_id}/index.html")).jsonld[0])
    assert data["@type"] == schema_type
    assert data["author"]["@type"] == "GovernmentOrganization"


def test_json_ld_cannot_break_out_of_its_script(make_site) -> None:
    built = make_site({"x/a.md": document(title="'</script><script>alert(1)</script>'")})
    assert built.code == 0, built.stderr
    html = built.read("documenten/a/index.html")
    head = read_head(html)
    assert json.loads(head.jsonld[0])["name"] == "</script><script>alert(1)</script>"
    assert "<script>alert" not in html


def test_open_graph_and_canonical(seed_site: BuiltSite) -> None:
    head = read_head(seed_site.read(f"documenten/{WIJDEMEREN}/index.html"))
    url = f"{BASE}documenten/{WIJDEMEREN}/"
    assert head.properties["og:url"] == [url]
    assert head.properties["og:type"] == ["article"]
    assert head.properties["og:title"] == ["Advies over het voorstel voor de pilot Durven, doen en vertrouwen"]
    assert head.properties["og:site_name"] == ["Adviesarchief sociaal domein"]
    assert head.properties["article:published_time"] == ["2017-04-03"]
    assert [link["href"] for link in head.links if link.get("rel") == "canonical"] == [url]
    home = read_head(seed_site.read("index.html"))
    assert home.properties["og:type"] == ["website"] and home.properties["og:url"] == [BASE]


def test_sitemap_lists_every_page_with_lastmod(seed_site: BuiltSite) -> None:
    tree = ET.fromstring(seed_site.read("sitemap.xml"))
    entries = {u.findtext(f"{SITEMAP_NS}loc"): u.findtext(f"{SITEMAP_NS}lastmod") for u in tree}
    pages = {BASE + p.relative_to(seed_site.site).as_posix().removesuffix("index.html")
             for p in seed_site.site.rglob("index.html")}
    assert set(entries) == pages
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d", lastmod) for lastmod in entries.values())
    assert entries[f"{BASE}documenten/{WIJDEMEREN}/"] == "2017-04-03"
    assert entries[BASE] == "2024-03-19"
    assert entries[f"{BASE}gemeenten/helmond/"] == "2017-12-12"


def test_robots_txt_points_at_the_sitemaps(seed_site: BuiltSite) -> None:
    assert seed_site.read("robots.txt").splitlines() == [
        "User-agent: *", "Disallow: /pagefind/", "Allow: /", f"Sitemap: {BASE}sitemap.xml",
        f"Sitemap: {BASE}sitemapindex-diwoo-infocat010.xml"]


def test_everything_works_under_a_subpath(make_site) -> None:
    built = make_site({"site.yaml": f"title: Archief\nbase_url: {SUBPATH}\nlicence: CC BY 4.0\n",
                       "x/a.md": document(reference="K-1")})
    assert built.code == 0, built.stderr
    page = built.read("documenten/a/index.html")
    head = read_head(page)
    assert [link["href"] for link in head.links if link.get("rel") == "canonical"] == [f"{SUBPATH}documenten/a/"]
    assert head.properties["og:url"] == [f"{SUBPATH}documenten/a/"]
    data = json.loads(head.jsonld[0])
    assert data["url"] == f"{SUBPATH}documenten/a/"
    assert data["isPartOf"]["url"] == SUBPATH
    assert data["encoding"]["contentUrl"] == f"{SUBPATH}documenten/a/a.md"
    assert data["license"] == "CC BY 4.0"
    tree = ET.fromstring(built.read("sitemap.xml"))
    assert all(u.findtext(f"{SITEMAP_NS}loc").startswith(SUBPATH) for u in tree)
    assert f"{SUBPATH}documenten/a/" in {u.findtext(f"{SITEMAP_NS}loc") for u in tree}
    assert built.read("robots.txt").splitlines() == [
        "User-agent: *", "Disallow: /adviesraad/pagefind/", "Allow: /", f"Sitemap: {SUBPATH}sitemap.xml",
        f"Sitemap: {SUBPATH}sitemapindex-diwoo-infocat010.xml"]
    record = json.loads(built.read("data/documenten.json"))[0]
    assert record["url"] == f"{SUBPATH}documenten/a/"
    assert read_csv(built)[0]["source"] == f"{SUBPATH}documenten/a/a.md"
    data_page = built.read("data/index.html")
    assert 'href="/adviesraad/data/documenten.csv"' in data_page and "CC BY 4.0" in data_page
    search = built.read("zoeken/index.html")
    assert '"folder":"gemeenten/"' in search and '"Wijdemeren":"wijdemeren"' in search
    assert 'data-base="/adviesraad/"' in search


def test_without_base_url_there_is_no_sitemap_but_robots_txt_stays(make_site) -> None:
    built = make_site({"site.yaml": "title: Archief\n", "x/a.md": document()})
    assert built.code == 0, built.stderr
    assert not (built.site / "sitemap.xml").exists()
    assert built.read("robots.txt").splitlines() == ["User-agent: *", "Disallow: /pagefind/", "Allow: /"]
    assert "og:url" not in built.read("index.html")


def test_csv_cells_never_start_a_formula_but_json_keeps_the_text(make_site) -> None:
    built = make_site({"x/a.md": document(title="'=HYPERLINK(\"https://example.org\")'", summary="'-5 procent'")})
    assert built.code == 0, built.stderr
    row = read_csv(built)[0]
    assert row["title"] == "'=HYPERLINK(\"https://example.org\")"
    assert row["summary"] == "'-5 procent"
    record = json.loads(built.read("data/documenten.json"))[0]
    assert record["title"] == '=HYPERLINK("https://example.org")' and record["summary"] == "-5 procent"
