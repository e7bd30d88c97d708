"""Check a built site: every internal link, anchor (#fragment) and attachment must resolve.

Pure functions over the site's files (load.read_site() reads them): links are resolved as a
browser would, against the page's URL under the site's base path, so a site built for
https://example.org/adviesraad/ is checked as it will be served there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from posixpath import normpath
from urllib.parse import unquote, urljoin, urlsplit

LINK_ATTRIBUTES = {
    "a": ("href",), "link": ("href",), "script": ("src",), "img": ("src",), "source": ("src",),
    "iframe": ("src",), "form": ("action",), "area": ("href",),
}
SKIPPED_SCHEMES = ("mailto:", "tel:", "data:", "javascript:")


@dataclass(frozen=True)
class BrokenLink:
    """One link that does not resolve: on which page, to what, and why."""

    page: str
    target: str
    reason: str

    def format(self) -> str:
        """One line: 'page: link -> reason'."""
        return f"{self.page}: {self.target} -> {self.reason}"


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("id",) + (("name",) if tag == "a" else ()):
            if values.get(name):
                self.ids.add(str(values[name]))
        for name in LINK_ATTRIBUTES.get(tag, ()):
            if values.get(name) is not None:
                self.links.append(str(values[name]))


def parse_page(html: str) -> tuple[list[str], set[str]]:
    """The links (href/src) and the ids (anchors) of one HTML page."""
    parser = _PageParser()
    parser.feed(html)
    parser.close()
    return parser.links, parser.ids


def page_url(path: str, base_path: str) -> str:
    """The URL path a site file is served at: 'a/index.html' -> '/base/a/'."""
    url = base_path + path
    return url[: -len("index.html")] if url.endswith("/index.html") or url == base_path + "index.html" else url


def target_file(url_path: str, base_path: str, files: set[str]) -> str | None:
    """The site file a URL path is served from, or None when nothing is served there."""
    if not url_path.startswith(base_path):
        return None
    relative = unquote(url_path[len(base_path):])
    relative = normpath(relative).lstrip("/") if relative else ""
    if relative == ".":
        relative = ""
    candidates = [relative + "/index.html" if relative else "index.html"] if url_path.endswith("/") or not relative \
        else [relative, relative + "/index.html"]
    return next((c for c in candidates if c in files), None)


def internal_links(page: str, links: list[str], base_url: str, base_path: str) -> list[tuple[str, str]]:
    """The page's links that point into the site, as (link as written, absolute URL path with fragment)."""
    origin = urlsplit(base_url)
    here = "http://site.invalid" + page_url(page, base_path)
    found: list[tuple[str, str]] = []
    for link in links:
        link = link.strip()
        if not link or link.startswith(SKIPPED_SCHEMES):
            continue
        parts = urlsplit(link)
        if parts.scheme in ("http", "https") or link.startswith("//"):
            if not origin.netloc or parts.netloc != origin.netloc:
                continue  # another site: not checked here (no network in the checker)
            absolute = parts.path or "/"
        else:
            absolute = urlsplit(urljoin(here, link)).path
        found.append((link, absolute + (f"#{parts.fragment}" if parts.fragment else "")))
    return found


def check_site(files: dict[str, bytes], base_url: str = "") -> list[BrokenLink]:
    """Every broken internal link, anchor and attachment of a built site, in page order."""
    base_path = urlsplit(base_url).path or "/" if base_url else "/"
    base_path = base_path if base_path.endswith("/") else base_path + "/"
    names = set(files)
    pages = {name: parse_page(data.decode("utf-8", "replace")) for name, data in sorted(files.items())
             if name.endswith(".html")}
    broken: list[BrokenLink] = []
    for name, (links, _) in pages.items():
        for written, target in internal_links(name, links, base_url, base_path):
            path, _, fragment = target.partition("#")
            file = target_file(path, base_path, names)
            if file is None:
                reason = "outside the site's base path" if not path.startswith(base_path) else "no such file"
                broken.append(BrokenLink(name, written, reason))
            elif fragment and file.endswith(".html") and unquote(fragment) not in pages[file][1]:
                broken.append(BrokenLink(name, written, f"no id '{unquote(fragment)}' on that page"))
    # Absolute links in feeds, sitemaps and data files (documents.json) must resolve too.
    if base_url:
        pattern = re.compile(re.escape(base_url.rstrip("/")) + r"(/[^\s\"'<>)]*)?")
        for name, data in sorted(files.items()):
            if name.endswith((".xml", ".json", ".txt")) and not name.startswith("pagefind/"):
                for match in pattern.finditer(data.decode("utf-8", "replace")):
                    path = urlsplit(match.group(0)).path or "/"
                    path = base_path if path + "/" == base_path else path  # 'https://example.org/raad'
                    if target_file(path, base_path, names) is None:
                        broken.append(BrokenLink(name, match.group(0), "no such file"))
    return broken
