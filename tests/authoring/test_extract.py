"""Reading a PDF's lines by their place and face: paragraphs, page furniture and bold headings."""

from __future__ import annotations

from pathlib import Path

import pytest

from adviesarchief.authoring.cleaning import clean_body
from adviesarchief.authoring.extract import read_letter
from adviesarchief.authoring.layout import points_table, sections_table, signers, table_lines
from adviesarchief.authoring.pdf import Segment, TableBlock, pdf_lines
from letters import CORPUS, write_docx, write_pdf

PAGE_HEIGHT = 842.0
Line = str | tuple[str, bool] | None  # a line of text, a line with its face (bold or not), or a paragraph gap


def page(*lines: Line) -> tuple[float, list[list[Segment]]]:
    """One A4 page with these lines, 14 points apart; None leaves a paragraph's gap."""
    top, placed = 120.0, []
    for line in lines:
        if line is None:
            top += 14
            continue
        text, bold = line if isinstance(line, tuple) else (line, False)
        placed.append([Segment(text, 72.0, 72.0 + 5 * len(text), top, top + 10, bold)])
        top += 14
    return PAGE_HEIGHT, placed


def bold(text: str) -> tuple[str, bool]:
    return text, True


def headings(*lines: Line) -> list[str]:
    text, _ = pdf_lines([page(*lines)])
    return [line[3:] for line in text if line.startswith("## ")]


@pytest.mark.parametrize(("lines", "expected"), [
    # A bold line of its own below the salutation heads what follows.
    (["Geacht college,", None, bold("Advies 1: maak de doelen meetbaar"), "Wij nemen dit advies over."],
     ["Advies 1: maak de doelen meetbaar"]),
    # Two headings, each over its own paragraph.
    (["Geacht college,", None, bold("Bereik"), "Tekst.", None, bold("Eenvoud"), "Meer tekst."], ["Bereik", "Eenvoud"]),
    # Above the salutation a bold line is the subject or the letterhead: the draft reads it there.
    ([bold("Betreft: Advies over de Wmo"), None, "Geacht college,", None, "Tekst."], []),
    # A bold paragraph of two lines is emphasis.
    (["Geacht college,", None, bold("Wij vragen het college met klem om de termijn"), bold("van twee weken te halen."),
      None, "Tekst."], []),
    # Greetings and labels stay text, bold or not.
    (["Geacht college,", None, "Tekst.", None, bold("Met vriendelijke groet,"), "J. de Vries"], []),
    (["Geacht college,", None, bold("Namens de adviesraad,"), "Tekst."], []),
    (["Geacht college,", None, bold("Datum: 3 maart 2024"), "Tekst."], []),
    # A line too long for a heading is a bold sentence.
    (["Geacht college,", None, bold("Wij adviseren " + "het college om dit heel uitgebreid te regelen " * 2)], []),
    # The bold end of a sentence that wraps is no heading of its own.
    (["Geacht college,", None, "Wij vragen u om dit te regelen", bold("voor 1 juli 2024."), "Meer tekst."], []),
    # Below the closing a bold line is a signer's name.
    (["Geacht college,", None, "Tekst.", None, "Met vriendelijke groet,", None, bold("J. de Vries")], []),
    # 'Aan het college' above the greeting is the address: a bold subject between them is no heading.
    (["Aan het college van burgemeester en wethouders", None, bold("Advies over de Wmo"), None, "Geacht college,",
      None, bold("Bereik"), "Tekst die doorloopt", "op een tweede regel", "en een derde."], ["Bereik"]),
    # A paper without a salutation has its headings anywhere.
    ([bold("Inleiding"), "Deze notitie gaat over de Wmo."], ["Inleiding"]),
    # A letter set in a bold face throughout has no headings to tell by their face.
    ([bold("Geacht college,"), None, bold("Bereik"), bold("Tekst die doorloopt."), None, bold("Eenvoud"),
      None, bold("Meer tekst.")], []),
])
def test_a_bold_line_that_stands_alone_is_a_heading(lines: list[Line], expected: list[str]) -> None:
    assert headings(*lines) == expected


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_the_headings_of_a_letter_survive_in_both_formats(tmp_path: Path, kind: str) -> None:
    letter = next(c for c in CORPUS if c.name == "kopjes-reactie")
    path = tmp_path / f"{letter.name}.{kind}"
    write_docx(letter, path) if kind == "docx" else write_pdf(letter, path)
    lines = read_letter(path).text.splitlines()
    # Word's 'Heading 2' is '###'; a bold PDF line is a heading of the first level below the title.
    assert [line.lstrip("#").strip() for line in lines if line.startswith("## ") or line.startswith("### ")] == [
        text for block, text in letter.blocks if block == "h"]


