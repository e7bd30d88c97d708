"""DiWoo sitemaps for the national Woo-index: robots.txt, index files, sitemaps and their metadata."""

from __future__ import annotations

import dataclasses
import datetime
from pathlib import Path

import pytest
from lxml import etree

from adviesarchief.render import diwoo
from conftest import BuiltSite, document

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "diwoo": "https://standaarden.overheid.nl/diwoo/metadata/"}
BASE = "https://adviesarchief.example.org/"
INDEX = "sitemapindex-diwoo-infocat010.xml"

# The elements of diwoo:DiWoo that the Woo-metadata standard, version 0.9.8, marks mandatory
# (minOccurs="1" in diwoo-metadata.xsd), as paths below diwoo:DiWoo.
MANDATORY_0_9_8 = (
    "diwoo:publisher",
    "diwoo:titelcollectie/diwoo:officieleTitel",
    "diwoo:classificatiecollectie/diwoo:informatiecategorieen/diwoo:informatiecategorie",
    "diwoo:creatiedatum",
    "diwoo:documenthandelingen/diwoo:documenthandeling/diwoo:soortHandeling",
    "diwoo:documenthandelingen/diwoo:documenthandeling/diwoo:atTime",
)

# The sitemaps.org 0.9 schema's rules (urlset, sitemapindex; loc 12 to 2048 characters; lastmod
# a W3C date or date-time; elements of other namespaces after them, checked strictly).
SITEMAP_XSD = """<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
  targetNamespace="http://www.sitemaps.org/schemas/sitemap/0.9" elementFormDefault="qualified">
  <xs:import namespace="https://standaarden.overheid.nl/diwoo/metadata/" schemaLocation="diwoo.xsd"/>
  <xs:element name="urlset"><xs:complexType><xs:sequence>
    <xs:any namespace="##other" minOccurs="0" maxOccurs="unbounded" processContents="strict"/>
    <xs:element name="url" type="tUrl" maxOccurs="unbounded"/>
  </xs:sequence></xs:complexType></xs:element>
  <xs:element name="sitemapindex"><xs:complexType><xs:sequence>
    <xs:element name="sitemap" type="tSitemap" maxOccurs="unbounded"/>
  </xs:sequence></xs:complexType></xs:element>
  <xs:complexType name="tUrl"><xs:sequence>
    <xs:element name="loc" type="tLoc"/>
    <xs:element name="lastmod" type="tLastmod" minOccurs="0"/>
    <xs:element name="changefreq" type="xs:string" minOccurs="0"/>
    <xs:element name="priority" type="xs:decimal" minOccurs="0"/>
    <xs:any namespace="##other" minOccurs="0" maxOccurs="unbounded" processContents="strict"/>
  </xs:sequence></xs:complexType>
  <xs:complexType name="tSitemap"><xs:sequence>
    <xs:element name="loc" type="tLoc"/>
    <xs:element name="lastmod" type="tLastmod" minOccurs="0"/>
  </xs:sequence></xs:complexType>
  <xs:simpleType name="tLoc"><xs:restriction base="xs:anyURI">
    <xs:minLength value="12"/><xs:maxLength value="2048"/>
  </xs:restriction></xs:simpleType>
  <xs:simpleType name="tLastmod"><xs:union memberTypes="xs:date xs:dateTime"/></xs:simpleType>
</xs:schema>
"""

