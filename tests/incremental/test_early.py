"""The search index of letters whose text changed starts right after parsing (incremental/early.py).

It is a guess from the last build's outline; the build takes it only when it is exactly the run
it would start itself. Taken or not, the site must equal a cold build and the search must find
the letters as they are now.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
from pathlib import Path
from typing import Callable

import pytest

from adviesarchief.search import indexing
from adviesarchief.write import site as write_site
from conftest import document, query_pagefind, run_cli, serve_directory
from incremental.test_cache import FILES, TUNING, assert_rebuild_equals_cold, build, write_content

NEW_WORD = "kwispelstaart"


def with_new_word(files: dict[str, str]) -> dict[str, str]:
    """The files with a new word in the text of the 2020 advice (its front matter unchanged)."""
    name = "helmond/schulden-2020.md"
    return {**files, name: files[name].replace("Schulden voorkomen.", f"Schulden voorkomen, {NEW_WORD}.")}


def early_line(log: str) -> str:
    """The build's log lines about the early start and the index step."""
    return " | ".join(line for line in log.splitlines() if line.startswith(("early", "index ")))


def found(site: Path, term: str) -> list[str]:
    """The addresses the site's search finds for a word."""
    with serve_directory(site) as url:
        return sorted(r["url"] for r in query_pagefind(site, url, {"term": term})["results"])


def searched(site: Path) -> list[tuple[str, dict]]:
    """What the site's search shows of every letter (address and meta: title, date, status...)."""
    with serve_directory(site) as url:
        results = query_pagefind(site, url, {"term": None, "filters": {}})["results"]
    return sorted((r["url"], r["meta"]) for r in results)


def assert_search_equals_cold(root: Path) -> None:
    """The search of root's site shows every letter as the cold build beside it does (after assert_rebuild_equals_cold)."""
    assert searched(root / "site") == searched(root / "cold" / "site")


def test_an_edit_of_a_text_is_indexed_early_and_the_site_equals_a_cold_build(tmp_path: Path) -> None:
    write_content(tmp_path, FILES)
    build(tmp_path)
    assert "no letter edited" in early_line(build(tmp_path))
    edited = with_new_word(FILES)
    write_content(tmp_path, edited)
    log = build(tmp_path)
    assert "1 shard started" in early_line(log) and "started early" in early_line(log), log
    assert found(tmp_path / "site", NEW_WORD) == ["/documenten/schulden-2020/"]
    assert_rebuild_equals_cold(tmp_path, edited)
    assert_search_equals_cold(tmp_path)
    # And back: the word is gone from the search as well.
    write_content(tmp_path, FILES)
    log = build(tmp_path)
    assert "started early" in early_line(log), log
    assert found(tmp_path / "site", NEW_WORD) == []


def remove_published_bundle(root: Path) -> None:
    """Take the 2019 search bundle out of the published site and the spare (by hand): that shard must be indexed too."""
    for folder in ("site", ".site.spare"):
        shutil.rmtree(root / folder / "pagefind" / "2019")


def scramble_outline(root: Path) -> None:
    """Damage the outline the last build kept."""
    [path] = (root / ".cache" / "derived").glob("*/outline-*.marshal")
    path.write_bytes(path.read_bytes()[::-1])


def change_today(root: Path) -> None:
    """Move the archive's reference date: every letter waiting for a reply shows another status."""
    site_yaml = root / "content" / "site.yaml"
    text = site_yaml.read_text("utf-8") if site_yaml.exists() else ""
    site_yaml.write_text(text + "today: 2024-06-01\n", "utf-8")


# The 2021 advice a note: the 2020 advice is then the only letter whose status counts the days.
ONE_WAITING = {**FILES, "wijdemeren/mantelzorg-2021.md": document(title="Notitie over mantelzorg", type="notitie",
                                                                   date="2021-06-01", topics="[mantelzorg]")}


@pytest.mark.parametrize("before, expected", [
    (remove_published_bundle, "1 shard started"),  # guessed, but the build needs another shard too
    (scramble_outline, "no outline of the last build"),
    # Guessed, and the build needs that shard alone, but its records now show another status.
    (change_today, "1 shard started"),
], ids=["bundle-removed-by-hand", "outline-damaged", "status-changed"])
def test_a_guess_that_does_not_hold_is_not_taken(tmp_path: Path, before: Callable[[Path], None],
                                                  expected: str) -> None:
    write_content(tmp_path, ONE_WAITING)
    build(tmp_path)
    edited = with_new_word(ONE_WAITING)
    write_content(tmp_path, edited)
    before(tmp_path)
    files = edited
    if before is change_today:
        files = {**edited, "site.yaml": (tmp_path / "content" / "site.yaml").read_text("utf-8")}
    log = build(tmp_path)
    assert expected in early_line(log) and "started early" not in early_line(log), log
    if before is change_today:
        assert "1 to index" in early_line(log), log
    assert found(tmp_path / "site", NEW_WORD) == ["/documenten/schulden-2020/"]
    assert_rebuild_equals_cold(tmp_path, files)
    assert_search_equals_cold(tmp_path)


