"""Safe to publish: no payload from the content survives in any output file or runs in a browser,
every page carries the CSP and search works under it, paths stay contained, YAML stays safe."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Iterator

import html5lib
import pytest
from playwright.sync_api import expect

from adviesarchief.errors import ArchiveError
from adviesarchief.render.environment import CSP, json_for_script
from adviesarchief.write.site import contained_path
from conftest import ROOT, BuiltSite, document, run_cli, serve_directory
from payloads import MARKER, PAYLOADS

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "background", "cite",
                  "longdesc", "xlink:href", "ping", "manifest", "icon", "codebase", "archive", "lowsrc",
                  "dynsrc", "srcset"}
# Inline SVG may come from the templates (charts); what could run inside it is forbidden instead.
FORBIDDEN_ELEMENTS = {"iframe", "frame", "frameset", "object", "embed", "applet", "math", "base",
                      "style", "template", "isindex", "marquee", "video", "audio", "source", "portal",
                      "img", "image", "picture", "foreignobject", "animate", "set", "animatemotion",
                      "animatetransform", "handler", "listener"}
SAFE_SCHEMES = {"http", "https", "mailto"}
OWN_SCRIPT = re.compile(r"^/(static|pagefind)/")


def yaml_text(value: str) -> str:
    """A value as a YAML double-quoted string (JSON strings are valid YAML)."""
    return json.dumps(value)


def payload_content() -> dict[str, str | bytes]:
    """One document per payload, with the payload in every free-text field a secretary controls."""
    files: dict[str, str | bytes] = {"p/bijlage.pdf": b"%PDF-1.4\n%%EOF\n"}
    topics = []
    for index, payload in enumerate(PAYLOADS):
        topics.append(f"t{index}:\n  label: {yaml_text(payload)}\n  description: {yaml_text(payload)}\n")
        body = (f"# Kop {payload}\n\n{payload}\n\nTekst met {payload} erin.\n\n"
                f"| kolom | {payload} |\n| --- | --- |\n| {payload} | cel |\n\n"
                f"> citaat {payload}\n\n- punt {payload}\n")
        files[f"p/payload-{index:02d}.md"] = document(
            type="reactie",
            title=yaml_text(f"Brief {index} {payload}"),
            summary=yaml_text(payload),
            **{"from": yaml_text(payload)},
            to=yaml_text(payload),
            reference=yaml_text(payload),
            topics=f"[t{index}]",
            attachments=f"\n  - title: {yaml_text(payload)}\n    file: bijlage.pdf",
            responses=f"\n  - point: 1\n    title: {yaml_text(payload)}\n    outcome: overgenomen"
                      f"\n    note: {yaml_text(payload)}",
            body=body,
        )
    half = len(PAYLOADS) // 2
    files["site.yaml"] = (f"title: {yaml_text(' '.join(PAYLOADS[:half]))}\n"
                          f"description: {yaml_text(' '.join(PAYLOADS[half:]))}\n"
                          f"publisher: {yaml_text(PAYLOADS[0])}\n"
                          "base_url: https://adviesarchief.example.org/\n")
    files["topics.yaml"] = "".join(topics)
    return files


@pytest.fixture(scope="module")
def payload_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """A site built from the payload corpus."""
    root = tmp_path_factory.mktemp("payloads")
    for name, data in payload_content().items():
        path = root / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data) if isinstance(data, bytes) else path.write_text(data, "utf-8")
    code, stderr = run_cli(["build", "--content", "content", "--output", "site"], root)
    assert code == 0, stderr
    return BuiltSite(root, root / "content", root / "site", code, stderr)


# --- Checking output files -------------------------------------------------------------------

def url_scheme(value: str) -> str:
    """The scheme of a URL as a browser reads it: control characters and whitespace ignored."""
    cleaned = re.sub(r"[\x00-\x20\x7f]", "", value).lower()
    match = re.match(r"^([a-z][a-z0-9+.\-]*):", cleaned)
    return match.group(1) if match else ""


def local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def html_problems(elements: Iterator[ET.Element], where: str) -> list[str]:
    """Everything in parsed HTML that could run script or redirect the page."""
    problems: list[str] = []
    for element in elements:
        if not isinstance(element.tag, str):
            continue
        tag = local_name(element.tag)
        attributes = {local_name(k): v for k, v in element.attrib.items()}
        say = lambda what: problems.append(f"{where}: <{tag}> {what}")  # noqa: E731
        if tag in FORBIDDEN_ELEMENTS:
            say("is not allowed")
        if tag == "script":
            if attributes.get("type") in ("application/json", "application/ld+json"):
                json.loads(element.text or "")
            elif not OWN_SCRIPT.match(attributes.get("src", "")) or (element.text or "").strip():
                say(f"is not the site's own script: {attributes}")
        if tag == "meta" and "http-equiv" in attributes:
            if attributes["http-equiv"].lower() != "content-security-policy" or attributes.get("content") != CSP:
                say(f"http-equiv is not allowed: {attributes}")
        if tag == "link" and attributes.get("rel", "").lower() not in (
                "stylesheet", "canonical", "alternate", "icon", "license", "manifest", "prev", "next"):
            say(f"rel is not allowed: {attributes}")
        if tag == "form" and not attributes.get("action", "").startswith("/"):
            say(f"posts somewhere else: {attributes}")
        if tag == "a" and "target" in attributes and not {"noopener", "noreferrer"} <= set(attributes.get("rel", "").split()):
            say("opens a window without rel='noopener noreferrer'")
        for name, value in attributes.items():
            if name.startswith("on"):
                say(f"has event handler {name}")
            if name in ("style", "srcdoc", "formaction"):
                say(f"has attribute {name}")
            if name in URL_ATTRIBUTES and url_scheme(value) not in SAFE_SCHEMES | {""}:
                say(f"has a {url_scheme(value)}: URL in {name}")
    return problems


def check_html_file(text: str, where: str) -> list[str]:
    tree = html5lib.parse(text, treebuilder="etree", namespaceHTMLElements=False)
    return html_problems(tree.iter(), where)


def check_html_fragment(text: str, where: str) -> list[str]:
    fragment = html5lib.parseFragment(text, treebuilder="etree", namespaceHTMLElements=False)
    return html_problems(fragment.iter(), where)


def check_xml_file(data: bytes, where: str) -> list[str]:
    problems: list[str] = []
    root = ET.fromstring(data)  # our own output: well-formed, no entities
    for element in root.iter():
        if local_name(element.tag) == "script":
            problems.append(f"{where}: <script> in XML")
        for name, value in element.attrib.items():
            if local_name(name) in URL_ATTRIBUTES and url_scheme(value) not in SAFE_SCHEMES | {""}:
                problems.append(f"{where}: {url_scheme(value)}: URL in {name}")
        # Feed readers render html content: it must be as clean as a page. An Atom text construct
        # without type="html"/"xhtml" is plain text (RFC 4287 3.1) and is shown literally.
        is_html = element.get("type") in ("html", "xhtml") or local_name(element.tag) in ("description", "encoded")
        if element.text and "<" in element.text and is_html:
            problems += check_html_fragment(element.text, where)
    return problems


def check_json_value(value: object, where: str) -> list[str]:
    problems: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("url", "source", "href") and isinstance(item, str) and url_scheme(item) not in SAFE_SCHEMES:
                problems.append(f"{where}: {key} is not an http(s) URL: {item!r}")
            problems += check_json_value(item, where)
    elif isinstance(value, list):
        for item in value:
            problems += check_json_value(item, where)
    return problems


DATA_BLOCK_TYPES = ("application/ld+json", "application/json")
FORMULA_START = re.compile(r"^[=+\-@\t\r]")


def check_csv_file(text: str, where: str) -> list[str]:
    # A cell starting with = + - @ runs as a formula when a journalist opens the file in a spreadsheet.
    return [f"{where}: cell starts a formula: {cell[:40]!r}"
            for row in csv.reader(io.StringIO(text)) for cell in row
            if FORMULA_START.match(cell) and not re.fullmatch(r"-?\d+([.,]\d+)?", cell)]


def output_problems(site: Path) -> tuple[list[str], dict[str, int]]:
    """Check every file under site/ by its kind; unknown kinds are problems too."""
    problems: list[str] = []
    kinds: dict[str, int] = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        where = path.relative_to(site).as_posix()
        suffix = path.suffix.lower()
        data = path.read_bytes()
        if where.startswith("pagefind/"):
            kind = "pagefind"  # Pagefind's own files; what search shows is tested in the browser
        elif suffix in (".html", ".htm"):
            kind = "html"
            problems += check_html_file(data.decode("utf-8"), where)
        elif suffix in (".xml", ".atom", ".rss", ".svg"):
            kind = "xml"
            problems += check_xml_file(data, where)
        elif suffix in (".json", ".webmanifest"):
            kind = "json"
            problems += check_json_value(json.loads(data), where)
        elif suffix == ".csv":
            kind = "csv"
            problems += check_csv_file(data.decode("utf-8-sig"), where)
        elif suffix in (".js", ".css", ".txt"):
            kind = suffix[1:]
            if MARKER.encode() in data:
                problems.append(f"{where}: content found its way into a {kind} file")
        elif suffix in (".md", ".pdf", ".docx", ".odt", ".png", ".jpg", ".ico", ".woff2"):
            kind = "copy"  # sources and attachments, served as downloads, never as HTML
        else:
            kind = "unknown"
            problems.append(f"{where}: unknown kind of output file; teach test_security.py to check it")
        kinds[kind] = kinds.get(kind, 0) + 1
    return problems, kinds


# --- The payload corpus -----------------------------------------------------------------------

def test_the_corpus_is_large_enough() -> None:
    assert len(PAYLOADS) >= 40
    assert len(set(PAYLOADS)) == len(PAYLOADS)


def test_no_payload_survives_in_any_output_file(payload_site: BuiltSite) -> None:
    problems, kinds = output_problems(payload_site.site)
    assert problems == []
    assert kinds["html"] > len(PAYLOADS) and kinds["json"] >= 1


def test_payloads_stay_data_in_the_json(payload_site: BuiltSite) -> None:
    records = json.loads(payload_site.read("data/documenten.json"))
    by_summary = {r["summary"] for r in records}
    # Escaping must not mangle the text: what the secretary wrote comes out exactly.
    assert by_summary == {p.strip() for p in PAYLOADS}


def test_the_payloads_are_shown_as_text(payload_site: BuiltSite) -> None:
    page = payload_site.read("documenten/payload-00/index.html")
    tree = html5lib.parse(page, treebuilder="etree", namespaceHTMLElements=False)
    h1 = next(tree.iter("h1"))
    assert "".join(h1.itertext()) == f"Brief 0 {PAYLOADS[0]}"


def test_the_checks_catch_a_payload() -> None:
    # The checker must be able to fail: feed it what an unsafe renderer would produce.
    unsafe = ("<html><head><meta http-equiv=refresh content='0;url=javascript:alert(1)'><base href=x></head>"
              "<body><a href=' jav&#x09;ascript:alert(1)'>x</a><img src=x onerror=alert(1)>"
              "<script>alert(1)</script><svg><script href='/static/x.js'>alert(1)</script>"
              "<animate attributeName=href to='javascript:alert(1)'/></svg>"
              "<form action='javascript:alert(1)'></form></body></html>")
    found = " ".join(check_html_file(unsafe, "x"))
    for expected in ("<meta> http-equiv", "<base>", "javascript: URL in href", "<img>", "onerror",
                     "<script> is not the site's own", "<form> posts"):
        assert expected in found
    assert "<animate>" in found and found.count("<script> is not the site's own") == 2
    assert check_csv_file('id,title\n1,"=HYPERLINK(""x"")"\n', "x.csv")


def test_a_payload_id_is_refused_and_nothing_is_written(make_site) -> None:
    files = {f"d{i}.md": document(id=yaml_text(payload)) for i, payload in enumerate(PAYLOADS)}
    built = make_site(files)
    assert built.code == 1
    errors = built.lines("error")
    assert len(errors) == len(PAYLOADS)
    assert all(re.match(r"^content/d\d+\.md:\d+: error: id '.*' may only use a-z, 0-9 and '-'", e) for e in errors)
    assert not built.site.exists()


@pytest.mark.parametrize("name", ["\"><img src=x onerror=alert(1)>.md", "<script>.md", "a'b.md",
                                  "javascript:alert(1).md"])
def test_a_payload_file_name_is_refused(make_site, name: str) -> None:
    built = make_site({name: document()})
    assert built.code == 1
    assert re.match(r"^content/.*\.md:1: error: the file name '.*' cannot be used as id", built.lines("error")[0])
    assert not built.site.exists()


def test_no_payload_runs_in_the_browser(payload_site: BuiltSite) -> None:
    pages = sorted(p.relative_to(payload_site.site).as_posix()
                   for p in payload_site.site.rglob("*.html") if not p.name == "404.html") + ["404.html"]
    queries = [f"zoeken/?q={MARKER}", "zoeken/?q=Brief", "zoeken/?q=%3Cscript%3Ealert(1)%3C/script%3E"]
    with serve_directory(payload_site.site) as base, browser() as chromium:
        page, events = watched_page(chromium)
        for path in pages:
            page.goto(base + path.removesuffix("index.html"), wait_until="load")
            page.keyboard.press("Tab")
        shown = []
        for query in queries:
            page.goto(base + query, wait_until="load")
            expect(page.locator("#zoek-status")).to_contain_text("resultat")
            if not page.locator("#zoek-status").text_content().startswith("Geen"):
                page.wait_for_selector("#zoek-resultaten li")
            shown.append(page.locator("#zoek-resultaten li").count())
    assert shown[0] > 0 and shown[1] > 0  # search showed payload titles, summaries and excerpts
    assert events == []


def test_the_browser_check_sees_a_payload_run() -> None:
    # Without sanitising and CSP the same watcher catches both kinds of payload.
    with browser() as chromium:
        page, events = watched_page(chromium)
        page.set_content(f"<img src=x onerror=\"alert('{MARKER}')\">"
                         f"<script>console.log('{MARKER}')</script>")
        page.wait_for_timeout(200)
    assert any(e.startswith("dialog") for e in events) and any(e.startswith("console") for e in events)


# --- Content-Security-Policy ------------------------------------------------------------------

def csp_directives(policy: str) -> dict[str, list[str]]:
    return {d.split()[0]: d.split()[1:] for d in (p.strip() for p in policy.split(";")) if d}


def test_the_policy_allows_only_the_sites_own_scripts() -> None:
    directives = csp_directives(CSP)
    assert directives["script-src"] == ["'self'", "'wasm-unsafe-eval'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert "'unsafe-inline'" not in CSP and "'unsafe-eval'" not in CSP


def test_every_seed_page_has_the_csp_and_nothing_inline(seed_site: BuiltSite) -> None:
    pages = sorted(seed_site.site.rglob("*.html"))
    assert {"404.html", "zoeken/index.html", "index.html"} <= {p.relative_to(seed_site.site).as_posix() for p in pages}
    for path in pages:
        where = path.relative_to(seed_site.site).as_posix()
        tree = html5lib.parse(path.read_text("utf-8"), treebuilder="etree", namespaceHTMLElements=False)
        head = tree.find("head")
        metas = [m for m in head.iter("meta") if m.get("http-equiv", "").lower() == "content-security-policy"]
        assert [m.get("content") for m in metas] == [CSP], where
        for element in tree.iter():
            assert not any(k.startswith("on") or k == "style" for k in element.attrib), (where, element.attrib)
            assert element.tag != "style", where
            if element.tag == "script" and element.get("type") in DATA_BLOCK_TYPES:
                # A JSON data block (JSON-LD, the search page's listing map) is data, never executed.
                json.loads(element.text or "")
                assert "<" not in (element.text or ""), where
            elif element.tag == "script":
                assert OWN_SCRIPT.match(element.get("src", "")) and not (element.text or "").strip(), where
    assert check_html_file((seed_site.site / "index.html").read_text("utf-8"), "index.html") == []


def test_no_template_has_inline_script_handlers_or_styles() -> None:
    templates = ROOT / "adviesarchief" / "render" / "templates"
    for path in templates.rglob("*.html"):
        text = path.read_text("utf-8")
        assert not re.search(r'<script(?![^>]*\bsrc=)(?![^>]*type="application/(ld\+)?json")[^>]*>', text), path
        assert not re.search(r"\son[a-z]+\s*=", text), path
        assert not re.search(r"\sstyle\s*=|<style", text), path


def test_search_works_under_the_csp(seed_site: BuiltSite, seed_server: str) -> None:
    with browser() as chromium:
        page, events = watched_page(chromium, marker="")
        page.goto(seed_server + "zoeken/?q=armoede", wait_until="load")
        page.wait_for_selector("#zoek-resultaten li a")
        first = page.locator("#zoek-resultaten li").count()
        page.fill("#zoekterm", "schuldhulp")
        page.press("#zoekterm", "Enter")
        expect(page).to_have_url(re.compile(r"\?q=schuldhulp"))
        page.wait_for_selector("#zoek-resultaten li a")
        links = page.locator("#zoek-resultaten li a").evaluate_all("els => els.map(a => a.pathname)")
        page.screenshot(path=str(seed_site.root / "zoeken-csp.png"))
    assert first >= 3
    assert any(link.startswith("/documenten/wijdemeren-") for link in links)
    assert events == []


def browser():
    """Debian's chromium driven by Playwright (never a downloaded browser)."""
    import contextlib

    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run 'make browser'")

    @contextlib.contextmanager
    def run():
        with sync_playwright() as p:
            chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                yield chromium
            finally:
                chromium.close()

    return run()