# The structure of diwoo-metadata.xsd for the elements this tool writes, with their cardinality;
# the value lists (TOOI URIs) are checked against the constants in test_value_uris instead.
DIWOO_XSD = """<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:diwoo="https://standaarden.overheid.nl/diwoo/metadata/"
  targetNamespace="https://standaarden.overheid.nl/diwoo/metadata/" elementFormDefault="qualified">
  <xs:element name="Document"><xs:complexType><xs:sequence>
    <xs:element name="DiWoo" type="diwoo:DiWooType" minOccurs="0"/>
  </xs:sequence></xs:complexType></xs:element>
  <xs:complexType name="DiWooType"><xs:all>
    <xs:element name="identifiers" minOccurs="0"><xs:complexType><xs:sequence>
      <xs:element name="identifier" type="xs:string" maxOccurs="unbounded"/></xs:sequence></xs:complexType></xs:element>
    <xs:element name="publisher" type="diwoo:organisatie"/>
    <xs:element name="medeverantwoordelijken" minOccurs="0"><xs:complexType><xs:sequence>
      <xs:element name="medeverantwoordelijke" type="diwoo:organisatie" maxOccurs="unbounded"/>
    </xs:sequence></xs:complexType></xs:element>
    <xs:element name="opsteller" type="diwoo:organisatie" minOccurs="0"/>
    <xs:element name="titelcollectie"><xs:complexType><xs:all>
      <xs:element name="officieleTitel" type="xs:string"/></xs:all></xs:complexType></xs:element>
    <xs:element name="omschrijvingen" minOccurs="0"><xs:complexType><xs:sequence>
      <xs:element name="omschrijving" type="xs:string" maxOccurs="unbounded"/></xs:sequence></xs:complexType></xs:element>
    <xs:element name="classificatiecollectie"><xs:complexType><xs:all>
      <xs:element name="informatiecategorieen"><xs:complexType><xs:sequence>
        <xs:element name="informatiecategorie" type="diwoo:waarde" maxOccurs="unbounded"/>
      </xs:sequence></xs:complexType></xs:element>
      <xs:element name="documentsoorten" minOccurs="0"><xs:complexType><xs:sequence>
        <xs:element name="documentsoort" type="diwoo:waarde" maxOccurs="unbounded"/>
      </xs:sequence></xs:complexType></xs:element>
      <xs:element name="trefwoorden" minOccurs="0"><xs:complexType><xs:sequence>
        <xs:element name="trefwoord" type="xs:string" maxOccurs="unbounded"/>
      </xs:sequence></xs:complexType></xs:element>
    </xs:all></xs:complexType></xs:element>
    <xs:element name="creatiedatum" type="xs:date"/>
    <xs:element name="language" type="diwoo:waarde" minOccurs="0"/>
    <xs:element name="format" type="diwoo:waarde" minOccurs="0"/>
    <xs:element name="documenthandelingen"><xs:complexType><xs:sequence>
      <xs:element name="documenthandeling" maxOccurs="unbounded"><xs:complexType><xs:all>
        <xs:element name="soortHandeling" type="diwoo:waarde"/>
        <xs:element name="atTime" type="xs:dateTime"/>
        <xs:element name="wasAssociatedWith" type="diwoo:organisatie" minOccurs="0"/>
      </xs:all></xs:complexType></xs:element>
    </xs:sequence></xs:complexType></xs:element>
    <xs:element name="documentrelaties" minOccurs="0"><xs:complexType><xs:sequence>
      <xs:element name="documentrelatie" maxOccurs="unbounded"><xs:complexType><xs:all>
        <xs:element name="role" type="diwoo:waarde"/>
        <xs:element name="relation" type="diwoo:waarde"/>
      </xs:all></xs:complexType></xs:element>
    </xs:sequence></xs:complexType></xs:element>
  </xs:all></xs:complexType>
  <xs:complexType name="organisatie"><xs:simpleContent><xs:extension base="diwoo:label">
    <xs:attribute name="resource" type="xs:anyURI"/></xs:extension></xs:simpleContent></xs:complexType>
  <xs:complexType name="waarde"><xs:simpleContent><xs:extension base="diwoo:label">
    <xs:attribute name="resource" type="xs:anyURI" use="required"/></xs:extension></xs:simpleContent></xs:complexType>
  <xs:simpleType name="label"><xs:restriction base="xs:string"><xs:minLength value="1"/></xs:restriction></xs:simpleType>
</xs:schema>
"""


@pytest.fixture(scope="module")
def schema(tmp_path_factory: pytest.TempPathFactory) -> etree.XMLSchema:
    """The sitemaps.org schema with the DiWoo extension imported."""
    folder = tmp_path_factory.mktemp("xsd")
    (folder / "diwoo.xsd").write_text(DIWOO_XSD, "utf-8")
    (folder / "sitemap.xsd").write_text(SITEMAP_XSD, "utf-8")
    return etree.XMLSchema(etree.parse(str(folder / "sitemap.xsd")))


def valid(schema: etree.XMLSchema, tree: etree._Element) -> bool:
    """Whether the schema accepts the tree."""
    return schema.validate(etree.ElementTree(tree))


def harvest(site: BuiltSite, base: str = BASE) -> dict[str, etree._Element]:
    """Follow robots.txt to the DiWoo index files to their sitemaps, as the harvester does; entries by loc."""
    indexes = [line.removeprefix("Sitemap: ") for line in site.read("robots.txt").splitlines()
               if line.startswith("Sitemap: ") and "sitemapindex-diwoo-infocat" in line]
    assert indexes == [f"{base}{INDEX}"]
    entries: dict[str, etree._Element] = {}
    for index in indexes:
        tree = etree.fromstring((site.site / index.removeprefix(base)).read_bytes())
        for loc in tree.iterfind("sm:sitemap/sm:loc", NS):
            sitemap = etree.fromstring((site.site / loc.text.removeprefix(base)).read_bytes())
            entries.update((url.findtext("sm:loc", namespaces=NS), url) for url in sitemap.iterfind("sm:url", NS))
    return entries


