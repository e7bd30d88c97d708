"""An attachment's name may hold what a URL gives a meaning ('#', '?', '%', spaces): every link to
it (the page, the open data, the Woo-index sitemaps) still reaches the file."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import document

BASE = "https://adviesarchief.example.org/raad/"
NAMES = ["brief #2.pdf", "100% brief?versie=2; één.pdf"]


def file_reached(site: Path, url: str) -> Path:
    """The site file a static web server serves for a link: the fragment and query are not part of the path."""
    path = unquote(urlsplit(url).path)
    assert path.startswith(urlsplit(BASE).path), url
    return site / path.removeprefix(urlsplit(BASE).path)


@pytest.mark.parametrize("name", NAMES)
def test_every_link_to_an_attachment_reaches_the_file(make_site, name: str) -> None:
    built = make_site({
        "site.yaml": f"base_url: {BASE}\n",
        "x/advies-a.md": document(attachments=json.dumps([{"title": "Brief", "file": name}])),
        f"x/{name}": b"%PDF-1.4 de brief\n",
    })
    assert built.code == 0, built.stderr
    assert (built.site / "documenten/advies-a" / name).read_bytes() == b"%PDF-1.4 de brief\n"
    page = built.read("documenten/advies-a/index.html")
    (href,) = re.findall(r"<a href=\"([^\"]*)\">Brief</a>", page)
    data = json.loads(built.read("data/documenten.json"))
    (record,) = data["documents"] if isinstance(data, dict) else data
    (row,) = csv.DictReader(io.StringIO(built.read("data/documenten.csv")))
    sitemap = built.read("sitemap-diwoo-infocat010-1.xml")
    (loc,) = re.findall(r"<loc>([^<]*)</loc>", sitemap)
    links = {"page": BASE.removesuffix("/raad/") + href, "json": record["attachments"][0]["url"],
             "csv": row["attachments"], "woo-index": loc}
    for where, url in links.items():
        assert file_reached(built.site, url) == built.site / "documenten/advies-a" / name, (where, url)
