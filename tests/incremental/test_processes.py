"""Work in forked processes (incremental/processes.py): a child's result, its failures, and what it leaves."""

from __future__ import annotations

import os
import signal
import time

import pytest

from adviesarchief.errors import ArchiveError
from adviesarchief.incremental import processes

SEEN: list[str] = []


def test_a_child_s_result_comes_back_and_its_changes_stay_there() -> None:
    def work() -> tuple[int, list[str]]:
        SEEN.append("in the child")
        return os.getpid(), list(SEEN)
    pid, seen = processes.in_child(work)
    assert pid != os.getpid() and seen == ["in the child"]
    assert SEEN == []  # the child's memory was its own


def test_a_child_s_exception_is_raised_here_with_its_traceback() -> None:
    def failing() -> None:
        raise ArchiveError("could not write the site", path="site/a.html", hint="free some space")
    with pytest.raises(ArchiveError, match="could not write the site") as raised:
        processes.in_child(failing)
    assert raised.value.path == "site/a.html"
    assert isinstance(raised.value.__cause__, processes.ChildTraceback)
    assert "in failing" in str(raised.value.__cause__)


def test_an_exception_that_does_not_pickle_comes_back_as_its_text() -> None:
    class Local(Exception):
        pass

    def failing() -> None:
        raise Local("a bug")
    with pytest.raises(RuntimeError, match="Local: a bug"):
        processes.in_child(failing)


def test_a_worker_stopped_by_the_pool_stops_its_child(tmp_path) -> None:
    marker = tmp_path / "child"
    pid = os.fork()
    if pid == 0:  # a pool worker, its child writing on
        try:
            def slow() -> None:
                marker.write_text(str(os.getpid()))
                time.sleep(60)
            processes.in_child(slow)
        finally:
            os._exit(0)
    for _ in range(500):
        if marker.exists() and marker.read_text():
            break
        time.sleep(0.01)
    child = int(marker.read_text())
    os.kill(pid, signal.SIGTERM)
    os.waitpid(pid, 0)
    for _ in range(500):
        if not _running(child):
            break
        time.sleep(0.01)
    else:
        pytest.fail("the worker's child ran on")


def _running(pid: int) -> bool:
    """Whether a process runs (a zombie, killed and not yet reaped by init, does not)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False
