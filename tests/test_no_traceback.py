"""Never a traceback from files or the command line: links in a loop, pipes, a port in use or out
of range and a .cache that is a file each get one line, and the old site is kept."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from conftest import document, run_cli

LETTER = document(attachments="\n  - title: Brief\n    file: brief.pdf")


def one_error(stderr: str, start: str) -> None:
    assert "Traceback" not in stderr, stderr
    errors = [line for line in stderr.splitlines() if ": error: " in line or line.startswith("error: ")]
    assert len(errors) == 1 and errors[0].startswith(start), stderr


@pytest.mark.parametrize("name", ["a/lus.md", "a/brief.pdf"], ids=["letter", "attachment"])
def test_link_in_a_loop_is_one_line_and_the_old_site_stays(make_site, name: str) -> None:
    good = make_site({"a/advies.md": LETTER, "a/brief.pdf": b"%PDF-1.4\n"})
    assert good.code == 0, good.stderr
    index = good.read("index.html")
    loop = good.content / name
    loop.unlink(missing_ok=True)
    loop.symlink_to(loop.name)
    for command in ("check", "build"):
        built = make_site({}, command=command)
        assert built.code == 1
        one_error(built.stderr, f"content/{name}:1: error: this is a link that leads back to itself (a loop)")
    assert built.read("index.html") == index


@pytest.mark.parametrize("name", ["a/pijp.md", "a/brief.pdf"], ids=["letter", "attachment"])
def test_pipe_is_one_line_and_never_read(make_site, name: str) -> None:
    files = {"a/advies.md": LETTER} if name == "a/brief.pdf" else {"a/advies.md": document()}
    make_site(files, command="check")
    os.mkfifo(make_site({}, command="check").content / name)  # a read would wait forever
    built = make_site({})
    assert built.code == 1
    one_error(built.stderr, f"content/{name}:1: error: this is not a file but a pipe, socket or device")


def test_cache_that_is_a_file_is_one_line(make_site, tmp_path: Path) -> None:
    (tmp_path / ".cache").write_text("geen map\n", "utf-8")
    built = make_site({"a/advies.md": document()})
    assert built.code == 1
    one_error(built.stderr, "error: '.cache' is a file, not a folder")
    assert not built.site.exists()


def test_serve_on_a_port_in_use_is_one_line(make_site, tmp_path: Path) -> None:
    make_site({"a/advies.md": document()}, command="check")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, stderr = run_cli(["serve", "--content", "content", "--port", str(port)], tmp_path)
    assert code == 2
    one_error(stderr, f"error: cannot serve on port {port}: ")
    assert f"--port {port + 1}" in stderr
    assert not (tmp_path / "site").exists()  # said before building


@pytest.mark.parametrize("port", ["70000", "-1", "achtduizend"])
def test_serve_on_a_port_out_of_range_is_a_usage_error(tmp_path: Path, port: str) -> None:
    (tmp_path / "content").mkdir()
    code, stderr = run_cli(["serve", "--content", "content", "--port", port], tmp_path)
    assert code == 2 and "Traceback" not in stderr
    assert f"'{port}' is not a port" in stderr.splitlines()[-1]
