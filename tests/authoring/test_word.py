"""Reading Word letters as templates and reviews leave them: no word of the letter lost, none added."""

from __future__ import annotations

from pathlib import Path

import pytest

from adviesarchief.authoring.extract import read_letter
from wordxml import (content_control, deleted, field, footnote_reference, inserted, paragraph, run, text_box,
                     write_letter)

OPENING = paragraph(run("Geacht college,"))
CLOSING = [paragraph(run("Met vriendelijke groet,")), paragraph(run("J. Smit, voorzitter"))]


@pytest.mark.parametrize(("blocks", "wanted", "unwanted"), [
    # A template's content controls: around a whole paragraph, and inside one.
    ([content_control(paragraph(run("Datum: 3 maart 2025")))], ["Datum: 3 maart 2025"], []),
    ([paragraph(run("Kenmerk: "), content_control(run("WR-2025-04")))], ["Kenmerk: WR-2025-04"], []),
    # One that still shows its prompt holds none of the letter's words.
    ([paragraph(content_control(run("Klik of tik om tekst in te voeren."), placeholder=True))], [],
     ["Klik of tik"]),
    # Tracked changes: what was inserted is the letter's, what was deleted is not.
    ([paragraph(run("De eigen bijdrage is "), deleted("te "), inserted("veel te "), run("hoog."))],
     ["De eigen bijdrage is veel te hoog."], ["te te"]),
    # A field shows its result ('3 maart 2025'), not its code.
    ([paragraph(run("Bunnik, "), field("3 maart 2025"))], ["Bunnik, 3 maart 2025"], ["DATE", "MMMM"]),
    # A text box once, though Word stores it twice (for old Word too).
    ([paragraph(text_box("Wmo-raad Bunnik", "Schoudermantel 10"))], ["Wmo-raad Bunnik\n\nSchoudermantel 10"], []),
    # A table's cell with a content control.
    (['<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Onderwerp</w:t></w:r></w:p></w:tc><w:tc>'
      + content_control(paragraph(run("Advies over de huishoudelijke hulp"))) + "</w:tc></w:tr></w:tbl>"],
     ["Onderwerp: Advies over de huishoudelijke hulp"], []),
], ids=["block control", "inline control", "placeholder", "tracked changes", "field", "text box", "table cell"])
def test_text_that_python_docx_leaves_out_is_read(tmp_path: Path, blocks: list[str], wanted: list[str],
                                                  unwanted: list[str]) -> None:
    path = tmp_path / "brief.docx"
    write_letter(path, [*blocks, OPENING, paragraph(run("Wij adviseren u het volgende.")), *CLOSING], {})
    text = read_letter(path).text
    for part in wanted:
        assert part in text
    for part in unwanted:
        assert part not in text
    assert text.count("Wmo-raad Bunnik") <= 1


def test_footnotes_are_numbered_in_the_text_and_printed_before_the_closing(tmp_path: Path) -> None:
    path = tmp_path / "brief.docx"
    write_letter(path, [OPENING,
                        paragraph(run("De eigen bijdrage"), footnote_reference(7), run(" is hoog.")),
                        paragraph(run("Het abonnementstarief"), footnote_reference(3), run(" geldt sinds 2020.")),
                        *CLOSING],
                 {3: "Zie artikel 2.1.4a van de Wmo 2015.", 7: "Het CAK int de eigen bijdrage."})
    text = read_letter(path).text
    # Numbered in the order the text refers to them, whatever their ids in the file.
    assert "De eigen bijdrage[1] is hoog." in text and "Het abonnementstarief[2] geldt sinds 2020." in text
    assert text.index("[1] Het CAK int de eigen bijdrage.") < text.index("[2] Zie artikel 2.1.4a van de Wmo 2015.") \
        < text.index("Met vriendelijke groet,")


def _table_letter(path: Path, rows: list[list[list[tuple[str, str]]]]) -> None:
    """A Word letter with one ruled table: per cell its paragraphs as (style, text)."""
    import docx

    document = docx.Document()
    document.add_paragraph("Geacht college,")
    document.add_paragraph("Hieronder leest u per punt wat wij met uw advies doen.")
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for row, cells in zip(table.rows, rows):
        for cell, paragraphs in zip(row.cells, cells):
            first, *more = paragraphs
            cell.paragraphs[0].text = first[1]
            cell.paragraphs[0].style = document.styles[first[0]]
            for style, text in more:
                cell.add_paragraph(text, style=style)
    document.add_paragraph("Met vriendelijke groet,")
    document.save(str(path))


