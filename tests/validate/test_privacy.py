"""The privacy guard: planted BSNs and IBANs stop the build at the right line; look-alikes pass."""

from __future__ import annotations

import shutil

import pytest

from adviesarchief.model import SiteInfo
from adviesarchief.validate.privacy import find_bsns, find_emails, find_ibans, find_phones, mask, normalise_phone, scan_text
from conftest import SEED_CONTENT, document, run_cli

VALID_BSN = "123456782"
OTHER_BSN = "232262536"
VALID_IBAN = "NL91ABNA0417164300"


def line_of(text: str, needle: str) -> int:
    """The 1-based line of the first line containing needle."""
    return next(i for i, line in enumerate(text.split("\n"), start=1) if needle in line)


def privacy_lines(stderr: str) -> list[str]:
    words = ("BSN", "IBAN", "e-mail address", "phone number")
    return [line for line in stderr.splitlines() if any(w in line for w in words)]


PLANTED_BSNS = [
    ("body, plain", {"body": f"De cliënt met BSN {VALID_BSN} kreeg geen hulp.\n"}, VALID_BSN),
    ("body, dots", {"body": "Intro.\n\nBurgerservicenummer: 123.456.782 (zie bijlage).\n"}, "123.456.782"),
    ("body, spaces", {"body": "Intro.\n\n- mevrouw X, 123 456 782\n"}, "123 456 782"),
    ("body, 4-2-3 groups", {"body": "Intro.\n\nBSN 1234.56.782\n"}, "1234.56.782"),
    ("body, in raw HTML", {"body": f"<table><tr><td>{OTHER_BSN}</td></tr></table>\n"}, OTHER_BSN),
    ("summary", {"summary": f"Het advies gaat over inwoner {OTHER_BSN}."}, OTHER_BSN),
    ("folded summary", {"summary": f">\n  Een lange samenvatting\n  over nummer {VALID_BSN} op de tweede regel."},
     VALID_BSN),
    ("to", {"to": f"De heer Jansen ({VALID_BSN})"}, VALID_BSN),
    ("reference", {"reference": f'"{VALID_BSN}"'}, VALID_BSN),
    ("title", {"title": f'"Bezwaar van {VALID_BSN}"'}, VALID_BSN),
    ("attachment title", {"attachments": f"\n  - title: Brief aan {OTHER_BSN}\n    file: bijlage.pdf"}, OTHER_BSN),
]


@pytest.mark.parametrize("where, fields, written", PLANTED_BSNS, ids=[c[0] for c in PLANTED_BSNS])
def test_planted_bsn_stops_the_build_at_its_line(make_site, where: str, fields: dict, written: str) -> None:
    text = document(**fields)
    built = make_site({"x/brief.md": text, "x/bijlage.pdf": b"%PDF-1.4\n"})
    assert built.code == 1
    digits = written.replace(".", "").replace(" ", "")
    expected = (f"content/x/brief.md:{line_of(text, written)}: error: this looks like a citizen service "
                f"number (BSN): {digits[:4]}*****")
    assert [line for line in built.lines("error") if "BSN" in line] == [
        next(line for line in built.lines("error") if line.startswith(expected))]
    # The full number never appears in the output, which may end up in a public CI log.
    assert digits not in built.stderr and written not in built.stderr
    assert not built.site.exists()


def test_planted_bsn_in_topics_and_site_yaml_is_found(make_site) -> None:
    topics = f"armoede:\n  label: Armoede\n  description: Zoals bij {VALID_BSN}.\n"
    site = f"title: Archief\ndescription: Nummer {OTHER_BSN}\n"
    built = make_site({"a.md": document(), "topics.yaml": topics, "site.yaml": site}, command="check")
    assert built.code == 1
    assert [line.split(": error")[0] for line in built.lines("error")] == [
        "content/site.yaml:2", "content/topics.yaml:3"]