def test_a_word_set_partly_in_bold_stays_one_word(tmp_path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path = tmp_path / "brief.pdf"
    drawing = canvas.Canvas(str(path), pagesize=A4)
    text = drawing.beginText(72, 700)
    for font, part in (("Helvetica", "Graag uiterlijk "), ("Helvetica-Bold", "1 juli"), ("Helvetica", ". Het kost "),
                       ("Helvetica-Bold", "100"), ("Helvetica", ",- per jaar.")):
        text.setFont(font, 11)
        text.textOut(part)
    drawing.drawText(text)
    drawing.save()
    assert "Graag uiterlijk 1 juli. Het kost 100,- per jaar." in read_letter(path).text


@pytest.mark.parametrize(("rows", "expected"), [
    # Names above roles, side by side: one line per signer.
    ([["J. de Vries", "A. Bakker", "C. Smit"], ["voorzitter", "secretaris", "lid"]],
     [["J. de Vries, voorzitter"], ["A. Bakker, secretaris"], ["C. Smit, lid"]]),
    # The college signs with the roles on top.
    ([["De secretaris,", "De burgemeester,"], ["A. Jansen", "B. de Graaf"]],
     [["A. Jansen, de secretaris"], ["B. de Graaf, de burgemeester"]]),
    # Name and role in one cell, on two lines.
    ([["J. de Vries\nvoorzitter", "A. Bakker\nsecretaris"]], [["J. de Vries, voorzitter"], ["A. Bakker, secretaris"]]),
    # A table that names the organisation stays as it is: the draft reads the organisation from it.
    ([["J. de Vries", "A. Bakker"], ["voorzitter", "secretaris"], ["Adviesraad Sociaal Domein", "Adviesraad Sociaal Domein"]],
     None),
    # A row per person reads right as it is; figures are no signers.
    ([["J. de Vries", "voorzitter"], ["P. Jansen", "secretaris"]], None),
    ([["Jaar", "Aantal"], ["2022", "150"]], None),
])
def test_a_signature_table_gives_a_line_per_signer(rows: list[list[str]], expected: list[list[str]] | None) -> None:
    assert signers(rows) == (rows if expected is None else expected)


def word_letter(path: Path, table: list[list[str]], *, before_salutation: bool = False) -> Path:
    """A Word advice with a table in its text (or above the salutation, among the letterhead)."""
    import docx

    document = docx.Document()
    document.add_paragraph("Aan het college van burgemeester en wethouders van Zeewolde")
    if not before_salutation:
        document.add_paragraph("Geacht college,")
        document.add_paragraph("Veel gezinnen vallen net buiten de regeling. Dit zijn de grenzen:")
    grid = document.add_table(rows=len(table), cols=len(table[0]))
    for row, cells in zip(grid.rows, table):
        for cell, text in zip(row.cells, cells):
            cell.text = text
    if before_salutation:
        document.add_paragraph("Geacht college,")
    document.add_paragraph("Wij horen graag wat u met ons advies doet.")
    document.add_paragraph("Met vriendelijke groet,")
    document.add_paragraph("J. de Boer, voorzitter")
    document.save(str(path))
    return path


FIGURES = [["Gezinsgrootte", "Nu", "Ons advies"], ["1 ouder, 1 kind", "€ 1.650", "€ 1.790"],
           ["2 ouders | 2 kinderen", "€ 2.350", "€ 2.550"]]


def test_a_table_of_figures_in_a_word_letter_stays_a_table(tmp_path: Path) -> None:
    text = read_letter(word_letter(tmp_path / "advies.docx", FIGURES)).text
    assert ("Dit zijn de grenzen:\n\n| Gezinsgrootte | Nu | Ons advies |\n| --- | --- | --- |\n"
            "| 1 ouder, 1 kind | € 1.650 | € 1.790 |\n| 2 ouders \\| 2 kinderen | € 2.350 | € 2.550 |\n\n"
            "Wij horen graag") in text


@pytest.mark.parametrize(("table", "before_salutation"), [
    ([["Datum", "14 oktober 2025"], ["Ons kenmerk", "ASD-Z 2025-07"]], False),  # labels with their values
    ([["Adviesraad Sociaal Domein", "Raadhuisplein 1"]], False),  # one row: layout
    ([["Gemeente Zeewolde"], ["Postbus 1"]], False),  # one column: layout
    (FIGURES, True),  # above the salutation: letterhead
], ids=["labels", "one row", "one column", "letterhead"])
def test_tables_that_are_layout_or_labels_are_read_as_lines(tmp_path: Path, table: list[list[str]],
                                                           before_salutation: bool) -> None:
    text = read_letter(word_letter(tmp_path / "brief.docx", table, before_salutation=before_salutation)).text
    assert "| --- |" not in text
    for row in table:
        for cell in row:
            assert cell in text


def test_text_under_a_table_and_backslashes_in_it_are_kept(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("Geacht college,")
    grid = document.add_table(rows=2, cols=2)
    for row, cells in zip(grid.rows, [["Gezin", "Grens"], ["a\\|b", "€ 2.000"]]):
        for cell, text in zip(row.cells, cells):
            cell.text = text
    document.add_paragraph("waarbij de grens volgens ons te laag is.")
    document.save(str(tmp_path / "brief.docx"))
    text = read_letter(tmp_path / "brief.docx").text
    assert "| a\\\\\\|b | € 2.000 |\n\nwaarbij de grens volgens ons te laag is." in text


def test_a_closing_laid_out_as_a_table_is_no_data_table(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("Geacht college,")
    document.add_paragraph("Wij horen graag van u.")
    grid = document.add_table(rows=3, cols=2)
    for row, cells in zip(grid.rows, [["Met vriendelijke groet,", ""], ["J. Jansen", "P. Pietersen"],
                                      ["voorzitter", "secretaris"]]):
        for cell, text in zip(row.cells, cells):
            cell.text = text
    document.save(str(tmp_path / "brief.docx"))
    text = read_letter(tmp_path / "brief.docx").text
    assert "| --- |" not in text and "Met vriendelijke groet," in text


ANSWERS = [["Uw advies", "Onze reactie"],
           ["1. Geen korting zonder taalaanbod", "Overgenomen. Wij kopen extra plekken in\nbij het Taalhuis."],
           ["2. Tegenprestatie alleen vrijwillig", "Niet overgenomen. De wet vraagt een tegenprestatie."]]


@pytest.mark.parametrize(("rows", "lines", "aside"), [
    (ANSWERS, ["## 1. Geen korting zonder taalaanbod", "Overgenomen. Wij kopen extra plekken in bij het Taalhuis.",
               "## 2. Tegenprestatie alleen vrijwillig", "Niet overgenomen. De wet vraagt een tegenprestatie."],
     ["Uw advies", "Onze reactie"]),
    # The number in a column of its own, the point beside it.
    ([["Nr.", "Advies", "Reactie college"], ["1", "Meetbare doelen", "Wij nemen dit advies over en rapporteren."],
      ["2", "Mantelzorgers betrekken", "Deels overgenomen: het steunpunt krijgt een rol."]],
     ["## 1. Meetbare doelen", "Wij nemen dit advies over en rapporteren.", "## 2. Mantelzorgers betrekken",
      "Deels overgenomen: het steunpunt krijgt een rol."], ["Nr.", "Advies", "Reactie college"]),
    # Points under a label, no titles above the columns; a table on a later page goes on at 3.
    ([["Advies 3: de bibliotheek", "Wij zeggen toe dat wij in gesprek gaan."],
      ["Advies 4: vrijwilligers", "Dit advies nemen wij niet over."]],
     ["## Advies 3: de bibliotheek", "Wij zeggen toe dat wij in gesprek gaan.", "## Advies 4: vrijwilligers",
      "Dit advies nemen wij niet over."], []),
    # A long point is no heading.
    ([["1. De adviesraad adviseert om de wachttijd voor een keukentafelgesprek te verkorten tot twee weken.",
       "Overgenomen."], ["2. Noem de cliëntondersteuning in elke brief.", "Overgenomen."]],
     ["1. De adviesraad adviseert om de wachttijd voor een keukentafelgesprek te verkorten tot twee weken.",
      "Overgenomen.", "2. Noem de cliëntondersteuning in elke brief.", "Overgenomen."], []),
], ids=["advice and answer", "number column", "labelled", "long points"])
def test_a_table_with_a_point_per_row_gives_each_point_and_its_answer(rows: list[list[str]], lines: list[str],
                                                                      aside: list[str]) -> None:
    found = points_table(rows, wrapped=True)
    assert found is not None
    assert [line for line in found[0] if line] == lines
    assert found[1] == aside


@pytest.mark.parametrize("rows", [
    FIGURES,  # '1 ouder, 1 kind': figures, not points
    [["Jaar", "Aanvragen"], ["1", "20"], ["2", "35"]],  # a numbered column of figures
    [["1. Eerste punt met tekst", "Wij nemen dit over."], ["3. Derde punt met tekst", "Wij nemen dit over."]],
    [["1. Eén punt", "Wij nemen dit advies over en rapporteren erover."]],  # one row is no table of points
    [["Datum", "14 oktober 2025"], ["Ons kenmerk", "ASD-Z 2025-07"]],
], ids=["figures", "numbered figures", "a gap in the numbers", "one row", "labels"])
def test_other_tables_are_no_tables_of_points(rows: list[list[str]]) -> None:
    assert points_table(rows) is None


@pytest.mark.parametrize(("rows", "lines", "aside"), [
    ([["Onderwerp", "Wat wij adviseren"],
      ["Eigen bijdrage", "Wij adviseren u om:\n1. de bijdrage niet te verhogen;\n2. vooraf een brief te sturen."],
      ["Wachttijd", "De wachttijd is nu twaalf weken.\nVoer het gesprek binnen zes weken."]],
     ["", "## Eigen bijdrage", "", "Wij adviseren u om:", "", "1. de bijdrage niet te verhogen;",
      "2. vooraf een brief te sturen.", "", "## Wachttijd", "", "De wachttijd is nu twaalf weken.", "",
      "Voer het gesprek binnen zes weken.", ""], ["Onderwerp", "Wat wij adviseren"]),
    # No column titles.
    ([["Bereik", "Werk samen met de voedselbank en de scholen."], ["Eenvoud", "Eén formulier voor alle regelingen."]],
     ["", "## Bereik", "", "Werk samen met de voedselbank en de scholen.", "", "## Eenvoud", "",
      "Eén formulier voor alle regelingen.", ""], []),
    # A short first row of the letter's own is no row of column titles.
    ([["Eigen bijdrage", "Niet verhogen"], ["Wachttijd", "Voer binnen zes weken een gesprek."],
      ["Vervoer", "Houd het tarief gelijk aan het ov-tarief."]],
     ["", "## Eigen bijdrage", "", "Niet verhogen", "", "## Wachttijd", "", "Voer binnen zes weken een gesprek.", "",
      "## Vervoer", "", "Houd het tarief gelijk aan het ov-tarief.", ""], []),
], ids=["titles and lists", "no titles", "a short first row"])
def test_a_table_with_a_subject_per_row_gives_each_a_heading(rows: list[list[str]], lines: list[str],
                                                             aside: list[str]) -> None:
    assert sections_table(rows) == (lines, aside)


@pytest.mark.parametrize("rows", [
    [["Datum", "14 oktober 2025 in het gemeentehuis van Zeist"], ["Ons kenmerk", "ASD-Z 2025-07 voor het archief hier"]],
    [["Regeling", "Bereik"], ["Bijzondere bijstand", "45 procent"], ["Kindpakket", "60 procent"]],  # figures
    [["2024", "Wij kregen in dat jaar veel meer aanvragen binnen."], ["2025", "Het aantal aanvragen daalde weer fors."]],
    [["Eigen bijdrage", "Niet verhogen voor inwoners met weinig geld.", "Overgenomen"],
     ["Wachttijd", "Binnen zes weken een gesprek voeren.", "Deels"]],  # three columns
    [["Dit is een hele zin als eerste cel.", "Wij adviseren het college om dit te doen."],
     ["Nog een zin die eindigt met een punt.", "Wij adviseren het college om dat te doen."]],
    [["Eigen bijdrage", "Verhoog de eigen bijdrage niet voor lage inkomens."]],  # one row
    [["Naam", "Functie"], ["Jan de Vries", "Voorzitter van de Wmo-raad Zeist sinds 2019"],
     ["Petra Bakker", "Secretaris en aanspreekpunt voor de gemeente."]],
    [["Aanwezig", "Namens"], ["mevrouw J. de Vries", "de Wmo-raad, de cliëntenraad en de ouderenbond"],
     ["de heer P. Bakker", "de gemeente Zeist, afdeling Sociaal Domein en Zorg"]],
    [["Wanneer", "Wat gebeurt er"], ["14 oktober 2025", "Wij bespreken het concept met de wethouder."],
     ["1 december 2025", "De raad neemt een besluit over de verordening."]],
], ids=["labels", "figures", "years", "three columns", "sentences left", "one row", "people", "people with titles",
        "dates"])
def test_other_tables_are_no_tables_of_subjects(rows: list[list[str]]) -> None:
    assert sections_table(rows) is None


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_an_advice_in_a_table_per_subject_reads_as_headings_with_their_text(tmp_path: Path, kind: str) -> None:
    letter = next(c for c in CORPUS if c.name == "tabel-per-onderwerp")
    path = tmp_path / f"advies.{kind}"
    (write_docx if kind == "docx" else write_pdf)(letter, path)
    source = read_letter(path)
    assert ("## Eigen bijdrage\n\nVerhoog de eigen bijdrage niet voor inwoners met een inkomen onder 130 procent van "
            "het minimum.\n\n## Wachttijd\n\nVoer binnen zes weken") in source.text
    assert "Wat wij adviseren" not in source.text and "Wat wij adviseren" in source.furniture


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_a_reply_in_a_table_reads_as_points_with_their_answers(tmp_path: Path, kind: str) -> None:
    letter = next(c for c in CORPUS if c.name == "tabel-per-advies")
    path = tmp_path / f"reactie.{kind}"
    (write_docx if kind == "docx" else write_pdf)(letter, path)
    source = read_letter(path)
    # Each row's cells are read whole, not line by line beside each other.
    assert ("## 1. Geen korting zonder taalaanbod\n\nOvergenomen. Wij korten pas als er een passende taalcursus is "
            "aangeboden. Wij kopen zestig extra plekken in bij het Taalhuis, zodat de wachtlijst korter wordt.\n\n"
            "## 2. Tegenprestatie alleen vrijwillig\n\nNiet overgenomen.") in source.text
    assert "Uw advies" not in source.text and {"Uw advies", "Onze reactie"} <= set(source.furniture)


def test_ligatures_and_soft_hyphens_in_a_pdf_become_plain_letters(tmp_path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    # Some PDF makers write 'fi' as one character (U+FB01) and mark a broken word with a soft hyphen.
    pdfmetrics.registerFont(TTFont("Vera", "Vera.ttf"))  # shipped with reportlab; it has both ligatures
    path = tmp_path / "brief.pdf"
    drawing = canvas.Canvas(str(path), pagesize=A4)
    drawing.setFont("Vera", 11)
    for index, line in enumerate(["Geacht college,", "De \ufb01nanciële ge\ufb02ecteerde regels voor de schuld\u00ad",
                                  "hulpverlening zijn \ufb02exibel."]):
        drawing.drawString(72, 700 - 14 * index, line)
    drawing.save()
    text = read_letter(path).text
    assert "De financiële geflecteerde regels voor de schuld-\nhulpverlening zijn flexibel." in text
    assert not any(0xFB00 <= ord(c) <= 0xFB06 or c == "\u00ad" for c in text)
    # pdfplumber writes a PDF's ligatures out itself; text pasted from such a PDF keeps them, so
    # the import writes them out too.
    pasted = tmp_path / "brief.txt"
    pasted.write_text("Geacht college,\nDe \ufb01nanciële b\u0133drage is o\ufb03cieel.\n", "utf-8")
    assert "De financiële bijdrage is officieel." in read_letter(pasted).text


@pytest.mark.parametrize("rows", [
    # A numbered table of costs or a planning is data, not points with answers.
    [["Maatregel", "Kosten per jaar", "Dekking"], ["1. Extra plekken bij het Taalhuis", "€ 60.000", "Rijksgeld"],
     ["2. Folders in eenvoudige taal", "€ 5.000", "Eigen budget"]],
    # A first row of text is no row of column titles.
    [["Algemeen", "Wij danken de raad voor het advies, dat wij met belangstelling lazen."],
     ["1. Eerste punt", "Wij nemen dit advies over en werken het uit in de nota."],
     ["2. Tweede punt", "Wij nemen dit advies niet over, omdat het geld er niet is."]],
], ids=["numbered figures with titles", "a first row of text"])
def test_tables_that_only_look_like_points_are_not_taken_for_them(rows: list[list[str]]) -> None:
    assert points_table(rows) is None


def test_a_point_cell_of_several_paragraphs_has_its_first_as_title_and_wrapped_words_rejoin() -> None:
    found = points_table([["Uw advies", "Onze reactie"],
                          ["1. Geen korting\nKorten zonder taalaanbod raakt inwoners hard.",
                           "Overgenomen. Wij kopen extra plek-\nken in bij het Taalhuis."],
                          ["2. Vrijwillig", "Niet overgenomen. De wet vraagt een tegenprestatie."]], wrapped=False)
    assert found is not None
    assert [line for line in found[0] if line][:3] == [
        "## 1. Geen korting", "Korten zonder taalaanbod raakt inwoners hard.",
        "Overgenomen. Wij kopen extra plek-"]
    wrapped = points_table([["1. Geen korting", "Overgenomen. Wij kopen extra plek-\nken in bij het\nTaalhuis."],
                            ["2. Vrijwillig", "Niet overgenomen. De wet vraagt een tegenprestatie."]], wrapped=True)
    assert wrapped is not None and "Overgenomen. Wij kopen extra plekken in bij het Taalhuis." in wrapped[0]


TITLES = ("Nr", "Uw advies", "Onze reactie")


def _table_page(*rows: tuple[str, ...], top: float, bottom: float, above: str = "") -> tuple[float, list]:
    """A page with a ruled table of these rows, a footer 'Pagina n' and, above the table, a line of text."""
    placed: list = [[Segment("Pagina 1 van 2", 72.0, 150.0, 800.0, 810.0)]]
    if above:
        placed.insert(0, [Segment(above, 72.0, 400.0, top - 30, top - 20)])
    placed.insert(len(placed) - 1, TableBlock(tuple(rows), 68.0, 528.0, top, bottom))
    return PAGE_HEIGHT, placed


@pytest.mark.parametrize("split", [False, True], ids=["whole rows", "a row split at the page end"])
def test_a_table_of_points_over_two_pages_is_read_as_one(split: bool) -> None:
    first = _table_page(TITLES, ("1", "Geen korting zonder taalaanbod", "Overgenomen. Wij kopen extra\nplekken in."),
                        ("2", "Tegenprestatie vrijwillig", "Niet overgenomen. De wet\nvraagt" if split
                         else "Niet overgenomen. De wet vraagt een tegenprestatie."),
                        top=400.0, bottom=760.0, above="Hieronder leest u per punt wat wij doen.")
    rest = [("", "", "een tegenprestatie.")] if split else []
    second = _table_page(TITLES, *rest, ("3", "Brieven in begrijpelijke taal", "Deels overgenomen: alle brieven\nin B1."),
                         top=110.0, bottom=300.0)
    text, furniture = pdf_lines([first, second])
    body = "\n".join(text)
    assert ("## 2. Tegenprestatie vrijwillig\n\nNiet overgenomen. De wet vraagt een tegenprestatie.\n\n"
            "## 3. Brieven in begrijpelijke taal\n\nDeels overgenomen: alle brieven in B1.") in body
    assert "Uw advies" not in body and furniture.count("Uw advies") == 1


def test_tables_on_two_pages_with_text_between_stay_apart() -> None:
    first = _table_page(TITLES, ("1", "Geen korting", "Overgenomen. Wij kopen extra plekken in."),
                        ("2", "Vrijwillig", "Niet overgenomen. De wet vraagt het."), top=400.0, bottom=600.0,
                        above="Geachte leden van de raad,")
    second = _table_page(("Jaar", "Aanvragen", "Toegekend"), ("2024", "120", "80"), ("2025", "140", "95"),
                         top=200.0, bottom=300.0, above="Het aantal aanvragen staat hieronder.")
    text, _ = pdf_lines([first, second])
    assert "| Jaar | Aanvragen | Toegekend |" in text


@pytest.mark.parametrize("bullet", ["\u2022", "\u25aa", "\uf0b7", "\uf0a7"], ids=["bullet", "square", "Symbol font",
                                                                            "Wingdings"])
def test_bullets_as_printed_become_list_items(tmp_path: Path, bullet: str) -> None:
    # A PDF from Word or LibreOffice prints a bullet as a character of the Symbol font (U+F0B7).
    path = tmp_path / "brief.txt"
    path.write_text(f"Geacht college,\nDit geldt voor:\n{bullet} gezinnen met weinig geld;\n{bullet}\tgezinnen met "
                    "twee kinderen.\nDe wachttijd is lang\n– te lang – voor gezinnen.\n", "utf-8")
    text = read_letter(path).text
    assert "- gezinnen met weinig geld;\n- gezinnen met twee kinderen." in text
    assert "\n– te lang – voor gezinnen." in text  # a dash wrapped to the start of a line is no bullet


def test_a_table_over_three_pages_is_read_as_one() -> None:
    # The middle page holds nothing but the table's rows: the third page's part joins the same table.
    first = _table_page(TITLES, ("1", "Wachttijd", "Overgenomen. Wij spreken met de\naanbieders"),
                        top=400.0, bottom=760.0, above="Hieronder leest u per punt wat wij doen.")
    middle = _table_page(TITLES, ("", "", "af dat zij binnen acht weken starten."),
                         ("2", "Jongeren betrekken", "Overgenomen. Wij vragen de"), top=110.0, bottom=760.0)
    last = _table_page(TITLES, ("", "", "jongerenraad mee te doen."), ("3", "Vervoer", "Niet overgenomen. Het budget is op."),
                       top=110.0, bottom=300.0)
    body = "\n".join(pdf_lines([first, middle, last])[0])
    assert ("## 1. Wachttijd\n\nOvergenomen. Wij spreken met de aanbieders af dat zij binnen acht weken starten.\n\n"
            "## 2. Jongeren betrekken\n\nOvergenomen. Wij vragen de jongerenraad mee te doen.\n\n"
            "## 3. Vervoer\n\nNiet overgenomen. Het budget is op.") in body


def test_lists_in_a_pdf_cell_stay_lists_and_wrapped_lines_rejoin() -> None:
    found = sections_table([["Eigen bijdrage", "Wij adviseren u om:\n1. de bijdrage niet te\nverhogen;\n"
                                               "2. vooraf een brief te sturen."],
                            ["Wachttijd", "Wij vragen u:\n\uf0b7 binnen zes weken een\ngesprek te voeren;\n"
                                          "\uf0b7 hulp te regelen – ook\n– als het lang duurt."]], wrapped=True)
    assert found is not None
    assert [line for line in found[0] if line] == [
        "## Eigen bijdrage", "Wij adviseren u om:", "1. de bijdrage niet te verhogen;", "2. vooraf een brief te sturen.",
        "## Wachttijd", "Wij vragen u:", "\uf0b7 binnen zes weken een gesprek te voeren;",
        "\uf0b7 hulp te regelen – ook – als het lang duurt."]


def test_a_line_at_the_top_of_a_page_that_is_no_page_header_keeps_two_tables_apart() -> None:
    # A heading pushed to the top of the next page (Word's 'keep with next') stands in the margin
    # band, but once: it is the letter's own, so the table under it is another table.
    first = _table_page(TITLES, ("1", "Geen korting", "Overgenomen. Wij kopen extra plekken in."),
                        ("2", "Vrijwillig", "Niet overgenomen. De wet vraagt het."), top=400.0, bottom=760.0,
                        above="Geachte leden van de raad,")
    second = _table_page(("Nr", "Regeling", "Aanvragen"), ("1", "Bijzondere bijstand", "120"),
                         ("2", "Kindpakket", "80"), top=95.0, bottom=300.0, above="Het aantal aanvragen per jaar.")
    text, _ = pdf_lines([first, second])
    body = "\n".join(text)
    assert "## 2. Vrijwillig" in body and "| Nr | Regeling | Aanvragen |" in body
    assert body.index("Het aantal aanvragen per jaar.") < body.index("| Nr | Regeling")


def test_a_row_of_figures_under_a_group_label_on_the_next_page_stays_a_row() -> None:
    first = _table_page(("Regeling", "Jaar", "Aanvragen"), ("Bijzondere bijstand", "2024", "100"),
                        ("Laptopregeling", "2024", "115"), top=400.0, bottom=760.0, above="Geachte leden van de raad,")
    second = _table_page(("Regeling", "Jaar", "Aanvragen"), ("", "2025", "215"), top=110.0, bottom=200.0)
    text, _ = pdf_lines([first, second])
    assert "| Laptopregeling | 2024 | 115 |" in text and "|   | 2025 | 215 |" in text


def test_a_sentence_wrapped_before_a_number_or_a_dash_in_a_pdf_cell_stays_one_paragraph() -> None:
    found = points_table([TITLES, ("1", "Wachttijd", "Overgenomen. Het aantal steeg van 80 naar\n95. Daarom helpen wij."),
                          ("2", "Bijdrage", "Niet overgenomen. De bijdrage - landelijk vastgesteld\n- blijft gelijk."),
                          ("3", "Vervoer", "Deels overgenomen. Zie artikel\n3. Dat blijft gelden.")], wrapped=True)
    assert found is not None
    assert [line for line in found[0] if line and not line.startswith("#")] == [
        "Overgenomen. Het aantal steeg van 80 naar 95. Daarom helpen wij.",
        "Niet overgenomen. De bijdrage - landelijk vastgesteld - blijft gelijk.",
        "Deels overgenomen. Zie artikel 3. Dat blijft gelden."]


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_a_reference_line_pairs_each_label_with_the_value_under_it(tmp_path: Path, kind: str) -> None:
    letter = next(c for c in CORPUS if c.name == "referentieregel-reactie")
    path = tmp_path / f"reactie.{kind}"
    (write_docx if kind == "docx" else write_pdf)(letter, path)
    text = read_letter(path).text
    assert ("Datum: 12 november 2025\nOns kenmerk: BUN/25/4411\nUw brief van: 3 oktober 2025\n"
            "Onderwerp: Reactie op uw advies over de mantelzorg") in text


@pytest.mark.parametrize(("rows", "lines"), [
    ([["Datum", "Ons kenmerk"], ["1 mei 2025", "X-1"]], ["Datum: 1 mei 2025", "Ons kenmerk: X-1"]),
    # Only a row of labels over a row of values pairs up; labels under labels stay as they are.
    ([["Datum", "Onderwerp"], ["Aan", "Van"]], ["Datum", "Onderwerp", "Aan", "Van"]),
    ([["Datum", "Bijzonderheden"], ["1 mei 2025", "geen"]], ["Datum: Bijzonderheden", "1 mei 2025", "geen"]),
], ids=["reference line", "two rows of labels", "not all labels"])
def test_labels_over_their_values_become_label_lines(rows: list[list[str]], lines: list[str]) -> None:
    assert table_lines(rows) == lines


def _at(text: str, x: float, top: float) -> Segment:
    return Segment(text, x, x + 5 * len(text), top, top + 10)


def test_two_blocks_side_by_side_are_read_one_after_the_other() -> None:
    address = ["Wmo-raad Bunnik", "t.a.v. de voorzitter", "Schoudermantel 10", "3981 AE Bunnik"]
    contact = ["Contactpersoon: J. Jansen", "Telefoon: 14 030", "E-mail: info@bunnik.nl", "Datum: 12 november 2025"]
    lines = [[_at(a, 72.0, 150.0 + 14 * i), _at(c, 330.0, 150.0 + 14 * i)] for i, (a, c) in enumerate(zip(address, contact))]
    lines += [[_at("Geachte leden van de Wmo-raad,", 72.0, 230.0)]]
    text, _ = pdf_lines([(PAGE_HEIGHT, lines)])
    assert [line for line in text if line][:8] == address + contact


def test_labels_beside_their_values_stay_pairs() -> None:
    lines = [[_at(label, 72.0, 150.0 + 14 * i), _at(value, 200.0, 150.0 + 14 * i)]
             for i, (label, value) in enumerate([("Datum", "12 november 2025"), ("Ons kenmerk", "BUN/25/4411"),
                                                 ("Onderwerp", "Reactie op uw advies")])]
    text, _ = pdf_lines([(PAGE_HEIGHT, lines)])
    assert [line for line in text if line] == ["Datum: 12 november 2025", "Ons kenmerk: BUN/25/4411",
                                               "Onderwerp: Reactie op uw advies"]


def _words(text: str, x: float, top: float, char: float = 5.0, space: float = 3.0) -> list[dict[str, object]]:
    """pdfplumber's words for a text set at x on a line at top (`char` points a character, `space` between words)."""
    words = []
    for word in text.split():
        words.append({"text": word, "x0": x, "x1": x + char * len(word), "top": top, "bottom": top + 10, "chars": []})
        x += char * len(word) + space
    return words


def _page_text(*placed: tuple[str, float, float]) -> list[str]:
    from adviesarchief.authoring.pdf import page_lines

    words = [w for text, x, top in placed for w in _words(text, x, top)]
    return [line for line in pdf_lines([(PAGE_HEIGHT, list(page_lines(words)))])[0] if line]


def test_a_reference_line_takes_only_the_values_under_its_labels() -> None:
    labels = [("Datum", 72.0, 200.0), ("Ons kenmerk", 190.0, 200.0), ("Onderwerp", 320.0, 200.0)]
    values = [("12 november 2025", 72.0, 214.0), ("BUN/25/4411", 190.0, 214.0), ("Reactie op uw advies", 320.0, 214.0),
              ("over de regiotaxi", 320.0, 226.0)]
    # The greeting right under the values, a line's spacing apart, is the letter's own.
    assert _page_text(*labels, *values, ("Geacht college,", 72.0, 238.0)) == [
        "Datum: 12 november 2025", "Ons kenmerk: BUN/25/4411", "Onderwerp: Reactie op uw advies over de regiotaxi",
        "Geacht college,"]
    # A word at the left margin under a date that did not fill its column is no part of the date.
    wrapped = [*values[:3], ("regiotaxi", 72.0, 226.0)]
    assert _page_text(*labels, *wrapped)[:3] == ["Datum: 12 november 2025", "Ons kenmerk: BUN/25/4411",
                                                 "Onderwerp: Reactie op uw advies"]


def test_a_table_of_rows_under_labels_is_no_reference_line() -> None:
    rows = [("Datum", 72.0, 300.0), ("Onderwerp", 200.0, 300.0)]
    for n, (day, what) in enumerate([("15 januari 2026", "Commissie"), ("12 februari 2026", "Raad"),
                                     ("1 april 2026", "Evaluatie")]):
        rows += [(day, 72.0, 314.0 + 14 * n), (what, 200.0, 314.0 + 14 * n)]
    text = _page_text(("Geacht college,", 72.0, 250.0), *rows)
    assert "Datum: 15 januari 2026" not in text and "15 januari 2026: Commissie" not in text


def test_columns_in_the_text_of_a_letter_are_read_across() -> None:
    # A planning set with tabs below the greeting: each date with its event.
    text = _page_text(("Geacht college,", 72.0, 200.0), ("15 januari 2026", 72.0, 230.0), ("Commissie", 250.0, 230.0),
                      ("12 februari 2026", 72.0, 244.0), ("Raad", 250.0, 244.0))
    assert text == ["Geacht college,", "15 januari 2026", "Commissie", "12 februari 2026", "Raad"]
    # On a later page there is no greeting above them, and still they are the text's own columns.
    from adviesarchief.authoring.pdf import page_lines

    second = [w for text, x, top in (("15 januari 2026", 72.0, 230.0), ("Commissie", 250.0, 230.0),
                                     ("12 februari 2026", 72.0, 244.0), ("Raad", 250.0, 244.0))
              for w in _words(text, x, top)]
    first = [w for w in _words("Geacht college,", 72.0, 200.0)]
    pages = [(PAGE_HEIGHT, list(page_lines(first))), (PAGE_HEIGHT, list(page_lines(second)))]
    assert [line for line in pdf_lines(pages)[0] if line][1:] == ["15 januari 2026", "Commissie", "12 februari 2026",
                                                                  "Raad"]


def test_a_bullet_set_as_a_letter_in_a_symbol_font_is_a_bullet() -> None:
    from adviesarchief.authoring.pdf import page_lines

    def word(text: str, x: float, top: float, font: str) -> dict[str, object]:
        return {"text": text, "x0": x, "x1": x + 5 * len(text), "top": top, "bottom": top + 10,
                "chars": [{"fontname": font}] * len(text)}

    words = [word("Wij", 72.0, 200.0, "Calibri"), word("adviseren:", 90.0, 200.0, "Calibri"),
             word("o", 100.0, 214.0, "ABCDEF+CourierNewPSMT"), word("ouderen;", 130.0, 214.0, "Calibri"),
             word("§", 100.0, 228.0, "Wingdings-Regular"), word("jongeren.", 130.0, 228.0, "Calibri"),
             word("o", 72.0, 242.0, "Calibri"), word("zo", 80.0, 242.0, "Calibri")]
    text = [line for line in pdf_lines([(PAGE_HEIGHT, list(page_lines(words)))])[0] if line]
    assert text[1:3] == ["\u25e6 ouderen;", "\u25e6 jongeren."] and text[3] == "o zo"


@pytest.mark.parametrize(("lines", "kept", "dropped"), [
    # In the letterhead 'Bijlagen: 2' only counts the enclosures.
    (["Bijlagen: 2", "Geacht college,", "Tekst.", "Met vriendelijke groet,", "J. de Vries"],
     "Geacht college,", ["Bijlagen: 2"]),
    # Under the signature the label names them, on its line or with a list under it.
    (["Geacht college,", "Tekst.", "Met vriendelijke groet,", "J. de Vries", "Bijlage: verslag van het gesprek"],
     "Bijlage: verslag van het gesprek", []),
    (["Geacht college,", "Tekst.", "Hoogachtend,", "J. de Vries", "Bijlage(n):", "1. Verslag, 2 mei 2025",
      "2. Notitie"], "Bijlage(n):\n\n1. Verslag, 2 mei 2025\n2. Notitie", []),
    # A place and a date is letterhead; a list item with a date is text.
    (["Montfoort, 3 maart 2025", "Geacht college,", "- Verslag gesprek met ouders, 24 september 2025"],
     "- Verslag gesprek met ouders, 24 september 2025", ["Montfoort, 3 maart 2025"]),
])
def test_enclosures_and_dated_items_are_text_not_letterhead(lines: list[str], kept: str, dropped: list[str]) -> None:
    cleaned = clean_body(lines)
    assert kept in cleaned.body
    assert list(cleaned.dropped) == dropped


@pytest.mark.parametrize(("lines", "body"), [
    # A sentence wrapped before a date or an amount goes on.
    (["Wij bespraken het voorstel in onze vergadering van de maand", "30 september. Daarna spraken wij ouders."],
     "Wij bespraken het voorstel in onze vergadering van de maand 30 september. Daarna spraken wij ouders.\n"),
    # A short title above a sentence that starts with a number stays a title.
    (["Tekst ervoor.", "", "Financiële gevolgen", "", "300 gezinnen krijgen minder geld. Dat is veel meer dan "
      "de gemeente had gedacht toen zij het voorstel schreef."],
     "Tekst ervoor.\n\n## Financiële gevolgen\n\n300 gezinnen krijgen minder geld. Dat is veel meer dan de gemeente "
     "had gedacht toen zij het voorstel schreef.\n"),
    # A heading a PDF's bold made stands apart from the paragraphs around it.
    (["Hieronder leest u ons advies.", "## Samenvatting", "Wij geven u vijf adviezen."],
     "Hieronder leest u ons advies.\n\n## Samenvatting\n\nWij geven u vijf adviezen.\n"),
])
def test_paragraphs_rejoin_over_a_number_and_headings_stand_apart(lines: list[str], body: str) -> None:
    assert clean_body(lines).body == body


def test_a_footer_under_the_signature_of_a_one_page_letter_is_set_aside() -> None:
    cleaned = clean_body(["Geachte leden,", "Tekst.", "Met vriendelijke groet,", "de burgemeester,",
                          "www.zuidplas.nl • 14 0180"])
    assert cleaned.body.rstrip().endswith("de burgemeester,")
    assert cleaned.dropped == ("www.zuidplas.nl • 14 0180",)


@pytest.mark.parametrize(("footer", "dropped"), [
    ("Gemeente Zeist | Postbus 513 | 3700 AM Zeist | pagina 1", True),
    ("Adviesraad Sociaal Domein • Postbus 20 • 3430 AA Nieuwegein", True),
    # Parts set apart that are no footer, and a table's row, stay.
    ("Wonen | Zorg | Werk", False),
    ("| Postbus 513 | open |", False),
])
def test_a_footer_in_one_line_with_its_parts_set_apart_is_set_aside(footer: str, dropped: bool) -> None:
    cleaned = clean_body(["Geachte leden,", "Tekst.", "Met vriendelijke groet,", "de burgemeester,", "", footer])
    assert (footer in cleaned.dropped) == dropped
    assert (footer in cleaned.body) != dropped


# A scanned reply's table: lines 13 points apart within a cell and between rows alike, columns at
# 90, 234 and 378; a full cell runs to its column's edge and the scan's ruled line reads as '|'.
SCANNED_TABLE = [
    ("Geachte leden van de adviesraad,", 72.0, 200.0),
    ("Nr.", 90.0, 230.0), ("Advies", 234.0, 230.0), ("Reactie college", 378.0, 230.0),
    ("1", 90.0, 243.0), ("Houd de reistijd kort.", 234.0, 243.0), ("Overgenomen. De verordening", 378.0, 243.0),
    ("noemt een grens.", 378.0, 256.0),
    ("2", 90.0, 269.0), ("Vraag ouders om hun |", 234.0, 269.0), ("Overgenomen. Vanaf 2027", 378.0, 269.0),
    ("mening.", 234.0, 282.0), ("elk jaar een enquête.", 378.0, 282.0),
    ("3", 91.0, 295.0), ("Zorg voor vaste", 235.0, 295.0), ("Deels overgenomen. Wij", 379.0, 295.0),
    ("chauffeurs.", 234.0, 308.0), ("vragen het de vervoerder.", 378.0, 308.0),
    ("Met vriendelijke groet,", 72.0, 340.0),
]


def test_a_table_without_lines_is_read_by_column_not_across() -> None:
    text = _page_text(*SCANNED_TABLE)
    # Each point with its answer under it, as from a ruled table; the column titles set aside.
    assert text[1:7] == ["1. Houd de reistijd kort.", "Overgenomen. De verordening noemt een grens.",
                         "2. Vraag ouders om hun mening.", "Overgenomen. Vanaf 2027 elk jaar een enquête.",
                         "3. Zorg voor vaste chauffeurs.", "Deels overgenomen. Wij vragen het de vervoerder."]
    assert text[-1] == "Met vriendelijke groet,"


def test_text_under_a_table_without_lines_is_no_part_of_it() -> None:
    # A heading in the first column's place under the table, a paragraph's gap below it.
    text = _page_text(*SCANNED_TABLE[:-1], ("Vervolg", 90.0, 340.0),
                      ("Wij spreken de vervoerder in het voorjaar en laten u weten wat dat opleverde.", 72.0, 360.0))
    assert "Vervolg" in text and text[-1].startswith("Wij spreken de vervoerder")
    assert not any("Vervolg" in line and "chauffeurs" in line for line in text)


def test_columns_are_a_table_only_between_the_greeting_and_the_closing() -> None:
    from adviesarchief.authoring.blocks import TableBlock
    from adviesarchief.authoring.grids import unruled_tables
    from adviesarchief.authoring.pdf import page_lines

    def two_columns(top: float) -> list[tuple[str, float, float]]:
        """Two lines of two columns whose left cell wraps: a table wherever it stands."""
        return [("Het vervoer van kinderen naar", 72.0, top), ("Overgenomen.", 250.0, top),
                ("school en terug", 72.0, top + 13), ("Zie de regels.", 250.0, top + 13)]

    placed = [*two_columns(100.0), ("Geacht college,", 72.0, 200.0), *two_columns(230.0),
              ("Met vriendelijke groet,", 72.0, 300.0), *two_columns(330.0)]
    words = [w for text, x, top in placed for w in _words(text, x, top)]
    lines = unruled_tables([(PAGE_HEIGHT, page_lines(words))])[0][1]
    tables = [line for line in lines if isinstance(line, TableBlock)]
    # Above the greeting it is the letterhead's (columns_apart reads it), below the closing the signers'.
    assert len(tables) == 1 and tables[0].top == 230.0
    assert tables[0].rows == (("Het vervoer van kinderen naar\nschool en terug", "Overgenomen.\nZie de regels."),)


@pytest.mark.parametrize(("font", "expected"), [
    ("GlyphLessFont", ["Geacht college,", "- Verslag gesprek met ouders", "4. Maak de eigen bijdrage lager"]),
    # Printed text is as printed: only OCR mistakes a bullet for a letter.
    ("Helvetica", ["Geacht college,", "e Verslag gesprek met ouders", "4, Maak de eigen bijdrage lager"]),
])
def test_a_bullet_and_a_point_as_ocr_misreads_them_are_a_bullet_and_a_point(font: str, expected: list[str]) -> None:
    from adviesarchief.authoring.extract import BULLET  # read_letter writes bullets as list items with it
    from adviesarchief.authoring.pdf import page_lines

    words = [dict(w, chars=[{"fontname": font}]) for text, top in (
        ("Geacht college,", 200.0), ("e Verslag gesprek met ouders", 230.0), ("4, Maak de eigen bijdrage lager", 260.0))
        for w in _words(text, 72.0, top)]
    text = [line for line in pdf_lines([(PAGE_HEIGHT, page_lines(words))])[0] if line]
    assert [BULLET.sub("- ", line) for line in text] == expected


def test_a_crooked_scan_is_read_line_by_line() -> None:
    import math

    from adviesarchief.authoring.pdf import page_lines, straightened

    slant = math.radians(0.8)  # the scan lay crooked on the glass: each line rises to the right
    words = []
    for text, top in (("Hartelijk dank voor uw advies van 14 oktober over de verordening", 220.0),
                      ("Hieronder leest u per advies wat wij ermee doen en waarom.", 234.0)):
        for word in _words(text, 72.0, top):
            rise = (float(word["x0"]) - 72.0) * math.tan(slant)  # type: ignore[arg-type]
            bottom = float(word["bottom"]) - rise  # type: ignore[arg-type]
            matrix = (math.cos(slant), math.sin(slant), -math.sin(slant), math.cos(slant), word["x0"], PAGE_HEIGHT - bottom)
            words.append(dict(word, top=float(word["top"]) - rise, bottom=bottom,  # type: ignore[arg-type]
                              chars=[{"fontname": "GlyphLessFont", "matrix": matrix}]))
    assert len(page_lines(words)) > 2  # as it stands, each line falls apart
    lines = [" ".join(s.text for s in line) for line in page_lines(straightened(words, PAGE_HEIGHT))]
    assert lines == ["Hartelijk dank voor uw advies van 14 oktober over de verordening",
                     "Hieronder leest u per advies wat wij ermee doen en waarom."]


def test_a_table_without_lines_goes_on_over_the_page_with_a_row_split_at_its_end() -> None:
    from adviesarchief.authoring.pdf import page_lines

    def words(*placed: tuple[str, float, float]) -> list[dict[str, object]]:
        return [w for text, x, top in placed for w in _words(text, x, top)]

    first = words(("Geachte leden van de adviesraad,", 72.0, 200.0),
                  ("Advies", 90.0, 230.0), ("Reactie", 306.0, 230.0),
                  ("1. Houd de reistijd kort", 90.0, 250.0), ("Overgenomen. De verordening", 306.0, 250.0),
                  ("noemt een grens.", 306.0, 263.0),
                  ("2. Vraag ouders hun mening", 90.0, 276.0), ("Overgenomen. Vanaf volgend", 306.0, 276.0))
    second = words(("jaar doen wij een enquête.", 306.0, 110.0),
                   ("3. Zorg voor vaste chauffeurs", 90.0, 130.0), ("Deels overgenomen. Wij vragen", 306.0, 130.0),
                   ("het aan de vervoerder.", 306.0, 143.0),
                   ("Met vriendelijke groet,", 72.0, 200.0))
    text = [line for line in pdf_lines([(PAGE_HEIGHT, page_lines(first)), (PAGE_HEIGHT, page_lines(second))])[0]
            if line]
    # One table: its column titles set aside once, each point with its whole answer under it.
    assert text[1:7] == ["## 1. Houd de reistijd kort", "Overgenomen. De verordening noemt een grens.",
                         "## 2. Vraag ouders hun mening", "Overgenomen. Vanaf volgend jaar doen wij een enquête.",
                         "## 3. Zorg voor vaste chauffeurs", "Deels overgenomen. Wij vragen het aan de vervoerder."]


def _lines_at(*lines: tuple[str, float, bool]) -> list[str]:
    """pdf_lines of one page of lines (text, top, bold) set at the left margin, 5 points a character."""
    from adviesarchief.authoring.pdf import page_lines

    words = [dict(w, chars=[{"fontname": "Helvetica-Bold" if bold else "Helvetica"}])
             for text, top, bold in lines for w in _words(text, 72.0, top)]
    return [line for line in pdf_lines([(PAGE_HEIGHT, page_lines(words))])[0] if line]


FULL = "Huisartsen zien veel eenzame ouderen in onze gemeente en kennen hun situatie."  # the text's full width


@pytest.mark.parametrize(("lines", "expected"), [
    # A sentence that ends where a full line ends, on a page that sets its paragraphs apart: the
    # paragraph goes on under it.
    ([("Geacht college,", 200.0, False), ("Wij adviseren de gemeente om meer samen te werken met de zorg.", 230.0, False),
      (FULL, 260.0, False), ("Maak afspraken over doorverwijzen naar het team.", 274.0, False),
      ("Wij lichten dit graag toe.", 304.0, False), ("Met vriendelijke groet,", 334.0, False)],
     ["Geacht college,", "Wij adviseren de gemeente om meer samen te werken met de zorg.",
      FULL + " Maak afspraken over doorverwijzen naar het team.", "Wij lichten dit graag toe.",
      "Met vriendelijke groet,"]),
    # A title under a full line (short, no stop), or a line in another face, starts a block of its own.
    ([("Geacht college,", 200.0, False), (FULL, 230.0, False), ("Onze adviezen", 244.0, False),
      (FULL, 274.0, False), ("Werk samen met huisartsen.", 288.0, True), ("Dat helpt.", 318.0, False),
      ("Met vriendelijke groet,", 348.0, False)],
     ["Geacht college,", FULL, "Onze adviezen", FULL, "Werk samen met huisartsen.", "Dat helpt.",
      "Met vriendelijke groet,"]),
])
def test_a_paragraph_goes_on_under_a_full_line_that_ends_a_sentence(lines: list[tuple[str, float, bool]],
                                                                     expected: list[str]) -> None:
    assert _lines_at(*lines) == expected


def test_a_number_with_its_hyphen_at_a_line_end_keeps_it() -> None:
    cleaned = clean_body(["Bijna de helft van de 75-", "plussers voelt zich eenzaam, en 18- en 19-jarigen ook."])
    assert cleaned.body == "Bijna de helft van de 75-plussers voelt zich eenzaam, en 18- en 19-jarigen ook.\n"


def _word_with_chars(text: str, x: float, top: float, small: str = "") -> dict[str, object]:
    """A pdfplumber word whose characters after `text` are `small`: set at 6 points and raised, as a footnote number."""
    chars = [{"text": c, "size": 11.0, "bottom": top + 10, "fontname": "Helvetica"} for c in text]
    chars += [{"text": c, "size": 6.0, "bottom": top + 6, "fontname": "Helvetica"} for c in small]
    return {"text": text + small, "x0": x, "x1": x + 5 * len(text + small), "top": top, "bottom": top + 10,
            "chars": chars}


def _note_then_stop(x: float, top: float) -> dict[str, object]:
    """The word '¹.': a footnote number set small and raised, then a full stop in the text's size."""
    word = _word_with_chars("", x, top, "1")
    word["chars"].append({"text": ".", "size": 11.0, "bottom": top + 10, "fontname": "Helvetica"})  # type: ignore[attr-defined]
    return {**word, "text": "1."}


def test_footnote_numbers_set_small_and_raised_are_marked_and_their_notes_numbered() -> None:
    from adviesarchief.authoring.pdf import page_lines

    words = [*_words("Geacht college,", 72.0, 200.0),
             _word_with_chars("Het", 72.0, 214.0), _word_with_chars("abonnementstarief", 92.0, 214.0, "2"),
             _word_with_chars("geldt.", 190.0, 214.0),
             # A number apart from its word, after a space ('toestaan ¹.')
             _word_with_chars("Zoals", 72.0, 228.0), _word_with_chars("toestaan", 104.0, 228.0),
             _note_then_stop(150.0, 228.0),
             *_words("Met vriendelijke groet,", 72.0, 260.0),
             *_words("1 Zie artikel 2.1.4a van de Wmo 2015.", 72.0, 700.0),
             *_words("2 Het CAK int de eigen bijdrage.", 72.0, 714.0)]
    text = [line for line in pdf_lines([(PAGE_HEIGHT, page_lines(words))])[0] if line]
    assert "Het abonnementstarief[2] geldt." in text and "Zoals toestaan[1]." in text
    assert text[-2:] == ["[1] Zie artikel 2.1.4a van de Wmo 2015.", "[2] Het CAK int de eigen bijdrage."]


def test_paragraphs_without_space_between_them_are_not_joined_under_a_full_line() -> None:
    # A page that sets its paragraphs apart by their short last lines only: a full line that ends a
    # sentence may end its paragraph, and a closing never goes on with the text above it.
    text = _lines_at(("Geacht college,", 200.0, False), (FULL, 214.0, False), ("Dat is de kern.", 228.0, False),
                     (FULL, 242.0, False), ("Met vriendelijke groet,", 256.0, False))
    assert text == ["Geacht college,", FULL, "Dat is de kern.", FULL, "Met vriendelijke groet,"]


GREETING = ("Geacht college,", 72.0, 200.0)
CLOSE = ("Met vriendelijke groet,", 72.0, 400.0)


@pytest.mark.parametrize(("placed", "expected"), [
    # A paragraph under a table without lines, one of whose words happens to start where the
    # second column starts: the words stand a space apart, no column's gap.
    ([GREETING, ("Eigen bijdrage", 72.0, 230.0), ("Verhoog de eigen bijdrage niet voor", 166.0, 230.0),
      ("inwoners met weinig geld.", 166.0, 243.0), ("Wachttijd", 72.0, 256.0), ("Voer het gesprek binnen", 166.0, 256.0),
      ("zes weken.", 166.0, 269.0), ("Wij zijn graag bereid dit advies toe te lichten.", 72.0, 290.0), CLOSE],
     "Wij zijn graag bereid dit advies toe te lichten."),
    # Labels in a narrow column, each with its value: a row each, not all labels, then all values.
    ([GREETING, ("Wat:", 72.0, 240.0), ("Informatiebijeenkomst over de nieuwe verordening", 150.0, 240.0),
      ("voor inwoners en mantelzorgers", 150.0, 253.0), ("Wanneer:", 72.0, 266.0),
      ("dinsdag 12 maart 2026, 19.30 uur", 150.0, 266.0), ("Waar:", 72.0, 279.0), ("Gemeentehuis", 150.0, 279.0), CLOSE],
     "Wat: Informatiebijeenkomst over de nieuwe verordening\nvoor inwoners en mantelzorgers\n"
     "Wanneer: dinsdag 12 maart 2026, 19.30 uur\nWaar: Gemeentehuis"),
    # A list whose numbers stand a tab before their text, wrapping under the text.
    ([GREETING, ("1.", 72.0, 240.0), ("Houd de reistijd van kinderen in het vervoer", 108.0, 240.0),
      ("zo kort mogelijk.", 108.0, 253.0), ("2.", 72.0, 266.0), ("Vraag ouders elk jaar om hun mening.", 108.0, 266.0), CLOSE],
     "1. Houd de reistijd van kinderen in het vervoer\nzo kort mogelijk.\n2. Vraag ouders elk jaar om hun mening."),
    # A scan's ruled line read as '|', right before the next column's text.
    # The '|' ends at 262, the next column starts at 266: a gap of a space or so.
    ([GREETING, ("Nr.", 90.0, 217.0), ("Advies", 150.0, 217.0), ("Reactie", 266.0, 217.0),
      ("1", 90.0, 230.0), ("Maak de eigen bijdrage |", 150.0, 230.0), ("Niet overgenomen. Dit", 266.0, 230.0),
      ("afhankelijk van geld.", 150.0, 243.0), ("kost te veel werk.", 266.0, 243.0),
      ("2", 90.0, 256.0), ("Vraag ouders.", 150.0, 256.0), ("Overgenomen.", 266.0, 256.0), CLOSE],
     "1. Maak de eigen bijdrage afhankelijk van geld.\nNiet overgenomen. Dit kost te veel werk."),
])
def test_what_only_looks_like_a_table_without_lines_is_read_as_it_was(placed: list[tuple[str, float, float]],
                                                                       expected: str) -> None:
    assert expected in "\n".join(_page_text(*placed))


@pytest.mark.parametrize("closing", ["Vriendelijke groeten,", "Met hoogachting,", "Met een vriendelijke groet,"])
def test_signers_side_by_side_under_any_closing_are_no_table(closing: str) -> None:
    text = _page_text(GREETING, ("Wij sturen u ons advies.", 72.0, 214.0), (closing, 72.0, 260.0),
                      ("J. de Vries", 72.0, 300.0), ("A. Bakker", 320.0, 300.0),
                      ("voorzitter", 72.0, 313.0), ("secretaris", 320.0, 313.0), ("Adviesraad Zuidplas", 320.0, 326.0))
    assert not any(line.startswith("|") for line in text)
    assert text[text.index(closing) + 1:] == ["J. de Vries", "A. Bakker", "voorzitter", "secretaris", "Adviesraad Zuidplas"]


def test_a_raised_digit_is_a_note_mark_only_where_its_note_is_printed() -> None:
    from adviesarchief.authoring.pdf import page_lines

    words = [*_words("Geacht college,", 72.0, 200.0),
             _word_with_chars("gelezen.", 72.0, 214.0, ""), _word_with_chars("De", 120.0, 214.0),
             _word_with_chars("regeling", 136.0, 214.0, "1"), _word_with_chars("gaat", 190.0, 214.0),
             _word_with_chars("in", 215.0, 214.0), _word_with_chars("per", 228.0, 214.0),
             # The text's own line that starts with the note's number, and a unit's power without a note.
             *_words("1 januari 2026 voor woningen van 50", 72.0, 228.0), _word_with_chars("m", 250.0, 228.0, "2"),
             *_words("Met vriendelijke groet,", 72.0, 260.0),
             # The note, in smaller type, as LibreOffice sets it: no space after its number.
             *[dict(w, bottom=float(w["top"]) + 7) for w in _words("1Zie artikel 2.1.4a van de Wmo.", 72.0, 300.0)]]
    text = [line for line in pdf_lines([(PAGE_HEIGHT, page_lines(words))])[0] if line]
    assert "gelezen. De regeling[1] gaat in per" in text
    assert "1 januari 2026 voor woningen van 50 m²" in text
    assert text[-1] == "[1] Zie artikel 2.1.4a van de Wmo."


@pytest.mark.parametrize(("line", "expected"), [
    ("Woningen van 50 m² krijgen subsidie² van de gemeente.", "Woningen van 50 m² krijgen subsidie[2] van de gemeente."),
    ("Een tuin van 20m² of 3 km² natuur, zie het systeem².", "Een tuin van 20m² of 3 km² natuur, zie het systeem[2]."),
    # A unit's power alone is no reference, even when a note 2 is printed below.
    ("Alleen woningen van 50 m² krijgen subsidie.", "Alleen woningen van 50 m² krijgen subsidie."),
])
def test_a_units_power_is_no_note_mark_beside_a_note_of_its_number(line: str, expected: str) -> None:
    from adviesarchief.authoring.marks import page_notes

    marked = page_notes(["Geacht college,", line, "Met vriendelijke groet,", "", "2 Zie artikel 2.1.4a van de Wmo."], [4])
    assert marked[1] == expected
    assert (marked[4] == "[2] Zie artikel 2.1.4a van de Wmo.") == ("[2]" in expected)


def test_a_full_line_ends_its_paragraph_where_only_the_letterhead_has_gaps() -> None:
    # Gaps only around the letterhead and the signature: the paragraphs are set apart by nothing
    # but their short last lines, and a full one ends its paragraph as well as a short one.
    text = _lines_at(("Gemeente Zuidplas", 100.0, False), ("Geacht college,", 200.0, False), (FULL, 230.0, False),
                     ("Wij adviseren het college om de eigen bijdrage af te schaffen.", 244.0, False),
                     ("Met vriendelijke groet,", 290.0, False), ("J. de Vries", 330.0, False))
    assert FULL in text and "Wij adviseren het college om de eigen bijdrage af te schaffen." in text


def test_a_label_under_a_full_line_starts_a_line_of_its_own() -> None:
    text = _lines_at(("Geacht college,", 200.0, False), ("Dank voor uw advies.", 230.0, False),
                     ("Hieronder staat onze reactie.", 260.0, False), (FULL, 290.0, False),
                     ("Reactie: het college neemt dit advies over.", 304.0, False), ("Tot slot.", 334.0, False),
                     ("Met vriendelijke groet,", 364.0, False))
    assert "Reactie: het college neemt dit advies over." in text


@pytest.mark.parametrize(("lines", "kept"), [
    # A wrapped line in lower case that starts with a label's word is text.
    (["Geacht college,", "Wij hebben het raadsvoorstel en de twee", "bijlagen bij dit voorstel naar de raad gestuurd om",
      "advies."], "bijlagen bij dit voorstel"),
    # Enclosures printed without bullets, under the label alone.
    (["Geacht college,", "Tekst.", "Met vriendelijke groet,", "J. de Vries", "Bijlagen:",
      "Verslag gesprek met ouders, 24 september 2025", "Reactie van de vervoerder"],
     "Bijlagen:\n\nVerslag gesprek met ouders, 24 september 2025\n\nReactie van de vervoerder"),
    # A text that opens with 'Namens de ...' has its closing further on: a web address in it stays.
    (["Geacht college,", "Namens de adviesraad dank ik u voor de vraag.", "De stukken staan op www.zuidplas.nl/stukken.",
      "Met vriendelijke groet,", "J. de Vries"], "De stukken staan op www.zuidplas.nl/stukken."),
    # Years with their figures stay lines of their own under a line that ends in lower case.
    (["Geacht college,", "Het aantal meldingen bij het meldpunt groeide de laatste jaren heel snel",
      "2022: 120 meldingen", "2023: 180 meldingen"], "2022: 120 meldingen\n\n2023: 180 meldingen"),
])
def test_text_that_only_looks_like_letterhead_or_a_continuation_is_kept_as_it_is(lines: list[str], kept: str) -> None:
    assert kept in clean_body(lines).body


def test_a_lead_in_above_a_numbered_point_is_no_heading() -> None:
    # As a PDF gives the lines: no blank line around the lead-in.
    body = clean_body(["Geacht college,", "Wij hebben het voorstel gelezen.", "Daarom adviseren wij het college",
                       "1. Houd de reistijd kort", "",
                       "Een kind zit nu te lang in de bus en dat moet anders, vinden wij."]).body
    assert "## Daarom" not in body and "Daarom adviseren wij het college" in body
    # A title of a few words is one: 'Onze adviezen' over the first point.
    assert "## Onze adviezen" in clean_body(["Geacht college,", "Wij hebben het voorstel gelezen.", "Onze adviezen",
                                              "1. Houd de reistijd kort", "",
                                              "Een kind zit nu te lang in de bus en dat moet anders."]).body


def test_a_stamp_at_a_slant_does_not_turn_a_level_page() -> None:
    import math

    from adviesarchief.authoring.pdf import straightened

    level = [dict(w, chars=[{"matrix": (1.0, 0.0, 0.0, 1.0, w["x0"], PAGE_HEIGHT - float(w["bottom"]))}])  # type: ignore[arg-type]
             for w in _words("Geacht college, wij danken u voor uw brief.", 72.0, 200.0)]
    slant = math.radians(4)
    stamp = [dict(w, chars=[{"matrix": (math.cos(slant), math.sin(slant), 0.0, 1.0, w["x0"], 100.0)}])
             for w in _words("ONTVANGEN OP 3 MAART 2026 GEMEENTE ZUIDPLAS AFDELING POST EN ARCHIEF DIGITAAL", 100.0, 700.0)]
    assert len(stamp) > len(level)  # the stamp's slant is the words' median
    assert straightened(level + stamp, PAGE_HEIGHT) == level + stamp


def test_a_scanned_table_keeps_a_first_cell_that_wraps_alone_and_a_column_close_to_it() -> None:
    from adviesarchief.authoring.pdf import page_lines

    placed = [("Geacht college,", 72.0, 200.0), ("Wat", 90.0, 230.0), ("Wanneer", 308.0, 230.0),
              ("Overleg met het sociaal team en de", 90.0, 243.0), ("1 oktober 2026, online", 308.0, 243.0),
              ("huisartsen uit de regio", 90.0, 256.0),
              # A cell filled to 13.5 points from the next column: OCR's column gap, under twice its spaces.
              ("Regio panel en gesprek voor jongeren in jeugd", 90.0, 269.0), ("4 september 2026", 308.0, 269.0),
              ("team huisartsen", 90.0, 282.0), ("Met vriendelijke groet,", 72.0, 320.0)]
    # Words as OCR boxes them: hugging the ink (4 points a character), 7.5 points apart.
    words = [w for text, x, top in placed for w in _words(text, x, top, char=4.0, space=7.5)]
    text = [line for line in pdf_lines([(PAGE_HEIGHT, page_lines(words))])[0] if line]
    assert text[1:5] == ["| Wat | Wanneer |", "| --- | --- |",
                         "| Overleg met het sociaal team en de huisartsen uit de regio | 1 oktober 2026, online |",
                         "| Regio panel en gesprek voor jongeren in jeugd team huisartsen | 4 september 2026 |"]


def test_a_group_label_alone_under_a_table_header_is_a_row_of_its_own() -> None:
    # The first column is filled to its edge ('... over' / 'de uitkomsten' wraps); 'Voorbereiding' is a label.
    text = _page_text(GREETING, ("Fase", 90.0, 230.0), ("Wanneer", 240.0, 230.0),
                      ("Voorbereiding", 90.0, 243.0),
                      ("Gesprek met de wethouder over", 90.0, 256.0), ("12 mei, in het", 240.0, 256.0),
                      ("de uitkomsten", 90.0, 269.0), ("gemeentehuis", 240.0, 269.0), CLOSE)
    assert "| Fase | Wanneer |" in text and "| Voorbereiding |   |" in text


@pytest.mark.parametrize("wrapped", [False, True])
def test_a_note_number_set_as_its_own_raised_run_stays_on_its_line(tmp_path: Path, wrapped: bool) -> None:
    # A word processor (here reportlab's <super>) sets a note's number as a run of its own, small
    # and raised so far that its top stands above the line's: it belongs to its line, after the
    # word it follows, and at the page's foot it starts its note.
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path = tmp_path / "brief.pdf"
    drawing = canvas.Canvas(str(path), pagesize=A4)

    def line(y: float, *runs: tuple[str, int, float]) -> None:
        text = drawing.beginText(72, y)
        for part, size, rise in runs:
            text.setFont("Helvetica", size)
            text.setRise(rise)
            text.textOut(part)
        drawing.drawText(text)

    line(760, ("Geacht college,", 10, 0))
    first = "Wij danken u voor het advies over de ontmoetingsruimte van 50"
    if wrapped:
        line(740, (first, 10, 0))
        line(728, ("m²", 10, 0), ("2", 8, 5.4), (". Hieronder leest u wat wij ermee doen.", 10, 0))
    else:
        line(740, (first + " m²", 10, 0), ("2", 8, 5.4), (". Hieronder leest u wat wij ermee doen.", 10, 0))
    line(700, ("Met vriendelijke groet,", 10, 0))
    line(680, ("burgemeester en wethouders van Zeist", 10, 0))
    line(100, ("2", 8, 5.4), (" De ruimte ligt op de begane grond van het wijkcentrum.", 10, 0))
    drawing.save()
    text = read_letter(path).text
    assert "van 50 m²[2]. Hieronder leest u wat wij ermee doen." in " ".join(text.split())
    assert "[2] De ruimte ligt op de begane grond van het wijkcentrum." in text.splitlines()
