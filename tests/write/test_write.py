"""Atomic output: a build that fails or is interrupted leaves the old site/ byte for byte as it was,
and no staging or old folders behind."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Iterator

import pytest

from adviesarchief.incremental import rendering
from adviesarchief.search import indexing as search
from adviesarchief.write import site as write
from conftest import ROOT, BuiltSite, document, run_cli, snapshot

GOOD = {"a/advies.md": document(title="Advies over armoede"),
        "a/reactie.md": document(type="reactie", title="Reactie op armoede", in_reply_to="advies",
                                 date="2020-02-01", responses="[{point: 1, outcome: deels}]")}
CHANGED = {**GOOD, "a/advies.md": document(title="Advies over armoede, herzien")}


def leftovers(root: Path) -> list[str]:
    """Staging or old folders beside site/."""
    return sorted(p.name for p in root.iterdir() if p.name.startswith((".site.tmp-", ".site.old-")))


def break_rendering(monkeypatch: pytest.MonkeyPatch, exception: BaseException) -> None:
    """Make the build raise `exception` after it has written a few pages into the staging folder."""
    real_render = rendering._outputs_of

    def render_then_raise(*args: object) -> Iterator[object]:
        for count, page in enumerate(real_render(*args)):
            if count == 3:
                break
            yield page
        raise exception

    monkeypatch.setattr(rendering, "_outputs_of", render_then_raise)


@pytest.fixture
def old_site(make_site) -> tuple[BuiltSite, dict[str, bytes | None]]:
    """A published site and its snapshot."""
    built = make_site(GOOD)
    assert built.code == 0, built.stderr
    return built, snapshot(built.site)


def test_content_error_leaves_the_old_site(make_site, old_site) -> None:
    built, before = old_site
    failed = make_site({**CHANGED, "a/kapot.md": document(date="2017-02-30")})
    assert failed.code == 1
    assert "nothing was written" in failed.stderr
    assert snapshot(built.site) == before
    assert leftovers(built.root) == []


def test_failure_while_writing_pages_leaves_the_old_site(make_site, old_site, monkeypatch) -> None:
    built, before = old_site
    break_rendering(monkeypatch, OSError(28, "No space left on device", "documenten/advies/index.html"))
    failed = make_site(CHANGED)
    assert failed.code == 1
    assert "Traceback" not in failed.stderr
    assert "could not write the site: No space left on device" in failed.stderr
    assert snapshot(built.site) == before
    assert leftovers(built.root) == []


def test_failing_search_index_leaves_the_old_site(make_site, old_site, monkeypatch) -> None:
    built, before = old_site
    monkeypatch.setattr(search, "get_executable", lambda: "/bin/false")  # Pagefind exits 1
    failed = make_site(CHANGED)
    assert failed.code == 1
    assert "building the search index failed" in failed.stderr
    assert "Traceback" not in failed.stderr
    assert snapshot(built.site) == before
    assert leftovers(built.root) == []


def test_bug_while_rendering_shows_its_traceback_and_leaves_the_old_site(make_site, old_site, monkeypatch) -> None:
    built, before = old_site

    def broken(*args: object) -> Iterator[object]:
        raise ZeroDivisionError("a bug")
        yield

    monkeypatch.setattr(rendering, "_outputs_of", broken)
    with pytest.raises(ZeroDivisionError):
        make_site(CHANGED)
    assert snapshot(built.site) == before
    assert leftovers(built.root) == []


def test_ctrl_c_while_rendering_leaves_the_old_site(make_site, old_site, monkeypatch) -> None:
    built, before = old_site
    break_rendering(monkeypatch, KeyboardInterrupt())
    interrupted = make_site(CHANGED)
    assert interrupted.code == 130
    assert "interrupted" in interrupted.stderr
    assert "Traceback" not in interrupted.stderr
    assert snapshot(built.site) == before
    assert leftovers(built.root) == []


def run_build_with(root: Path, patch: str) -> subprocess.CompletedProcess[str]:
    """Run a real build in a child process after `patch` (Python) has set a trap in it."""
    script = textwrap.dedent("""
        import os, signal, sys, time
        from adviesarchief import cli
        from adviesarchief.search import indexing as search
        from adviesarchief.write import site as write
        # A shell that starts jobs in the background (as CI may) leaves SIGINT ignored in
        # them; a person at a terminal has Ctrl-C working, which is what these tests mimic.
        signal.signal(signal.SIGINT, signal.default_int_handler)
        {patch}
        sys.exit(cli.main(["build", "--content", "content", "--output", "site"]))
    """).format(patch=textwrap.indent(textwrap.dedent(patch), ""))
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", script], cwd=root, env=environment,
                          capture_output=True, text=True, timeout=120, check=False)


def test_sigint_while_indexing_leaves_the_old_site(make_site, old_site) -> None:
    built, before = old_site
    make_site(CHANGED, command="check")  # write the changed content without building
    result = run_build_with(built.root, """
        def index_and_get_interrupted(*arguments, **options):
            os.kill(os.getpid(), signal.SIGINT)  # a real Ctrl-C, halfway through the build
            time.sleep(30)
        search._run_shards = index_and_get_interrupted
    """)
    assert result.returncode == 130, result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(built.site) == before
    assert leftovers(built.root) == []


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "two-renames"])
def test_sigint_while_swapping_publishes_the_whole_new_site(make_site, old_site, exchange: bool) -> None:
    built, before = old_site
    make_site(CHANGED, command="check")
    # Ctrl-C arrives right after the first rename of the swap (site/ moved aside): the swap must still finish.
    result = run_build_with(built.root, f"""
        real_rename, real_exchange = os.rename, write._exchange
        def rename_then_interrupt(source, target):
            real_rename(source, target)
            if os.path.basename(source) == "site":
                os.kill(os.getpid(), signal.SIGINT)
        def exchange_then_interrupt(first, second):
            done = real_exchange(first, second)
            os.kill(os.getpid(), signal.SIGINT)
            return done
        if {exchange}:
            write._exchange = exchange_then_interrupt
        else:
            write._exchange = lambda first, second: False
            os.rename = rename_then_interrupt
    """)
    assert result.returncode == 130, result.stderr
    assert "Advies over armoede, herzien" in (built.site / "documenten/advies/index.html").read_text("utf-8")
    assert leftovers(built.root) == []
    # The whole new site, nothing missing: the same as an uninterrupted build of that content.
    code, stderr = run_cli(["build", "--content", "content", "--output", "reference"], built.root)
    assert code == 0, stderr
    without_index = lambda files: {k: v for k, v in files.items() if not k.startswith("pagefind/")}
    assert without_index(snapshot(built.site)) == without_index(snapshot(built.root / "reference"))
    assert (built.site / "pagefind/pagefind-entry.json").is_file()


def test_two_renames_fallback_replaces_the_site(make_site, old_site, monkeypatch) -> None:
    built, _ = old_site
    monkeypatch.setattr(write, "_exchange", lambda first, second: False)
    again = make_site(CHANGED)
    assert again.code == 0, again.stderr
    assert "herzien" in again.read("documenten/advies/index.html")
    assert leftovers(built.root) == []


def test_folders_of_killed_builds_are_removed(make_site, old_site) -> None:
    built, _ = old_site
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    for name in (f".site.tmp-{dead}-0000aaaa", f".site.old-{dead}-0000bbbb"):
        (built.root / name / "documenten").mkdir(parents=True)
    running = built.root / f".site.tmp-{os.getpid()}-0000cccc"  # this process: a build in progress
    running.mkdir()
    other = built.root / ".site.tmp-notes"  # not ours: left alone
    other.mkdir()
    assert make_site(CHANGED).code == 0
    assert leftovers(built.root) == sorted([running.name, other.name])


def test_published_site_is_readable_by_the_web_server(make_site) -> None:
    built = make_site(GOOD)
    mode = stat.S_IMODE(built.site.stat().st_mode)
    umask = os.umask(0)
    os.umask(umask)
    assert mode == 0o777 & ~umask  # not the private 0700 of a temporary folder
    built.site.chmod(0o750)
    again = make_site(CHANGED)
    assert again.code == 0
    assert stat.S_IMODE(again.site.stat().st_mode) == 0o750


def test_symlinked_output_stays_a_symlink(make_site, tmp_path: Path) -> None:
    target = tmp_path / "www" / "site"
    target.parent.mkdir()
    built = make_site(GOOD, args=["--output", "www/site"])
    assert built.code == 0
    (tmp_path / "site").symlink_to(target, target_is_directory=True)
    again = make_site(CHANGED)
    assert again.code == 0, again.stderr
    assert (tmp_path / "site").is_symlink()
    assert "herzien" in (target / "documenten/advies/index.html").read_text("utf-8")
    assert leftovers(target.parent) == []


def test_unwritable_output_is_one_line(make_site, tmp_path: Path) -> None:
    (tmp_path / "bestand").write_text("geen map\n", "utf-8")  # the output's parent is a file
    built = make_site(GOOD, args=["--output", "bestand/site"])
    assert built.code == 1
    assert "error: could not write the site: " in built.stderr
    assert "nothing was published" in built.stderr
    assert "Traceback" not in built.stderr
