"""Accessibility in a real browser: axe-core, keyboard use, reflow, focus, print and screenshots.

Every test runs Debian's chromium through Playwright against the seed site served on 127.0.0.1.
Screenshots land in test-output/screenshots/ so that people can look at the design.
"""

from __future__ import annotations

import re
from typing import Iterator

import pytest
from playwright.sync_api import expect

from conftest import ROOT
from pagetypes import PAGE_TYPES, PAGES, page_templates

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-output" / "screenshots"
# WCAG 2.0 and 2.1, levels A and AA, plus axe's best practices for landmarks and headings.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


@pytest.fixture
def context_factory(browser) -> Iterator:
    """Make browser contexts that are closed after the test."""
    contexts = []

    def make(**options: object):
        context = browser.new_context(**options)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


def open_page(context, base_url: str, path: str):
    """Open a page and wait until it is ready, search results included."""
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(base_url + path, wait_until="load")
    if path.startswith("zoeken/?q="):
        page.wait_for_selector("#zoek-resultaten li")
    assert not errors, f"script errors on /{path}: {errors}"
    return page


def test_every_page_template_is_tested() -> None:
    tested = {template for template, _ in PAGE_TYPES.values()}
    missing = page_templates() - tested
    assert not missing, f"add an example page for {sorted(missing)} to PAGE_TYPES in tests/pagetypes.py"


