"""Word letters as templates and reviews leave them: content controls, tracked changes, text boxes, notes.

python-docx writes none of these, so the XML is added as Word writes it (ECMA-376), and the
notes part is put into the package beside the document.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# Those the document element does not declare already (python-docx's template declares w:).
NAMESPACES = ('xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
              'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
              'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
              'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
              'xmlns:v="urn:schemas-microsoft-com:vml"')


def run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def paragraph(*inner: str) -> str:
    return f"<w:p>{''.join(inner)}</w:p>"


def content_control(inner: str, *, placeholder: bool = False) -> str:
    """A content control (w:sdt) around runs or paragraphs; placeholder: it still shows its prompt."""
    shown = "<w:showingPlcHdr/>" if placeholder else ""
    return f'<w:sdt><w:sdtPr><w:alias w:val="Veld"/>{shown}</w:sdtPr><w:sdtContent>{inner}</w:sdtContent></w:sdt>'


def inserted(text: str) -> str:
    return f'<w:ins w:id="90" w:author="Secretaris" w:date="2025-03-01T10:00:00Z">{run(text)}</w:ins>'


def deleted(text: str) -> str:
    return (f'<w:del w:id="91" w:author="Secretaris" w:date="2025-03-01T10:00:00Z">'
            f'<w:r><w:delText xml:space="preserve">{text}</w:delText></w:r></w:del>')


def field(text: str) -> str:
    return f'<w:fldSimple w:instr=" DATE \\@ &quot;d MMMM yyyy&quot; ">{run(text)}</w:fldSimple>'


def footnote_reference(note_id: int) -> str:
    return f'<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="{note_id}"/></w:r>'


def text_box(*lines: str) -> str:
    """A run holding a text box, as Word stores it: a drawing, and the same box again as VML for old Word."""
    content = "".join(paragraph(run(line)) for line in lines)
    return ('<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData>'
            f'<wps:wsp><wps:txbx><w:txbxContent>{content}</w:txbxContent></wps:txbx></wps:wsp>'
            '</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape>'
            f'<v:textbox><w:txbxContent>{content}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>'
            '</mc:AlternateContent></w:r>')


def write_letter(path: Path, body: list[str], notes: dict[int, str]) -> None:
    """Write a .docx whose body is these XML blocks, with these footnotes (by id)."""
    import docx

    document = docx.Document()
    document.save(str(path))
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    xml = parts["word/document.xml"].decode("utf-8")
    # The new namespaces go on the root element; the body's content before its section properties.
    for declaration in NAMESPACES.split():
        if declaration.split("=")[0] not in xml[:xml.index(">", xml.index("<w:document"))]:
            xml = xml.replace("<w:document ", f"<w:document {declaration} ", 1)
    start = xml.index("<w:body>") + len("<w:body>")
    xml = xml[:start] + "".join(body) + xml[start:]
    parts["word/document.xml"] = xml.encode("utf-8")
    if notes:
        separators = ('<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
                      '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
                      '</w:r></w:p></w:footnote>')
        entries = "".join(f'<w:footnote w:id="{n}"><w:p><w:r><w:footnoteRef/></w:r>{run(" " + text)}</w:p>'
                          f'</w:footnote>' for n, text in notes.items())
        parts["word/footnotes.xml"] = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                                       f'<w:footnotes xmlns:w="{W_NS}">{separators}{entries}</w:footnotes>').encode()
        rels = parts["word/_rels/document.xml.rels"].decode()
        parts["word/_rels/document.xml.rels"] = rels.replace("</Relationships>", (
            '<Relationship Id="rIdNotes" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/footnotes" Target="footnotes.xml"/></Relationships>')).encode()
        types = parts["[Content_Types].xml"].decode()
        parts["[Content_Types].xml"] = types.replace("</Types>", (
            '<Override PartName="/word/footnotes.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>')).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
