"""One example page of every page type in the seed site, shared by the browser and HTML tests."""

from __future__ import annotations

from pathlib import Path

from conftest import ROOT

HELMOND_ANSWER = "helmond-2017-antwoord-gebiedsgericht-werken-integrale-toegang"
WIJDEMEREN = "wijdemeren-2017-pilot-durven-doen-vertrouwen"

# Page type -> (the template that renders it, the path of one such page in the seed site).
# Every page template must be listed here: test_every_page_template_is_tested checks it.
PAGE_TYPES: dict[str, tuple[str, str]] = {
    "home": ("index.html", ""),
    "advies": ("documenten/document.html", f"documenten/{WIJDEMEREN}/"),
    "gemeente": ("gemeenten/gemeente.html", "gemeenten/helmond/"),
    "onderwerp": ("onderwerpen/onderwerp.html", "onderwerpen/armoede/"),
    "gemeenten": ("gemeenten/index.html", "gemeenten/"),
    "onderwerpen": ("onderwerpen/index.html", "onderwerpen/"),
    "cijfers": ("cijfers/index.html", "cijfers/"),
    "cijfers per gemeente": ("cijfers/gemeenten.html", "cijfers/gemeenten/"),
    "jaren": ("jaren/index.html", "jaren/"),
    "jaar": ("jaren/listing.html", "jaren/2017/"),
    "soorten": ("soorten/index.html", "soorten/"),
    "soort": ("soorten/listing.html", "soorten/reactie/"),
    "data": ("data/index.html", "data/"),
    "zoeken": ("zoeken/index.html", "zoeken/?q=armoede"),
    "toegankelijkheid": ("toegankelijkheid/index.html", "toegankelijkheid/"),
    "over": ("over/index.html", "over/"),
    "404": ("404.html", "deze-pagina-bestaat-niet/"),
}
# More pages of a type already listed, with a different shape worth checking too.
EXTRA_PAGES: dict[str, str] = {
    "antwoord": f"documenten/{HELMOND_ANSWER}/",
    "landelijk": "gemeenten/landelijk/",
}
PAGES: dict[str, str] = {name: path for name, (_, path) in PAGE_TYPES.items()} | EXTRA_PAGES


def page_templates(templates: Path = ROOT / "adviesarchief" / "render" / "templates") -> set[str]:
    """Every template that renders a whole HTML page (not the layout, partials or static files)."""
    return {
        path.relative_to(templates).as_posix()
        for path in templates.rglob("*.html")
        if path.name != "base.html" and not path.relative_to(templates).parts[0] in ("partials", "static")
    }


def site_file(site: Path, path: str) -> Path:
    """The file in the built site that a page path is served from (404.html for unknown paths)."""
    target = site / path.split("?")[0]
    if target.is_dir() or path == "":
        target = target / "index.html"
    return target if target.is_file() else site / "404.html"
