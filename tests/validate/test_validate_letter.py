"""validate.letter and its field checks: one letter checked on its own gives its document or its problems."""

from __future__ import annotations

import pytest

from adviesarchief.model import Heading
from adviesarchief.validate import Issue, check_attachments, check_responses, find_point_anchor
from adviesarchief.validate.municipalities import check_municipalities
from conftest import document
from contenttrees import check_one, content_tree, lines, shipped_registry

ATTACHMENT = "\n  - title: Brief\n    file: {}"
REPLY = {"type": "reactie", "title": "Reactie", "from": "College"}


def test_a_good_letter_gives_its_document_and_no_problems() -> None:
    checked = check_one(document(reference=12, to="College", in_reply_to="[een, twee]"))
    assert checked.problems == ()
    document_ = checked.document
    assert document_ is not None
    assert (document_.id, document_.type, document_.reference, document_.in_reply_to) == \
        ("x", "advies", "12", ("een", "twee"))
    assert [m.name for m in document_.municipalities] == ["Wijdemeren"]


@pytest.mark.parametrize(("text", "expected"), [
    (document(title="Advies\ntitle: Twee"), ["content/a/x.md:4: error: field 'title' appears twice; keep one of the two"]),
    (document(title=None, date=None), ["content/a/x.md:1: error: required fields 'title', 'date' are missing; "
                                       "add a line 'title: ...' and a line 'date: ...' to the front matter"]),
    (document(title=""), ["content/a/x.md:3: error: 'title' is empty; fill in the title of the letter"]),
    (document(title="[a, b]"), ["content/a/x.md:3: error: 'title' must be text, not a list; "
                                "write it on one line after the colon"]),
    (document(to="12"), ["content/a/x.md:9: error: 'to' must be text, not a number; put the value between quotes"]),
    (document(type=""), ["content/a/x.md:2: error: 'type' is empty; use one of: advies, reactie, vragen, antwoord, notitie"]),
    (document(type="advise"), ["content/a/x.md:2: error: unknown type 'advise'; did you mean 'advies'? "
                               "use one of: advies, reactie, vragen, antwoord, notitie"]),
    (document(date="2017-02-30"), ["content/a/x.md:4: error: date '2017-02-30' does not exist; check the day and the month"]),
    (document(municipality="{a: b}"), ["content/a/x.md:5: error: 'municipality' must be a name or a list of names, "
                                       "not a group of fields; write 'municipality: [a, b]' or one name"]),
    (document(topics="[]"), ["content/a/x.md:7: error: 'topics' is empty; name at least one topic from topics.yaml: "
                             "armoede, mantelzorg, schuldhulpverlening"]),
    (document(topics="{a: b}"), ["content/a/x.md:7: error: 'topics' must be a list of topic keys, not a group of "
                                 "fields; write 'topics: [armoede, mantelzorg]'"]),
    (document(topics="[armoede, '']"), ["content/a/x.md:7: error: item 2 of 'topics' is an empty item, not a name; "
                                        "write one name per item, between quotes if it is a number"]),
    (document(topics="[armoed]"), ["content/a/x.md:7: error: unknown topic 'armoed'; did you mean 'armoede'? "
                                   "topics are: armoede, mantelzorg, schuldhulpverlening"]),
    (document(id="Advies_1"), ["content/a/x.md:9: error: id 'Advies_1' may only use a-z, 0-9 and '-'; use 'advies-1'"]),
    (document(in_reply_to="[Een]"), ["content/a/x.md:9: error: in_reply_to 'Een' is not a valid id; "
                                     "ids use only a-z, 0-9 and '-'"]),
    (document(summary=None), ["content/a/x.md:1: warning: no summary; add 'summary:' with two or three plain "
                              "sentences for residents"]),
    (document(body=""), ["content/a/x.md:10: warning: the document has no text below the front matter; "
                         "paste the text of the letter below the closing '---'"]),
    (document(kleur="rood"), ["content/a/x.md:9: warning: unknown field 'kleur' is ignored; known fields: type, "
                              "title, date, municipality, from, to, topics, id, reference, in_reply_to, summary, "
                              "attachments, responses"]),
])
def test_a_bad_field_gives_one_precise_problem(text: str, expected: list[str]) -> None:
    checked = check_one(text)
    assert lines(checked.problems) == expected
    # Only an error keeps the letter out of the archive; a warning does not.
    assert (checked.document is None) == any(": error: " in line for line in expected)


def test_a_file_name_that_is_no_id_is_reported_at_line_1() -> None:
    checked = check_one(document(), name="a/Advies 1.md")
    assert lines(checked.problems) == ["content/a/Advies 1.md:1: error: the file name 'Advies 1.md' cannot be used "
                                       "as id; add 'id: advies-1' or rename the file (only a-z, 0-9 and '-')"]
    assert checked.document is None


def test_the_check_carries_the_personal_data_in_the_file() -> None:
    checked = check_one(document(body="Bel 06-12345678 of mail jan@example.org.\n"))
    assert [(f.kind, f.line, f.value) for f in checked.personal_data] == [
        ("email", 10, "jan@example.org"), ("phone", 10, "06-12345678")]
    assert checked.problems == ()  # judged for the whole archive, against site.yaml's exceptions


