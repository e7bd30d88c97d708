"""Every kind of bad input gives one precise line: path, line, what is wrong, how to fix it.

Each case runs through the real command line, as `check` and as `build`, on a tiny content
folder. A case names the one problem line it expects: `path:line`, the level and the key
words of the message. An error exits 1 and writes nothing; a warning exits 0.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import BuiltSite, document

REPLY = {"type": "reactie", "from": "College van Wijdemeren", "title": "Reactie op het advies"}
ATTACHMENT = "\n  - title: Originele brief\n    file: {}"


def case(files: dict[str, str | bytes], where: str, level: str, *words: str,
         topics: str | None = "default", id: str) -> object:  # noqa: A002
    """One row of the table: content files and the one problem line they must give."""
    return pytest.param(files, topics, where, level, words, id=id)


CASES = [
    # Front matter and YAML. Lines of document(): 1 '---', 2 type, 3 title, 4 date,
    # 5 municipality, 6 from, 7 topics, 8 summary, then extra fields, then '---'.
    case({"a/x.md": "Geacht college,\n\nDe adviesraad adviseert.\n"},
         "content/a/x.md:1", "error", "no front matter", "'---'", id="no-front-matter"),
    case({"a/x.md": "\n\n" + document()},
         "content/a/x.md:1", "error", "must start on the first line", "empty line", id="front-matter-not-on-line-1"),
    case({"a/x.md": "---\ntype: advies\ntitle: Advies\n\nDe adviesraad adviseert.\n"},
         "content/a/x.md:1", "error", "front matter is not closed", "'---'", id="unclosed-front-matter"),
    case({"a/x.md": document(title='"Advies over armoede')},
         "content/a/x.md:3", "error", "YAML syntax error", "quote is opened but not closed", id="yaml-open-quote"),
    case({"a/x.md": document(title="Advies: over armoede")},
         "content/a/x.md:3", "error", "YAML syntax error", "unexpected ':'", "between quotes", id="yaml-colon"),
    case({"a/x.md": document(topics="[armoede, mantelzorg")},
         "content/a/x.md:7", "error", "YAML syntax error", "'[' is not closed", id="yaml-open-bracket"),
    case({"a/x.md": document(summary="Eerste zin.\nTweede zin zonder inspringen.")},
         "content/a/x.md:9", "error", "YAML syntax error", "not a field 'name: value'", "indent",
         id="yaml-unindented-continuation"),
    case({"a/x.md": document().replace("\nfrom:", "\n\tfrom:")},
         "content/a/x.md:6", "error", "tab", "spaces", id="tab-indentation"),
    case({"a/x.md": document().replace("from: ", "from:\t")},
         "content/a/x.md:6", "error", "tab", "spaces", id="tab-after-colon"),
    case({"a/x.md": document(title="[Advies, over armoede]")},
         "content/a/x.md:3", "error", "'title' must be text", "list", id="title-is-a-list"),
    case({"a/x.md": document(topics="5")},
         "content/a/x.md:7", "error", "'topics' must be a list", "number", id="topics-is-a-number"),
    case({"a/x.md": document(topics="\n  - armoede\n  - 12")},
         "content/a/x.md:9", "error", "item 2 of 'topics'", "number", id="topics-item-is-a-number"),
    case({"a/x.md": document(type="\n  - advies")},
         "content/a/x.md:2", "error", "'type' must be one word", "advies, reactie", id="type-is-a-list"),
    case({"a/x.md": document(**{"from": None})},
         "content/a/x.md:1", "error", "required field 'from' is missing", "'from: ...'", id="missing-from"),
    case({"a/x.md": document(title=None, date=None)},
         "content/a/x.md:1", "error", "required fields 'title', 'date' are missing", id="missing-two-fields"),
    case({"a/x.md": document(title="")},
         "content/a/x.md:3", "error", "'title' is empty", id="empty-title"),
    case({"a/x.md": document(title="Advies", tittle="Advies")},
         "content/a/x.md:9", "warning", "unknown field 'tittle'", "did you mean 'title'?", id="unknown-field"),
    case({"a/x.md": document(title=None, tittle="Advies")},
         "content/a/x.md:8", "error", "unknown field 'tittle'", "'title' is missing", "did you mean 'title'?",
         id="misspelled-required-field"),
    case({"a/x.md": document(onderwerp="armoede")},
         "content/a/x.md:9", "warning", "unknown field 'onderwerp'", "known fields: type, title", id="unknown-field-no-match"),
    case({"a/x.md": document(title="Advies\ntitle: Nog een titel")},
         "content/a/x.md:4", "error", "'title' appears twice", id="field-twice"),
    case({"a/x.md": document(type="brief")},
         "content/a/x.md:2", "error", "unknown type 'brief'", "advies, reactie, vragen, antwoord, notitie",
         id="unknown-type"),
    case({"a/x.md": document(type="advise")},
         "content/a/x.md:2", "error", "unknown type 'advise'", "did you mean 'advies'?", "advies, reactie",
         id="misspelled-type"),
    case({"a/x.md": document(summary="!!python/object/apply:os.system [ls]")},
         "content/a/x.md:8", "error", "tags (!name) are not allowed", id="yaml-python-tag"),
    case({"a/x.md": document(summary="&s Samenvatting", to="*s")},
         "content/a/x.md:9", "error", "aliases", id="yaml-alias"),
    # Dates.
    case({"a/x.md": document(date="3 april 2017")},
         "content/a/x.md:4", "error", "not written as YYYY-MM-DD", "write it as 2017-04-03", id="date-in-words"),
    case({"a/x.md": document(date="03-04-2017")},
         "content/a/x.md:4", "error", "not written as YYYY-MM-DD", "write it as 2017-04-03", id="date-day-first"),
    case({"a/x.md": document(date="2017-02-30")},
         "content/a/x.md:4", "error", "date '2017-02-30' does not exist", id="impossible-date"),
    case({"a/x.md": document(date="")},
         "content/a/x.md:4", "error", "'date' is empty", "YYYY-MM-DD", id="empty-date"),
    case({"a/x.md": document(date="2999-01-01")},
         "content/a/x.md:4", "warning", "2999-01-01 is in the future", id="future-date"),
    # Municipalities.
    case({"a/x.md": document(municipality="Wijdmeren")},
         "content/a/x.md:5", "error", "unknown municipality 'Wijdmeren'", "did you mean 'Wijdemeren'?",
         id="unknown-municipality"),
    case({"a/x.md": document(municipality="\n  - Wijdemeren\n  - Hilversun")},
         "content/a/x.md:7", "error", "unknown municipality 'Hilversun'", "did you mean 'Hilversum'?",
         id="unknown-municipality-in-list"),
    case({"a/x.md": document(municipality="Bergen")},
         "content/a/x.md:5", "error", "'Bergen' is ambiguous", "'Bergen (L.)' or 'Bergen (NH.)'",
         id="ambiguous-municipality"),
    case({"a/x.md": document(municipality="Haren", date="2020-03-01")},
         "content/a/x.md:5", "warning", "'Haren' no longer existed on 2020-03-01", "merged into 'Groningen'",
         "use 'Groningen'", id="municipality-merged-away"),
    case({"a/x.md": document(municipality="Wijdemeren", date="2001-06-01")},
         "content/a/x.md:5", "warning", "'Wijdemeren' did not exist yet on 2001-06-01", "formed on 2002-01-01",
         "'Loosdrecht'", "'Nederhorst den Berg'", "\"'s-Graveland\"", id="municipality-not-yet-formed"),
    case({"a/x.md": document(municipality="De Friese Meren", date="2016-01-01")},
         "content/a/x.md:5", "warning", "renamed 'De Fryske Marren'", id="municipality-renamed"),
    # Topics.
    case({"a/x.md": document(topics="[armoede, mantelzrog]")},
         "content/a/x.md:7", "error", "unknown topic 'mantelzrog'", "did you mean 'mantelzorg'?",
         "armoede, mantelzorg, schuldhulpverlening", id="unknown-topic"),
    case({"a/x.md": document()}, "content/topics.yaml:1", "error", "topics.yaml is missing", "label",
         topics=None, id="topics-yaml-missing"),
    case({"a/x.md": document(), "topics.yaml": "armoede:\n  label: [Armoede en minima\n"},
         "content/topics.yaml:2", "error", "YAML syntax error", "'[' is not closed", id="topics-yaml-malformed"),
    case({"a/x.md": document(), "topics.yaml": "- armoede\n- mantelzorg\n"},
         "content/topics.yaml:1", "error", "'slug:' with a 'label:'", id="topics-yaml-is-a-list"),
    case({"a/x.md": document(), "topics.yaml": "armoede:\n  label: Armoede\nmantelzorg:\n  description: Zorg.\n"},
         "content/topics.yaml:3", "error", "topic 'mantelzorg' has no label", "label:", id="topic-without-label"),
    case({"a/x.md": document(), "topics.yaml": "armoede:\n  label: Armoede\nArmoede Twee:\n  label: B\n"},
         "content/topics.yaml:3", "error", "topic key 'Armoede Twee'", "use 'armoede-twee'", id="topic-bad-key"),
    case({"a/x.md": document(), "topics.yaml": b"armoede:\n  label: Armoede en minima\n  description: Caf\xe9\n"},
         "content/topics.yaml:3", "error", "not valid UTF-8", "save it as UTF-8", id="topics-yaml-not-utf8"),
    # Ids and links.
    case({"a/advies.md": document(), "b/advies.md": document()},
         "content/b/advies.md:1", "error", "id 'advies' is already used by content/a/advies.md",
         id="duplicate-id-from-file-names"),
    case({"a/een.md": document(id="advies"), "b/twee.md": document(id="advies")},
         "content/b/twee.md:9", "error", "id 'advies' is already used by content/a/een.md", id="duplicate-id-field"),
    case({"a/x.md": document(id="Advies_2017")},
         "content/a/x.md:9", "error", "id 'Advies_2017'", "a-z, 0-9 and '-'", "use 'advies-2017'", id="bad-id"),
    case({"a/Advies 2017.md": document()},
         "content/a/Advies 2017.md:1", "error", "'Advies 2017.md' cannot be used as id", "id: advies-2017",
         id="bad-file-name"),
    case({"a/advies-armoede.md": document(),
          "a/reactie.md": document(**REPLY, in_reply_to="advies-armoed")},
         "content/a/reactie.md:9", "error", "in_reply_to 'advies-armoed'", "no document has this id",
         "did you mean 'advies-armoede'?", id="reply-to-unknown-id"),
    case({"a/reactie.md": document(**REPLY, in_reply_to="reactie")},
         "content/a/reactie.md:9", "error", "in_reply_to points at the document itself", id="reply-to-itself"),
    case({"a/een.md": document(**REPLY, in_reply_to="twee"), "a/twee.md": document(**REPLY, in_reply_to="drie"),
          "a/drie.md": document(**REPLY, in_reply_to="een")},
         "content/a/drie.md:9", "error", "in_reply_to forms a circle: drie -> een -> twee -> drie",
         id="reply-cycle"),
    case({"a/x.md": document(responses="\n  - point: 1\n    outcome: overgenomen")},
         "content/a/x.md:9", "error", "type 'advies' cannot have responses", "reactie", id="responses-on-advies"),
    case({"a/advies.md": document(), "a/reactie.md": document(
        **REPLY, in_reply_to="advies", responses="\n  - point: 1\n    outcome: aangenomen")},
         "content/a/reactie.md:12", "error", "unknown outcome 'aangenomen'",
         "overgenomen, deels, toegezegd, niet-overgenomen, kennisgenomen", id="unknown-outcome"),
    case({"a/advies.md": document(), "a/reactie.md": document(
        **REPLY, in_reply_to="advies", responses="\n  - point: 1")},
         "content/a/reactie.md:11", "error", "no 'outcome'", id="response-without-outcome"),
    case({"a/advies.md": document(), "a/reactie.md": document(
        **REPLY, in_reply_to="advies", responses="\n  - point: [1, 2]\n    outcome: deels")},
         "content/a/reactie.md:11", "error", "point '[1, 2]' must be a number or a short label", id="point-is-a-list"),
    case({"a/advies.md": document(), "a/reactie.md": document(
        **REPLY, in_reply_to="advies", responses="\n  - point: " + "heel lang " * 6 + "\n    outcome: deels")},
         "content/a/reactie.md:11", "error", "must be a number or a short label", "at most 40", id="point-too-long"),
    # Attachments (lines: 9 'attachments:', 10 '- title', 11 'file').
    case({"a/x.md": document(attachments=ATTACHMENT.format("brief.pdf"))},
         "content/a/x.md:11", "error", "attachment 'brief.pdf' does not exist", id="attachment-missing"),
    case({"a/x.md": document(attachments=ATTACHMENT.format("bijlagen")), "a/bijlagen/brief.pdf": b"%PDF-1.4\n"},
         "content/a/x.md:11", "error", "attachment 'bijlagen' is a folder", id="attachment-is-a-folder"),
    case({"a/x.md": document(attachments=ATTACHMENT.format("../../etc/passwd"))},
         "content/a/x.md:11", "error", "'../../etc/passwd' lies outside content/", id="attachment-dot-dot"),
    case({"a/x.md": document(attachments=ATTACHMENT.format("/etc/passwd"))},
         "content/a/x.md:11", "error", "'/etc/passwd' lies outside content/", id="attachment-absolute"),
    # Encoding and other files.
    case({"a/x.md": document(body="Geacht college,\n\nHet caf\xe9 is dicht.\n").encode("cp1252")},
         "content/a/x.md:12", "error", "not valid UTF-8", "save it as UTF-8", id="not-utf8"),
    case({"a/x.md": document().encode("utf-16")},
         "content/a/x.md:1", "error", "not valid UTF-8", "save it as UTF-8", id="utf16"),
    case({"a/x.md": document(body="")},
         "content/a/x.md:10", "warning", "no text below the front matter", id="empty-body"),
    case({"a/x.md": document(summary=None)},
         "content/a/x.md:1", "warning", "no summary", id="no-summary"),
    case({"a/x.md": document(), "site.yaml": "title: Adviesarchief Wijdemeren\ntitel: Archief\n"},
         "content/site.yaml:2", "error", "unknown key 'titel' in site.yaml", "did you mean 'title'?",
         id="site-yaml-unknown-key"),
    case({"a/x.md": document(), "site.yaml": "title: Archief\nbase_url: www.example.org\n"},
         "content/site.yaml:2", "error", "base_url 'www.example.org' is not a web address", id="site-yaml-bad-url"),
]


def assert_one_problem(built: BuiltSite, where: str, level: str, words: tuple[str, ...]) -> None:
    """The run printed exactly one problem line, at `where`, of `level`, with every word."""
    assert "Traceback" not in built.stderr
    lines = built.lines()
    assert len(lines) == 1, built.stderr
    assert lines[0].startswith(f"{where}: {level}: "), lines[0]
    for word in words:
        assert word in lines[0], (word, lines[0])
    assert built.code == (1 if level == "error" else 0), built.stderr


@pytest.mark.parametrize("command", ["check", "build"])
@pytest.mark.parametrize(("files", "topics", "where", "level", "words"), CASES)
def test_bad_input_gives_one_precise_line(make_site, command: str, files: dict, topics: str | None,
                                          where: str, level: str, words: tuple[str, ...]) -> None:
    kwargs = {} if topics == "default" else {"topics": topics}
    built = make_site(files, command=command, **kwargs)
    assert_one_problem(built, where, level, words)
    if command == "build":
        assert built.site.is_dir() == (level == "warning")
    else:
        assert not built.site.exists()


@pytest.mark.parametrize("command", ["check", "build"])
def test_attachment_symlinked_out_of_content(make_site, tmp_path: Path, command: str) -> None:
    secret = tmp_path / "geheim.pdf"
    secret.write_bytes(b"%PDF-1.4 geheim\n")
    (tmp_path / "content" / "a").mkdir(parents=True)
    os.symlink(secret, tmp_path / "content" / "a" / "brief.pdf")
    built = make_site({"a/x.md": document(attachments=ATTACHMENT.format("brief.pdf"))}, command=command)
    assert_one_problem(built, "content/a/x.md:11", "error", ("'brief.pdf' is a link to a file outside content/",))


@pytest.mark.parametrize("command", ["check", "build"])
def test_bom_and_crlf_are_accepted_silently(make_site, command: str) -> None:
    text = document(title="Advies over armoede", body="Geacht college,\n\nHet café is dicht.\n")
    built = make_site({"a/x.md": b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")}, command=command)
    assert built.code == 0, built.stderr
    assert built.lines() == []
    if command == "build":
        page = built.read("documenten/x/index.html")
        assert "Advies over armoede" in page and "Het café is dicht." in page
        assert "\r" not in page


def test_valid_aliases_show_the_official_spelling(make_site) -> None:
    built = make_site({"a/x.md": document(municipality="[Den Haag, bergen (nh), Hengelo (O.), Sudwest Fryslan]")})
    assert built.code == 0 and built.lines() == [], built.stderr
    page = built.read("documenten/x/index.html")
    for name in ("&#39;s-Gravenhage", "Bergen (NH.)", "Hengelo", "Súdwest-Fryslân"):
        assert name in page, name


def test_all_problems_come_in_one_run_sorted_by_path_and_line(make_site) -> None:
    built = make_site({
        "b/y.md": document(date="3 april 2017", municipality="Wijdmeren"),
        "a/x.md": document(type="brief", topics="[armoe]", body=""),
        "site.yaml": "titel: X\n",
    }, command="check")
    assert built.code == 1
    assert "Traceback" not in built.stderr
    places = [line.split(": ")[0] for line in built.lines()]
    assert places == ["content/a/x.md:2", "content/a/x.md:7", "content/a/x.md:10",
                      "content/b/y.md:4", "content/b/y.md:5", "content/site.yaml:1"]


def test_failing_build_shows_warnings_too(make_site) -> None:
    built = make_site({"a/x.md": document(date="2999-01-01", municipality="Wijdmeren")})
    assert built.code == 1
    assert [line.split(": ")[1] for line in built.lines()] == ["warning", "error"]
    assert "1 error(s): nothing was written" in built.stderr


def test_reply_to_a_document_with_its_own_error_is_not_reported_twice(make_site) -> None:
    built = make_site({
        "a/advies.md": document(date="2017-02-30"),
        "a/reactie.md": document(**REPLY, in_reply_to="advies"),
    }, command="check")
    assert built.code == 1
    assert [line.split(": error: ")[0] for line in built.lines()] == ["content/a/advies.md:4"]


def test_broken_topics_yaml_does_not_flag_every_document(make_site) -> None:
    built = make_site({"a/x.md": document(), "b/y.md": document(topics="[mantelzorg]")}, topics=None,
                      command="check")
    assert [line.split(": ")[0] for line in built.lines()] == ["content/topics.yaml:1"]


def test_seed_archive_checks_clean(make_site) -> None:
    from conftest import SEED_CONTENT, run_cli

    code, stderr = run_cli(["check", "--content", str(SEED_CONTENT), "--strict"], SEED_CONTENT.parent)
    assert code == 0, stderr
    assert ": error: " not in stderr and ": warning: " not in stderr


def test_readme_error_table_quotes_real_messages(make_site, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Every message in the secretaries' table of common errors is one the build really prints."""
    import re

    from conftest import ROOT, TOPICS_YAML, run_cli

    readme = (ROOT / "README.md").read_text("utf-8")
    table = readme[readme.index("| melding (begin) |"):]
    quoted = re.findall(r"^\| `([^`]+)` \|", table[:table.index("\n\n")], re.MULTILINE)
    assert len(quoted) > 15
    printed: list[str] = []
    for param in CASES:
        files, topics, *_ = param.values
        root = tmp_path_factory.mktemp("case")
        (root / "content").mkdir()
        if topics == "default":
            (root / "content" / "topics.yaml").write_text(TOPICS_YAML, "utf-8")
        for name, data in files.items():
            path = root / "content" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        printed += run_cli(["check", "--content", "content", "-q"], root)[1].splitlines()
    for message in quoted:
        pattern = ".*".join(re.escape(part) for part in re.split(r"'?\.\.\.'?", message))
        assert any(re.search(pattern, line) for line in printed), message


def test_a_reply_dated_before_what_it_answers_is_a_warning(make_site) -> None:
    built = make_site({
        "a/advies.md": document(date="2020-05-01"),
        "a/reactie.md": document(type="reactie", title="Reactie", date="2020-04-01", in_reply_to="advies"),
    }, command="check")
    assert built.code == 0, built.stderr
    assert built.lines() == [
        "content/a/reactie.md:9: warning: this document (2020-04-01) is dated before 'advies' "
        "(2020-05-01), which it answers; check both dates"]
