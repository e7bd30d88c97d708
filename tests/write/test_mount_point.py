"""Publishing into a mount point (a Docker volume, a mounted web root): the folder itself cannot be
renamed, so its contents are swapped; a failure puts the old site back and says so truthfully.

Most tests pretend the output is a mount point (os.path.ismount, and renaming the folder itself
fails with EBUSY as it does on Linux); one mounts a real tmpfs in a user namespace where the
system allows it."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from adviesarchief.write import site as write
from conftest import ROOT, TOPICS_YAML, document, run_cli, snapshot

GOOD = {"a/advies.md": document(title="Advies over armoede"),
        "a/reactie.md": document(type="reactie", title="Reactie op armoede", in_reply_to="advies",
                                 date="2020-02-01", responses="[{point: 1, outcome: deels}]")}
CHANGED = {"a/advies.md": document(title="Advies over armoede, herzien"),
           "a/nieuw.md": document(title="Nieuw advies", date="2021-03-03")}


def leftovers(folder: Path) -> list[str]:
    """The build's own folders in or beside the output."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith((".site.tmp-", ".site.old-", ".site.spare")))


@pytest.fixture
def mount_point(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """tmp_path/site, made to behave as a mount point: it is one, and it cannot be renamed."""
    site = tmp_path / "site"
    site.mkdir()
    real_ismount, real_rename, real_exchange = os.path.ismount, os.rename, write._exchange

    def busy_if_site(*paths: object) -> None:
        if any(Path(p) == site for p in paths):
            raise OSError(errno.EBUSY, os.strerror(errno.EBUSY), str(site))

    def rename(first: object, second: object, **kwargs: object) -> None:
        busy_if_site(first, second)
        real_rename(first, second, **kwargs)

    def exchange(first: Path, second: Path) -> bool:
        busy_if_site(first, second)
        return real_exchange(first, second)

    monkeypatch.setattr(os.path, "ismount", lambda path: Path(path) == site or real_ismount(path))
    monkeypatch.setattr(os, "rename", rename)
    monkeypatch.setattr(write, "_exchange", exchange)
    return site


def cold_site(tmp_path: Path) -> dict[str, bytes | None]:
    """tmp_path's content built into an ordinary folder elsewhere."""
    root = tmp_path / "cold"
    shutil.copytree(tmp_path / "content", root / "content")
    code, stderr = run_cli(["build", "--content", "content", "--output", "site"], root)
    assert code == 0, stderr
    return without_index(snapshot(root / "site"))


def without_index(files: dict[str, bytes | None]) -> dict[str, bytes | None]:
    # Pagefind writes its filter files in hash-map order (README, "Reproducible output").
    return {path: data for path, data in files.items() if not path.startswith("pagefind/")}


def test_publishing_into_a_mount_point_swaps_its_contents(make_site, mount_point: Path, tmp_path: Path) -> None:
    folder = os.stat(mount_point).st_ino
    for files in (GOOD, {**GOOD, **CHANGED}):
        built = make_site(files)
        assert built.code == 0, built.stderr
        assert os.stat(mount_point).st_ino == folder  # the same folder, never renamed
        assert leftovers(mount_point) == [] and leftovers(tmp_path) == []
    assert "herzien" in built.read("documenten/advies/index.html")
    assert without_index(snapshot(mount_point)) == cold_site(tmp_path)


def test_a_fresh_disk_with_lost_and_found_is_accepted(make_site, mount_point: Path) -> None:
    (mount_point / "lost+found").mkdir()
    built = make_site(GOOD)
    assert built.code == 0, built.stderr
    assert (mount_point / "lost+found").is_dir()  # the disk's own: left alone
    assert (mount_point / "index.html").is_file()


def fail_swap_step(monkeypatch: pytest.MonkeyPatch, at: int, *, undo_fails: bool = False) -> None:
    """Make the contents swap fail at its `at`th move (and, with undo_fails, every move after it)."""
    real_rename, count = os.rename, [0]

    def rename(first: object, second: object, **kwargs: object) -> None:
        if ".site.tmp-" in str(first) or ".site.old-" in str(second) or ".site.old-" in str(first):
            count[0] += 1
            if count[0] == at or (undo_fails and count[0] > at):
                raise OSError(errno.EIO, os.strerror(errno.EIO), str(first))
        real_rename(first, second, **kwargs)

    monkeypatch.setattr(os, "rename", rename)
    monkeypatch.setattr(write, "_exchange", lambda first, second: False)  # every step a rename


def test_a_failure_in_the_middle_of_the_swap_puts_the_old_site_back(make_site, mount_point: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    assert make_site(GOOD).code == 0
    before = snapshot(mount_point)
    fail_swap_step(monkeypatch, at=5)
    failed = make_site(CHANGED)
    assert failed.code == 1
    assert "error: could not write the site: Input/output error" in failed.stderr
    assert "nothing was published; site/ is as it was" in failed.stderr
    assert "Traceback" not in failed.stderr
    assert snapshot(mount_point) == before
    assert leftovers(mount_point) == []


def test_a_swap_that_cannot_be_undone_never_claims_the_site_is_as_it_was(make_site, mount_point: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    assert make_site(GOOD).code == 0
    fail_swap_step(monkeypatch, at=5, undo_fails=True)
    failed = make_site(CHANGED)
    assert failed.code == 1
    assert "as it was" not in failed.stderr
    assert "site/ now holds part of the new site and part of the old one: build again" in failed.stderr
    assert "Traceback" not in failed.stderr


REAL_MOUNT = textwrap.dedent("""
    import subprocess, sys
    subprocess.run(["mount", "-t", "tmpfs", "tmpfs", "site"], check=True)
    for step in ("eerst", "daarna"):
        with open("content/a/advies.md", "a", encoding="utf-8") as letter:
            letter.write(step + "\\n")
        subprocess.run([sys.executable, "-m", "adviesarchief", "build", "--content", "content", "--output", "site",
                        "-q"], check=True)
    print(open("site/documenten/advies/index.html", encoding="utf-8").read().count("daarna"))
""")


def test_a_real_mount_point(tmp_path: Path) -> None:
    if not shutil.which("unshare") or subprocess.run(["unshare", "-rm", "true"], capture_output=True).returncode:
        pytest.skip("this system does not let a test mount a folder (no user namespaces)")
    (tmp_path / "content" / "a").mkdir(parents=True)
    for name, text in GOOD.items():
        (tmp_path / "content" / name).write_text(text, "utf-8")
    (tmp_path / "content" / "topics.yaml").write_text(TOPICS_YAML, "utf-8")
    (tmp_path / "site").mkdir()
    done = subprocess.run(["unshare", "-rm", sys.executable, "-c", REAL_MOUNT], cwd=tmp_path, capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "1"
    assert leftovers(tmp_path) == []