def test_the_seed_archive_is_harvestable(seed_site: BuiltSite, schema: etree.XMLSchema) -> None:
    entries = harvest(seed_site)
    expected = {BASE + diwoo.loc_path(d) for d in _archive(seed_site).documents
                if d.type in ("advies", "reactie") and d.municipalities}
    assert len(expected) >= 3 and set(entries) == expected
    for name in (INDEX, "sitemap-diwoo-infocat010-1.xml"):
        tree = etree.fromstring((seed_site.site / name).read_bytes())
        assert valid(schema, tree), schema.error_log
    reply = entries[f"{BASE}documenten/montfoort-2020-reactie-conceptnota-armoedebeleid/"]
    publisher = reply.find("diwoo:Document/diwoo:DiWoo/diwoo:publisher", NS)
    assert publisher.get("resource") == "https://identifier.overheid.nl/tooi/id/gemeente/gm0335"
    assert publisher.text == "gemeente Montfoort"


@pytest.mark.parametrize("path", MANDATORY_0_9_8)
def test_every_entry_has_the_mandatory_element(seed_site: BuiltSite, schema: etree.XMLSchema, path: str) -> None:
    sitemap = etree.fromstring((seed_site.site / "sitemap-diwoo-infocat010-1.xml").read_bytes())
    for entry in sitemap.iterfind("sm:url/diwoo:Document/diwoo:DiWoo", NS):
        found = entry.find(path, NS)
        assert found is not None and (found.text or "").strip(), path
        # The schema check would catch it missing.
        found.getparent().remove(found)
        assert not valid(schema, sitemap), path
        return


def test_value_uris() -> None:
    """The TOOI and EU URIs used, as in the value lists of diwoo-metadata-lijsten.xsd."""
    kern = "https://identifier.overheid.nl/tooi/def/thes/kern/"
    assert diwoo.ADVIEZEN.concept == diwoo.Concept(kern + "c_99a836c7", "adviezen")
    assert diwoo.TYPES["advies"][1].uri == kern + "c_d506b718"
    assert diwoo.TYPES["reactie"][1].uri == kern + "c_7652d853"
    assert diwoo.VASTSTELLING.uri == kern + "c_641ecd76"
    assert diwoo.IS_REACTIE_OP.uri == kern + "c_07748060"
    assert diwoo.DUTCH.uri == "http://publications.europa.eu/resource/authority/language/NLD"


def test_a_reply_points_at_the_advice_and_loc_is_the_pdf(make_site, schema: etree.XMLSchema) -> None:
    built = make_site({
        "site.yaml": f"base_url: {BASE}\n",
        "x/advies-a.md": document(attachments="[{title: Brief, file: brief.pdf}]"),
        "x/brief.pdf": b"%PDF-1.4\n",
        "x/reactie-a.md": document(type="reactie", title="Reactie", **{"from": "College van Wijdemeren"},
                                   in_reply_to="advies-a"),
        "x/vragen-a.md": document(type="vragen", title="Vragen"),
        "x/landelijk.md": document(municipality=None, title="Landelijk advies"),
    })
    assert built.code == 0, built.stderr
    entries = harvest(built)
    pdf = f"{BASE}documenten/advies-a/brief.pdf"
    assert set(entries) == {pdf, f"{BASE}documenten/reactie-a/"}
    assert entries[pdf].findtext("diwoo:Document/diwoo:DiWoo/diwoo:format", namespaces=NS) == "PDF"
    relation = entries[f"{BASE}documenten/reactie-a/"].find(
        "diwoo:Document/diwoo:DiWoo/diwoo:documentrelaties/diwoo:documentrelatie", NS)
    assert relation.find("diwoo:role", NS).get("resource") == diwoo.IS_REACTIE_OP.uri
    assert relation.find("diwoo:relation", NS).get("resource") == pdf
    assert valid(schema, etree.fromstring(built.read("sitemap-diwoo-infocat010-1.xml").encode())), schema.error_log