def watched_page(chromium, marker: str = MARKER):
    """A page that records dialogs, console errors, CSP violations, page errors and the marker."""
    page = chromium.new_page()
    events: list[str] = []

    def on_dialog(dialog) -> None:
        events.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    def on_console(message) -> None:
        # Failed downloads are reported below with their address.
        if message.type == "error" and message.text.startswith("Failed to load resource"):
            return
        if message.type == "error" or (marker and marker in message.text):
            events.append(f"console {message.type}: {message.text}")

    page.on("dialog", on_dialog)
    page.on("console", on_console)
    page.on("pageerror", lambda error: events.append(f"pageerror: {error}"))
    page.on("response", lambda response: response.status >= 400 and not response.url.endswith("/favicon.ico")
            and events.append(f"HTTP {response.status}: {response.url}"))
    # Injected by the browser itself, so it runs whatever the page's CSP says.
    page.add_init_script("document.addEventListener('securitypolicyviolation', e => "
                         "console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));")
    return page, events


# --- Contained paths --------------------------------------------------------------------------

@pytest.mark.parametrize("relative", [
    "../buiten.html", "documenten/../../buiten.html", "/etc/passwd", "documenten\\..\\..\\x.html",
    "C:/Windows/x.html", "c:x.html", "", ".", "documenten/./x.html", "documenten//x.html",
    "documenten/x\x00.html", "\\\\server\\share\\x.html",
])
def test_write_refuses_paths_outside_the_site(tmp_path: Path, relative: str) -> None:
    with pytest.raises(ArchiveError, match="refusing to write outside the site"):
        contained_path(tmp_path / "site", relative)


