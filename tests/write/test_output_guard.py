"""The output folder is the tool's alone: an output that would replace the letters, the working
folder or someone else's files is refused before anything is written, in one line with the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from adviesarchief.write.guard import MARKER
from conftest import document, run_cli

LETTER = {"a/advies.md": document(title="Advies over armoede")}


def files_under(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def refused(built, before: dict[str, bytes], folder: Path) -> None:
    """The build failed in one line naming the fix, and wrote nothing into folder."""
    lines = built.stderr.strip().splitlines()
    assert built.code == 1, built.stderr
    assert lines and lines[-1].startswith("error: ") and "--output site" in lines[-1], built.stderr
    assert "Traceback" not in built.stderr and "as it was" not in built.stderr
    assert files_under(folder) == before


@pytest.mark.parametrize("output", ["content", "content/site", ".", "", "..", "./content/../"])
def test_output_that_is_in_or_holds_the_content_or_working_folder_is_refused(make_site, output: str) -> None:
    built = make_site(LETTER, command="check")
    before = files_under(built.root)
    built = make_site({}, args=["--output", output])
    refused(built, before, built.root)
    assert not (built.root / ".cache").exists()  # nothing written, not even the cache


def test_output_that_is_a_file_is_refused(make_site) -> None:
    root = make_site(LETTER, command="check").root
    (root / "notities.txt").write_text("mijn notities\n", "utf-8")
    before = files_under(root)
    refused(make_site({}, args=["--output", "notities.txt"]), before, root)


def test_folder_of_other_files_is_refused(make_site) -> None:
    root = make_site(LETTER, command="check").root
    (root / "docs").mkdir()
    (root / "docs" / "handleiding.md").write_text("# Handleiding\n", "utf-8")
    before = files_under(root)
    refused(make_site({}, args=["--output", "docs"]), before, root)


def test_symlink_to_the_content_folder_is_refused(make_site) -> None:
    root = make_site(LETTER, command="check").root
    (root / "link").symlink_to(root / "content")
    before = files_under(root / "content")
    refused(make_site({}, args=["--output", "link"]), before, root / "content")


def test_published_site_carries_the_marker_and_is_replaced_again(make_site) -> None:
    built = make_site(LETTER)
    assert built.code == 0, built.stderr
    assert (built.site / MARKER).is_file()
    again = make_site({"a/advies.md": document(title="Advies over armoede, herzien")})
    assert again.code == 0, again.stderr
    assert "herzien" in again.read("documenten/advies/index.html")
    assert (again.site / MARKER).is_file()


def test_empty_folder_is_accepted(make_site, tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    assert make_site(LETTER).code == 0


def test_site_of_an_older_version_without_marker_is_accepted(make_site) -> None:
    """index.html, pagefind/ and documenten/: the layout every published site has always had."""
    built = make_site(LETTER)
    (built.site / MARKER).unlink()
    again = make_site(LETTER)
    assert again.code == 0, again.stderr
    (again.site / MARKER).unlink()
    (again.site / "pagefind").rename(again.root / "elders")  # no longer the layout of a site
    assert make_site(LETTER).code == 1


def test_empty_output_is_refused_by_the_command_line(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "bewaar.md").write_text("bewaar mij\n", "utf-8")
    code, stderr = run_cli(["build", "--content", "content", "--output", ""], tmp_path)
    assert code == 1 and "--output site" in stderr and "Traceback" not in stderr
    assert (tmp_path / "content" / "bewaar.md").read_text("utf-8") == "bewaar mij\n"
