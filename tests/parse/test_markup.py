"""Markdown rendering and sanitising: the safe subset survives, everything that can run does not."""

from __future__ import annotations

import html5lib
import pytest

from adviesarchief.parse.markup import render_markdown, sanitize_html


def parse(fragment: str):
    return html5lib.parseFragment(fragment, treebuilder="etree", namespaceHTMLElements=False)


def tags(fragment: str) -> set[str]:
    return {e.tag for e in parse(fragment).iter() if isinstance(e.tag, str) and e.tag != "DOCUMENT_FRAGMENT"}


KEPT = [
    ("bold and italic", "<b>vet</b> <strong>sterk</strong> <i>schuin</i> <em>nadruk</em>", {"b", "strong", "i", "em"}),
    ("lists", "<ul><li>een</li></ul><ol start=\"3\"><li>drie</li></ol>", {"ul", "ol", "li"}),
    ("table", "<table><thead><tr><th scope=\"col\">a</th></tr></thead><tbody><tr><td colspan=\"2\">b</td></tr>"
              "</tbody></table>", {"table", "thead", "tbody", "tr", "th", "td"}),
    ("abbr, sub, sup, br", "<abbr title=\"Wet maatschappelijke ondersteuning\">Wmo</abbr> H<sub>2</sub>O "
                           "m<sup>2</sup><br>", {"abbr", "sub", "sup", "br"}),
    ("quotes and code", "<blockquote>citaat</blockquote><pre><code>x</code></pre>", {"blockquote", "pre", "code"}),
]


@pytest.mark.parametrize("case, html, expected", KEPT, ids=[c[0] for c in KEPT])
def test_the_safe_subset_is_kept(case: str, html: str, expected: set[str]) -> None:
    clean = sanitize_html(html)
    assert tags(clean) == expected
    assert "title=\"Wet maatschappelijke ondersteuning\"" in clean or "abbr" not in expected


@pytest.mark.parametrize("href", ["https://example.org/a?b=c", "http://example.org/", "mailto:raad@example.org",
                                  "../andere-brief/", "/documenten/x/", "#punt-3", "bijlage.pdf"])
def test_safe_links_are_kept(href: str) -> None:
    link = next(parse(sanitize_html(f'<a href="{href}">x</a>')).iter("a"))
    assert link.get("href") == href


def test_external_links_get_noopener_noreferrer() -> None:
    body, _ = render_markdown("[extern](https://example.org/) en <a href=\"https://example.org/\" "
                              "target=\"_blank\" rel=\"opener\">rauw</a>\n")
    links = list(parse(body).iter("a"))
    assert len(links) == 2
    assert all(link.get("rel") == "noopener noreferrer" and link.get("target") is None for link in links)


REMOVED = [
    ("script", "<script>alert(1)</script>", "alert"),
    ("style", "<style>body{display:none}</style>", "display"),
    ("iframe", "<iframe src=\"https://example.org\"></iframe>", "iframe"),
    ("object", "<object data=\"x.swf\"></object>", "object"),
    ("embed", "<embed src=\"x.swf\">", "embed"),
    ("form", "<form action=\"https://evil.example\"><input name=q></form>", "form"),
    ("svg", "<svg><script>alert(1)</script><circle r=\"1\"/></svg>", "alert"),
    ("math", "<math><mtext><img src=x onerror=alert(1)></mtext></math>", "onerror"),
    ("template", "<template><img src=x onerror=alert(1)></template>", "onerror"),
    ("img with handler", "<img src=x onerror=alert(1)>", "onerror"),
    ("on handler", "<b onclick=\"alert(1)\" onmouseover=alert(1)>x</b>", "alert"),
    ("style attribute", "<p style=\"background:url(javascript:alert(1))\">x</p>", "style"),
    ("meta refresh", "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">", "refresh"),
    ("base", "<base href=\"https://evil.example/\">", "base"),
    ("link", "<link rel=\"stylesheet\" href=\"https://evil.example/x.css\">", "link"),
    ("comment", "<!-- geheim --><p>x</p>", "geheim"),
]


@pytest.mark.parametrize("case, html, marker", REMOVED, ids=[c[0] for c in REMOVED])
def test_everything_else_is_removed(case: str, html: str, marker: str) -> None:
    assert marker not in sanitize_html(html)


@pytest.mark.parametrize("href", [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
    "&#106;avascript:alert(1)", "&#x6A;avascript:alert(1)", "vbscript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "DATA:text/html,<script>alert(1)</script>",
    "file:///etc/passwd",
])
def test_unsafe_urls_are_removed(href: str) -> None:
    clean = sanitize_html(f'<a href="{href}">klik</a>')
    assert next(parse(clean).iter("a")).get("href") is None
    assert "klik" in clean


@pytest.mark.parametrize("markdown", [
    "[klik](javascript:alert(1))", "[klik](JAVASCRIPT:alert(1))", "[klik](vbscript:msgbox(1))",
    "[klik](data:text/html;base64,PHNjcmlwdD4=)", "<javascript:alert(1)>", "[klik][r]\n\n[r]: javascript:alert(1)",
    "![plaatje](javascript:alert(1))",
])
def test_unsafe_markdown_links_are_removed(markdown: str) -> None:
    body, _ = render_markdown(markdown + "\n")
    for element in parse(body).iter():
        for value in getattr(element, "attrib", {}).values():
            assert not value.lower().startswith(("javascript", "vbscript", "data"))
    assert "<img" not in body


def test_headings_get_anchors_and_start_at_h2() -> None:
    body, headings = render_markdown("# Eén\n\n### Twee <script>x</script>\n\n# Eén\n")
    assert [(h.level, h.anchor) for h in headings] == [(2, "een"), (3, "twee-x"), (2, "een-2")]
    assert "<script" not in body and '<h2 id="een">' in body
