"""Read a letter from disk as text lines, using its layout: Word with python-docx, PDF with pdfplumber.

Layout tells more than the text alone: a Word table or a gap in a PDF line pairs a label with
its value ('Onderwerp | Advies over ...'), and what a PDF repeats at the top or bottom of
every page (letterhead, 'Pagina 2 van 3') is page furniture, not the letter. Such furniture
is kept apart, never thrown away: the draft shows it in a block the secretary can restore.
word.py reads Word files, pdf.py PDF files; layout.py holds what both read alike (tables, labels).
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import ArchiveError
from ..text import as_letters
from .cleaning import BULLETS, LetterSource
from .pdf import read_pdf
from .word import read_docx

LETTER_KINDS = {".pdf": "pdf", ".docx": "docx", ".txt": "text", ".md": "text"}


def read_letter(path: Path) -> LetterSource:
    """Extract a letter's lines: PDF with pdfplumber, Word with python-docx, text files as they are."""
    kind = LETTER_KINDS.get(path.suffix.lower())
    if kind is None:
        office = path.suffix.lower() in OFFICE_KINDS
        raise ArchiveError("cannot import this kind of file", path=str(path), line=1,
                           hint="use a .pdf, .docx, .txt or .md file" + (
                               f": open {path.name} in Word or LibreOffice and save it as .docx (Opslaan als), "
                               "then import that file" if office else ""))
    if not path.is_file():
        raise ArchiveError(f"letter '{path}' does not exist", hint="check the path and the file name")
    try:
        if kind == "pdf":
            lines, furniture = read_pdf(path)
        elif kind == "docx":
            lines, furniture = read_docx(path)
        else:
            lines, furniture = read_text(path).split("\n"), []
    except ArchiveError:
        raise
    except Exception as exc:  # pdfplumber and python-docx raise many kinds for damaged files
        raise ArchiveError(f"cannot read the letter: {exc}", path=str(path), line=1,
                           hint="save the letter again as PDF or .docx, or paste its text into a .txt file") from exc
    # A soft hyphen that ends a line is where a word was broken: a hyphen the joiner knows.
    text = as_letters(re.sub("\u00ad+[ \t]*$", "-", "\n".join(lines), flags=re.MULTILINE))
    text = BULLET.sub(r"\1- ", text)
    furniture = [as_letters(line) for line in furniture]
    if kind == "pdf" and len("".join(UNMAPPED.findall(text))) > 0.3 * len(text.strip()):
        # pdfminer writes a character whose font does not say which letter it is as '(cid:12)'.
        raise ArchiveError("the PDF's text cannot be read: its fonts do not say which letters they show",
                           path=str(path), line=1,
                           hint="run text recognition on it (for example: ocrmypdf -l nld --force-ocr "
                                f"{path.name} met-tekst.pdf), then import that file; or type the text into a .txt file")
    if not text.strip() and not any(line.strip() for line in furniture):
        if kind == "pdf":
            raise ArchiveError("the PDF holds no text (a scanned letter?)", path=str(path), line=1,
                               hint="run text recognition on it first (for example: ocrmypdf -l nld --deskew "
                                    f"{path.name} met-tekst.pdf), then import that file; or type the text into a .txt file")
        raise ArchiveError("the file holds no text", path=str(path), line=1, hint="check that this is the right file")
    return LetterSource(path.name, kind, text, tuple(furniture))


# Word processors' other formats: saved again as .docx, they can be imported.
OFFICE_KINDS = frozenset({".doc", ".odt", ".rtf", ".wpd", ".pages", ".docm", ".dotx", ".dot", ".ott"})
# A character a PDF's font does not map to a letter, as pdfminer writes it.
UNMAPPED = re.compile(r"\(cid:\d+\)")
# A bullet as a letter prints it (cleaning.BULLETS) at the start of a line: a Markdown list item ('- '), or the
# items would run together into one paragraph. A dash ('–') may also be a sentence's own dash
# wrapped to the start of a line, so it stays.
BULLET = re.compile(f"^([ \\t]*)[{BULLETS}]" r"[ \t]*(?=\S)", re.MULTILINE)


def read_text(path: Path) -> str:
    """A text file's content: UTF-8 (with or without byte-order mark), else Windows' code page."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")
