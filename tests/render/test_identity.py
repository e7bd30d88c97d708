"""Whose site this is: site.yaml's council name and logo in the header, footer, colofon and statement."""

from __future__ import annotations

import base64

import pytest
from lxml import html as lxml_html

from conftest import document

# A 1x1 PNG.
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")
SITE = "title: Adviesarchief\ncouncil: Adviesraad Sociaal Domein Wijdemeren\nlogo: beeld/logo.png\n"


def test_the_council_and_its_logo_are_on_every_page_and_in_the_colofon_and_statement(make_site) -> None:
    built = make_site({"site.yaml": SITE, "beeld/logo.png": PNG, "x/a.md": document()})
    assert built.code == 0, built.stderr
    assert (built.site / "static" / "logo.png").read_bytes() == PNG
    for page in ("index.html", "documenten/a/index.html", "gemeenten/wijdemeren/index.html"):
        tree = lxml_html.fromstring(built.read(page))
        header = tree.cssselect("header .site-title")[0]
        assert header.text_content().split() == ["Adviesraad", "Sociaal", "Domein", "Wijdemeren", "Adviesarchief"]
        # Beside the name in the home link the logo adds nothing to read; alone in the footer it says whose it is.
        assert header.cssselect("img")[0].get("src") == "/static/logo.png" and header.cssselect("img")[0].get("alt") == ""
        footer = tree.cssselect("footer")[0]
        assert footer.cssselect("img")[0].get("alt") == "Logo van Adviesraad Sociaal Domein Wijdemeren"
        assert "Adviesraad Sociaal Domein Wijdemeren: Adviesarchief" in footer.text_content()
        assert "Uitgegeven door Adviesraad Sociaal Domein Wijdemeren." in footer.text_content()
    colofon = built.read("over/index.html")
    assert "<dt>Adviesraad</dt>" in colofon and 'alt="Logo van Adviesraad Sociaal Domein Wijdemeren"' in colofon
    assert "uitgegeven door Adviesraad Sociaal Domein Wijdemeren" in built.read("toegankelijkheid/index.html")


def test_a_logo_without_a_council_name_says_whose_it_is_and_alt_text_can_be_given(make_site) -> None:
    built = make_site({"site.yaml": "title: Archief Oost\nlogo: logo.webp\nlogo_alt: Het beeldmerk van de raad\n",
                       "logo.webp": PNG, "x/a.md": document()})
    assert built.code == 0, built.stderr
    tree = lxml_html.fromstring(built.read("index.html"))
    assert tree.cssselect("header .site-title img")[0].get("alt") == "Het beeldmerk van de raad"
    assert tree.cssselect("header .site-title img")[0].get("src") == "/static/logo.webp"


@pytest.mark.parametrize("logo, files, message", [
    ("ontbreekt.png", {}, "logo 'ontbreekt.png' does not exist"),
    ("../logo.png", {}, "logo '../logo.png' lies outside content/"),
    ("logo.svg", {"logo.svg": b"<svg/>"}, "logo 'logo.svg' is not a picture the site can show"),
    ("beeld", {"beeld/x.png": PNG}, "logo 'beeld' is a folder, not a file"),
])
def test_a_wrong_logo_is_an_error_at_its_line(make_site, logo: str, files: dict, message: str) -> None:
    built = make_site({"site.yaml": f"title: Archief\ncouncil: Raad\nlogo: {logo}\n", **files, "x/a.md": document()},
                      command="check")
    assert built.code != 0
    assert any(line.startswith(f"content/site.yaml:3: error: {message}") for line in built.lines("error")), built.stderr
