"""The JSON Schema for editors and the validator must agree, so that the two cannot drift.

The schema checks the shape of the front matter; the validator checks shape and meaning
(municipalities, topics, files and ids that must exist). So: what the schema rejects, the
validator rejects too (as an error, or as a warning for unknown fields); what the validator
accepts, the schema accepts; and the lists and patterns in both are the same.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from adviesarchief import validate
from adviesarchief.load.content import SourceFile
from adviesarchief.model import ANSWER_TYPES, DOCUMENT_TYPES, OUTCOMES
from adviesarchief.parse.document import parse_document
from conftest import ROOT, SEED_CONTENT, document

SCHEMA_FILE = ROOT / "schema" / "front-matter.schema.json"
SCHEMA = json.loads(SCHEMA_FILE.read_text("utf-8"))
CHECKER = Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)


def front_matter(text: str) -> dict[str, Any]:
    """The front matter of a document as the build parses it (dates stay text, as in JSON)."""
    parsed = parse_document(SourceFile("content/a/x.md", "a/x.md", "/tmp/x.md", text.encode("utf-8")))
    return parsed.fields


def schema_errors(fields: dict[str, Any]) -> list[str]:
    return [error.message for error in CHECKER.iter_errors(fields)]


def test_schema_is_valid_json_schema() -> None:
    Draft202012Validator.check_schema(SCHEMA)


def test_schema_lists_what_the_validator_knows() -> None:
    properties = SCHEMA["properties"]
    assert list(properties) == list(validate.KNOWN_FIELDS)
    assert SCHEMA["required"] == list(validate.REQUIRED_FIELDS)
    assert properties["type"]["enum"] == list(DOCUMENT_TYPES)
    response = properties["responses"]["items"]
    assert list(response["properties"]) == list(validate.RESPONSE_FIELDS)
    assert response["properties"]["outcome"]["enum"] == list(OUTCOMES)
    assert response["properties"]["point"]["anyOf"][1]["maxLength"] == validate.MAX_POINT_LENGTH
    assert list(properties["attachments"]["items"]["properties"]) == list(validate.ATTACHMENT_FIELDS)
    # JSON Schema's regexes have no \Z; the validator uses it so that no trailing newline passes.
    assert SCHEMA["$defs"]["slug"]["pattern"] == validate.ID_PATTERN.pattern.replace(r"\Z", "$")
    assert properties["date"]["pattern"].replace("[0-9]", r"\d") == validate.DATE_PATTERN.pattern
    no_responses = SCHEMA["allOf"][0]["if"]["properties"]["type"]["enum"]
    assert set(no_responses) == set(DOCUMENT_TYPES) - ANSWER_TYPES


@pytest.mark.parametrize("path", sorted(SEED_CONTENT.rglob("*.md")), ids=lambda p: p.stem)
def test_every_seed_document_fits_the_schema(path: Path) -> None:
    assert schema_errors(front_matter(path.read_text("utf-8"))) == []


GOOD = [
    pytest.param({}, id="plain"),
    pytest.param({"municipality": "[Wijdemeren, Hilversum]"}, id="municipality-list"),
    pytest.param({"municipality": None}, id="national"),
    pytest.param({"topics": "armoede"}, id="one-topic-as-text"),
    pytest.param({"reference": "2017-24"}, id="reference-number-like"),
    pytest.param({"reference": "2468"}, id="reference-number"),
    pytest.param({"id": "advies-2017", "to": "College van B&W"}, id="id-and-to"),
    pytest.param({"summary": "", "to": ""}, id="empty-optional-text"),
    pytest.param({"type": "reactie", "in_reply_to": "advies",
                  "responses": "\n  - point: 1\n    outcome: deels\n  - point: 2a\n    title: Geld\n    outcome: toegezegd"
                               "\n    note: Volgt in 2025."}, id="responses-with-labels"),
    pytest.param({"type": "antwoord", "in_reply_to": "[vragen]", "responses": "[{point: 2.0, outcome: overgenomen}]"},
                 id="integral-float-point"),
    pytest.param({"date": "2016-02-29"}, id="leap-day"),
]


@pytest.mark.parametrize("fields", GOOD)
def test_good_documents_pass_both(make_site, fields: dict[str, str | None]) -> None:
    files = {"a/x.md": document(**fields)}
    if "in_reply_to" in fields:
        files["a/advies.md"] = document()
        files["a/vragen.md"] = document(type="vragen")
    assert schema_errors(front_matter(files["a/x.md"])) == []
    built = make_site(files, command="check")
    assert built.code == 0 and built.lines() == [], built.stderr


BAD = [
    pytest.param({"type": "brief"}, id="unknown-type"),
    pytest.param({"type": "Advies"}, id="type-capitalised"),
    pytest.param({"type": None}, id="type-empty"),
    pytest.param({"title": None}, id="missing-title"),
    pytest.param({"title": "''"}, id="empty-title"),
    pytest.param({"title": "[a, b]"}, id="title-list"),
    pytest.param({"title": "1984"}, id="title-number"),
    pytest.param({"date": "3 april 2017"}, id="date-in-words"),
    pytest.param({"date": "2017-02-30"}, id="impossible-date"),
    pytest.param({"date": None}, id="date-empty"),
    pytest.param({"from": None}, id="missing-from"),
    pytest.param({"municipality": "[Wijdemeren, 5]"}, id="municipality-number-item"),
    pytest.param({"municipality": "{naam: Wijdemeren}"}, id="municipality-mapping"),
    pytest.param({"topics": "5"}, id="topics-number"),
    pytest.param({"topics": "[]"}, id="topics-empty"),
    pytest.param({"topics": "[Armoede]"}, id="topic-not-a-key"),
    pytest.param({"id": "Advies_2017"}, id="bad-id"),
    pytest.param({"in_reply_to": "Advies 2017"}, id="bad-reply-id"),
    pytest.param({"reference": "[a]"}, id="reference-list"),
    pytest.param({"summary": "[a]"}, id="summary-list"),
    pytest.param({"tittle": "Advies"}, id="unknown-field"),
    pytest.param({"responses": "[{point: 1, outcome: deels}]"}, id="responses-on-advies"),
    pytest.param({"type": "reactie", "responses": "[{point: 1, outcome: aangenomen}]"}, id="unknown-outcome"),
    pytest.param({"type": "reactie", "responses": "[{point: 1}]"}, id="response-without-outcome"),
    pytest.param({"type": "reactie", "responses": "[{point: [1], outcome: deels}]"}, id="point-list"),
    pytest.param({"type": "reactie", "responses": "[{point: 1.5, outcome: deels}]"}, id="point-fraction"),
    pytest.param({"type": "reactie", "responses": "[{point: true, outcome: deels}]"}, id="point-yes"),
    pytest.param({"type": "reactie", "responses": "[{point: '" + "x" * 41 + "', outcome: deels}]"}, id="point-long"),
    pytest.param({"type": "reactie", "responses": "[{point: 1, outcome: deels, noot: x}]"}, id="response-unknown-key"),
    pytest.param({"type": "reactie", "responses": "{point: 1, outcome: deels}"}, id="responses-not-a-list"),
    pytest.param({"attachments": "brief.pdf"}, id="attachments-text"),
    pytest.param({"attachments": "[{file: brief.pdf}]"}, id="attachment-without-title"),
    pytest.param({"attachments": "[{title: Brief, file: /etc/passwd}]"}, id="attachment-absolute"),
    pytest.param({"attachments": "['C:\\\\brieven\\\\brief.pdf']"}, id="attachment-windows-path"),
    pytest.param({"attachments": "[{title: Brief, file: 'C:\\\\brief.pdf'}]"}, id="attachment-drive"),
    pytest.param({"attachments": "[{title: Brief, file: brief.pdf, pagina: 2}]"}, id="attachment-unknown-key"),
]


@pytest.mark.parametrize("fields", BAD)
def test_what_the_schema_rejects_the_validator_rejects(make_site, fields: dict[str, str | None]) -> None:
    text = document(**fields)
    assert schema_errors(front_matter(text)) != []
    built = make_site({"a/x.md": text, "a/brief.pdf": b"%PDF-1.4\n"}, command="check")
    assert built.lines(), "the validator accepted what the schema rejects"
    assert "Traceback" not in built.stderr


# Meaning that only the validator can check: the schema accepts these, the validator does not.
VALIDATOR_ONLY = [
    pytest.param({"municipality": "Wijdmeren"}, "unknown municipality", id="unknown-municipality"),
    pytest.param({"topics": "[armoe]"}, "unknown topic", id="unknown-topic"),
    pytest.param({"in_reply_to": "bestaat-niet"}, "no document has this id", id="unknown-reply"),
    pytest.param({"attachments": "[{title: Brief, file: ontbreekt.pdf}]"}, "does not exist", id="missing-file"),
    pytest.param({"attachments": "[{title: Brief, file: ../../etc/passwd}]"}, "outside content/", id="dot-dot"),
    pytest.param({"attachments": "[{title: Brief, file: 'a\u2215b.pdf'}]"}, "U+2215", id="look-alike-slash"),
    pytest.param({"attachments": "[{title: Brief, file: brief.html}]"}, "not a type that can be published", id="unsafe-type"),
    pytest.param({"date": "2999-01-01"}, "in the future", id="future-date"),
    pytest.param({"summary": None}, "no summary", id="no-summary"),
]


@pytest.mark.parametrize(("fields", "words"), VALIDATOR_ONLY)
def test_meaning_is_checked_by_the_validator_alone(make_site, fields: dict[str, str | None], words: str) -> None:
    text = document(**fields)
    assert schema_errors(front_matter(text)) == []
    built = make_site({"a/x.md": text, "a/brief.html": "<p>Brief</p>\n"}, command="check")
    assert len(built.lines()) == 1 and words in built.lines()[0], built.stderr


def test_readme_example_points_editors_at_the_schema() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    comment = re.search(r"# yaml-language-server: \$schema=(\S+)", readme)
    assert comment, "the README example must carry the yaml-language-server comment"
    assert comment.group(1).endswith("schema/front-matter.schema.json")


def test_schema_comment_in_front_matter_is_harmless(make_site) -> None:
    text = document().replace("---\n", "---\n# yaml-language-server: $schema=../../schema/front-matter.schema.json\n", 1)
    built = make_site({"a/x.md": text}, command="check")
    assert built.code == 0 and built.lines() == [], built.stderr