def test_lists_in_table_cells_keep_their_numbers_and_bullets(tmp_path: Path) -> None:
    path = tmp_path / "brief.docx"
    _table_letter(path, [
        [[("Normal", "Onderwerp")], [("Normal", "Wat wij adviseren")]],
        [[("Normal", "Eigen bijdrage")], [("Normal", "Wij adviseren u om:"),
                                           ("List Number", "de bijdrage niet te verhogen;"),
                                           ("List Number", "vooraf een brief te sturen.")]],
        [[("Normal", "Wachttijd")], [("Normal", "De wachttijd is nu twaalf weken. Wij vragen u:"),
                                      ("List Bullet", "binnen zes weken een gesprek te voeren;"),
                                      ("List Bullet", "tijdelijke hulp te regelen.")]],
    ])
    text = read_letter(path).text
    assert ("## Eigen bijdrage\n\nWij adviseren u om:\n\n1. de bijdrage niet te verhogen;\n"
            "2. vooraf een brief te sturen.\n\n## Wachttijd\n\n") in text
    assert "- binnen zes weken een gesprek te voeren;\n- tijdelijke hulp te regelen." in text


def test_points_numbered_by_word_in_a_table_are_found(tmp_path: Path) -> None:
    # The number of each point is Word's own list numbering: the cell's text holds no digit.
    path = tmp_path / "reactie.docx"
    _table_letter(path, [
        [[("Normal", "Uw advies")], [("Normal", "Onze reactie")]],
        [[("List Number", "Geen korting zonder taalaanbod")], [("Normal", "Overgenomen. Wij kopen extra plekken in.")]],
        [[("List Number", "Tegenprestatie alleen vrijwillig")],
         [("Normal", "Niet overgenomen. De wet vraagt een tegenprestatie.")]],
    ])
    text = read_letter(path).text
    assert ("## 1. Geen korting zonder taalaanbod\n\nOvergenomen. Wij kopen extra plekken in.\n\n"
            "## 2. Tegenprestatie alleen vrijwillig\n\n") in text


def _numbered_headings_letter(path: Path, levels: list[tuple[str, str]], headings: list[tuple[int, str]]) -> None:
    """A Word letter whose headings Word numbers: levels are (format, text) per list level, headings (level, title)."""
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    numbering = document.part.numbering_part.element
    lvls = "".join(f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
                   for i, (fmt, text) in enumerate(levels))
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    numbering.insert(0, parse_xml(f'<w:abstractNum {ns} w:abstractNumId="90">{lvls}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {ns} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    document.add_paragraph("Geacht college,")
    for level, title in headings:
        heading = document.add_heading(title, level=level + 1)
        heading._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {ns}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))
        document.add_paragraph("Wij adviseren u hier iets over, in een hele zin.")
    document.add_paragraph("Met vriendelijke groet,")
    document.save(str(path))


@pytest.mark.parametrize(("levels", "headings", "shown"), [
    ([("decimal", "%1.")], [(0, "Cliëntondersteuning"), (0, "Eigen bijdrage")],
     ["## 1. Cliëntondersteuning", "## 2. Eigen bijdrage"]),
    ([("decimal", "%1."), ("decimal", "%1.%2")], [(0, "Algemeen"), (1, "Toegang"), (1, "Wachttijd"), (0, "Geld"),
                                                  (1, "Eigen bijdrage")],
     ["## 1. Algemeen", "### 1.1 Toegang", "### 1.2 Wachttijd", "## 2. Geld", "### 2.1 Eigen bijdrage"]),
    ([("upperRoman", "%1")], [(0, "Financiële mogelijkheden"), (0, "Integrale aanpak"), (0, "Schuldhulp"),
                              (0, "Kwaliteit")],
     ["## I Financiële mogelijkheden", "## II Integrale aanpak", "## III Schuldhulp", "## IV Kwaliteit"]),
    ([("upperLetter", "Advies %1:")], [(0, "Bereik"), (0, "Eenvoud")], ["## Advies A: Bereik", "## Advies B: Eenvoud"]),
], ids=["numbers", "two levels", "roman", "letters with words"])
def test_headings_numbered_by_word_keep_their_numbers(tmp_path: Path, levels: list[tuple[str, str]],
                                                      headings: list[tuple[int, str]], shown: list[str]) -> None:
    path = tmp_path / "advies.docx"
    _numbered_headings_letter(path, levels, headings)
    text = read_letter(path).text
    assert [line for line in text.splitlines() if line.startswith("#")] == shown