def axe_violations(page) -> list[str]:
    """Run axe-core in the page; return one readable line per failing element."""
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            return result.violations.map((v) => ({
                id: v.id, help: v.help,
                nodes: v.nodes.map((n) => n.target.join(" ") + " -> " + n.failureSummary.replace(/\\s+/g, " ")),
            }));
        }""",
        AXE_TAGS,
    )
    return [f"{v['id']} ({v['help']}): {node}" for v in violations for node in v["nodes"]]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGES))
def test_axe_finds_no_violations(context_factory, seed_server: str, name: str, scheme: str) -> None:
    # The page's CSP rightly blocks injected scripts; only this audit context bypasses it.
    context = context_factory(bypass_csp=True, color_scheme=scheme)
    page = open_page(context, seed_server, PAGES[name])
    assert axe_violations(page) == []


@pytest.mark.parametrize("width", [320, 375, 1280])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_horizontal_scrolling(context_factory, seed_server: str, name: str, width: int) -> None:
    context = context_factory(viewport={"width": width, "height": 800})
    page = open_page(context, seed_server, PAGES[name])
    scroll, client = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    if width in (375, 1280):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)
    assert scroll <= client, f"/{PAGES[name]} scrolls sideways at {width} px: {scroll} > {client}"


@pytest.mark.parametrize("name", ["home", "advies", "zoeken"])
def test_dark_mode_screenshots(context_factory, seed_server: str, name: str) -> None:
    context = context_factory(viewport={"width": 375, "height": 800}, color_scheme="dark")
    page = open_page(context, seed_server, PAGES[name])
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-375-donker.png"), full_page=True)
    channels = [float(c) for c in background[background.index("(") + 1:-1].split(",")]
    assert len(channels) == 3 or channels[3] == 1, f"transparent page background: {background}"
    assert max(channels[:3]) < 80, f"dark mode is not dark: {background}"


def test_text_stays_readable_at_200_percent_zoom(context_factory, seed_server: str) -> None:
    # 200% zoom on a 1280 px screen leaves 640 CSS px; text must wrap, not shrink or clip.
    context = context_factory(viewport={"width": 640, "height": 400}, device_scale_factor=2)
    page = open_page(context, seed_server, PAGES["advies"])
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.document__body p')).fontSize)")
    scroll, client = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert size >= 16 and scroll <= client


TEXT_SPACING = """* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
    word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }"""


@pytest.mark.parametrize("name", ["home", "advies", "gemeente", "cijfers", "zoeken"])
def test_wider_text_spacing_loses_nothing(context_factory, seed_server: str, name: str) -> None:
    # WCAG 1.4.12: readers may widen letters, words and lines; the page must still fit.
    context = context_factory(viewport={"width": 375, "height": 800}, bypass_csp=True)
    page = open_page(context, seed_server, PAGES[name])
    page.add_style_tag(content=TEXT_SPACING)
    scroll, client = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert scroll <= client, f"/{PAGES[name]} scrolls sideways with wider text spacing"


def test_skip_link_is_first_and_moves_focus_to_the_content(context_factory, seed_server: str) -> None:
    page = open_page(context_factory(), seed_server, PAGES["advies"])
    page.keyboard.press("Tab")
    focused = page.evaluate("[document.activeElement.className, document.activeElement.textContent]")
    assert focused == ["skip-link", "Ga direct naar de inhoud"]
    box = page.locator(".skip-link").bounding_box()
    assert box and box["y"] >= 0 and box["height"] > 10, "the skip link is not visible when focused"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    inside_main = page.evaluate("document.querySelector('main').contains(document.activeElement)")
    assert inside_main, "after the skip link, Tab does not continue inside the main content"


@pytest.mark.parametrize("name", ["advies", "zoeken", "cijfers"])
def test_every_focusable_element_shows_where_focus_is(context_factory, seed_server: str, name: str) -> None:
    page = open_page(context_factory(), seed_server, PAGES[name])
    unmarked: list[str] = []
    checked = 0
    for _ in range(60):
        page.keyboard.press("Tab")
        element = page.evaluate("""() => {
            const e = document.activeElement, s = getComputedStyle(e);
            return {tag: e.tagName, text: e.textContent.trim().slice(0, 40),
                    outline: s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2,
                    shadow: s.boxShadow !== "none"};
        }""")
        if element["tag"] == "BODY":
            break
        checked += 1
        if not (element["outline"] or element["shadow"]):
            unmarked.append(f"{element['tag']} {element['text']!r}")
    assert checked >= 5, f"Tab reached only {checked} elements"
    assert not unmarked, f"no visible focus style on: {unmarked}"


def test_landmarks_and_breadcrumbs(context_factory, seed_server: str) -> None:
    page = open_page(context_factory(), seed_server, PAGES["advies"])
    roles = page.evaluate("""() => ({
        banner: document.querySelectorAll("body > header").length,
        main: document.querySelectorAll("main").length,
        contentinfo: document.querySelectorAll("body > footer").length,
        navs: [...document.querySelectorAll("nav")].map((n) => n.getAttribute("aria-label")),
        crumbs: [...document.querySelectorAll("nav[aria-label=Kruimelpad] li")].map((li) => li.textContent.trim()),
    })""")
    assert (roles["banner"], roles["main"], roles["contentinfo"]) == (1, 1, 1)
    assert "Kruimelpad" in roles["navs"] and "Hoofdmenu" in roles["navs"]
    assert roles["crumbs"][:3] == ["Home", "Gemeenten", "Wijdemeren"]


def test_search_works_with_the_keyboard_alone(context_factory, seed_server: str) -> None:
    # The page keeps its CSP here, so waits use Playwright's expect(), not injected functions.
    page = open_page(context_factory(), seed_server, "zoeken/")
    status = page.locator("#zoek-status")
    expect(status).to_contain_text("Typ een zoekwoord")

    def tab_to(condition: str, limit: int = 60) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate(f"(() => {{ const e = document.activeElement; return {condition}; }})()"):
                return
        pytest.fail(f"Tab never reached an element where {condition}")

    tab_to("e.id === 'zoekterm'")
    page.keyboard.type("armoede")
    page.keyboard.press("Enter")
    assert status.get_attribute("role") == "status" and status.get_attribute("aria-live") == "polite"
    expect(status).to_have_text(re.compile(r"^\d+ resulta(?:at|ten) voor \"armoede\"\.$"))
    total = int(re.match(r"(\d+)", status.text_content()).group(1))
    expect(page.locator("#zoek-resultaten li")).to_have_count(min(total, 20))

    tab_to("e.type === 'checkbox' && e.closest('#filters') !== null")
    name, value = page.evaluate("[document.activeElement.name, document.activeElement.value]")
    page.keyboard.press("Space")
    expect(page).to_have_url(re.compile(re.escape(f"{name}=")))
    expect(page.locator(f"#filters input[name='{name}'][value='{value}']")).to_be_checked()
    expect(status).to_have_text(re.compile(r"^\d+ resulta(?:at|ten) voor"))
    filtered = int(re.match(r"(\d+)", status.text_content()).group(1))
    assert 0 < filtered <= total

    tab_to("e.tagName === 'A' && e.closest('#zoek-resultaten') !== null")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/documenten/" in page.url
    expect(page.locator("h1")).to_have_count(1)


def test_a_letter_prints_as_a_letter(context_factory, seed_server: str) -> None:
    page = open_page(context_factory(), seed_server, PAGES["advies"])
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => ["body > header", "body > footer", ".breadcrumbs", ".skip-link"]
        .map((s) => document.querySelector(s)).filter(Boolean)
        .map((e) => getComputedStyle(e).display)""")
    assert set(hidden) == {"none"}
    visible = page.evaluate("""() => [".document h1", ".document__meta", ".document__body"]
        .map((s) => getComputedStyle(document.querySelector(s)).display)""")
    assert "none" not in visible
    colour = page.evaluate("getComputedStyle(document.querySelector('.document__body p')).color")
    assert colour == "rgb(0, 0, 0)"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "advies-print.png"), full_page=True)
    page.pdf(path=str(SCREENSHOTS.parent / "advies.pdf"), format="A4")
    assert (SCREENSHOTS.parent / "advies.pdf").stat().st_size > 1000
