"""The link checker, and the seed site with and without a subpath: no internal link may break."""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import threading
import urllib.error
import urllib.request
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

import pytest

from adviesarchief.authoring.linkcheck import check_site, internal_links, parse_page
from adviesarchief.load.content import read_site
from conftest import SEED_CONTENT, BuiltSite, run_cli

SUBPATH_URL = "https://example.org/adviesraad/"

PAGE = """<!doctype html><html><body>
<h2 id="punt-1">1. Punt</h2><a name="oud"></a>
<a href="/documenten/a/">goed</a> <a href="/documenten/a/#punt-1">goed anker</a>
<a href="#oud">eigen anker</a> <a href="../b/">relatief</a> <a href="bijlage.pdf">bijlage</a>
<a href="https://elders.example/">ander domein</a> <a href="mailto:raad@example.org">mail</a>
{extra}
</body></html>"""


def site(extra: str = "", base_path: str = "/") -> dict[str, bytes]:
    files = {
        "index.html": f'<a href="{base_path}documenten/a/#punt-1">a</a> <a href="documenten/b/">b</a>'.encode(),
        "documenten/a/index.html": PAGE.format(extra=extra).replace('href="/', f'href="{base_path}').encode(),
        "documenten/a/bijlage.pdf": b"%PDF-1.4",
        "documenten/b/index.html": b"<p>b</p>",
    }
    return files


def test_a_correct_site_has_no_broken_links() -> None:
    assert check_site(site()) == []
    assert check_site(site(base_path="/raad/"), "https://example.org/raad/") == []


@pytest.mark.parametrize(("extra", "reason"), [
    ('<a href="/documenten/c/">weg</a>', "/documenten/c/ -> no such file"),
    ('<a href="/documenten/a/#punt-9">', "/documenten/a/#punt-9 -> no id 'punt-9' on that page"),
    ('<a href="#nergens">', "#nergens -> no id 'nergens' on that page"),
    ('<a href="ontbreekt.pdf">', "ontbreekt.pdf -> no such file"),
    ('<img src="/static/logo.png" alt="">', "/static/logo.png -> no such file"),
    ('<link rel="stylesheet" href="../../static/style.css">', "../../static/style.css -> no such file"),
])
def test_broken_links_are_found(extra: str, reason: str) -> None:
    assert [b.format() for b in check_site(site(extra))] == [f"documenten/a/index.html: {reason}"]


def test_links_outside_the_base_path_are_broken() -> None:
    files = site('<a href="/documenten/b/">zonder subpad</a>', base_path="/raad/")
    files = {name: data.replace(b'href="/raad/documenten/b/">zonder', b'href="/documenten/b/">zonder')
             for name, data in files.items()}
    assert [b.format() for b in check_site(files, "https://example.org/raad/")] == [
        "documenten/a/index.html: /documenten/b/ -> outside the site's base path"]


def test_absolute_links_in_data_files_are_checked() -> None:
    files = site(base_path="/raad/") | {"data/documenten.json": b'{"url": "https://example.org/raad/documenten/x/"}'}
    assert [b.format() for b in check_site(files, "https://example.org/raad/")] == [
        "data/documenten.json: https://example.org/raad/documenten/x/ -> no such file"]


def test_seed_site_has_no_broken_links(seed_site: BuiltSite) -> None:
    files = read_site(seed_site.site)
    checked = sum(len(internal_links(name, parse_page(data.decode())[0], "", "/"))
                  for name, data in files.items() if name.endswith(".html"))
    assert checked > 100  # the checker really looked at the site's links
    assert [b.format() for b in check_site(files, "https://adviesarchief.example.org/")] == []


@pytest.fixture(scope="module")
def subpath_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed archive built for https://example.org/adviesraad/."""
    root = tmp_path_factory.mktemp("subpath")
    shutil.copytree(SEED_CONTENT, root / "content")
    site_yaml = root / "content" / "site.yaml"
    lines = [line for line in site_yaml.read_text("utf-8").splitlines() if not line.startswith("base_url:")]
    site_yaml.write_text("\n".join(lines + [f"base_url: {SUBPATH_URL}"]) + "\n", "utf-8")
    code, stderr = run_cli(["build", "--content", "content", "--output", "site"], root)
    assert code == 0, stderr
    return root / "site"


def test_subpath_build_has_no_broken_links(subpath_site: Path) -> None:
    files = read_site(subpath_site)
    assert b'href="/adviesraad/gemeenten/"' in files["index.html"]
    assert [b.format() for b in check_site(files, SUBPATH_URL)] == []


@contextlib.contextmanager
def serve_under(directory: Path, prefix: str) -> Iterator[str]:
    """Serve a folder under a URL prefix only (as a host serving the site in a subfolder would)."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def translate_path(self, path: str) -> str:
            if not path.startswith(prefix):
                return str(directory / "niet-hier")
            return super().translate_path("/" + path[len(prefix):])

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


def test_subpath_site_served_in_a_subfolder_has_no_broken_link(subpath_site: Path) -> None:
    """Crawl the site over HTTP from its home page; every internal link must answer 200."""
    with serve_under(subpath_site, "/adviesraad/") as start:
        origin = start[: -len("/adviesraad/")]
        seen: set[str] = set()
        queue = [urlsplit(start).path]
        failures: list[str] = []
        while queue:
            path = queue.pop()
            if path in seen:
                continue
            seen.add(path)
            try:
                with urllib.request.urlopen(origin + path, timeout=10) as response:
                    body = response.read()
                    kind = response.headers.get_content_type()
            except urllib.error.HTTPError as error:
                failures.append(f"{path}: {error.code}")
                continue
            if kind == "text/html":
                page = path[len("/adviesraad/"):] or "index.html"
                page = page + "index.html" if page.endswith("/") else page
                for _, target in internal_links(page, parse_page(body.decode())[0], SUBPATH_URL, "/adviesraad/"):
                    queue.append(target.split("#")[0])
        assert failures == []
        assert len(seen) > 30
