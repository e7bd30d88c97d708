"""Importing letters as councils write them: every layout and format scored field by field, no word lost."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from adviesarchief.authoring.draft import Draft, strip_roles
from adviesarchief.authoring.extract import read_letter
from adviesarchief.authoring.letter import draft_letter
from adviesarchief.authoring.scaffold import describe_draft
from adviesarchief.errors import ArchiveError
from letters import CORPUS, SampleLetter, printed_text, words, write_docx, write_pdf
from test_letter import EXPECTED, FIELDS, REGISTRY, SEEDS, import_into, normal

FORMATS = ("docx", "pdf")


def make(letter: SampleLetter, kind: str, folder: Path) -> tuple[Path, str]:
    """Write a corpus letter as .docx or .pdf; return its path and every word it prints."""
    path = folder / f"{letter.name}.{kind}"
    pages = write_docx(letter, path) if kind == "docx" else write_pdf(letter, path)
    return path, printed_text(letter, pages or 1)


def tagless(text: str) -> str:
    """A pasted text without its inline HTML tags ('<b>Datum</b>'): the tags are no words of the letter."""
    return re.sub(r"</?[a-z]+>", "", text)


def drafted_words(drafts: list[Draft]) -> Counter[str]:
    """The words of the drafts' bodies and of the text they set aside as letterhead or footer."""
    return Counter(words("\n".join(d.body + "\n" + "\n".join(d.aside) for d in drafts)))


def all_cases(folder: Path) -> list[tuple[str, list[dict[str, str]], list[Draft], Counter[str]]]:
    """Every test letter in every format, and the five seed letters: (name, expected, drafts, words in)."""
    cases = []
    for letter in CORPUS:
        for kind in FORMATS:
            path, printed = make(letter, kind, folder)
            cases.append((f"{letter.name}.{kind}", [letter.expected],
                          draft_letter(read_letter(path), REGISTRY), Counter(words(printed))))
    for stem, expected in EXPECTED.items():
        seed = next(SEEDS.glob(f"{stem}_*.txt"))
        source = read_letter(seed)
        cases.append((seed.name, expected, draft_letter(source, REGISTRY), Counter(words(tagless(source.text)))))
    return cases


def test_import_scores_on_every_layout_and_format(tmp_path: Path) -> None:
    right = dict.fromkeys(FIELDS, 0)
    total = 0
    lost: dict[str, Counter[str]] = {}
    for name, expected, drafts, printed in all_cases(tmp_path):
        got = [describe_draft(d) for d in drafts] + [{}] * max(0, len(expected) - len(drafts))
        for want, have in zip(expected, got):
            total += 1
            for field in FIELDS:
                if normal(have.get(field, "")) == normal(want[field]):
                    right[field] += 1
                else:
                    print(f"{name}: {field} {have.get(field)!r}, expected {want[field]!r}")
        missing = printed - drafted_words(drafts)
        if missing:
            lost[name] = missing
    print(f"\n{total} documents from {len(CORPUS) * len(FORMATS) + len(EXPECTED)} letters")
    for field in FIELDS:
        print(f"{field:<13} {right[field]:>2}/{total}  {right[field] / total:.0%}")
    overall = sum(right.values()) / (total * len(FIELDS))
    print(f"{'overall':<13} {overall:.1%}; words lost: {sum(sum(c.values()) for c in lost.values())}")
    assert not lost
    assert overall >= 0.9
    for field in FIELDS:
        assert right[field] / total >= 0.8, field


@pytest.mark.parametrize("letter", CORPUS, ids=lambda letter: letter.name)
@pytest.mark.parametrize("kind", FORMATS)
def test_no_word_is_lost(tmp_path: Path, letter: SampleLetter, kind: str) -> None:
    path, printed = make(letter, kind, tmp_path)
    drafts = draft_letter(read_letter(path), REGISTRY)
    # Every printed word is in the body or in the block of what was judged letterhead, and nothing is added.
    assert drafted_words(drafts) == Counter(words(printed))
    body = drafts[0].body
    assert "www." not in body and "Pagina 1 van" not in body


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_no_word_of_a_seed_letter_is_lost(stem: str) -> None:
    source = read_letter(next(SEEDS.glob(f"{stem}_*.txt")))
    assert drafted_words(draft_letter(source, REGISTRY)) == Counter(words(tagless(source.text)))


def test_a_sentence_ending_in_a_colon_stays_in_the_body() -> None:
    source = read_letter(next(SEEDS.glob("001_*.txt")))
    assert "Het stelt echter ook een aantal eisen:" in draft_letter(source, REGISTRY)[0].body
    questions = read_letter(next(SEEDS.glob("004_*.txt")))
    assert "De onderstaande fracties hebben hierover de volgende vragen:" in draft_letter(questions, REGISTRY)[0].body


