"""Parsing: front matter with the file line of every key, decoding, and YAML errors at the right line."""

from __future__ import annotations

import pytest

from adviesarchief.errors import ArchiveError
from adviesarchief.load.content import SourceFile
from adviesarchief.parse.document import load_yaml, parse_document, parse_yaml_file


def source(data: str | bytes, path: str = "content/a/x.md") -> SourceFile:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return SourceFile(path=path, name=path.removeprefix("content/"), absolute="/tmp/" + path, data=raw)


DOC = """\
---
type: reactie
title: Reactie
date: 2020-01-15
topics:
  - armoede
  - mantelzorg
responses:
  - point: 1
    outcome: deels
---
Geacht college,

## 1. Armoede
"""


def test_every_key_knows_its_file_line() -> None:
    parsed = parse_document(source(DOC))
    assert parsed.lines["type"] == 2
    assert parsed.lines["date"] == 4
    assert parsed.lines["topics.1"] == 7
    assert parsed.lines["responses.0.outcome"] == 10
    assert parsed.line_of("responses.0.note") == 9  # falls back to the enclosing item
    assert parsed.line_of("summary") == 1
    assert parsed.body_line == 12
    assert parsed.body.startswith("Geacht college,")


def test_dates_stay_text_so_validation_can_explain_them() -> None:
    parsed = parse_document(source(DOC))
    assert parsed.fields["date"] == "2020-01-15"


def test_bom_and_crlf_give_the_same_result_as_plain_utf8() -> None:
    plain = parse_document(source(DOC))
    windows = parse_document(source(b"\xef\xbb\xbf" + DOC.replace("\n", "\r\n").encode("utf-8")))
    assert windows.fields == plain.fields
    assert windows.lines == plain.lines
    assert windows.body == plain.body
    old_mac = parse_document(source(DOC.replace("\n", "\r")))
    assert old_mac.lines == plain.lines


def test_not_utf8_names_the_line_of_the_first_bad_byte() -> None:
    data = DOC.encode("utf-8") + b"\nHet caf\xe9.\n"
    with pytest.raises(ArchiveError) as caught:
        parse_document(source(data))
    assert caught.value.line == DOC.count("\n") + 2
    assert "save it as UTF-8" in caught.value.hint


YAML_ERRORS = [
    # (front matter lines after '---', the file line of the mistake, words of the message)
    pytest.param('title: "Advies\ntype: advies\ndate: 2020-01-15', 2, "quote is opened", id="open-quote-at-start"),
    pytest.param("type: advies\ntitle: 'Advies 't Gooi'", 3, "text after the closing quote", id="quote-inside-quote"),
    pytest.param("type: advies\ntopics: [armoede,\n  mantelzorg\ndate: x", 3, "'[' is not closed", id="open-bracket"),
    pytest.param("type: advies\nto: {a: b\ndate: x", 3, "'{' is not closed", id="open-brace"),
    pytest.param("type: advies\ntitle: Advies: armoede", 3, "unexpected ':'", id="colon-in-value"),
    pytest.param("type: advies\n  title: Advies", 3, "unexpected ':'", id="indented-field"),
    pytest.param("type: advies\ntitle Advies\ndate: x", 3, "not a field", id="no-colon"),
    pytest.param("type: advies\ntopics:\n- armoede\n- zorg\n- x: [", 6, "is not closed", id="deep-bracket"),
    pytest.param("type: advies\ntopics: armoede\n- mantelzorg", 4, "list item", id="list-item-under-scalar"),
    pytest.param("type: advies\ntitle: @Advies", 3, "cannot start with '@'", id="at-sign"),
    pytest.param("type: advies\n\ttitle: Advies", 3, "tab", id="tab"),
    pytest.param("a: &x [1]\nb: *x", 3, "aliases", id="alias"),
]


@pytest.mark.parametrize(("yaml_text", "line", "words"), YAML_ERRORS)
def test_yaml_errors_point_at_the_file_line(yaml_text: str, line: int, words: str) -> None:
    with pytest.raises(ArchiveError) as caught:
        parse_document(source(f"---\n{yaml_text}\n---\nTekst\n"))
    assert caught.value.line == line, caught.value.format()
    assert words in caught.value.message
    assert caught.value.hint
    assert caught.value.path == "content/a/x.md"


def test_yaml_error_in_a_whole_file_counts_from_line_one() -> None:
    with pytest.raises(ArchiveError) as caught:
        parse_yaml_file(source("armoede:\n  label: Armoede\nzorg:\n  label: 'Zorg\n", "content/topics.yaml"))
    assert caught.value.line == 4
    assert caught.value.path == "content/topics.yaml"


def test_repeated_keys_are_reported_with_their_line() -> None:
    _, _, duplicates = load_yaml("title: a\ndate: b\ntitle: c\n", path="x", first_line=2)
    assert duplicates == [("title", 4)]


def test_billion_laughs_is_refused_before_expanding() -> None:
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\n"
    with pytest.raises(ArchiveError, match="aliases"):
        load_yaml(bomb, path="x")


@pytest.mark.parametrize("text", ["", "Geen front matter\n", "--\ntitle: x\n--\n"])
def test_missing_front_matter(text: str) -> None:
    with pytest.raises(ArchiveError, match="no front matter") as caught:
        parse_document(source(text))
    assert caught.value.line == 1


def test_front_matter_that_is_not_a_mapping() -> None:
    with pytest.raises(ArchiveError, match="list of fields") as caught:
        parse_document(source("---\n- type\n- title\n---\n"))
    assert caught.value.line == 2


def test_bracket_left_open_at_the_end_points_at_the_bracket() -> None:
    with pytest.raises(ArchiveError) as caught:
        parse_document(source("---\ntype: advies\ntopics: [\n\n\n---\nTekst\n"))
    assert caught.value.line == 3
    assert "is not closed" in caught.value.message


@pytest.mark.parametrize(("nesting", "line"), [
    ("[" * 3000 + "]" * 3000, 3),
    ("\n" + "".join(" " * i + f"k{i}:\n" for i in range(2000)), 23),  # block indentation, not brackets
    ("\n" + "- " * 30 + "x\n", 4),  # lists in lists on one line: no brackets, no indentation
])
def test_absurd_nesting_is_an_error_not_a_crash(nesting: str, line: int) -> None:
    with pytest.raises(ArchiveError, match="nests deeper than 20 levels") as caught:
        parse_document(source(f"---\ntype: advies\nsummary: {nesting}\n---\nTekst\n"))
    assert caught.value.line == line
