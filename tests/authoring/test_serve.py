"""The preview server: live reload after a good edit, a banner and the old pages after a bad one."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest

from adviesarchief.authoring.serve import SCRIPT_TAG, inject_script
from conftest import ROOT, TOPICS_YAML, document

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


class Preview:
    """`build.py serve` running in a subprocess on a free port, with its stderr collected."""

    def __init__(self, root: Path) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "build.py"), "serve", "--content", "content", "--output", "site",
             "--port", "0"],
            cwd=root, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
        self.lines: list[str] = []
        self.url = ""
        started = threading.Event()

        def read() -> None:
            assert self.process.stderr is not None
            for line in self.process.stderr:
                self.lines.append(line.rstrip("\n"))
                found = re.match(r"Preview: (\S+)", line)
                if found:
                    self.url = found.group(1)
                    started.set()

        self.reader = threading.Thread(target=read, daemon=True)
        self.reader.start()
        assert started.wait(60), "\n".join(self.lines)

    def wait_for_line(self, text: str, timeout: float = 30) -> None:
        """Wait until the terminal shows a line containing text."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(text in line for line in self.lines):
                return
            time.sleep(0.1)
        raise AssertionError(f"no line with {text!r} in:\n" + "\n".join(self.lines))

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self.reader.join(timeout=30)
        assert self.process.stderr is not None
        self.process.stderr.close()


@pytest.fixture
def preview_site(tmp_path: Path) -> Iterator[tuple[Preview, Path]]:
    content = tmp_path / "content"
    (content / "w").mkdir(parents=True)
    (content / "topics.yaml").write_text(TOPICS_YAML, "utf-8")
    (content / "w" / "advies-een.md").write_text(document(body="Eerste versie van de tekst.\n"), "utf-8")
    preview = Preview(tmp_path)
    try:
        yield preview, content
    finally:
        preview.stop()


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def test_inject_script_goes_before_body_end() -> None:
    assert inject_script(b"<html><body><p>x</p></body></html>") == \
        b"<html><body><p>x</p>" + SCRIPT_TAG + b"</body></html>"


def test_good_edit_reloads_bad_edit_shows_banner_and_keeps_old_page(preview_site: tuple[Preview, Path]) -> None:
    from playwright.sync_api import sync_playwright

    preview, content = preview_site
    page_url = preview.url + "documenten/advies-een/"
    source = content / "w" / "advies-een.md"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            csp_errors: list[str] = []
            page.on("console", lambda m: csp_errors.append(m.text) if "Content Security Policy" in m.text else None)
            page.goto(page_url)
            page.get_by_text("Eerste versie van de tekst.").wait_for()
            page.locator("html[data-livereload]").wait_for(state="attached")

            # A good edit: the open page reloads by itself with the new text.
            source.write_text(document(body="Tweede versie van de tekst.\n"), "utf-8")
            page.get_by_text("Tweede versie van de tekst.").wait_for(timeout=30000)

            # A bad edit: a banner with the error line; the last good page stays served.
            source.write_text(document(type="advise", body="Kapotte versie.\n"), "utf-8")
            banner = page.locator("#livereload-fouten")
            banner.wait_for(timeout=30000)
            assert "unknown type 'advise'; did you mean 'advies'?" in banner.inner_text()
            assert "content/w/advies-een.md:2: error:" in banner.inner_text()
            preview.wait_for_line("content/w/advies-een.md:2: error: unknown type 'advise'")
            assert preview.process.poll() is None
            status, html = fetch(page_url)
            assert status == 200 and "Tweede versie van de tekst." in html
            page.screenshot(path=str(content.parent / "banner.png"))

            # The fix: the page reloads with the fixed text and the banner is gone.
            source.write_text(document(body="Derde versie van de tekst.\n"), "utf-8")
            page.get_by_text("Derde versie van de tekst.").wait_for(timeout=30000)
            assert page.locator("#livereload-fouten").count() == 0
            assert csp_errors == []
        finally:
            browser.close()
    # The published files never carry the preview's script.
    assert not [p for p in (content.parent / "site").rglob("*.html") if b"_livereload" in p.read_bytes()]


def test_preview_pages_carry_the_livereload_script_and_unknown_paths_get_404(preview_site: tuple[Preview, Path]) -> None:
    preview, _ = preview_site
    status, html = fetch(preview.url + "documenten/advies-een/")
    assert status == 200 and SCRIPT_TAG.decode() in html
    assert fetch(preview.url + "bestaat-niet/")[0] == 404


def test_serves_under_the_base_path(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "w").mkdir(parents=True)
    (content / "topics.yaml").write_text(TOPICS_YAML, "utf-8")
    (content / "site.yaml").write_text("title: Test\nbase_url: https://example.org/adviesraad/\n", "utf-8")
    (content / "w" / "advies-een.md").write_text(document(), "utf-8")
    preview = Preview(tmp_path)
    try:
        assert preview.url.endswith("/adviesraad/")
        root = preview.url[: -len("adviesraad/")]
        status, html = fetch(root)  # follows the redirect to the base path
        assert status == 200 and 'href="/adviesraad/documenten/advies-een/"' in html
        assert fetch(preview.url + "documenten/advies-een/")[0] == 200
        assert fetch(root + "documenten/advies-een/")[0] == 404
    finally:
        preview.stop()


def test_bad_content_at_start_still_serves_the_errors(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "w").mkdir(parents=True)
    (content / "topics.yaml").write_text(TOPICS_YAML, "utf-8")
    (content / "w" / "a.md").write_text(document(date="2020-13-01"), "utf-8")
    preview = Preview(tmp_path)
    try:
        preview.wait_for_line("content/w/a.md:4: error: date '2020-13-01' does not exist")
        status, html = fetch(preview.url)
        assert status == 404 and SCRIPT_TAG.decode() in html
        assert preview.process.poll() is None
    finally:
        preview.stop()