@pytest.mark.parametrize("letter", [c for c in CORPUS if c.points], ids=lambda letter: letter.name)
@pytest.mark.parametrize("kind", FORMATS)
def test_a_reply_gets_its_points_drafted(tmp_path: Path, letter: SampleLetter, kind: str) -> None:
    path, _ = make(letter, kind, tmp_path)
    draft = draft_letter(read_letter(path), REGISTRY)[0]
    assert [(p.point, p.title) for p in draft.responses] == [(str(n), t) for n, t in enumerate(letter.points, 1)]
    if letter.outcomes:
        assert [p.outcome for p in draft.responses] == list(letter.outcomes)


@pytest.mark.parametrize("kind", FORMATS)
def test_a_signature_table_names_each_signer_with_their_role(tmp_path: Path, kind: str) -> None:
    letter = next(c for c in CORPUS if c.name == "aan-advies")
    draft = draft_letter(read_letter(make(letter, kind, tmp_path)[0]), REGISTRY)[0]
    if kind == "docx":  # a PDF prints the table as two lines of two names: its columns are not known
        assert draft.body.rstrip().endswith("J. de Vries, voorzitter\n\nA. Bakker, secretaris")
    assert "Geacht college," in draft.body and "Aan het college" not in draft.body


ADVICE = ("---\ntype: advies\ntitle: Advies over de mantelzorgwaardering\ndate: 2023-05-01\n"
          "municipality: Wijdemeren\nfrom: Adviesraad Sociaal Domein Wijdemeren\ntopics: [armoede]\n---\nTekst.\n")


def import_reply_beside(tmp_path: Path, kind: str, advices: dict[str, str]) -> tuple[str, str]:
    """Import the Wijdemeren reply into an archive holding these advices; return its draft and stderr."""
    for name, text in advices.items():
        (tmp_path / "content" / "wijdemeren").mkdir(parents=True, exist_ok=True)
        (tmp_path / "content" / "wijdemeren" / f"{name}.md").write_text(text, "utf-8")
    letter = next(c for c in CORPUS if c.name == "regels-reactie")
    code, stderr, written = import_into(tmp_path, make(letter, kind, tmp_path)[0])
    assert code == 0, stderr
    return next(p for p in written if p.name.startswith("wijdemeren-2023-reactie")).read_text("utf-8"), stderr


@pytest.mark.parametrize("kind", FORMATS)
def test_a_reply_proposes_the_advice_it_answers(tmp_path: Path, kind: str) -> None:
    text, stderr = import_reply_beside(tmp_path, kind, {
        "mantelzorg": ADVICE, "armoede": ADVICE.replace("de mantelzorgwaardering", "het armoedebeleid"),
        "later": ADVICE.replace("2023-05-01", "2023-08-01"),  # after the reply: it cannot be what it answers
    })
    assert "is still marked for review" in stderr and "rename the file (git mv OLD.md NEW.md)" in stderr
    assert "in_reply_to: mantelzorg  # CONTROLEER: gegokt uit het advies aan Wijdemeren met de meest gelijke" in text
    assert "responses:  # CONTROLEER" in text and "    title: Hoogte van de waardering\n" in text


def test_a_reply_names_the_advice_by_its_reference(tmp_path: Path) -> None:
    other = ADVICE.replace("de mantelzorgwaardering", "iets anders").replace("date:", "reference: ASD-2023-11\ndate:")
    text, _ = import_reply_beside(tmp_path, "pdf", {"advies": other})
    assert "in_reply_to: advies  # CONTROLEER: gegokt uit het kenmerk 'ASD-2023-11'" in text


def test_no_advice_about_something_else_is_proposed(tmp_path: Path) -> None:
    other = ADVICE.replace("de mantelzorgwaardering", "de pilot Durven, doen en vertrouwen")
    text, _ = import_reply_beside(tmp_path, "docx", {"advies": other.replace("2023-05-01", "2017-04-03")})
    assert "\n# in_reply_to:" in text


@pytest.mark.parametrize(("signed", "organisation"), [
    ("Voorzitter Adviesraad Sociaal Domein Wijdemeren", "Adviesraad Sociaal Domein Wijdemeren"),
    ("De voorzitter van de Adviesraad Sociaal Domein Wijdemeren,", "Adviesraad Sociaal Domein Wijdemeren"),
    ("Namens de Wmo-raad Helmond", "Wmo-raad Helmond"),
    ("Adviesraad Sociaal Domein Montfoort, secretaris", "Adviesraad Sociaal Domein Montfoort"),
])
def test_from_names_the_organisation_without_role_words(signed: str, organisation: str) -> None:
    assert strip_roles(signed).rstrip(",") == organisation


def test_a_web_address_in_the_letterhead_is_never_the_addressee(tmp_path: Path) -> None:
    letter = tmp_path / "brief.txt"
    letter.write_text("\n".join([
        "Adviesraad Sociaal Domein Wijdemeren", "www.adviesraad-wijdmeren.nl", "",
        "Het college van burgemeester en wethouders", "van de gemeente Wijdemeren", "",
        "Loosdrecht, 3 april 2017", "Onderwerp: Advies over de pilot", "",
        "Geacht college,", "", "De adviesraad adviseert positief.", "", "Hoogachtend,",
        "Voorzitter Adviesraad Sociaal Domein Wijdemeren"]), "utf-8")
    draft = draft_letter(read_letter(letter), REGISTRY)[0]
    assert describe_draft(draft)["to"] == "College van burgemeester en wethouders van Wijdemeren"
    assert describe_draft(draft)["from"] == "Adviesraad Sociaal Domein Wijdemeren"
    assert describe_draft(draft)["type"] == "advies"


