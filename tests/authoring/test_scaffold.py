"""`new`: a pre-filled document in the right folder that passes check once topics are filled in."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from conftest import TOPICS_YAML, document, run_cli


def start(tmp_path: Path, files: dict[str, str] | None = None) -> Path:
    content = tmp_path / "content"
    content.mkdir()
    (content / "topics.yaml").write_text(TOPICS_YAML, "utf-8")
    for name, text in (files or {}).items():
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_text(text, "utf-8")
    return content


def new(tmp_path: Path, *args: str) -> tuple[int, str, str]:
    import contextlib
    import io

    stdout = io.StringIO()
    with contextlib.redirect_stdout(stdout):
        code, stderr = run_cli(["new", *args, "--content", "content"], tmp_path)
    return code, stdout.getvalue(), stderr


@pytest.mark.parametrize("doc_type", ["advies", "reactie", "vragen", "antwoord", "notitie"])
def test_new_file_passes_check_once_a_topic_is_filled_in(tmp_path: Path, doc_type: str) -> None:
    content = start(tmp_path)
    code, stdout, stderr = new(tmp_path, doc_type, "--municipality", "súdwest-fryslân",
                               "--title", "Advies over de Wmo: huishoudelijke hulp")
    assert code == 0, stderr
    year = date.today().year
    kind = f"-{doc_type}" if doc_type in ("reactie", "vragen", "antwoord") else ""
    path = f"content/sudwest-fryslan/sudwest-fryslan-{year}{kind}-wmo-huishoudelijke-hulp.md"
    assert stdout.strip() == path
    text = (tmp_path / path).read_text("utf-8")
    assert f"date: {date.today().isoformat()}" in text
    assert "municipality: Súdwest-Fryslân" in text
    assert 'title: "Advies over de Wmo: huishoudelijke hulp"' in text
    for optional in ("# reference:", "# in_reply_to:", "# summary:", "# attachments:"):
        assert optional in text
    # Before the topics are filled in, check says exactly what to do.
    errors = [line for line in stderr.splitlines() if ": error: " in line]
    expected = [f"{path}:8: error: 'topics' is empty; name at least one topic from topics.yaml: "
                "armoede, mantelzorg, schuldhulpverlening"]
    if doc_type in ("advies", "vragen", "notitie"):  # who wrote it cannot be known yet
        expected.insert(0, f"{path}:6: error: 'from' is empty; fill in who wrote the letter")
    assert errors == expected
    filled = text.replace("topics: []", "topics: [armoede]")
    filled = filled.replace("from:  ", "from: Adviesraad Sociaal Domein Súdwest-Fryslân  ")
    (tmp_path / path).write_text(filled + "De tekst van de brief.\n", "utf-8")
    code, stderr = run_cli(["check", "--content", "content"], tmp_path)
    assert code == 0, stderr
    assert content.is_dir()


def test_new_reuses_the_parties_of_earlier_letters(tmp_path: Path) -> None:
    start(tmp_path, {"w/a.md": document(**{"from": "Adviesraad Sociaal Domein Wijdemeren",
                                           "to": "College van B en W van Wijdemeren"})})
    code, stdout, stderr = new(tmp_path, "advies", "--municipality", "Wijdemeren", "--title", "Advies over mantelzorg")
    assert code == 0, stderr
    text = (tmp_path / stdout.strip()).read_text("utf-8")
    assert "from: Adviesraad Sociaal Domein Wijdemeren\n" in text
    assert "to: College van B en W van Wijdemeren\n" in text


def test_new_picks_a_free_id(tmp_path: Path) -> None:
    start(tmp_path)
    first = new(tmp_path, "advies", "--municipality", "Wijdemeren", "--title", "Advies over mantelzorg")[1].strip()
    second = new(tmp_path, "advies", "--municipality", "Wijdemeren", "--title", "Advies over mantelzorg")[1].strip()
    assert second == first[:-3] + "-2.md"


@pytest.mark.parametrize(("args", "message"), [
    (["advise", "--municipality", "Wijdemeren", "--title", "x"],
     "build.py new: error: unknown type 'advise'; did you mean 'advies'?; use one of: advies, reactie, vragen, antwoord, notitie"),
    (["advies", "--municipality", "Wijdmeren", "--title", "x"],
     "build.py new: error: unknown municipality 'Wijdmeren'; did you mean 'Wijdemeren'?"),
    (["advies", "--municipality", "Bergen", "--title", "x"],
     "build.py new: error: municipality 'Bergen' is ambiguous; write 'Bergen (L.)' or 'Bergen (NH.)'"),
    (["advies", "--municipality", "Wijdemeren", "--title", "x", "--date", "3 april 2020"],
     "build.py new: error: argument --date: '3 april 2020' is not a date like 2017-04-03"),
    (["advies", "--municipality", "Atlantis", "--title", "x"],
     "build.py new: error: unknown municipality 'Atlantis'; use the name as the CBS lists it"),
    (["advies", "--municipality", "Wijdemeren", "--title", " "],
     "build.py new: error: the title is empty; give it with --title \"...\""),
])
def test_new_refuses_unknown_names(tmp_path: Path, args: list[str], message: str) -> None:
    content = start(tmp_path)
    code, stdout, stderr = new(tmp_path, *args)
    assert code == 2
    assert stderr.strip().splitlines()[-1] == message
    assert sorted(p.name for p in content.rglob("*")) == ["topics.yaml"]


def test_new_takes_the_date_of_the_letter(tmp_path: Path) -> None:
    start(tmp_path)
    code, stdout, stderr = new(tmp_path, "reactie", "--municipality", "Montfoort", "--title",
                               "Reactie op het advies over armoede", "--date", "2020-07-07")
    assert code == 0, stderr
    assert stdout.strip() == "content/montfoort/montfoort-2020-reactie-armoede.md"
    assert "date: 2020-07-07 " in (tmp_path / stdout.strip()).read_text("utf-8")


def test_what_builds_leave_beside_the_site_is_ignored_by_git(tmp_path: Path) -> None:
    import shutil
    import subprocess

    from conftest import ROOT

    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    shutil.copy(ROOT / ".gitignore", tmp_path / ".gitignore")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    paths = [".site.spare/index.html", "public/.public.spare/index.html", ".cache/parse.db",
             "content/.cache/x", "site/index.html"]
    ignored = subprocess.run(["git", "check-ignore", *paths], cwd=tmp_path, capture_output=True, text=True).stdout
    assert ignored.split() == paths
    kept = subprocess.run(["git", "check-ignore", "content/montfoort/brief.md"], cwd=tmp_path,
                          capture_output=True, text=True)
    assert kept.returncode == 1
