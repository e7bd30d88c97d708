"""The spare: listed on the other core, pruned to what the new site keeps (see incremental/spare.py)."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from adviesarchief.incremental import spare
from conftest import snapshot


@pytest.mark.parametrize("parallel", [True, False], ids=["listed-by-a-child", "listed-here"])
def test_a_pruned_spare_keeps_what_is_kept_and_loses_the_rest(tmp_path: Path, parallel: bool) -> None:
    folder = tmp_path / "spare"
    files = ["index.html", "documenten/a/index.html", "documenten/a/brief.pdf", "documenten/b/index.html",
             "verificatie-123.html", "leeg/diep/x.txt", "pagefind/pagefind-entry.json", "pagefind/2019/x.pf"]
    for name in files:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(name, "utf-8")
    (folder / "lege-map").mkdir()
    os.symlink("/etc", folder / "link")
    os.symlink(folder / "index.html", folder / "documenten" / "a" / "kopie.html")
    with spare.FolderListing(folder, "pagefind", parallel=parallel) as listing:
        found = listing.result()
    # The search index is left out: the search stage keeps it bundle by bundle.
    assert sorted(found.files) == sorted(name for name in files if not name.startswith("pagefind/"))
    assert sorted(found.links) == ["documenten/a/kopie.html", "link"]
    assert found.folders.index("documenten") < found.folders.index("documenten/a")  # a folder before what it holds
    # A link is never trusted, even where a kept file belongs (it would be published as it points).
    keep = {"index.html", "documenten/a/index.html", "documenten/a/kopie.html", "documenten/c/index.html"}
    held = spare.prune_spare(folder, keep, found)
    assert held == {"index.html", "documenten/a/index.html"}  # c is not there: it is written again
    assert snapshot(folder) == {
        "documenten": None, "documenten/a": None, "documenten/a/index.html": b"documenten/a/index.html",
        "index.html": b"index.html", "pagefind": None, "pagefind/2019": None,
        "pagefind/2019/x.pf": b"pagefind/2019/x.pf", "pagefind/pagefind-entry.json": b"pagefind/pagefind-entry.json"}
    assert (Path("/etc")).is_dir()  # a link is removed, not what it points at


def test_a_listing_given_up_leaves_no_child_behind(tmp_path: Path) -> None:
    # The build fails before it prunes: the child (blocked writing a listing larger than the
    # pipe holds, so it would never end by itself) is stopped and waited for.
    for number in range(3000):
        (tmp_path / f"map-{number:04d}").mkdir()
        (tmp_path / f"map-{number:04d}" / "index.html").write_bytes(b"")
    listing = spare.FolderListing(tmp_path)
    child = listing._child
    assert child is not None
    time.sleep(0.5)
    assert child.is_alive()  # waiting for its listing to be read
    listing.close()
    assert not child.is_alive() and child.exitcode == -signal.SIGTERM
    listing.close()  # twice is harmless