def test_write_refuses_a_symlink_out_of_the_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "documenten").mkdir(parents=True)
    (tmp_path / "buiten").mkdir()
    os.symlink(tmp_path / "buiten", site / "documenten" / "link")
    with pytest.raises(ArchiveError, match="refusing to write outside the site"):
        contained_path(site, "documenten/link/index.html")


@pytest.mark.parametrize("relative", [
    "documenten/a-b/index.html", "documenten/a\u2215b/index.html", "documenten/\uff0e\uff0e/x.html",
])
def test_look_alike_characters_stay_inside(tmp_path: Path, relative: str) -> None:
    site = tmp_path / "site"
    site.mkdir()
    target = contained_path(site, relative)
    assert site in target.parents and target.resolve().is_relative_to(site.resolve())


ESCAPING_ATTACHMENTS = [
    ("dot-dot", "../../geheim.pdf"),
    ("dot-dot deeper", "sub/../../../geheim.pdf"),
    ("absolute", "/etc/passwd"),
    ("windows separators", "..\\geheim.pdf"),
    ("windows drive", "C:\\geheim.pdf"),
    ("windows drive, slash", "C:/geheim.pdf"),
    ("UNC path", "\\\\server\\share\\geheim.pdf"),
    ("division slash U+2215", "..\u2215geheim.pdf"),
    ("fullwidth dots U+FF0E", "\uff0e\uff0e/geheim.pdf"),
    ("fullwidth solidus U+FF0F", "..\uff0fgeheim.pdf"),
    ("one dot leader U+2024", "\u2024\u2024/geheim.pdf"),
    ("NUL byte", "bijlage.pdf\x00.txt"),
]


