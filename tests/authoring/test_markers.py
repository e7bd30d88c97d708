"""Review markers: every '# CONTROLEER' comment `import` wrote is a warning until it is removed."""

from __future__ import annotations

from pathlib import Path

from adviesarchief.validate.markers import find_review_markers
from test_letter import SEEDS, import_into


def test_every_marker_is_a_warning_with_its_line() -> None:
    text = ("---\ntype: advies  # CONTROLEER: gegokt uit de ondertekening\ntitle: Advies\n"
            "responses:\n  - point: 1\n    outcome:  # CONTROLEER: kies overgenomen | deels\n"
            "# CONTROLEER: deze regels leken briefhoofd\n#|  Postbus 41\n---\nTekst.\n")
    problems = [p.format() for p in find_review_markers("content/a.md", text)]
    assert problems == [
        "content/a.md:2: warning: 'type' is still marked for review (gegokt uit de ondertekening); "
        "check the value, then remove the '# CONTROLEER' comment",
        "content/a.md:6: warning: 'outcome' is still marked for review (kies overgenomen | deels); "
        "check the value, then remove the '# CONTROLEER' comment",
        "content/a.md:7: warning: a review marker is left (deze regels leken briefhoofd); "
        "check the value, then remove the '# CONTROLEER' comment",
    ]


def test_a_reviewed_file_has_no_markers() -> None:
    text = "---\ntype: advies  # gecontroleerd\ntitle: Controleer de cijfers\n---\nWij controleerden alles.\n"
    assert find_review_markers("content/a.md", text) == []


def test_every_guess_of_an_imported_draft_is_found(tmp_path: Path) -> None:
    code, _, written = import_into(tmp_path, next(SEEDS.glob("001_*.txt")))
    assert code == 0
    text = written[0].read_text("utf-8")
    found = find_review_markers("x.md", text)
    assert len(found) == text.count("# CONTROLEER") >= 7
    assert all(p.level == "warning" for p in found)


def test_check_warns_on_every_marker_left_and_strict_refuses_them(make_site) -> None:
    from conftest import document

    text = document(type="'advies'  # CONTROLEER: soort geraden uit de afzender")
    built = make_site({"a/advies.md": text}, command="check")
    assert built.code == 0, built.stderr
    assert built.lines("warning") == [
        "content/a/advies.md:2: warning: 'type' is still marked for review (soort geraden uit de afzender); "
        "check the value, then remove the '# CONTROLEER' comment"]
    strict = make_site({"a/advies.md": text}, command="check", args=["--strict"])
    assert strict.code == 1


def test_a_marked_value_that_is_wrong_gets_one_line_not_two(make_site) -> None:
    from conftest import document

    text = document(type="'adviesje'  # CONTROLEER: soort geraden")
    built = make_site({"a/advies.md": text}, command="check")
    assert built.code == 1
    assert [line.split(": ")[0] for line in built.lines()] == ["content/a/advies.md:2"]
    assert "unknown type 'adviesje'" in built.lines()[0]
