"""The privacy guard reads text as a person reads it: a BSN or IBAN in the forms real text takes
(non-breaking spaces, entities, wrapped lines, query strings, file names, lower case) is found;
a phone number in international form and amounts in a currency column are not taken for a BSN."""

from __future__ import annotations

import pytest
from stdnum.nl import bsn

from adviesarchief.config import Tuning
from adviesarchief.incremental import workers
from adviesarchief.model import SiteInfo
from adviesarchief.validate.privacy import scan_text
from conftest import document

# Every letter parsed in this process, so that the parses can be counted.
IN_ONE_PROCESS = Tuning(pool_min=10_000)

BSN_MESSAGE = "error: this looks like a citizen service number (BSN): 1234*****"
IBAN_MESSAGE = "error: this looks like a bank account number (IBAN): NL91**************"


def errors(text: str) -> list[str]:
    return [p.format() for p in scan_text(text, "a.md", SiteInfo()) if p.level == "error"]


BSN_FORMS = {
    "grouped with non-breaking spaces": "Mevrouw X, 123\u00a0456\u00a0782, kreeg geen hulp.",
    "grouped with narrow non-breaking spaces": "Mevrouw X, 123\u202f456\u202f782.",
    "wrapped over two lines": "Intro.\nMevrouw X, 123 456\n782, kreeg geen hulp.",
    "wrapped after nine digits' first part": "Mevrouw X met nummer 123456\n782 kreeg geen hulp.",
    "with &nbsp; entities": "Mevrouw X, 123&nbsp;456&nbsp;782.",
    "with numeric entities": "Mevrouw X, 123&#160;456&#xa0;782.",
    "after BSN with hyphens": "BSN-123-456-782 is bekend.",
    "after BSN: with hyphens": "Haar BSN: 123-456-782.",
    "after BSN with non-breaking hyphens": "BSN 123\u2011456\u2011782.",
    "with a soft hyphen inside": "Mevrouw X, 1234\u00ad56782.",
    "in a link's query string": "[dossier](https://example.org/zaak?bsn=123456782)",
    "in a link's query string, URL-encoded": "Zie https://example.org/zaak?burgerservicenummer%3D123456782.",
    "URL-encoded spaces": "Zie https://example.org/zoek?q=BSN%20123%20456%20782",
}


IBAN_FORMS = {
    "non-breaking spaces": "Rekening NL91\u00a0ABNA\u00a00417\u00a01643\u00a000 van J. Jansen.",
    "wrapped over two lines": "Maak het over op NL91 ABNA\n0417 1643 00 t.n.v. J. Jansen.",
    "lower case": "rekening nl91 abna 0417 1643 00.",
    "country code apart": "Rekening NL 91 ABNA 0417 1643 00.",
    "entities": "Rekening NL91&nbsp;ABNA&nbsp;0417&nbsp;1643&nbsp;00.",
}

FORMS = [(text, BSN_MESSAGE) for text in BSN_FORMS.values()] + [(text, IBAN_MESSAGE) for text in IBAN_FORMS.values()]


@pytest.mark.parametrize("text, message", FORMS, ids=[*BSN_FORMS, *(f"IBAN {k}" for k in IBAN_FORMS)])
def test_bsn_and_iban_in_the_forms_real_text_takes_are_found(text: str, message: str) -> None:
    found = errors(text)
    assert len(found) == 1 and found[0].startswith("a.md:") and message in found[0], found
    assert "123456782" not in found[0] and "0417164300" not in found[0]


def test_wrapped_bsn_is_reported_at_the_line_where_it_starts() -> None:
    assert errors("Intro.\n\nMevrouw X, 123 456\n782, kreeg geen hulp.")[0].startswith("a.md:3: ")


def test_iban_written_with_the_country_code_apart_is_no_phone_number() -> None:
    problems = scan_text("Rekening NL 91 ABNA 0417 1643 00.", "a.md", SiteInfo())
    assert [p.level for p in problems] == ["error"]


def _phone_like_bsn() -> str:
    """A nine-digit number starting 30 (an area code) that passes the BSN 11-check."""
    return next(n for n in (f"30{i:07d}" for i in range(1_000_000, 2_000_000)) if bsn.is_valid(n))


@pytest.mark.parametrize("written", ["+31 (0){n}", "+31 (0){a} {b} {c}", "+31 {a} {b} {c}", "0031 {n}",
                                     "+31 (0)30-{rest}", "Bel +32 {n}."])
def test_international_phone_number_is_no_bsn(written: str) -> None:
    n = _phone_like_bsn()
    text = "Bel ons: " + written.format(n=n, a=n[:3], b=n[3:6], c=n[6:], rest=n[2:])
    assert errors(text) == []


def test_nine_digit_amounts_in_a_currency_column_are_no_bsn() -> None:
    table = ("| Post | Bedrag (€) | Aantal |\n|---|---:|---:|\n"
             "| Subsidie | 123456782 | 3 |\n| Totaal | 232262536 | 4 |\n")
    assert errors(table) == []
    # The same numbers in a column that holds no amounts are still found.
    other = "| Naam | Nummer |\n|---|---|\n| Mevrouw X | 123456782 |\n"
    assert [e.split(": error")[0] for e in errors(other)] == ["a.md:3"]
    # A table under a currency table does not inherit its columns.
    assert len(errors(table + "\n| Naam | Nummer |\n|---|---|\n| X | 123456782 |\n")) == 1


def test_bsn_in_an_attachment_name_or_a_document_name_stops_the_build(make_site) -> None:
    built = make_site({"x/brief.md": document(attachments="\n  - title: Brief\n    file: brief_123456782.pdf"),
                       "x/brief_123456782.pdf": b"%PDF-1.4\n"}, command="check")
    assert built.code == 1
    assert [line.split(": error")[0] for line in built.lines("error") if "BSN" in line] == [
        "content/x/brief_123456782.pdf:1"]
    assert "123456782" not in built.stderr.replace("brief_123456782.pdf", "")


def test_bsn_in_a_document_name_stops_every_build_also_when_the_letter_is_known(make_site, monkeypatch) -> None:
    """A letter's name is scanned with the letter and kept with its parse: the second build
    takes the letter from the cache (it parses nothing) and must stop just the same."""
    files = {"x/advies-123456782.md": document(), "x/ander.md": document(title="Ander advies")}
    parsed: list[str] = []
    original = workers.parse_document
    monkeypatch.setattr(workers, "parse_document", lambda source: parsed.append(source.name) or original(source))
    for build in range(2):
        built = make_site(files, tuning=IN_ONE_PROCESS)
        assert built.code == 1
        assert [line.split(": error")[0] for line in built.lines("error") if "BSN" in line] == [
            "content/x/advies-123456782.md:1"]
        if build == 0:
            assert sorted(parsed) == ["x/advies-123456782.md", "x/ander.md"]
            parsed.clear()
    assert parsed == []


def test_bsn_in_a_url_encoded_file_name_is_found(make_site) -> None:
    built = make_site({"x/brief.md": document(), "x/scan%20123%20456%20782.pdf": b"%PDF-1.4\n"}, command="check")
    assert built.code == 1 and any("BSN" in line for line in built.lines("error"))


def test_dates_in_file_names_are_no_personal_data(make_site) -> None:
    built = make_site({"x/2020-01-15-advies.md": document(), "x/bijlage-2020-01-15.pdf": b"%PDF-1.4\n"},
                      command="check")
    assert built.lines("error") == [], built.stderr
