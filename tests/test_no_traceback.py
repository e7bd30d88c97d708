"""Never a traceback from files or the command line: links in a loop, pipes, a port in use or out
of range and a .cache that is a file each get one line, and the old site is kept."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from conftest import document, run_cli, snapshot

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


def test_preview_answers_only_its_own_host(tmp_path: Path) -> None:
    """DNS rebinding: a page on another name that points to 127.0.0.1 gets no answer it can read."""
    import http.client
    import threading

    from adviesarchief.authoring import serve as preview

    (tmp_path / "index.html").write_text("<!doctype html><title>x</title><body>hallo</body>", "utf-8")
    handler = preview.functools.partial(preview.PreviewHandler, directory=str(tmp_path), state=preview.BuildState())
    server = preview.http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    try:
        def status(host: str, method: str = "GET") -> int:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection.request(method, "/", headers={"Host": host})
            code = connection.getresponse().status
            connection.close()
            return code
        assert status(f"127.0.0.1:{port}") == 200 and status(f"localhost:{port}") == 200 and status("LOCALHOST") == 200
        assert status(f"evil.example:{port}") == 421 and status("127.0.0.1.evil.example") == 421
        assert status(f"evil.example:{port}", "HEAD") == 421
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
def test_sigterm_and_sighup_end_the_build_like_ctrl_c(make_site, name: str) -> None:
    """A CI cancel or `timeout` (SIGTERM), a closed terminal (SIGHUP): the old site stays, no process is left."""
    import subprocess
    import sys
    import textwrap

    from conftest import ROOT

    built = make_site({"a/advies.md": document()})
    assert built.code == 0, built.stderr
    before = (built.site / "index.html").read_bytes()
    make_site({"a/advies.md": document(title="Advies over armoede, herzien")}, command="check")
    script = textwrap.dedent(f"""
        import os, signal, sys, time
        from adviesarchief import cli
        from adviesarchief.search import indexing as search
        def index_and_get_stopped(*arguments, **options):
            os.kill(os.getpid(), signal.{name})  # halfway through the build
            time.sleep(30)
        search._run_shards = index_and_get_stopped
        sys.exit(cli.main(["build", "--content", "content", "--output", "site"]))
    """)
    result = subprocess.run([sys.executable, "-c", script], cwd=built.root, env={**os.environ, "PYTHONPATH": str(ROOT)},
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 130, result.stderr
    assert "Traceback" not in result.stderr and "interrupted" in result.stderr
    assert (built.site / "index.html").read_bytes() == before
    assert not [p for p in built.root.iterdir() if p.name.startswith(".site.tmp-")]


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
@pytest.mark.parametrize("stage, task", [("parse", "workers._parse_task"), ("render", "rendering._render_task")])
def test_a_signal_while_workers_work_stops_them_and_frees_the_pipe(make_site, name: str, stage: str,
                                                                    task: str) -> None:
    """The signal reaches only the build (`timeout`, `docker stop`): its workers are stopped with it, so
    the caller reading the build's output sees its end at once, not when a worker is done."""
    import subprocess
    import sys
    import textwrap
    import time

    from conftest import ROOT

    built = make_site({f"a/advies-{n}.md": document(title=f"Advies {n}") for n in range(4)})
    assert built.code == 0, built.stderr
    before = snapshot(built.site)
    make_site({"a/advies-0.md": document(title="Advies 0, herzien")}, command="check")
    script = textwrap.dedent(f"""
        import os, signal, sys, time
        from adviesarchief import cli
        from adviesarchief.config import Tuning
        from adviesarchief.incremental import rendering, workers
        def work_and_get_stopped(*arguments):
            try:
                os.close(os.open("signalled", os.O_CREAT | os.O_EXCL))  # one signal, from the first worker
                os.kill(os.getppid(), signal.{name})  # the build is stopped while this worker works
            except FileExistsError:
                pass
            time.sleep(60)
        {task} = work_and_get_stopped
        os.cpu_count = lambda: 2  # a pool of two workers on any machine
        sys.exit(cli.main(["build", "--content", "content", "--output", "site"], tuning=Tuning(pool_min=1)))
    """)
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-c", script], cwd=built.root, env={**os.environ, "PYTHONPATH": str(ROOT)},
                            capture_output=True, text=True, timeout=50, check=False)
    assert time.monotonic() - started < 30  # the pipe closed long before the worker would have ended
    assert result.returncode == 130, result.stderr
    assert "Traceback" not in result.stderr and "interrupted" in result.stderr
    assert snapshot(built.site) == before
