"""Shared fixtures: build small test sites and the seed site, serve them on loopback."""

from __future__ import annotations

import contextlib
import functools
import http.server
import io
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Iterator

import pytest

from adviesarchief.cli import main
from adviesarchief.config import Tuning

ROOT = Path(__file__).resolve().parent.parent
SEED_CONTENT = ROOT / "content"
QUERY_SCRIPT = ROOT / "tests" / "js" / "query.mjs"

TOPICS_YAML = """\
armoede:
  label: Armoede en minima
  description: Hulp aan mensen met weinig geld.
schuldhulpverlening:
  label: Schuldhulpverlening
mantelzorg:
  label: Mantelzorg
"""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Under `pytest -n --dist loadgroup`: a test file runs in one worker, so its fixtures are built once.

    The tests of the 10,000-letter archive (a minute to build) share one worker, whatever their file.
    """
    for item in items:
        uses_10k = "benchmark_site_10k" in getattr(item, "fixturenames", ())
        item.add_marker(pytest.mark.xdist_group("benchmark-10k" if uses_10k else str(item.path.relative_to(ROOT))))


def document(**fields: object) -> str:
    """Write a document file from fields (values as YAML text) and an optional body."""
    body = str(fields.pop("body", "De adviesraad geeft dit advies.\n"))
    defaults = {
        "type": "advies",
        "title": "Advies over armoede",
        "date": "2020-01-15",
        "municipality": "Wijdemeren",
        "from": "Adviesraad Sociaal Domein Wijdemeren",
        "topics": "[armoede]",
        "summary": "Een korte samenvatting.",
    }
    defaults.update({k: v for k, v in fields.items() if v is not None})
    for key in [k for k, v in fields.items() if v is None]:
        defaults.pop(key, None)
    lines = "".join(f"{key}: {value}\n" for key, value in defaults.items())
    return f"---\n{lines}---\n{body}"


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file (with its bytes) and every folder (None) under a folder."""
    return {p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else None)
            for p in sorted(folder.rglob("*"))}


@dataclass
class BuiltSite:
    """The outcome of one run of the command line on a test content folder."""

    root: Path
    content: Path
    site: Path
    code: int
    stderr: str

    def read(self, path: str) -> str:
        """Read a file of the built site as text."""
        return (self.site / path).read_text("utf-8")

    def lines(self, level: str = "") -> list[str]:
        """The problem lines on stderr, optionally only those of one level."""
        return [line for line in self.stderr.splitlines()
                if ": error: " in line or ": warning: " in line
                if not level or f": {level}: " in line]


def run_cli(args: list[str], cwd: Path, tuning: Tuning | None = None) -> tuple[int, str]:
    """Run the CLI in-process from a working directory (with these tuning knobs); return exit code and stderr."""
    stderr = io.StringIO()
    with contextlib.chdir(cwd), contextlib.redirect_stderr(stderr):
        try:
            code = main(args, tuning=tuning)
        except SystemExit as exit_:
            code = int(exit_.code or 0)
    return code, stderr.getvalue()


@pytest.fixture
def make_site(tmp_path: Path):
    """Return a function that writes content files and runs a command (default: build)."""

    def make(files: dict[str, str | bytes], *, command: str = "build", args: list[str] | None = None,
             topics: str | None = TOPICS_YAML, tuning: Tuning | None = None) -> BuiltSite:
        content = tmp_path / "content"
        content.mkdir(exist_ok=True)
        if topics is not None and "topics.yaml" not in files:
            (content / "topics.yaml").write_text(topics, "utf-8")
        for name, data in files.items():
            path = content / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(data, bytes):
                path.write_bytes(data)
            else:
                path.write_text(data, "utf-8")
        argv = [command, "--content", "content", *(args or [])]
        if command == "build" and "--output" not in (args or []):
            argv += ["--output", "site"]
        code, stderr = run_cli(argv, tmp_path, tuning)
        return BuiltSite(tmp_path, content, tmp_path / "site", code, stderr)

    return make