def test_a_site_under_a_subpath(make_site) -> None:
    base = "https://example.org/adviesraad/"
    built = make_site({"site.yaml": f"base_url: {base}\n", "x/a.md": document()})
    assert built.code == 0, built.stderr
    assert list(harvest(built, base)) == [f"{base}documenten/a/"]
    index = etree.fromstring(built.read(INDEX).encode())
    assert index.findtext("sm:sitemap/sm:loc", namespaces=NS) == f"{base}sitemap-diwoo-infocat010-1.xml"


def test_hostile_titles_are_escaped(make_site, schema: etree.XMLSchema) -> None:
    title = "<script>alert(1)</script> & \"quotes\" 'and' ]]> </diwoo:officieleTitel>"
    quoted = "'" + title.replace("'", "''") + "'"
    built = make_site({"site.yaml": f"base_url: {BASE}\n", "x/a.md": document(title=quoted)})
    assert built.code == 0, built.stderr
    entry = harvest(built)[f"{BASE}documenten/a/"]
    assert entry.findtext("diwoo:Document/diwoo:DiWoo/diwoo:titelcollectie/diwoo:officieleTitel",
                          namespaces=NS) == title
    assert valid(schema, entry.getparent()), schema.error_log
    assert diwoo.text("a\x00b\x1fc & d") == "abc &amp; d"


def test_lastmod_changes_when_and_only_when_the_document_changes(make_site) -> None:
    files = {"site.yaml": f"base_url: {BASE}\n", "x/a.md": document(), "x/b.md": document(title="Ander advies")}
    first = make_site(files)
    before = first.read("sitemap-diwoo-infocat010-1.xml")
    again = make_site(files)
    assert again.read("sitemap-diwoo-infocat010-1.xml") == before
    changed = make_site({**files, "x/a.md": document(body="Een verbeterde tekst.\n")})

    def lastmods(text: str) -> dict[str, str]:
        tree = etree.fromstring(text.encode())
        return {u.findtext("sm:loc", namespaces=NS): u.findtext("sm:lastmod", namespaces=NS) for u in tree}

    old, new = lastmods(before), lastmods(changed.read("sitemap-diwoo-infocat010-1.xml"))
    assert new[f"{BASE}documenten/b/"] == old[f"{BASE}documenten/b/"]
    assert new[f"{BASE}documenten/a/"] != old[f"{BASE}documenten/a/"]
    assert new[f"{BASE}documenten/a/"].startswith("2020-01-15T")


def test_no_base_url_no_diwoo_and_a_warning(make_site) -> None:
    built = make_site({"site.yaml": "title: Archief\n", "x/a.md": document()}, command="check")
    assert any("site.yaml:1: warning: no base_url" in line for line in built.lines("warning")), built.stderr
    http = make_site({"site.yaml": "base_url: http://example.org/\n", "x/a.md": document()}, command="check")
    assert any("site.yaml:1: warning: base_url is not an https address" in line
               for line in http.lines("warning")), http.stderr
    built = make_site({"site.yaml": "title: Archief\n", "x/a.md": document()})
    assert not list(built.site.glob("sitemap*"))
    assert "Sitemap:" not in built.read("robots.txt")


def test_50001_urls_make_two_sitemaps(seed_site: BuiltSite) -> None:
    template = _one_document(seed_site)
    documents = [dataclasses.replace(template, id=f"d{n:05}") for n in range(50_001)]
    url = lambda path="": BASE.rstrip("/") + "/" + path.lstrip("/")  # noqa: E731 (as the pages make it)
    # At 50,000 URLs a sitemap is full, however small its entries.
    chunks = diwoo.plan_chunks(documents, url, max_bytes=10**12)
    assert [len(c) for c in chunks] == [50_000, 1]
    # Real entries (about 2.5 KB) reach 50 MB first: every rendered sitemap stays within it.
    chunks = diwoo.plan_chunks(documents, url)
    assert len(chunks) > 2 and sum(map(len, chunks)) == 50_001
    largest = diwoo.render_sitemap(chunks[0], {}, url)
    assert diwoo.MAX_BYTES * 0.6 < len(largest) <= diwoo.MAX_BYTES
    etree.fromstring(largest, etree.XMLParser(huge_tree=True))
    small = diwoo.plan_chunks(documents[:40], url, max_bytes=20_000)
    assert len(small) > 1 and sum(map(len, small)) == 40
    for chunk in small:
        assert len(diwoo.render_sitemap(chunk, {}, url)) <= 20_000


@pytest.mark.parametrize("text", ["Gewoon", "Zorg & welzijn", 'Het "Wmo-loket"', "Kind's <b>zorg</b>",
                                  "Twee\nregels\tmet tab", "Cliëntenraad €", "vreemd\x01teken"])
