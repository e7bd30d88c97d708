"""validate.site: site.yaml and topics.yaml give their values and every problem, with its line."""

from __future__ import annotations

from datetime import date

import pytest

from adviesarchief.model import SiteInfo, Topic
from adviesarchief.validate import validate_site, validate_topics
from conftest import document
from contenttrees import content_tree, lines


def test_no_site_yaml_is_the_default_site() -> None:
    assert validate_site(content_tree({})) == (SiteInfo(), [])


def test_site_yaml_values_are_read() -> None:
    site, problems = validate_site(content_tree({"site.yaml": (
        "title: ' Archief '\nbase_url: https://example.org/raad/\ncontact: info@example.org\n"
        "allowed_iban: NL91ABNA0417164300\nallowed_phone_numbers: [31348476400, '035 123 45 67']\ntoday: 2024-05-01\n")}))
    assert problems == []
    assert site.title == "Archief"
    assert site.base_url == "https://example.org/raad/"
    assert site.contact == "info@example.org"
    assert site.allowed_iban == ("NL91ABNA0417164300",)
    assert site.allowed_phone_numbers == ("31348476400", "035 123 45 67")  # a number is read as its digits
    assert site.today == date(2024, 5, 1)


@pytest.mark.parametrize(("text", "expected"), [
    ("titel: X\n", "content/site.yaml:1: error: unknown key 'titel' in site.yaml; did you mean 'title'?"),
    ("kleur: rood\n", "content/site.yaml:1: error: unknown key 'kleur' in site.yaml; known keys: title, "
                      "description, base_url, language, licence, publisher, contact, allowed_iban, "
                      "allowed_email_domains, allowed_phone_numbers, today, council, logo, logo_alt"),
    ("- title\n", "content/site.yaml:1: error: site.yaml must be a list of fields 'name: value'"),
    ("title: A\ntitle: B\n", "content/site.yaml:2: error: 'title' appears twice; keep one of the two"),
    ("title: [A\n", "content/site.yaml:1: error: YAML syntax error: a list '[' is not closed; "
                    "end the list with ']' on the same line"),
    ("title: 12\n", "content/site.yaml:1: error: 'title' must be text; put the value between quotes"),
    ("allowed_iban: {a: b}\n", "content/site.yaml:1: error: 'allowed_iban' must be a list of text values"),
    ("title: X\nbase_url: www.example.org\n", "content/site.yaml:2: error: base_url 'www.example.org' is not a "
     "web address; write it like https://example.org/ or https://example.org/adviesraad/"),
    ("contact: iemand\n", "content/site.yaml:1: error: contact 'iemand' is not an e-mail or web address; "
                          "write it like info@example.org or https://example.org/contact"),
    ("title: X\ntoday: 1 mei 2024\n", "content/site.yaml:2: error: date '1 mei 2024' is not written as "
                                      "YYYY-MM-DD; write it as 2024-05-01"),
])
def test_a_bad_site_yaml_gives_one_precise_problem(text: str, expected: str) -> None:
    site, problems = validate_site(content_tree({"site.yaml": text}))
    assert lines(problems) == [expected]
    assert site.base_url in ("", "https://example.org/")  # a bad value is left out, not kept


def test_topics_are_read_sorted_by_label() -> None:
    topics, problems = validate_topics(content_tree({"topics.yaml": (
        "zorg:\n  label: Zorg\narmoede:\n  label: ' Armoede en minima'\n  description: Weinig geld.\n")}))
    assert problems == []
    assert topics == (Topic("armoede", "Armoede en minima", "Weinig geld."), Topic("zorg", "Zorg", ""))


@pytest.mark.parametrize(("text", "expected"), [
    (None, "content/topics.yaml:1: error: topics.yaml is missing; create it with one entry per topic, "
           "e.g. 'armoede:' then '  label: Armoede en minima'"),
    ("", "content/topics.yaml:1: error: topics.yaml must list topics as 'slug:' with a 'label:' below each"),
    ("- armoede\n", "content/topics.yaml:1: error: topics.yaml must list topics as 'slug:' with a 'label:' below each"),
    ("Armoede Twee:\n  label: B\n",
     "content/topics.yaml:1: error: topic key 'Armoede Twee' may only use a-z, 0-9 and '-'; use 'armoede-twee'"),
    ("armoede:\n  description: Geld.\n",
     "content/topics.yaml:1: error: topic 'armoede' has no label; add a line '  label: ...' below it"),
    ("armoede:\n  label: ' '\n",
     "content/topics.yaml:1: error: topic 'armoede' has no label; add a line '  label: ...' below it"),
    ("armoede:\n  label: A\n  kleur: rood\n",
     "content/topics.yaml:3: warning: unknown key 'kleur' in topic 'armoede'; a topic has only label and description"),
    ("armoede:\n  label: A\n  description: [a]\n",
     "content/topics.yaml:3: error: description of topic 'armoede' must be text"),
    (b"armoede:\n  label: Caf\xe9\n",
     "content/topics.yaml:2: error: the file is not valid UTF-8; save it as UTF-8 (in most editors: "
     "'Save with encoding' > UTF-8)"),
])
def test_a_bad_topics_yaml_gives_one_precise_problem(text: str | bytes | None, expected: str) -> None:
    _, problems = validate_topics(content_tree({} if text is None else {"topics.yaml": text}))
    assert lines(problems) == [expected]


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_topics_yaml_too_large_to_read_is_one_line_not_also_missing(make_site, command: str) -> None:
    entries = "".join(f"onderwerp-{n}:\n  label: Onderwerp {n}\n" for n in range(200_000))
    topics = entries[:entries.index("\n", 6 * 1024 * 1024 - 100) + 1]  # whole lines, 6 MB
    built = make_site({"a.md": document(topics="[onderwerp-1]"), "topics.yaml": topics}, command=command)
    assert built.code == 1
    assert built.lines() == ["content/topics.yaml:1: error: file is 6.0 MB; the limit is 5 MB; "
                             "topics.yaml lists settings, never that much: check that it is the right file"]
    assert not built.site.exists()