def test_the_check_names_the_attachment_paths_it_looked_up() -> None:
    checked = check_one(document(attachments="\n  - {title: A, file: a.pdf}\n  - {title: B, file: ../b.pdf}"
                                             "\n  - {title: C, file: ../../c.pdf}"), {"a/a.pdf": b"%PDF"})
    assert checked.attachment_paths == ("a/a.pdf", "b.pdf")
    assert lines(checked.problems) == [
        "content/a/x.md:11: error: attachment '../b.pdf' does not exist; put '../b.pdf' next to the .md file, "
        "or correct the name",
        "content/a/x.md:12: error: attachment '../../c.pdf' lies outside content/; put the file next to the .md "
        "file and give only its name"]


@pytest.mark.parametrize(("value", "files", "issues"), [
    ("brief", {}, [("attachments", "'attachments' must be a list of items with title and file")]),
    ([{"title": "A"}], {}, [("attachments.0", "an attachment needs 'title' and 'file' (both text)")]),
    ([{"title": "A", "file": "a.pdf", "soort": "x"}], {"a/a.pdf": b""},
     [("attachments.0.soort", "unknown attachment field 'soort' is ignored")]),
    ([{"title": "A", "file": "a\u2215b.pdf"}], {}, [("attachments.0.file", "attachment 'a\u2215b.pdf' lies outside content/")]),
    ([{"title": "A", "file": "map\\a.pdf"}], {}, [("attachments.0.file", "attachment 'map\\a.pdf' lies outside content/")]),
    ([{"title": "A", "file": "C:/a.pdf"}], {}, [("attachments.0.file", "attachment 'C:/a.pdf' lies outside content/")]),
    ([{"title": "A", "file": "a.pdf"}], {}, [("attachments.0.file", "attachment 'a.pdf' does not exist")]),
    ([{"title": "A", "file": "map"}], {"a/map/b.pdf": b""}, [("attachments.0.file", "attachment 'map' is a folder, not a file")]),
    ([{"title": "A", "file": "a.html"}], {"a/a.html": b""},
     [("attachments.0.file", "attachment 'a.html' is not a type that can be published safely")]),
    ([{"title": "A", "file": "a.pdf"}, {"title": "B", "file": "./a.pdf"}], {"a/a.pdf": b""},
     [("attachments.1.file", "a second attachment is called 'a.pdf'")]),
])
def test_bad_attachments(value: object, files: dict[str, bytes], issues: list[tuple[str, str]]) -> None:
    found = check_attachments(value, "a/x.md", content_tree(files))
    assert [(issue.where, issue.message) for issue in found.issues] == issues


def test_an_attachment_linked_out_of_content_is_refused() -> None:
    found = check_attachments([{"title": "A", "file": "a.pdf"}], "a/x.md", content_tree({}, links=("a/a.pdf",)))
    assert [issue.message for issue in found.issues] == ["attachment 'a.pdf' is a link to a file outside content/"]
    assert found.attachments == () and found.consulted == ("a/a.pdf",)


@pytest.mark.parametrize(("value", "doc_type", "issue"), [
    ([{"point": 1, "outcome": "deels"}], "advies", ("responses", "a document of type 'advies' cannot have responses")),
    ({"point": 1}, "reactie", ("responses", "'responses' must be a list")),
    (["1"], "reactie", ("responses.0", "each response needs 'point' and 'outcome'")),
    ([{"title": "x"}], "reactie", ("responses.0", "this response has no 'point' and no 'outcome'")),
    ([{"point": True, "outcome": "deels"}], "reactie", ("responses.0.point", "point 'True' must be a number or a short label")),
    ([{"point": 1, "outcome": "aangenomen"}], "antwoord", ("responses.0.outcome", "unknown outcome 'aangenomen'")),
    ([{"point": 1, "outcome": "deels", "note": 5}], "reactie", ("responses.0", "a response's 'title' and 'note' must be text")),
])
def test_bad_responses(value: object, doc_type: str, issue: tuple[str, str]) -> None:
    responses, issues = check_responses(value, doc_type, ())
    assert responses == () and [(i.where, i.message) for i in issues] == [issue]


def test_a_response_is_anchored_at_the_heading_of_its_point() -> None:
    headings = (Heading(2, "Inleiding", "inleiding"), Heading(2, "Advies 2: bereik", "advies-2"))
    responses, issues = check_responses([{"point": 2.0, "outcome": "deels", "note": " Goed. "}], "reactie", headings)
    assert issues == []
    assert [(r.point, r.outcome, r.note, r.anchor) for r in responses] == [("2", "deels", "Goed.", "advies-2")]
    assert find_point_anchor(headings, "9", "inleiding") == "inleiding"
    assert find_point_anchor(headings, "9", "") == ""


@pytest.mark.parametrize(("names", "day", "issue"), [
    (["Wijdmeren"], None, Issue("municipality.0", "unknown municipality 'Wijdmeren'", "did you mean 'Wijdemeren'?")),
    (["Bergen"], None, Issue("municipality.0", "municipality 'Bergen' is ambiguous", "write 'Bergen (L.)' or 'Bergen (NH.)'")),
])
def test_bad_municipalities(names: list[str], day: object, issue: Issue) -> None:
    assert check_municipalities(names, day, shipped_registry()) == ((), [issue])  # type: ignore[arg-type]


def test_a_municipality_named_twice_counts_once() -> None:
    found, issues = check_municipalities(["Wijdemeren", "wijdemeren"], None, shipped_registry())
    assert issues == [] and [m.name for m in found] == ["Wijdemeren"]