@pytest.mark.parametrize("edit, expected", [
    (lambda files: {**files, "helmond/schulden-2020.md": files["helmond/schulden-2020.md"].replace(
        "Advies over schulden", "Advies over schulden en armoede")}, "front matter edited"),
    (lambda files: {**files, "helmond/nieuw-2020.md": document(title="Nieuw advies", date="2020-03-03",
                                                                municipality="Helmond")}, "letters came or went"),
    (lambda files: {k: v for k, v in files.items() if k != "helmond/oud-2018.md"}, "letters came or went"),
], ids=["front-matter", "letter-added", "letter-removed"])
def test_other_edits_are_indexed_as_always(tmp_path: Path, edit: Callable[[dict[str, str]], dict[str, str]],
                                           expected: str) -> None:
    write_content(tmp_path, FILES)
    build(tmp_path)
    files = edit(FILES)
    write_content(tmp_path, files)
    log = build(tmp_path)
    assert expected in early_line(log) and "started early" not in early_line(log), log
    assert_rebuild_equals_cold(tmp_path, files)
    assert_search_equals_cold(tmp_path)


def work_folders(root: Path) -> set[str]:
    """The build's work folders: in memory (where there is such a folder) and beside the site."""
    memory = write_site.MEMORY_DIR
    in_memory = {f"memory/{name}" for name in os.listdir(memory)} if os.path.isdir(memory) else set()
    return in_memory | {path.name for path in root.iterdir() if path.name.startswith(".site.")}


def pagefind_running_for(folders: set[str]) -> list[str]:
    """The command lines of running Pagefind processes that work in one of these folders."""
    running = []
    for entry in os.listdir("/proc"):
        try:
            command = Path("/proc", entry, "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if "pagefind" in command and any(folder.removeprefix("memory/") in command for folder in folders):
            running.append(command)
    return running


@pytest.mark.parametrize("in_memory", [True, False], ids=["work-in-memory", "work-beside-the-site"])
def test_a_build_that_fails_after_the_early_start_stops_pagefind_and_keeps_the_site(
        tmp_path: Path, in_memory: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    # A memory folder of this test's own (or none): another test's build may use the real one meanwhile.
    memory = tmp_path / ("memory" if in_memory else "no-memory-folder")
    if in_memory:
        memory.mkdir()
    monkeypatch.setattr(write_site, "MEMORY_DIR", str(memory))
    write_content(tmp_path, FILES)
    build(tmp_path)
    site_before = {p: p.read_bytes() for p in (tmp_path / "site").rglob("*") if p.is_file()}
    work_before = work_folders(tmp_path)
    # The edited letter parses; the archive as a whole is refused: its text now holds a citizen
    # service number (BSN), which only the check of the whole archive reports.
    name = "helmond/schulden-2020.md"
    files = {**FILES, name: FILES[name].replace("Schulden voorkomen.", "Schulden voorkomen, BSN 123456782.")}
    write_content(tmp_path, files)
    started: list[set[str]] = []
    real_run_shards = indexing._run_shards

    def run_shards(*args, **kwargs):  # records which work folders the early run used
        started.append(work_folders(tmp_path) - work_before)
        return real_run_shards(*args, **kwargs)

    monkeypatch.setattr(indexing, "_run_shards", run_shards)
    code, log = run_cli(["build", "--content", "content", "--output", "site"], tmp_path, TUNING)
    assert code == 1, log
    assert "1 shard started" in early_line(log) and "citizen service number" in log, log
    assert started and started[0], "the early run made no work folder of its own"
    assert {p: p.read_bytes() for p in (tmp_path / "site").rglob("*") if p.is_file()} == site_before
    assert work_folders(tmp_path) <= work_before  # the early run's records and output are gone
    assert not pagefind_running_for(started[0])


def test_shards_with_more_letters_than_the_early_limit_are_indexed_as_always(tmp_path: Path) -> None:
    tuning = dataclasses.replace(TUNING, early_index_max=1)  # the 2019 shard holds the advice and its reply
    write_content(tmp_path, FILES)
    build(tmp_path, tuning)
    name = "wijdemeren/advies-armoede.md"
    files = {**FILES, name: FILES[name].replace("Meer inwoners bereiken.", f"Meer inwoners bereiken, {NEW_WORD}.")}
    write_content(tmp_path, files)
    log = build(tmp_path, tuning)
    assert "2 letters to index, too many to start early" in early_line(log), log
    assert found(tmp_path / "site", NEW_WORD) == ["/documenten/advies-armoede/"]
    assert_rebuild_equals_cold(tmp_path, files, tuning)