@pytest.mark.parametrize(("nums", "shown"), [
    # Two lists on one definition count on together, as Word does.
    (['<w:num w:numId="91"><w:abstractNumId w:val="90"/></w:num>'], ["## 1. Een", "## 2. Twee", "## 3. Drie"]),
    # 'Restart numbering' gives the second list a start of its own.
    (['<w:num w:numId="91"><w:abstractNumId w:val="90"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/>'
      '</w:lvlOverride></w:num>'], ["## 1. Een", "## 5. Twee", "## 6. Drie"]),
    # A list that is not defined shows no number.
    ([], ["## 1. Een", "## Twee", "## Drie"]),
], ids=["shared definition", "restarted", "undefined"])
def test_word_counts_headings_over_lists_as_word_does(tmp_path: Path, nums: list[str], shown: list[str]) -> None:
    import docx
    from docx.oxml import parse_xml

    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(f'<w:abstractNum {ns} w:abstractNumId="90"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
                                  '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'))
    for num in ['<w:num w:numId="90"><w:abstractNumId w:val="90"/></w:num>', *nums]:
        numbering.append(parse_xml(num.replace("<w:num ", f"<w:num {ns} ", 1)))
    document.add_paragraph("Geacht college,")
    for title, num_id in (("Een", 90), ("Twee", 91), ("Drie", 91)):
        heading = document.add_heading(title, level=1)
        heading._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {ns}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'))
        document.add_paragraph("Wij adviseren u hier iets over, in een hele zin.")
    path = tmp_path / "advies.docx"
    document.save(str(path))
    assert [line for line in read_letter(path).text.splitlines() if line.startswith("#")] == shown


@pytest.mark.parametrize(("headings", "shown"), [
    # A template whose text starts at 'Kop 2': its headings start at the first level under the title.
    ([(None, "Geacht college,"), (2, "Samenvatting"), (3, "Toelichting")], ["## Samenvatting", "### Toelichting"]),
    # Its subject set as Title above the greeting does not keep the text's headings a level down.
    ([(0, "Advies over de regiotaxi"), (None, "Geacht college,"), (2, "Samenvatting")],
     ["## Advies over de regiotaxi", "## Samenvatting"]),
])
def test_a_templates_headings_start_at_the_first_level(tmp_path: Path, headings: list[tuple[int | None, str]],
                                                       shown: list[str]) -> None:
    import docx

    document = docx.Document()
    for level, text in headings:
        if level is None:
            document.add_paragraph(text)
        else:
            document.add_heading(text, level=level)
            document.add_paragraph("Tekst.")
    document.save(str(tmp_path / "brief.docx"))
    lines = read_letter(tmp_path / "brief.docx").text.splitlines()
    assert [line for line in lines if line.startswith("#")] == shown


def test_items_of_a_second_level_list_style_are_nested_under_the_item_above(tmp_path: Path) -> None:
    import docx
    from markdown_it import MarkdownIt

    from adviesarchief.authoring.letter import draft_letter
    from test_letter import REGISTRY

    document = docx.Document()
    document.add_paragraph("Geacht college,")
    document.add_paragraph("Wij adviseren:", style="List Number")
    document.add_paragraph("koffieochtenden", style="List Bullet 2")
    document.add_paragraph("een vaste gastvrouw", style="List Bullet 2")
    document.add_paragraph("Tekst tussendoor.")
    document.add_paragraph("een losse", style="List Bullet 3")  # under text: no code block
    document.add_paragraph("Met vriendelijke groet,")
    document.save(str(tmp_path / "brief.docx"))
    html = MarkdownIt("commonmark").render(draft_letter(read_letter(tmp_path / "brief.docx"), REGISTRY)[0].body)
    assert "<ol>\n<li>Wij adviseren:\n<ul>\n<li>koffieochtenden</li>\n<li>een vaste gastvrouw</li>\n</ul>" in html
    assert "<code>" not in html and "<p>Tekst tussendoor.</p>\n<ul>\n<li>een losse</li>" in html