def build_content(root: Path, files: dict[str, str], tuning: Tuning | None = None) -> Path:
    """Write content files (and TOPICS_YAML) under root, build them; return the site folder.

    For module-scoped fixtures, which cannot use the function-scoped make_site.
    """
    (root / "content").mkdir()
    (root / "content" / "topics.yaml").write_text(TOPICS_YAML, "utf-8")
    for name, text in files.items():
        path = root / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    code, stderr = run_cli(["build", "--content", "content", "--output", "site"], root, tuning)
    assert code == 0, stderr
    return root / "site"


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The seed archive, built once per test session."""
    root = tmp_path_factory.mktemp("seed")
    shutil.copytree(SEED_CONTENT, root / "content")
    code, stderr = run_cli(["build", "--content", "content", "--output", "site"], root)
    assert code == 0, stderr
    return BuiltSite(root, root / "content", root / "site", code, stderr)


@pytest.fixture(scope="session")
def benchmark_site_10k(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The benchmark's generated archive of 10,000 letters (seed 1), built once per test session.

    Its letters have the benchmark's front matter (so the same listings, filters and shards) but
    short texts: no test of it reads them, and the long ones cost CI half a minute.
    """
    from benchmarks.generate import generate

    root = tmp_path_factory.mktemp("benchmark-10k")
    generate(10_000, root / "content", seed=1, words=(60, 200))
    code, stderr = run_cli(["build", "--content", "content", "--output", "site", "-q"], root)
    assert code == 0, stderr
    return root / "site"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files like a static host: unknown paths get the site's 404.html with status 404."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


class _LoopbackServer(http.server.ThreadingHTTPServer):
    # The search client fetches a shard's chunks all at once; with the default backlog of 5 the
    # kernel drops connections beyond it and they hang until TCP retransmits (seconds to minutes).
    request_queue_size = 128

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A page the browser leaves mid-download (a search replaced by the next) drops its connections: no error."""
        if isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            return
        super().handle_error(request, client_address)


@contextlib.contextmanager
def serve_directory(directory: Path) -> Iterator[str]:
    """Serve a folder on 127.0.0.1 on a free port; yield its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = _LoopbackServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


# Five years of four letters each, in a search index of two letters a shard; the search page
# first searches three letters (two shards: all of 2022).
SHARDED_YEARS = range(2018, 2023)
SHARDED_DOCUMENTS = {
    f"j{year}/brief-{year}-{month:02}.md": document(
        title=f"Brief {year}-{month:02}", date=f"{year}-{month:02}-10",
        municipality="Helmond" if month in (3, 8) else "Wijdemeren",
        body=f"Over de wijkzorg in {year}." + (" Een heel oude brief." if year == 2018 else "") + "\n")
    for year in SHARDED_YEARS for month in (3, 5, 8, 11)
}


@pytest.fixture(scope="session")
def sharded_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """SHARDED_DOCUMENTS built with tiny search shards and served: (site folder, base URL)."""
    site = build_content(tmp_path_factory.mktemp("sharded"), SHARDED_DOCUMENTS,
                         Tuning(single_index_max=2, shard_max=2, first_search_documents=4))
    with serve_directory(site) as url:
        yield site, url


@pytest.fixture(scope="session")
def seed_server(seed_site: BuiltSite) -> Iterator[str]:
    """The seed site served on loopback."""
    with serve_directory(seed_site.site) as url:
        yield url


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium driven by Playwright; fails (never skips) when it is not installed.

    Module scope: Playwright's sync API allows one running instance, and other test modules
    start their own.
    """
    if not CHROMIUM.is_file():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's chromium. "
            "Install it with `make browser` (apt-get install chromium); never download a browser.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def query_pagefind(site: Path, base_url: str, request: dict) -> dict:
    """Query the real Pagefind index of a site from Node 20."""
    import json

    node = shutil.which("node")
    assert node, "node is required for the search tests"
    result = subprocess.run(
        [node, str(QUERY_SCRIPT), str(site), base_url, json.dumps(request)],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


TODAY = date(2026, 11, 23)