def test_word_tables_headers_and_lists_are_read_in_order(tmp_path: Path) -> None:
    letter = next(c for c in CORPUS if c.name == "briefhoofd-advies")
    path, _ = make(letter, "docx", tmp_path)
    source = read_letter(path)
    assert source.furniture == letter.header + ("Pagina 1 van 1",)
    lines = source.text.split("\n")
    assert "1. de termijn voor een keukentafelgesprek op twee weken te zetten;" in lines
    table = next(c for c in CORPUS if c.name == "tabel-advies")
    lines = read_letter(make(table, "docx", tmp_path)[0]).text.split("\n")
    assert lines.index("Onderwerp: Advies over de armoederegelingen") < lines.index("Geacht college,")
    assert "- folders in eenvoudige taal, ook voor laaggeletterden;" in lines


def test_pdf_furniture_is_told_by_position(tmp_path: Path) -> None:
    letter = next(c for c in CORPUS if c.name == "briefhoofd-advies")
    path, _ = make(letter, "pdf", tmp_path)
    source = read_letter(path)
    assert "Pagina 1 van 2" in source.furniture and "Pagina 2 van 2" in source.furniture
    assert source.furniture.count("Adviesraad Sociaal Domein Wijdemeren") == 2
    lines = source.text.split("\n")
    # The right-aligned date beside the address block is a line of its own.
    assert "Loosdrecht, 12 september 2023" in lines and "1230 AD Loosdrecht" in lines
    assert "Ons kenmerk: ASD-2023-19" in lines


@pytest.mark.parametrize(("name", "message"), [
    ("brief.odt", "brief.odt:1: error: cannot import this kind of file; use a .pdf, .docx, .txt or .md file: open "
                  "brief.odt in Word or LibreOffice and save it as .docx (Opslaan als), then import that file"),
    ("brief", "brief:1: error: cannot import this kind of file; use a .pdf, .docx, .txt or .md file"),
    # The kind is judged first: a missing file of an unknown kind is told what kinds there are.
    ("weg.odt", "weg.odt:1: error: cannot import this kind of file; use a .pdf, .docx, .txt or .md file: open "
                "weg.odt in Word or LibreOffice and save it as .docx (Opslaan als), then import that file"),
    ("weg.txt", "error: letter 'weg.txt' does not exist; check the path and the file name"),
    ("map.txt", "error: letter 'map.txt' does not exist; check the path and the file name"),
    ("leeg.md", "leeg.md:1: error: the file holds no text; check that this is the right file"),
])
def test_read_letter_refuses_what_it_cannot_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str,
                                                 message: str) -> None:
    monkeypatch.chdir(tmp_path)
    for existing in ("brief.odt", "brief"):
        Path(existing).write_text("Geachte heer,\n", "utf-8")
    Path("leeg.md").write_text("\n  \n", "utf-8")
    Path("map.txt").mkdir()
    with pytest.raises(ArchiveError) as raised:
        read_letter(Path(name))
    assert raised.value.format() == message


@pytest.mark.parametrize(("data", "text"), [
    (b"Geachte heer M\xc3\xbcller,\n", "Geachte heer Müller,\n"),
    (b"\xef\xbb\xbfGeachte heer,\n", "Geachte heer,\n"),  # Notepad's byte-order mark is not text
    (b"Geachte heer M\xfcller, \x80 12,-\n", "Geachte heer Müller, € 12,-\n"),  # Windows' own code page
], ids=["utf-8", "byte-order-mark", "windows-1252"])
def test_read_letter_takes_text_files_as_they_are(tmp_path: Path, data: bytes, text: str) -> None:
    path = tmp_path / "Brief.TXT"
    path.write_bytes(data)
    letter = read_letter(path)
    assert (letter.name, letter.kind, letter.text) == ("Brief.TXT", "text", text)


@pytest.mark.parametrize("kind", FORMATS)
def test_the_list_of_enclosures_under_the_signature_stays_in_the_text(tmp_path: Path, kind: str) -> None:
    letter = next(c for c in CORPUS if c.name == "bijlagen-advies")
    draft = draft_letter(read_letter(make(letter, kind, tmp_path)[0]), REGISTRY)[0]
    assert draft.body.rstrip().endswith(
        "voorzitter Adviesraad Sociaal Domein Zuidplas\n\nBijlagen:\n\n"
        "- Verslag gesprek met ouders, 24 september 2025\n- Reactie van de vervoerder op onze vragen")
    # The template's section title is the first level under the letter's title, in both formats.
    assert "\n## Onze adviezen\n" in draft.body