PLANTED_IBANS = [
    ("body, grouped", {"body": "Maak het over op NL91 ABNA 0417 1643 00 t.n.v. J. Jansen.\n"}, "NL91 ABNA"),
    ("body, compact", {"body": f"Rekening {VALID_IBAN}.\n"}, VALID_IBAN),
    ("body, foreign", {"body": "Konto DE89 3704 0044 0532 0130 00\n"}, "DE89"),
    ("summary", {"summary": f"Betaald van {VALID_IBAN}."}, VALID_IBAN),
    ("from", {"from": f"Familie Jansen, {VALID_IBAN}"}, VALID_IBAN),
]


@pytest.mark.parametrize("where, fields, written", PLANTED_IBANS, ids=[c[0] for c in PLANTED_IBANS])
def test_planted_iban_stops_the_build_at_its_line(make_site, where: str, fields: dict, written: str) -> None:
    text = document(**fields)
    built = make_site({"x/brief.md": text})
    assert built.code == 1
    errors = built.lines("error")
    assert len(errors) == 1, built.stderr
    assert errors[0].startswith(f"content/x/brief.md:{line_of(text, written)}: error: this looks like a bank "
                                f"account number (IBAN): {written[:4]}**")
    assert "allowed_iban" in errors[0]
    assert not built.site.exists()


def test_allowed_iban_passes(make_site) -> None:
    site = "title: Archief\nallowed_iban:\n  - NL91 ABNA 0417 1643 00\n"
    built = make_site({"a.md": document(body=f"Giften graag op {VALID_IBAN}.\n"), "site.yaml": site})
    assert built.code == 0, built.stderr
    assert privacy_lines(built.stderr) == []


NEAR_MISSES = [
    "BSN 123456781 (het controlecijfer klopt niet)",
    "BSN 123.456.783",
    "Nummer 232 262 537",
    "Rekening NL92ABNA0417164300",
    "Rekening NL91 ABNA 0417 1643 01",
    "Nummer 12345678 (acht cijfers)",
]

LOOK_ALIKES = [
    "Op 2017-04-03 en 03-04-2017 en 3 april 2017 kwam de raad bijeen.",
    "Het adres is Postbus 41, 3417 ZM Montfoort; ook 1234 AB Amsterdam.",
    "Bel de gemeente op 0348-476400 of (0348) 47 64 00.",
    "Bel +31 6 12345678 of 06-12345678.",
    "Ons kenmerk: 123456782",
    "Uw kenmerk 232262536, zaaknummer 123456782.",
    "Zaaknummer: 123.456.782",
    "Kenmerk Z/21/123456782 en ASD-2017-24.",
    "Referentie ASD-123456782-B en Z-123456782.",
    "Telefoon: 123 456 782",
    "tel. 123456782",
    "Het budget is € 123.456.782 en EUR 100.000.",
    "Een bedrag van EUR 232262536 of €232.262.536.",
    "Samen 123.456.782 euro, of 232.262.536,00 of 123.456.782,-.",
    "Inwoners: 1.123.456.782 is te veel.",
    "RSIN 123456782 van de gemeente.",
    "Factuurnummer 123456782 en KvK-nummer 12345678.",
    "Artikel 12345678 en NL001234567B01 (btw).",
    "Zie https://montfoort.raadsinformatie.nl/document/123456782/1 en www.example.nl/?id=232262536.",
    "[het raadsvoorstel](https://example.org/stukken?nummer=123456782&tel=0612345678)",
]


@pytest.mark.parametrize("line", NEAR_MISSES + LOOK_ALIKES)
def test_near_misses_and_look_alikes_are_not_flagged(line: str) -> None:
    assert [p for p in scan_text(line, "a.md", SiteInfo()) if p.level == "error"] == []


def test_look_alikes_build_without_errors(make_site) -> None:
    site = "title: Archief\nallowed_phone_numbers: ['0348-476400', '+31 6 12345678']\n"
    body = "\n\n".join(NEAR_MISSES + LOOK_ALIKES) + "\n"
    built = make_site({"a.md": document(body=body), "site.yaml": site})
    assert built.code == 0, built.stderr
    assert privacy_lines(built.stderr) == []


