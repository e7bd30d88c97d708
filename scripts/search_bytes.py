"""Measure the bytes the search page downloads: on opening, per query, and for a filter-only URL.

Usage: python scripts/search_bytes.py SITE_DIR [QUERY ...]

Serves SITE_DIR on 127.0.0.1, opens /zoeken/ in Debian's chromium and counts the response
bodies of every request, grouped by phase. Bodies are counted as served by Python's http.server,
which does not compress (a browser cache is off: each phase counts what it fetched): Pagefind's own files (index, fragments, filters, meta) are gzipped
already; pagefind.js, the worker and the WebAssembly file would shrink further with HTTP
compression on a real host.
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from collections import defaultdict
from pathlib import Path

from playwright.sync_api import Page, Request, expect, sync_playwright

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
FLUSH_MS = 300
DEFAULT_QUERIES = ["mantelzorg", "eigen bijdrage", '"eigen bijdrage"', "schuldhulpverlening", "armoede"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def kind_of(url: str) -> str:
    """Group a request URL: 'page' for the site's own files, else the kind of Pagefind file."""
    if "/pagefind/" not in url:
        return "page"
    name = url.split("/pagefind/", 1)[1].split("?")[0]
    if "/" in name:
        return name.split("/")[0]  # index, fragment, filter
    if name.endswith(".pf_meta"):
        return "meta"
    return "wasm" if name.startswith("wasm.") else name


def settle(page: Page) -> str:
    """Wait until the search page's live region reports a finished search; return its text."""
    status = page.locator("#zoek-status")
    expect(status).not_to_have_text("")
    expect(status).not_to_have_text("Bezig met zoeken…")
    return status.inner_text()


def measure(site: Path, queries: list[str]) -> list[tuple[str, str, dict[str, int]]]:
    """Return (phase, status text, bytes per kind) for opening, each query and a filter-only URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    finished: list[Request] = []

    def phase_bytes(page: Page) -> dict[str, int]:
        # Events reach Python only while Playwright waits: let the last ones of this phase arrive.
        seen = -1
        while seen != len(finished):
            seen = len(finished)
            page.wait_for_timeout(FLUSH_MS)
        counts: dict[str, int] = defaultdict(int)
        for request in finished:
            response = request.response()
            # A worker script reports no body size through the protocol; measure its body.
            size = request.sizes()["responseBodySize"] or (len(response.body()) if response else 0)
            counts[kind_of(request.url)] += size
        finished.clear()
        return dict(counts)

    rows = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.on("requestfinished", lambda request: finished.append(request))
            page.goto(base + "zoeken/")
            rows.append(("open /zoeken/", settle(page), phase_bytes(page)))
            for text in queries:
                page.fill("#zoekterm", text)
                page.press("#zoekterm", "Enter")
                expect(page.locator("#zoek-status")).to_contain_text(text)
                rows.append((f"query {text}", settle(page), phase_bytes(page)))
            municipality = page.locator("#filters input[name=gemeente]").first.get_attribute("value") or ""
            fresh = browser.new_page()
            fresh.on("requestfinished", lambda request: finished.append(request))
            fresh.goto(base + "zoeken/?gemeente=" + municipality)
            rows.append((f"open ?gemeente={municipality}", settle(fresh), phase_bytes(fresh)))
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return rows


def main(argv: list[str]) -> int:
    """Print a table of bytes per phase."""
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    rows = measure(Path(argv[0]), argv[1:] or DEFAULT_QUERIES)
    print(f"{'phase':32} {'total':>10}  detail")
    for phase, status, kinds in rows:
        detail = ", ".join(f"{k} {v:,}" for k, v in sorted(kinds.items()))
        print(f"{phase:32} {sum(kinds.values()):>10,}  {detail}  [{status}]")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
