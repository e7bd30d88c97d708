"""The deploy path of CI: a fresh clone (every file new to the machine) with .cache/ and site/
(and, on GitHub, the spare) restored from an earlier run. A restored cache, stale or damaged, may cost time, never
correctness: the site equals a cold build of the same content, byte for byte (Pagefind's unordered
files by name)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Callable

import pytest

from conftest import document
from test_cache import assert_same_site, build, cold, tree, write_content

LETTERS = {
    "gemeente-a/advies-armoede.md": document(title="Advies over armoede", date="2021-02-01"),
    "gemeente-a/reactie-armoede.md": document(
        type="reactie", in_reply_to="advies-armoede", title="Reactie op het advies over armoede",
        date="2021-04-01", responses="[{point: 1, outcome: deels}]"),
    "gemeente-b/advies-jeugd.md": document(title="Advies over jeugdzorg", municipality="Wijdemeren",
                                           date="2022-06-01", topics="[mantelzorg]"),
}
EDITED = "gemeente-b/advies-jeugd.md"


def truncate_every_file(cache: Path) -> None:
    for path in cache.rglob("*"):
        if path.is_file():
            path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def scramble_every_file(cache: Path) -> None:
    for path in cache.rglob("*"):
        if path.is_file():
            path.write_bytes(bytes(reversed(path.read_bytes())))


def keep(cache: Path) -> None:
    """A cache restored as it was saved."""


# What each recipe keeps: GitLab's zip archive .cache/ and site/, GitHub's tar archive the spare too.
GITLAB, GITHUB = (".cache", "site"), (".cache", "site", ".site.spare")


def save(work: Path, into: Path, names: tuple[str, ...]) -> None:
    """Copy what a recipe caches as actions/cache does: through a tar archive, hard links kept."""
    into.mkdir(exist_ok=True)
    archive = subprocess.run(["tar", "-C", str(work), "-cf", "-", *names], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-C", str(into), "-xf", "-"], input=archive, check=True)


@pytest.mark.parametrize("kept", [GITLAB, GITHUB], ids=["site", "site-and-spare"])
@pytest.mark.parametrize("damage", [keep, truncate_every_file, scramble_every_file])
def test_a_fresh_clone_with_a_restored_cache_builds_what_a_cold_build_builds(
        tmp_path: Path, damage: Callable[[Path], None], kept: tuple[str, ...]) -> None:
    # The first CI run: a clone, a build, and what the recipe caches saved.
    work, saved = tmp_path / "work", tmp_path / "saved"
    write_content(work, LETTERS)
    build(work)
    save(work, saved, kept)
    shutil.rmtree(work)
    # The next run: a new clone at the same place, with one letter edited, and the cache restored.
    edited = {**LETTERS, EDITED: LETTERS[EDITED].replace("Advies over jeugdzorg", "Advies over jeugdhulp")}
    write_content(work, edited)
    save(saved, work, kept)
    damage(work / ".cache")
    log = build(work)
    if damage is keep:
        # The restored spare is patched (not a page linked); without it, every page is linked from site/.
        patched = ".site.spare" in kept
        assert ("in the spare (" in log and " 0 in the spare" not in log) == patched, log
    # A cold build of the same content, elsewhere, with no cache at all.
    assert_same_site(tree(work / "site"), cold(tmp_path, edited, "cold"))
    assert "Advies over jeugdhulp" in (work / "site" / "documenten" / "advies-jeugd" / "index.html").read_text("utf-8")


def test_a_restored_cache_from_an_older_run_is_only_a_head_start(tmp_path: Path) -> None:
    """Saved two edits ago (a cache key that matched an older run): what changed since is built again."""
    work, saved = tmp_path / "work", tmp_path / "saved"
    write_content(work, LETTERS)
    build(work)
    shutil.copytree(work / ".cache", saved / ".cache")
    shutil.copytree(work / "site", saved / "site")
    newer = {**LETTERS, EDITED: LETTERS[EDITED].replace("2022-06-01", "2022-07-01")}
    write_content(work, newer)
    build(work)  # a run whose cache was never saved
    newest = {**newer, "gemeente-a/advies-armoede.md": LETTERS["gemeente-a/advies-armoede.md"].replace(
        "Advies over armoede", "Advies over bestaanszekerheid")}
    shutil.rmtree(work)
    write_content(work, newest)
    for name in (".cache", "site"):
        shutil.copytree(saved / name, work / name)
    build(work)
    assert_same_site(tree(work / "site"), cold(tmp_path, newest, "cold"))