@pytest.mark.parametrize("case, file", ESCAPING_ATTACHMENTS, ids=[c[0] for c in ESCAPING_ATTACHMENTS])
def test_attachment_paths_cannot_leave_content(make_site, tmp_path: Path, case: str, file: str) -> None:
    text = document(attachments=f"\n  - title: Bijlage\n    file: {yaml_text(file)}")
    # The file the escaping paths aim at really exists, beside content/.
    (tmp_path / "geheim.pdf").write_bytes(b"%PDF-1.4 geheim\n")
    built = make_site({"x/brief.md": text, "x/bijlage.pdf": b"%PDF-1.4\n"})
    assert built.code == 1
    line = next(i for i, t in enumerate(text.split("\n"), start=1) if "file:" in t)
    # A NUL byte is refused as a character no page can carry, at the same line.
    assert built.lines("error")[0].startswith((f"content/x/brief.md:{line}: error: attachment ",
                                              f"content/x/brief.md:{line}: error: 'attachments.0.file' holds"))
    assert "outside content/" in built.lines("error")[0] or "U+0000" in built.lines("error")[0]
    assert not built.site.exists()


def test_attachment_symlink_out_of_content_is_refused(make_site, tmp_path: Path) -> None:
    secret = tmp_path / "geheim.pdf"
    secret.write_bytes(b"%PDF-1.4 geheim\n")
    (tmp_path / "content" / "x").mkdir(parents=True)
    os.symlink(secret, tmp_path / "content" / "x" / "bijlage.pdf")
    built = make_site({"x/brief.md": document(attachments="\n  - title: B\n    file: bijlage.pdf")})
    assert built.code == 1
    assert "is a link to a file outside content/" in built.stderr
    assert not built.site.exists()


