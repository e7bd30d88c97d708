"""Bounded work on import: a small .docx or PDF made to unpack to 60 MB is refused with one line
before it is unpacked, instead of running for minutes; ordinary letters are read as before."""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

import docx
import pytest

from adviesarchief.authoring.extract import read_letter
from adviesarchief.authoring.layout import MAX_UNPACKED
from conftest import run_cli

SIXTY_MB = 60 * 1024 * 1024
MESSAGE = ("error: the letter unpacks to more than 20 MB; "
           "that is no ordinary letter: paste its text into a .txt file and import that")


def word_letter(path: Path, padding: int = 0) -> Path:
    """A Word letter; with padding, that many more bytes of text in it (packed small)."""
    document = docx.Document()
    document.add_paragraph("Geachte heer, dit is een brief.")
    plain = path.with_name("plain.docx")
    document.save(plain)
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml" and padding:
                data = data.replace(b"Geachte", b"tekst " * (padding // 6) + b"Geachte", 1)
            target.writestr(info.filename, data)
    return path


def pdf_letter(path: Path, padding: int = 0) -> Path:
    """A one-page PDF letter whose page contents carry that many more bytes (a comment), packed small."""
    content = zlib.compress(b"BT /F1 12 Tf 72 720 Td (Geachte heer, dit is een brief.) Tj ET\n%" + b" " * padding, 9)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    data, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(data))
        data += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    table = len(data)
    data += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    data += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    data += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, table)
    path.write_bytes(bytes(data))
    return path


MAKERS = {"docx": word_letter, "pdf": pdf_letter}


@pytest.mark.parametrize("kind", MAKERS)
def test_a_letter_that_unpacks_to_60_mb_is_refused_in_one_line(tmp_path: Path, kind: str) -> None:
    letter = MAKERS[kind](tmp_path / f"brief.{kind}", padding=SIXTY_MB)
    assert letter.stat().st_size < 1024 * 1024
    (tmp_path / "content").mkdir()
    code, stderr = run_cli(["import", str(letter), "--content", "content"], tmp_path)
    assert code == 1
    assert [line for line in stderr.splitlines() if ": error: " in line] == [f"{letter}:1: {MESSAGE}"]
    assert list((tmp_path / "content").iterdir()) == []


@pytest.mark.parametrize("kind", MAKERS)
def test_a_letter_within_the_limit_is_read(tmp_path: Path, kind: str) -> None:
    letter = MAKERS[kind](tmp_path / f"brief.{kind}", padding=MAX_UNPACKED // 10)
    assert "Geachte heer, dit is een brief." in read_letter(letter).text