def test_an_entry_never_outgrows_its_size_bound(seed_site: BuiltSite, text: str) -> None:
    document = dataclasses.replace(_one_document(seed_site), title=text, summary=text, reference=text, author=text)
    url = lambda path="": BASE.rstrip("/") + "/" + path.lstrip("/")  # noqa: E731 (as the pages make it)
    entry = diwoo.render_entry(document, {}, url)
    assert len(entry.encode("utf-8")) <= diwoo.size_bound(document, url, {}, {})


def test_a_change_touches_one_sitemap_of_a_large_archive(seed_site: BuiltSite) -> None:
    archive = _archive(seed_site)
    template = _one_document(seed_site)
    documents = tuple(dataclasses.replace(template, id=f"d{n:05}", date=template.date + datetime.timedelta(days=n))
                      for n in range(2_500))
    url = lambda path="": BASE.rstrip("/") + "/" + path.lstrip("/")  # noqa: E731 (as the pages make it)

    def sitemaps(documents: tuple) -> list[tuple[str, tuple]]:
        return [(path, tuple(d.id for d in chunk)) for chunks in diwoo.plan(
            dataclasses.replace(archive, documents=documents), url).values() for path, chunk in chunks.items()]

    before = sitemaps(documents)
    assert [len(ids) for _, ids in before] == [1_000, 1_000, 500]
    # A new letter (the newest) goes into the last sitemap; the others keep their entries.
    newest = dataclasses.replace(template, id="nieuw", date=documents[-1].date + datetime.timedelta(days=1))
    after = sitemaps((*documents, newest))
    assert after[:2] == before[:2] and after[2][1] == (*before[2][1], "nieuw")


def test_a_plan_kept_as_ids_is_the_same_plan(seed_site: BuiltSite) -> None:
    """A build keeps the plan as ids between builds (incremental.remembered) and reads it back."""
    archive = _archive(seed_site)
    template = _one_document(seed_site)
    reply = dataclasses.replace(template, id="reactie", type="reactie")
    documents = (*(dataclasses.replace(template, id=f"d{n:05}") for n in range(1_500)), reply)
    archive = dataclasses.replace(archive, documents=documents)
    url = lambda path="": BASE.rstrip("/") + "/" + path.lstrip("/")  # noqa: E731 (as the pages make it)
    ids = diwoo.plan_ids(archive, url)
    assert [len(chunk) for chunk in ids["010"]] == [1_000, 501]
    assert diwoo.plan_from_ids(archive, ids) == diwoo.plan(archive, url)


def _archive(seed_site: BuiltSite):
    """The validated seed archive."""
    from adviesarchief.config import Config
    from adviesarchief.pipeline import check
    return check(Config(content_dir=Path(seed_site.content), cache_dir=None)).archive


def _one_document(seed_site: BuiltSite):
    """A validated advice of the seed archive."""
    return next(d for d in _archive(seed_site).documents if d.type == "advies" and d.municipalities)


def test_the_fingerprint_does_not_depend_on_where_the_content_folder_is(seed_site: BuiltSite) -> None:
    from adviesarchief.model import Attachment

    template = _one_document(seed_site)

    def placed(root: str) -> object:
        return dataclasses.replace(template, source_path=f"{root}/x/a.md", source_file=f"{root}/x/a.md",
                                   attachments=(Attachment("Brief", "brief.pdf", f"{root}/x/brief.pdf"),))
    assert diwoo.fingerprint(placed("content"), "") == diwoo.fingerprint(placed("/srv/archief/../content"), "")
    other = dataclasses.replace(placed("content"), attachments=(Attachment("Brief", "andere.pdf", "content/x/andere.pdf"),))
    assert diwoo.fingerprint(other, "") != diwoo.fingerprint(placed("content"), "")


def test_the_fingerprint_changes_with_the_text_and_every_field(seed_site: BuiltSite) -> None:
    from adviesarchief.model import PackedHtml

    document = _one_document(seed_site)
    changed = [dataclasses.replace(document, body_html=PackedHtml.pack(str(document.body_html) + "<p>Nog iets.</p>")),
               dataclasses.replace(document, title=document.title + " (herzien)"),
               dataclasses.replace(document, date=document.date.replace(day=1 if document.date.day > 1 else 2))]
    prints = {diwoo.fingerprint(d, "") for d in [document, *changed]}
    assert len(prints) == 1 + len(changed)
