"""One rule for bad characters: what no page, feed, JSON or CSV file can carry is refused by
`check` with its file and line, so `build` never meets it (and a folded id is refused too)."""

from __future__ import annotations

import pytest

from conftest import document

BAD = {
    "ANSI colour code in the body": (document(summary=None, body="Tekst met \x1b[31mkleur\x1b[0m.\n"), 9,
                                     "this line holds a character that cannot be published: U+001B"),
    "Word field marks in the body": (document(summary=None, body="Zie \x13 REF bijlage \x14tekst\x15.\n"), 9,
                                     "this line holds a character that cannot be published: U+0013"),
    "form feed in the summary": (document(summary="Een\x0csamenvatting."), 8, "U+000C (a control character)"),
    "ANSI escape written in YAML": (document(title='"Advies \\e[31mrood"'), 3,
                                    "'title' holds a character that cannot be published: U+001B"),
    "lone surrogate in the title": (document(title='"Advies \\ud800 x"'), 3,
                                    "'title' holds a character that cannot be published: U+D800"),
    "non-character in a list": (document(topics='["armoede", "\\uffff"]'), 7, "'topics.1' holds a character"),
    "a 5,001-digit number": (document(reference="1" * 5001), 9, "a number of 5001 digits is too long"),
    "a number JSON cannot carry": (document(type="reactie", in_reply_to="advies",
                                            responses="[{point: 123456789012345678901, outcome: deels}]"),
                                   10, "the number in 'responses.0.point' is too large (21 digits)"),
    "a folded id": (document().replace("---\n", "---\nid: >\n  brief\n", 1), 2, "id 'brief\\n' may only use"),
}


@pytest.mark.parametrize("text, line, message", BAD.values(), ids=BAD.keys())
def test_check_refuses_what_the_build_cannot_write_and_build_agrees(make_site, text: str, line: int,
                                                                   message: str) -> None:
    files = {"a/advies.md": document(), "a/brief.md": text}
    checked = make_site(files, command="check")
    assert checked.code == 1
    errors = checked.lines("error")
    assert len(errors) == 1 and errors[0].startswith(f"content/a/brief.md:{line}: error: ") and message in errors[0], \
        checked.stderr
    built = make_site(files)
    assert built.code == 1 and "Traceback" not in built.stderr
    assert built.lines("error") == errors
    assert not built.site.exists()


def test_bad_character_in_topics_yaml_is_refused_at_its_line(make_site) -> None:
    topics = "armoede:\n  label: Armoede\n  description: Over \x1b[1marmoede.\n"
    built = make_site({"a/advies.md": document(topics="[]")}, topics=topics, command="check")
    assert built.code == 1
    assert any(e.startswith("content/topics.yaml:3: error: this line holds a character") for e in built.lines()), \
        built.stderr


def test_tabs_and_windows_line_ends_are_text(make_site) -> None:
    built = make_site({"a/advies.md": document(body="Kolom\tkolom.\r\nRegel twee.\r\n").replace("\n", "\r\n")})
    assert built.code == 0, built.stderr
