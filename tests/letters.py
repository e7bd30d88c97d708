"""A corpus of test letters, written as real .docx (python-docx) and .pdf (reportlab) files from text.

Letters in the layouts councils and municipalities write them: details in a table, plain
'Onderwerp:' lines, and a letterhead with page headers and footers on every page. Each letter
knows its right front matter and every word it prints, to score the importer against.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

# A block of a letter: ("p", text) paragraph, ("right", text) right-aligned paragraph, ("h", text)
# heading, ("n", text) numbered list item, ("b", text) bullet, ("table", [[label, value], ...]) a table
# without lines, ("grid", [[cell, ...], ...]) a table with lines around every cell (its first row the titles),
# ("refline", [[label, ...], [value, ...]]) labels side by side with each value under its label, no lines,
# ("plain", [[cell, ...], ...]) a table as "grid" but without any lines (a Word table without borders).
Block = tuple[str, object]


@dataclass(frozen=True)
class SampleLetter:
    """One letter: its blocks, page header and footer lines, and the fields a draft should get."""

    name: str
    layout: str
    blocks: tuple[Block, ...]
    expected: dict[str, str]
    header: tuple[str, ...] = ()
    footer: str = ""  # '{page}' and '{pages}' are filled in per page
    points: tuple[str, ...] = ()  # the numbered points a reply's `responses` should list
    outcomes: tuple[str, ...] = ()  # what the reply says it does with each point, where it says so
    extra: dict[str, str] = field(default_factory=dict)


def paragraphs(*texts: str) -> tuple[Block, ...]:
    """Plain paragraphs, one block each."""
    return tuple(("p", text) for text in texts)


ADVICE_BODY: tuple[Block, ...] = (
    ("p", "Geacht college,"),
    ("p", "De adviesraad heeft het voorstel over de armoederegelingen gelezen. Wij vinden dat de gemeente "
          "inwoners met weinig geld beter moet informeren over de regelingen voor minima."),
    ("p", "Het voorstel stelt echter ook een aantal eisen:"),
    ("b", "folders in eenvoudige taal, ook voor laaggeletterden;"),
    ("b", "een vast loket waar inwoners zonder afspraak terecht kunnen."),
    ("h", "Bereik"),
    ("p", "Veel inwoners met een laag inkomen kennen de regelingen niet. Wij adviseren de gemeente om "
          "samen te werken met de voedselbank, de huisartsen en de scholen, zodat meer inwoners worden bereikt."),
    ("h", "Eenvoud"),
    ("p", "Maak het aanvragen eenvoudiger. Eén formulier voor alle regelingen scheelt inwoners veel moeite, "
          "en de gemeente kan gegevens die zij al heeft zelf invullen."),
    ("p", "De onderstaande punten vragen volgens ons om een besluit van het college:"),
    ("n", "Een gezamenlijk aanvraagformulier voor alle minimaregelingen."),
    ("n", "Een jaarlijkse rapportage over het bereik, per regeling."),
    ("p", "De adviesraad is graag bereid dit advies toe te lichten."),
)

TABLE_ADVICE = SampleLetter(
    name="tabel-advies",
    layout="tabel",
    blocks=(
        *paragraphs("Adviesraad Sociaal Domein Montfoort", "Postbus 41", "3417 ZG Montfoort",
                    "Het college van burgemeester en wethouders", "van de gemeente Montfoort", "Postbus 3",
                    "3417 ZG Montfoort"),
        ("table", [["Onderwerp", "Advies over de armoederegelingen"], ["Datum", "14 maart 2023"],
                   ["Ons kenmerk", "ASD-2023-07"], ["Uw kenmerk", "Z-2023-112"]]),
        *ADVICE_BODY,
        *paragraphs("Met vriendelijke groet,", "Namens de Adviesraad Sociaal Domein Montfoort,",
                    "J. de Vries, voorzitter"),
    ),
    expected={"type": "advies", "title": "Advies over de armoederegelingen", "date": "2023-03-14",
              "municipality": "Montfoort", "from": "Adviesraad Sociaal Domein Montfoort",
              "to": "College van burgemeester en wethouders van Montfoort", "reference": "ASD-2023-07"},
)

LINES_REPLY = SampleLetter(
    name="regels-reactie",
    layout="regels",
    blocks=(
        *paragraphs("Adviesraad Sociaal Domein Wijdemeren", "t.a.v. de secretaris", "Postbus 12",
                    "1230 AA Loosdrecht", "Datum: 5 juli 2023",
                    "Onderwerp: Reactie op het advies over de mantelzorgwaardering", "Zaaknummer: Z-2023-0456",
                    "Uw kenmerk: ASD-2023-11", "Geachte leden van de adviesraad,"),
        ("p", "Dank voor uw advies over de mantelzorgwaardering in Wijdemeren. Hieronder gaan wij in op uw "
              "drie adviezen. De onderstaande punten volgen de volgorde van uw brief:"),
        ("p", "1. Bereik van mantelzorgers"),
        ("p", "Wij nemen dit advies over. Het steunpunt mantelzorg gaat jonge mantelzorgers via de scholen "
              "benaderen, zodat zij de waardering ook aanvragen."),
        ("p", "2. Hoogte van de waardering"),
        ("p", "De waardering blijft dit jaar gelijk. Bij de begroting voor volgend jaar kijken wij opnieuw naar "
              "de hoogte ervan."),
        ("p", "3. Aanvragen zonder formulier"),
        ("p", "Wij onderzoeken of mantelzorgers de waardering digitaal kunnen aanvragen, met hulp van het "
              "steunpunt voor wie dat nodig heeft."),
        *paragraphs("Met vriendelijke groet,", "burgemeester en wethouders van Wijdemeren,",
                    "de secretaris, de burgemeester,", "R. Jansen C. Larson"),
    ),
    expected={"type": "reactie", "title": "Reactie op het advies over de mantelzorgwaardering",
              "date": "2023-07-05", "municipality": "Wijdemeren",
              "from": "College van burgemeester en wethouders van Wijdemeren",
              "to": "Adviesraad Sociaal Domein Wijdemeren", "reference": "Z-2023-0456"},
    points=("Bereik van mantelzorgers", "Hoogte van de waardering", "Aanvragen zonder formulier"),
    # Only the first point says in so many words what the college does with it.
    outcomes=("overgenomen", "", ""),
)

LETTERHEAD_ADVICE = SampleLetter(
    name="briefhoofd-advies",
    layout="briefhoofd",
    header=("Adviesraad Sociaal Domein Wijdemeren", "www.adviesraad-wijdemeren.nl  info@adviesraad-wijdemeren.nl"),
    footer="Pagina {page} van {pages}",
    blocks=(
        *paragraphs("Het college van burgemeester en wethouders", "van de gemeente Wijdemeren", "Postbus 190",
                    "1230 AD Loosdrecht"),
        ("right", "Loosdrecht, 12 september 2023"),
        *paragraphs("Ons kenmerk: ASD-2023-19", "Betreft: Advies over de Wmo-verordening 2024", "Geacht college,"),
        ("p", "Op 14 augustus 2023 vroeg u ons om advies over de nieuwe Wmo-verordening. De adviesraad heeft het "
              "ontwerp besproken met inwoners, met de cliëntenraad van de thuiszorg en met mantelzorgers."),
        *(("p", f"Alinea {n}: de adviesraad vindt het van belang dat inwoners die hulp nodig hebben snel en "
                 f"zonder drempels geholpen worden. De verordening zegt daar nog weinig over, en de praktijk "
                 f"laat zien dat wachttijden oplopen. Wij vragen het college om dit in de verordening vast te "
                 f"leggen en er in de jaarlijkse rapportage over te schrijven.") for n in range(1, 9)),
        ("p", "Wij adviseren het college daarom:"),
        ("n", "de termijn voor een keukentafelgesprek op twee weken te zetten;"),
        ("n", "onafhankelijke cliëntondersteuning in elke brief over de Wmo te noemen."),
        *paragraphs("Hoogachtend,", "De voorzitter van de Adviesraad Sociaal Domein Wijdemeren,", "A. Bakker"),
    ),
    expected={"type": "advies", "title": "Advies over de Wmo-verordening 2024", "date": "2023-09-12",
              "municipality": "Wijdemeren", "from": "Adviesraad Sociaal Domein Wijdemeren",
              "to": "College van burgemeester en wethouders van Wijdemeren", "reference": "ASD-2023-19"},
)

TABLE_REPLY = SampleLetter(
    name="tabel-reactie",
    layout="tabel",
    blocks=(
        ("table", [["Van", "College van burgemeester en wethouders van Groningen"],
                   ["Aan", "Adviesgroep Sociaal Domein Groningen"], ["Datum", "3 oktober 2023"],
                   ["Betreft", "Reactie op het advies over schuldhulpverlening"],
                   ["Zaaknummer", "GR-2023-3381"]]),
        ("p", "Geachte leden van de adviesgroep,"),
        ("p", "Met belangstelling hebben wij uw advies over de schuldhulpverlening in Groningen gelezen. "
              "Per punt geven wij hieronder aan wat wij ermee doen."),
        ("n", "Vroegsignalering"),
        ("p", "Wij breiden de vroegsignalering uit naar huurachterstanden bij alle corporaties."),
        ("n", "Wachttijden"),
        *paragraphs("De wachttijd voor een eerste gesprek is nu drie weken; wij streven naar één week.",
                    "Met vriendelijke groet,", "burgemeester en wethouders van Groningen,",
                    "de burgemeester, de secretaris,"),
    ),
    expected={"type": "reactie", "title": "Reactie op het advies over schuldhulpverlening", "date": "2023-10-03",
              "municipality": "Groningen", "from": "College van burgemeester en wethouders van Groningen",
              "to": "Adviesgroep Sociaal Domein Groningen", "reference": "GR-2023-3381"},
    points=("Vroegsignalering", "Wachttijden"),
)

# The address block opens with 'Aan het college ...' above the date, the subject and 'Geacht
# college,'; the two who sign stand side by side in a table, name above role.
ADDRESSED_ADVICE = SampleLetter(
    name="aan-advies",
    layout="aan het college",
    header=("Adviesraad Sociaal Domein Zeist",),
    blocks=(
        *paragraphs("Aan het college van burgemeester en wethouders", "van de gemeente Zeist", "Postbus 513",
                    "3700 AM Zeist"),
        ("table", [["Datum", "14 maart 2024"], ["Ons kenmerk", "ASD-2024-07"],
                   ["Betreft", "Advies over de nota Samen tegen eenzaamheid"]]),
        ("p", "Geacht college,"),
        ("p", "Op 12 februari 2024 vroeg u ons om advies over de nota Samen tegen eenzaamheid. De adviesraad "
              "heeft de nota besproken met inwoners die zelf eenzaamheid kennen."),
        ("h", "Onze adviezen"),
        ("n", "Maak de doelen meetbaar en rapporteer er jaarlijks over aan de raad."),
        ("n", "Betrek mantelzorgers, want zij lopen zelf een groot risico op eenzaamheid."),
        *paragraphs("Wij zien uw reactie graag binnen zes weken tegemoet.", "Met vriendelijke groet,"),
        ("table", [["J. de Vries", "A. Bakker"], ["voorzitter", "secretaris"]]),
    ),
    expected={"type": "advies", "title": "Advies over de nota Samen tegen eenzaamheid", "date": "2024-03-14",
              "municipality": "Zeist", "from": "Adviesraad Sociaal Domein Zeist",
              "to": "College van burgemeester en wethouders van Zeist", "reference": "ASD-2024-07"},
)

# A reply that answers under a heading per advice ('Advies 1: ...') and says in words what it does.
LABELLED_REPLY = SampleLetter(
    name="kopjes-reactie",
    layout="kop per advies",
    header=("Gemeente Zeist",),
    footer="Pagina {page} van {pages}",
    blocks=(
        *paragraphs("Adviesraad Sociaal Domein Zeist", "t.a.v. de voorzitter", "Postbus 513", "3700 AM Zeist",
                    "Datum: 23 april 2024", "Kenmerk: Z/24/0815",
                    "Onderwerp: Reactie op het advies over de nota Samen tegen eenzaamheid",
                    "Geachte heer De Vries,"),
        ("p", "Op 14 maart 2024 ontvingen wij uw advies over de nota Samen tegen eenzaamheid. Hieronder leest u "
              "per advies wat wij ermee doen."),
        ("h", "Advies 1: maak de doelen meetbaar"),
        ("p", "Wij nemen dit advies over. In de uitvoeringsagenda staan vanaf 2025 meetbare doelen."),
        ("h", "Advies 2: betrek mantelzorgers"),
        ("p", "Wij nemen dit advies deels over. Het steunpunt mantelzorg krijgt een rol; extra geld is er in "
              "2024 niet."),
        ("h", "Advies 3: een vergoeding voor vrijwilligers"),
        ("p", "Dit advies nemen wij niet over. De bestaande vrijwilligersvergoeding blijft zoals zij is."),
        ("h", "Advies 4: de bibliotheek"),
        *paragraphs("Wij zeggen toe dat wij voor de zomer met de bibliotheek in gesprek gaan.",
                    "Met vriendelijke groet,", "burgemeester en wethouders van Zeist,",
                    "de secretaris, de burgemeester,", "P. Jansen M. de Graaf"),
    ),
    expected={"type": "reactie", "title": "Reactie op het advies over de nota Samen tegen eenzaamheid",
              "date": "2024-04-23", "municipality": "Zeist",
              "from": "College van burgemeester en wethouders van Zeist",
              "to": "Adviesraad Sociaal Domein Zeist", "reference": "Z/24/0815"},
    points=("Maak de doelen meetbaar", "Betrek mantelzorgers", "Een vergoeding voor vrijwilligers", "De bibliotheek"),
    outcomes=("overgenomen", "deels", "niet-overgenomen", "toegezegd"),
)

# A reply that answers in a table with lines, a row per advice: the advice left, the answer right,
# each answer opening with its verdict ('Deels overgenomen.'), as many municipalities write them.
GRID_REPLY = SampleLetter(
    name="tabel-per-advies",
    layout="reactietabel",
    footer="Pagina {page} van {pages}",
    blocks=(
        *paragraphs("Gemeente Ede", "Postbus 9022", "6710 HK Ede", "Adviesraad Sociaal Domein Ede",
                    "t.a.v. de heer P. de Vries", "Bergstraat 4", "6711 AB Ede", "Datum: 2 december 2025",
                    "Ons kenmerk: Z/25/114520", "Onderwerp: Reactie op uw advies over de taaleis",
                    "Geachte heer De Vries,"),
        ("p", "Dank voor uw advies van 14 oktober. In de tabel hieronder leest u per advies wat wij ermee doen."),
        ("grid", [["Uw advies", "Onze reactie"],
                  ["1. Geen korting zonder taalaanbod",
                   "Overgenomen. Wij korten pas als er een passende taalcursus is aangeboden. Wij kopen zestig "
                   "extra plekken in bij het Taalhuis, zodat de wachtlijst korter wordt."],
                  ["2. Tegenprestatie alleen vrijwillig",
                   "Niet overgenomen. De wet vraagt een tegenprestatie. Wel mag iedereen zelf een voorstel doen "
                   "voor het soort werk."],
                  ["3. Brieven in begrijpelijke taal",
                   "Deels overgenomen: alle brieven worden op taalniveau B1 geschreven. Een uitleg in beeld "
                   "maken wij in 2026, vertalingen niet."]]),
        *paragraphs("De nieuwe beleidsregels gaan in op 1 januari 2026.", "Met vriendelijke groet,",
                    "burgemeester en wethouders van Ede,"),
    ),
    expected={"type": "reactie", "title": "Reactie op uw advies over de taaleis", "date": "2025-12-02",
              "municipality": "Ede", "from": "College van burgemeester en wethouders van Ede",
              "to": "Adviesraad Sociaal Domein Ede", "reference": "Z/25/114520"},
    points=("Geen korting zonder taalaanbod", "Tegenprestatie alleen vrijwillig", "Brieven in begrijpelijke taal"),
    outcomes=("overgenomen", "niet-overgenomen", "deels"),
)

# An advice laid out per subject in a ruled table: the subject left, what the council advises right.
SECTIONS_ADVICE = SampleLetter(
    name="tabel-per-onderwerp",
    layout="onderwerptabel",
    blocks=(
        *paragraphs("Wmo-raad Zeist", "Postbus 513", "3700 AM Zeist",
                    "Aan het college van burgemeester en wethouders van de gemeente Zeist",
                    "Zeist, 14 oktober 2025", "Onderwerp: Advies over de huishoudelijke hulp", "Geacht college,"),
        ("p", "Op 2 september vroeg u ons om advies over de nieuwe regels voor huishoudelijke hulp. Wij spraken "
              "met inwoners, de ouderenbond en twee thuiszorgaanbieders."),
        ("grid", [["Onderwerp", "Wat wij adviseren"],
                  ["Eigen bijdrage", "Verhoog de eigen bijdrage niet voor inwoners met een inkomen onder 130 "
                                     "procent van het minimum."],
                  ["Wachttijd", "Voer binnen zes weken een keukentafelgesprek en regel tijdelijke hulp als het "
                                "langer duurt."]]),
        *paragraphs("Wij horen graag binnen zes weken wat u met ons advies doet.", "Met vriendelijke groet,",
                    "Wmo-raad Zeist", "M. de Vries, voorzitter"),
    ),
    expected={"type": "advies", "title": "Advies over de huishoudelijke hulp", "date": "2025-10-14",
              "municipality": "Zeist", "from": "Wmo-raad Zeist",
              "to": "College van burgemeester en wethouders van Zeist", "reference": ""},
)

# A reply with a reference line: labels side by side, each value under its label (NEN 1026 letters).
REFERENCE_LINE_REPLY = SampleLetter(
    name="referentieregel-reactie",
    layout="referentieregel",
    blocks=(
        *paragraphs("Gemeente Bunnik", "Postbus 5", "3980 CA Bunnik", "Wmo-raad Bunnik", "t.a.v. de voorzitter",
                    "Schoudermantel 10", "3981 AE Bunnik"),
        ("refline", [["Datum", "Ons kenmerk", "Uw brief van", "Onderwerp"],
                     ["12 november 2025", "BUN/25/4411", "3 oktober 2025", "Reactie op uw advies over de mantelzorg"]]),
        *paragraphs("Geachte leden van de Wmo-raad,",
                    "Dank voor uw advies over de ondersteuning van mantelzorgers. Wij verhogen het "
                    "mantelzorgcompliment naar 150 euro, zoals u adviseerde.",
                    "Met vriendelijke groet,", "Burgemeester en wethouders van Bunnik,"),
    ),
    expected={"type": "reactie", "title": "Reactie op uw advies over de mantelzorg", "date": "2025-11-12",
              "municipality": "Bunnik", "from": "College van burgemeester en wethouders van Bunnik",
              "to": "Wmo-raad Bunnik", "reference": "BUN/25/4411"},
)

# An advice from a letter template: its letterhead in the page header, section titles in 'Kop 2',
# and under the signature the list of what was sent with it.
ENCLOSURES_ADVICE = SampleLetter(
    name="bijlagen-advies",
    layout="sjabloon met bijlagen",
    header=("Adviesraad Sociaal Domein Zuidplas", "Postbus 100, 2740 AC Waddinxveen"),
    footer="Pagina {page} van {pages}",
    blocks=(
        *paragraphs("Aan het college van burgemeester en wethouders", "van de gemeente Zuidplas", "Postbus 100",
                    "2740 AC Waddinxveen", "Nieuwerkerk aan den IJssel, 14 oktober 2025",
                    "Onderwerp: Advies over het leerlingenvervoer", "Geacht college,",
                    "Op 2 september vroeg u ons om advies over de nieuwe regels voor het leerlingenvervoer. "
                    "Wij spraken met ouders van kinderen die nu met een taxibusje naar school gaan."),
        ("h", "Onze adviezen"),
        ("n", "Houd de reistijd van een kind onder de 45 minuten per rit."),
        ("n", "Spreek met de vervoerder vaste chauffeurs af."),
        *paragraphs("Wij horen graag binnen zes weken wat u met dit advies doet.", "Met vriendelijke groet,",
                    "J. de Vries", "voorzitter Adviesraad Sociaal Domein Zuidplas", "Bijlagen:"),
        ("b", "Verslag gesprek met ouders, 24 september 2025"),
        ("b", "Reactie van de vervoerder op onze vragen"),
    ),
    expected={"type": "advies", "title": "Advies over het leerlingenvervoer", "date": "2025-10-14",
              "municipality": "Zuidplas", "from": "Adviesraad Sociaal Domein Zuidplas",
              "to": "College van burgemeester en wethouders van Zuidplas", "reference": ""},
)

# A reply that answers in a table without lines, three columns whose cells wrap side by side.
BORDERLESS_REPLY = SampleLetter(
    name="tabel-zonder-lijnen-reactie",
    layout="reactietabel zonder lijnen",
    blocks=(
        *paragraphs("Gemeente Zuidplas", "Aan: Adviesraad Sociaal Domein Zuidplas", "Datum: 25 november 2025",
                    "Ons kenmerk: Z/25/123456", "Onderwerp: Reactie op uw advies over het leerlingenvervoer",
                    "Geachte leden van de adviesraad,",
                    "Dank voor uw advies van 14 oktober. Hieronder leest u per advies wat wij ermee doen."),
        ("plain", [["Nr.", "Advies", "Reactie college"],
                   ["1", "Houd de reistijd van een kind kort", "Overgenomen. De verordening noemt nu een grens van "
                                                               "45 minuten per rit."],
                   ["2", "Vraag ouders elk jaar om hun mening", "Overgenomen. Vanaf 2026 doen wij elk jaar een "
                                                                "enquête onder ouders."],
                   ["3", "Maak de eigen bijdrage afhankelijk van het inkomen",
                    "Niet overgenomen. Dit kost te veel uitvoeringswerk. Gezinnen met een laag inkomen kunnen "
                    "bijzondere bijstand aanvragen."]]),
        *paragraphs("Met vriendelijke groet,", "burgemeester en wethouders van Zuidplas,"),
    ),
    expected={"type": "reactie", "title": "Reactie op uw advies over het leerlingenvervoer", "date": "2025-11-25",
              "municipality": "Zuidplas", "from": "College van burgemeester en wethouders van Zuidplas",
              "to": "Adviesraad Sociaal Domein Zuidplas", "reference": "Z/25/123456"},
    points=("Houd de reistijd van een kind kort", "Vraag ouders elk jaar om hun mening",
            "Maak de eigen bijdrage afhankelijk van het inkomen"),
    outcomes=("overgenomen", "overgenomen", "niet-overgenomen"),
)

CORPUS = (TABLE_ADVICE, LINES_REPLY, LETTERHEAD_ADVICE, TABLE_REPLY, ADDRESSED_ADVICE, LABELLED_REPLY, GRID_REPLY,
          SECTIONS_ADVICE, REFERENCE_LINE_REPLY, ENCLOSURES_ADVICE, BORDERLESS_REPLY)


def printed_text(letter: SampleLetter, pages: int = 1) -> str:
    """Every text the letter prints (numbers of numbered items too), for counting its words."""
    texts: list[str] = []
    number = 0
    for kind, value in letter.blocks:
        if kind in ("table", "grid", "refline", "plain"):
            texts.extend(cell for row in value for cell in row)  # type: ignore[union-attr]
            continue
        number += kind == "n"  # as Word numbers a list: on across the paragraphs between its items
        texts.append(f"{number}. {value}" if kind == "n" else str(value))
    texts.extend(letter.header * pages)
    texts.extend(letter.footer.format(page=p, pages=pages) for p in range(1, pages + 1) if letter.footer)
    return "\n".join(texts)


def words(text: str) -> list[str]:
    """The words of a text, in order: runs of letters and digits."""
    return re.findall(r"\w+", text)


# ---------------------------------------------------------------- Word

def write_docx(letter: SampleLetter, path: Path) -> None:
    """Write the letter as a Word file: tables as tables, lists as Word lists, header and footer as such."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = docx.Document()
    section = document.sections[0]
    for line in letter.header:
        section.header.add_paragraph(line)
    if letter.footer:
        section.footer.paragraphs[0].text = letter.footer.format(page=1, pages=1)
    for kind, value in letter.blocks:
        if kind == "table":
            rows = value  # type: ignore[assignment]
            table = document.add_table(rows=len(rows), cols=2)  # type: ignore[arg-type]
            for row, (label, cell_value) in zip(table.rows, rows):  # type: ignore[misc]
                row.cells[0].text, row.cells[1].text = label, cell_value
        elif kind in ("grid", "refline", "plain"):
            cells = value  # type: ignore[assignment]
            grid = document.add_table(rows=len(cells), cols=len(cells[0]))  # type: ignore[arg-type]
            if kind == "grid":
                grid.style = "Table Grid"
            for row, texts in zip(grid.rows, cells):  # type: ignore[misc]
                for cell, text in zip(row.cells, texts):
                    cell.text = text
        elif kind == "h":
            document.add_heading(str(value), level=2)
        elif kind == "n":
            document.add_paragraph(str(value), style="List Number")
        elif kind == "b":
            document.add_paragraph(str(value), style="List Bullet")
        else:
            paragraph = document.add_paragraph(str(value))
            if kind == "right":
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.save(str(path))