def test_a_document_symlinked_from_outside_is_not_read(make_site, tmp_path: Path) -> None:
    outside = tmp_path / "buiten.md"
    outside.write_text(document(title="Van buiten"), "utf-8")
    (tmp_path / "content").mkdir()
    os.symlink(outside, tmp_path / "content" / "buiten.md")
    built = make_site({"a.md": document()})
    assert built.code == 0, built.stderr
    assert not (built.site / "documenten" / "buiten").exists()
    assert "Van buiten" not in built.read("data/documenten.json")


# --- Safe YAML --------------------------------------------------------------------------------

# Nine levels of nine aliases: a billion "lol"s once expanded.
BILLION_LAUGHS = 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + "".join(
    f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n" for previous, name in zip("abcdefgh", "bcdefghi"))


@pytest.mark.parametrize("where", ["document", "topics.yaml", "site.yaml"])
def test_billion_laughs_is_refused(make_site, where: str) -> None:
    if where == "document":
        files = {"a.md": "---\n" + BILLION_LAUGHS + "type: advies\n---\nTekst\n"}
    else:
        files = {"a.md": document(), where: BILLION_LAUGHS}
    built = make_site(files)
    assert built.code == 1
    shown = "content/a.md" if where == "document" else f"content/{where}"
    assert [e for e in built.lines("error") if "aliases" in e] == [
        f"{shown}:{3 if where == 'document' else 2}: error: YAML syntax error: aliases (*name) are not allowed in front matter; "
        "write the value out in full"]
    assert not built.site.exists()


@pytest.mark.parametrize("value", ["[" * 5000 + "]" * 5000, "{a: " * 3000 + "1" + "}" * 3000])
def test_deeply_nested_yaml_is_refused_without_a_crash(make_site, value: str) -> None:
    built = make_site({"a.md": f"---\ntitle: {value}\n---\nTekst\n"}, command="check")
    assert built.code == 1
    assert built.lines() == ["content/a.md:2: error: YAML syntax error: the YAML nests deeper than 20 levels; "
                             "check the indentation and quotes on this line"]


def test_python_objects_in_yaml_are_refused(make_site) -> None:
    text = "---\ntitle: !!python/object/apply:os.system ['echo gehackt']\n---\nTekst\n"
    built = make_site({"a.md": text})
    assert built.code == 1
    assert built.lines("error")[0].startswith("content/a.md:2: error: YAML")


def test_a_file_over_5_mb_is_an_error_naming_it(make_site) -> None:
    big = document(body="Lange tekst. " * (5 * 1024 * 1024 // 13 + 10))
    built = make_site({"a.md": document(), "groot.md": big})
    assert built.code == 1
    assert built.lines("error") == ["content/groot.md:1: error: file is 5.0 MB; the limit is 5 MB; "
                                    "split the letter, or put the original PDF in attachments"]



# --- Escaping outside HTML text -----------------------------------------------------------------

@pytest.mark.parametrize("payload", [p for p in PAYLOADS if "script" in p.lower()])
def test_json_for_script_cannot_be_broken_out_of(payload: str) -> None:
    from jinja2 import Environment

    env = Environment(autoescape=True)
    env.filters["json_script"] = json_for_script
    data = {"title": payload, "summary": "<!-- <script> " + payload}
    html = env.from_string('<!doctype html><script type="application/json" id="d">{{ data|json_script }}</script>'
                           "<p>na</p>").render(data=data)
    tree = html5lib.parse(html, treebuilder="etree", namespaceHTMLElements=False)
    scripts = list(tree.iter("script"))
    assert len(scripts) == 1 and json.loads(scripts[0].text) == data
    assert "".join(next(tree.iter("p")).itertext()) == "na"


JSON_BLOCK = re.compile(r"<script[^>]*type=\"application/(?:ld\+)?json\"[^>]*>(.*?)</script>", re.S)


def json_blocks_without_the_filter(template: str) -> list[str]:
    """Expressions inside JSON script blocks that do not go through json_script."""
    return [expression for block in JSON_BLOCK.findall(template)
            for expression in re.findall(r"{{(.*?)}}", block, re.S)
            if not re.search(r"\|\s*json_script(\(compact=True\))?\s*$", expression.strip())]


def test_json_blocks_in_templates_use_json_script() -> None:
    # Autoescape makes HTML, not JSON: '&#34;' breaks the data and '</script>' needs \u003c.
    templates = ROOT / "adviesarchief" / "render" / "templates"
    for path in templates.rglob("*.html"):
        assert json_blocks_without_the_filter(path.read_text("utf-8")) == [], path
    assert json_blocks_without_the_filter(
        '<script type="application/ld+json">{"name": "{{ document.title }}", "x": {{ y|json_script }}}</script>'
    ) == [" document.title "]


def test_problem_lines_cannot_be_split_or_forged_by_content(make_site) -> None:
    # (A control character such as ESC is refused before any message quotes it: see test_characters.py.)
    value = "x\ncontent/echt.md:1: error: vals\u2028rood"
    built = make_site({"a.md": document(id=yaml_text(value))}, command="check")
    assert built.code == 1
    assert len(built.lines()) == 1
    assert "\\ncontent/echt.md:1: error: vals\\u2028rood" in built.lines()[0]


@pytest.mark.parametrize("name", ["index.html", "_bron.md", "plaatje.svg", "pagina.htm", "data.xml", "script.js",
                                  "geen-extensie", "bijlage.PDF.html"])
def test_attachments_that_could_run_or_replace_a_page_are_refused(make_site, name: str) -> None:
    text = document(attachments=f"\n  - title: Bijlage\n    file: {yaml_text(name)}")
    built = make_site({"x/brief.md": text, f"x/{name}": "<script>alert(1)</script>"})
    assert built.code == 1
    line = next(i for i, t in enumerate(text.split("\n"), start=1) if "file:" in t)
    assert built.lines("error") == [
        f"content/x/brief.md:{line}: error: attachment '{name}' is not a type that can be published safely; "
        "use a PDF, an office document or an image: " + built.lines("error")[0].split("an image: ")[1]]
    assert not built.site.exists()


def test_two_attachments_with_one_name_are_refused(make_site) -> None:
    text = document(attachments="\n  - title: A\n    file: bijlage.pdf\n  - title: B\n    file: oud/bijlage.pdf")
    built = make_site({"x/brief.md": text, "x/bijlage.pdf": b"%PDF-1.4\n", "x/oud/bijlage.pdf": b"%PDF-1.4\n"})
    assert built.code == 1
    assert built.lines("error")[0].startswith(
        f"content/x/brief.md:{text.split(chr(10)).index('    file: oud/bijlage.pdf') + 1}: error: "
        "a second attachment is called 'bijlage.pdf'")


def test_write_never_writes_a_file_twice(tmp_path: Path) -> None:
    from adviesarchief.render.outputs import Inputs, Output
    from adviesarchief.write.site import write_outputs

    source = tmp_path / "bijlage.html"
    source.write_text("<script>alert(1)</script>", "utf-8")
    page = Output("documenten/a/index.html", lambda: b"<p>pagina</p>", Inputs())
    copy = Output("documenten/a/index.html", bytes, Inputs(copied=str(source)))
    with pytest.raises(ArchiveError, match="refusing to write 'documenten/a/index.html' twice"):
        write_outputs(tmp_path / "site", [page, copy])
    assert (tmp_path / "site" / "documenten" / "a" / "index.html").read_bytes() == b"<p>pagina</p>"
