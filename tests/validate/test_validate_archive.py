"""validate.archive: the rules, ids and in_reply_to links across letters, dates, and the Archive."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from adviesarchief.config import Config
from adviesarchief.errors import ArchiveError, warning
from adviesarchief.parse.document import parse_document
from adviesarchief.validate import check_future_dates, check_letter, in_report_order, read_rules, validate_archive
from conftest import TOPICS_YAML, document
from contenttrees import content_tree, lines, rules_for, shipped_registry

REPLY = {"type": "reactie", "title": "Reactie", "from": "College"}


def test_a_broken_topics_yaml_gives_rules_that_judge_no_topics() -> None:
    rules, problems = read_rules(content_tree({"topics.yaml": "armoede:\n  description: x\n"}), shipped_registry())
    assert rules.known_topics is None and rules.topics == ()
    assert len(problems) == 1
    rules, problems = read_rules(content_tree({"topics.yaml": TOPICS_YAML}), shipped_registry())
    assert problems == [] and sorted(rules.known_topics or ()) == ["armoede", "mantelzorg", "schuldhulpverlening"]


def archive_of(files: dict[str, str | bytes], **config: object) -> tuple[list[str], list[str]]:
    """Validate these letters (with the test topics.yaml); return the valid ids and the problem lines."""
    tree = content_tree({"topics.yaml": TOPICS_YAML, **files})
    parsed = [parse_document(source) for source in tree.documents]
    archive, problems = validate_archive(parsed, {}, tree, rules_for(tree), Config(content_dir=Path("content"),
                                                                                     **config))
    return [d.id for d in archive.documents], lines(problems)


@pytest.mark.parametrize(("files", "expected"), [
    ({"a/advies.md": document(), "b/advies.md": document()},
     "content/b/advies.md:1: error: id 'advies' is already used by content/a/advies.md; give one of the two files "
     "another id (add a line 'id: ...' or rename the file)"),
    ({"a/r.md": document(**REPLY, in_reply_to="r")},
     "content/a/r.md:9: error: in_reply_to points at the document itself; give the id of the document this one answers"),
    ({"a/advies.md": document(), "a/r.md": document(**REPLY, in_reply_to="advise")},
     "content/a/r.md:9: error: in_reply_to 'advise': no document has this id; did you mean 'advies'?"),
    ({"a/een.md": document(**REPLY, in_reply_to="twee"), "a/twee.md": document(**REPLY, in_reply_to="een")},
     "content/a/een.md:9: error: in_reply_to forms a circle: een -> twee -> een; a document can only answer an "
     "older document; remove one in_reply_to"),
    ({"a/advies.md": document(date="2020-05-01"), "a/r.md": document(**REPLY, date="2020-04-01", in_reply_to="advies")},
     "content/a/r.md:9: warning: this document (2020-04-01) is dated before 'advies' (2020-05-01), which it "
     "answers; check both dates"),
])
def test_links_across_letters(files: dict[str, str], expected: str) -> None:
    _, problems = archive_of(files)
    assert problems == [expected]


def test_a_reply_to_a_letter_with_its_own_error_is_left_out_quietly() -> None:
    ids, problems = archive_of({"a/advies.md": document(date="2017-02-30"),
                                "a/r.md": document(**REPLY, in_reply_to="advies")})
    assert ids == [] and [line.split(": ")[0] for line in problems] == ["content/a/advies.md:4"]


def test_the_archive_is_newest_first_and_personal_data_is_judged_against_site_yaml() -> None:
    ids, problems = archive_of({
        "a/oud.md": document(date="2019-01-01", body="Mail info@gemeente.nl of jan@example.org.\n"),
        "a/nieuw.md": document(date="2021-01-01"),
        "site.yaml": "base_url: https://example.org/\nallowed_email_domains: [gemeente.nl]\n",
    })
    assert ids == ["nieuw", "oud"]
    assert problems == ["content/a/oud.md:10: warning: e-mail address 'jan@example.org' may belong to a person; "
                        "remove it, or if it is an official address, add 'example.org' to 'allowed_email_domains' "
                        "in site.yaml"]


def test_strict_makes_every_warning_an_error() -> None:
    _, problems = archive_of({"a/x.md": document(summary=None)}, strict=True)
    assert problems == ["content/a/x.md:1: error: no summary; add 'summary:' with two or three plain sentences "
                        "for residents"]


@pytest.mark.parametrize(("written", "future"), [
    ("2024-05-02", True), ("2024-05-01", False), ("2023-12-31", False),
    ("2024-02-30", False),  # no such day: reported by the letter's own check
    ("1 juni 2030", False),  # not a date at all: likewise
])
def test_a_date_after_today_is_a_warning(written: str, future: bool) -> None:
    tree = content_tree({"a/x.md": document(date=written)})
    problems = check_future_dates([parse_document(tree.documents[0])], date(2024, 5, 1))
    assert lines(problems) == ([f"content/a/x.md:4: warning: date {written} is in the future; check the year"]
                               if future else [])


def test_problems_are_reported_by_path_and_line_keeping_their_order_otherwise() -> None:
    first, second = ArchiveError("b", path="x", line=3), warning("a", path="x", line=3)
    unsorted = [ArchiveError("z", path="y", line=1), second, first, ArchiveError("c", path="x", line=2)]
    assert [p.message for p in in_report_order(unsorted, strict=False)] == ["c", "a", "b", "z"]
    assert {p.level for p in in_report_order(unsorted, strict=True)} == {"error"}
    assert second.level == "warning"  # the problems given are left as they are


def test_a_letter_checked_before_is_taken_as_it_was_checked() -> None:
    tree = content_tree({"topics.yaml": TOPICS_YAML, "a/x.md": document(topics="[onbekend]")})
    parsed = [parse_document(tree.documents[0])]
    rules = rules_for(tree)
    kept = check_letter(replace(parsed[0], fields={**parsed[0].fields, "topics": ["armoede"]}), tree, rules)
    archive, problems = validate_archive(parsed, {"content/a/x.md": kept}, tree, rules, Config())
    assert problems == [] and [d.id for d in archive.documents] == ["x"]


@pytest.mark.parametrize("command", ["check", "build"])
@pytest.mark.parametrize("mistake", ["title: 'Advies over armoede", "id: advies\ntitle: a: b", "topics: [armoede"])
def test_a_reply_to_a_letter_that_cannot_be_parsed_is_not_blamed_for_it(make_site, command: str,
                                                                         mistake: str) -> None:
    """One mistake, one line: the broken advice is reported, not the reply that names it."""
    advice = document().replace("title: Advies over armoede\n", "").replace("topics: [armoede]\n", "")
    built = make_site({"a/advies.md": advice.replace("---\n", f"---\n{mistake}\n", 1),
                       "a/reactie.md": document(**REPLY, date="2020-02-01", in_reply_to="advies")}, command=command)
    assert built.code == 1
    assert [line.split(":")[0] for line in built.lines()] == ["content/a/advies.md"], built.stderr
    assert "did you mean 'reactie'" not in built.stderr


def test_a_mistyped_id_is_never_answered_with_the_letter_s_own_id(make_site) -> None:
    built = make_site({"a/advies.md": document(),
                       "a/reactie.md": document(**REPLY, date="2020-02-01", in_reply_to="reactie-x")}, command="check")
    assert built.code == 1
    assert "did you mean 'reactie'" not in built.stderr


@pytest.mark.parametrize("outcome", ["", "''", "null"])
def test_an_empty_outcome_says_it_is_empty(make_site, outcome: str) -> None:
    built = make_site({"a/advies.md": document(),
                       "a/reactie.md": document(**REPLY, date="2020-02-01", in_reply_to="advies",
                                                responses=f"\n  - point: 1\n    outcome: {outcome}")}, command="check")
    assert built.code == 1
    (line,) = built.lines("error")
    assert "error: 'outcome' is empty; fill in what the municipality did with this point: overgenomen" in line