# ---------------------------------------------------------------- PDF

def write_pdf(letter: SampleLetter, path: Path) -> int:
    """Write the letter as a PDF with reportlab; return its number of pages.

    Tables are two columns of text (a grid: ruled cells whose text wraps), the date is right-aligned, and the page header and footer
    are printed on every page, as a word processor prints them.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfgen import canvas

    width, height = A4
    left, right, top, bottom, leading = 72.0, width - 72.0, height - 110.0, 90.0, 14.0
    pages: list[list[tuple[str, float, float, str, str]]] = [[]]  # per page: (font, x, y, text, align)
    boxes: list[list[tuple[float, float, float, float]]] = [[]]  # per page: cells' lines (x, y, width, height)
    y = top
    number = 0

    def new_page() -> None:
        nonlocal y
        pages.append([])
        boxes.append([])
        y = top

    def place(text: str, x: float = left, font: str = "Helvetica", align: str = "left") -> None:
        nonlocal y
        if y < bottom:
            new_page()
        pages[-1].append((font, x, y, text, align))
        y -= leading

    for kind, value in letter.blocks:
        number += kind == "n"
        if kind == "table":
            for label, cell in value:  # type: ignore[union-attr]
                place(label)
                y += leading
                place(cell, x=left + 110)
        elif kind in ("grid", "refline", "plain"):
            rows = value  # type: ignore[assignment]
            column = (right - left) / len(rows[0])  # type: ignore[index]
            for cells in rows:  # type: ignore[union-attr]
                wrapped = [simpleSplit(cell, "Helvetica", 11, column - 8) or [""] for cell in cells]
                tall = max(map(len, wrapped)) * leading + 6
                if y - tall < bottom:
                    new_page()
                for index, lines in enumerate(wrapped):
                    x = left + index * column
                    if kind == "grid":
                        boxes[-1].append((x, y + leading - 2 - tall, column, tall))
                    for n, line in enumerate(lines):
                        pages[-1].append(("Helvetica", x + 4, y - n * leading, line, "left"))
                y -= tall
            y -= leading * 0.6
        elif kind == "right":
            y += leading  # on the line above, beside the address block, as many letters print it
            place(str(value), align="right")
        else:
            prefix = {"n": f"{number}. ", "b": "- "}.get(kind, "")
            font = "Helvetica-Bold" if kind == "h" else "Helvetica"
            lines = simpleSplit(prefix + str(value), font, 11, right - left)
            for line in lines:
                place(line, font=font)
            if kind not in ("n", "b"):
                y -= leading * 0.6  # paragraph spacing
    drawing = canvas.Canvas(str(path), pagesize=A4)
    for number, page in enumerate(pages, start=1):
        for index, line in enumerate(letter.header):
            drawing.setFont("Helvetica", 9)
            drawing.drawString(left, height - 40 - index * 11, line)
        if letter.footer:
            drawing.setFont("Helvetica", 9)
            drawing.drawRightString(right, 40, letter.footer.format(page=number, pages=len(pages)))
        for x, y_at, box_width, box_height in boxes[number - 1]:
            drawing.rect(x, y_at, box_width, box_height, stroke=1, fill=0)
        for font, x, y_at, text, align in page:
            drawing.setFont(font, 11)
            if align == "right":
                drawing.drawRightString(right, y_at, text)
            else:
                drawing.drawString(x, y_at, text)
        drawing.showPage()
    drawing.save()
    return len(pages)


def unmapped_pdf(lines: int = 5) -> bytes:
    """A PDF whose font names its glyphs so that no reader knows their letters."""
    glyphs = " ".join(f"/g{i}" for i in range(1, 30))
    text = "".join(f"BT /F1 12 Tf 72 {700 - 16 * n} Td <{bytes(range(1, 29)).hex()}> Tj ET\n" for n in range(lines))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
               f"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /Differences [1 {glyphs}] >> >>".encode(),
               f"<< /Length {len(text)} >>\nstream\n{text}endstream".encode()]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    start = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{start}\n%%EOF\n".encode()
    return bytes(out)