def test_valid_numbers_are_found_and_masked() -> None:
    assert find_bsns(f"a {VALID_BSN}, b 123.456.782 en c 2322 62 536.") == [VALID_BSN, VALID_BSN, OTHER_BSN]
    assert find_ibans("NL91 ABNA 0417 1643 00 TEST en BE71 0961 2345 6769") == [VALID_IBAN, "BE71096123456769"]
    assert mask(VALID_BSN) == "1234*****"


def test_email_and_phone_are_warnings_unless_allowed(make_site) -> None:
    body = ("Mail j.jansen@gmail.com of info@montfoort.nl of wmo@sociaal.montfoort.nl.\n\n"
            "Bel 06-12345678 of 0348-476400 of +31 348 476 400.\n")
    text = document(body=body)
    built = make_site({"a.md": text}, command="check")
    assert built.code == 0
    warnings = privacy_lines(built.stderr)
    assert len(warnings) == 6
    assert all(w.startswith(f"content/a.md:{line_of(text, 'Mail')}: warning: e-mail") for w in warnings[:3])
    assert all(w.startswith(f"content/a.md:{line_of(text, 'Bel')}: warning: phone") for w in warnings[3:])

    site = ("title: Archief\nallowed_email_domains: [montfoort.nl]\n"
            "allowed_phone_numbers: ['0348 476 400']\n")
    built = make_site({"a.md": text, "site.yaml": site}, command="check")
    assert [w.split(": warning: ")[1].split(" may ")[0] for w in privacy_lines(built.stderr)] == [
        "e-mail address 'j.jansen@gmail.com'", "phone number '06-12345678'"]


def test_an_exact_address_can_be_allowed_without_its_domain() -> None:
    site = SiteInfo(allowed_email_domains=("adviesraad@outlook.com",))
    problems = scan_text("adviesraad@outlook.com en iemand@outlook.com", "a.md", site)
    assert [p.message for p in problems] == ["e-mail address 'iemand@outlook.com' may belong to a person"]


def test_strict_turns_privacy_warnings_into_errors(make_site) -> None:
    built = make_site({"a.md": document(body="Mail iemand@example.org.\n")}, command="check", args=["--strict"])
    assert built.code == 1
    assert "error: e-mail address 'iemand@example.org'" in built.stderr


@pytest.mark.parametrize("written, national", [
    ("0348-476400", "0348476400"), ("(0348) 47 64 00", "0348476400"), ("+31 348 476400", "0348476400"),
    ("+31 (0)6 12345678", "0612345678"), ("0031 6 1234 5678", "0612345678"),
])
def test_phone_numbers_are_compared_in_national_form(written: str, national: str) -> None:
    assert find_phones(f"bel {written}.") == [written]
    assert normalise_phone(written) == national


def test_dates_and_amounts_are_not_phone_numbers() -> None:
    assert find_phones("2020-01-15, 03-04-2017, € 0,50, 1234 AB, ASD-2017-24, 0123456") == []
    assert find_emails("geen adres: a@b, @gemeente") == []


def test_the_seed_archive_passes_clean(tmp_path) -> None:
    shutil.copytree(SEED_CONTENT, tmp_path / "content")
    code, stderr = run_cli(["check", "--content", "content"], tmp_path)
    assert code == 0, stderr
    assert privacy_lines(stderr) == []


def test_findings_kept_in_the_parse_cache_are_still_judged(make_site) -> None:
    """A second build reads the unchanged file from the cache: its findings must still count,
    and judged against the site.yaml of that build."""
    text = document(body="Mail iemand@example.org of bel 06-12345678.\n")
    first = make_site({"a.md": text})
    assert first.code == 0
    assert len(privacy_lines(first.stderr)) == 2
    again = make_site({"a.md": text})
    assert privacy_lines(again.stderr) == privacy_lines(first.stderr)
    allowed = make_site({"a.md": text, "site.yaml": "title: Archief\nallowed_email_domains: [example.org]\n"})
    assert [w.split(": warning: ")[1].split(" may ")[0] for w in privacy_lines(allowed.stderr)] == [
        "phone number '06-12345678'"]
    planted = make_site({"a.md": document(body=f"BSN {VALID_BSN}.\n")})
    assert planted.code == 1
    assert make_site({"a.md": document(body=f"BSN {VALID_BSN}.\n")}).code == 1
