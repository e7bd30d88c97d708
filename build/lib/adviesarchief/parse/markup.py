"""Markdown to safe HTML: CommonMark with tables, heading anchors, and sanitising by nh3."""

from __future__ import annotations

from functools import lru_cache

import nh3
from markdown_it import MarkdownIt

from ..model import Heading
from ..text import slugify

ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "dl", "dt", "em",
    "h2", "h3", "h4", "h5", "h6", "hr", "i", "ins", "li", "mark", "ol", "p", "pre", "s",
    "small", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
    "u", "ul",
})
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "ol": {"start"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True, "typographer": False}).enable("table")


def render_markdown(body: str) -> tuple[str, tuple[Heading, ...]]:
    """Render a document body to sanitised HTML, and list its headings with their anchors.

    Heading levels are renumbered to start at h2 without gaps, because the page's h1 is the
    document title and screen-reader users navigate by heading level.
    """
    parser = _parser()
    tokens = parser.parse(body)
    used_levels = sorted({int(t.tag[1]) for t in tokens if t.type == "heading_open"})
    level_map = {level: min(2 + i, 6) for i, level in enumerate(used_levels)}
    headings: list[Heading] = []
    taken: set[str] = set()
    for index, token in enumerate(tokens):
        if token.type not in ("heading_open", "heading_close"):
            continue
        level = level_map[int(token.tag[1])]
        token.tag = f"h{level}"
        if token.type == "heading_open":
            inline = tokens[index + 1]
            text = "".join(c.content for c in (inline.children or []) if c.type in ("text", "code_inline"))
            anchor = _unique(slugify(text) or "kop", taken)
            token.attrSet("id", anchor)
            headings.append(Heading(level, text.strip(), anchor))
    html = parser.renderer.render(tokens, parser.options, {})
    return sanitize_html(html), tuple(headings)


def sanitize_html(html: str) -> str:
    """Keep a safe subset of HTML; drop scripts, handlers and unsafe URLs."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
        clean_content_tags={"script", "style", "svg", "math", "iframe", "object", "embed", "form", "template", "noscript", "textarea", "select"},
        strip_comments=True,
    )


def _unique(anchor: str, taken: set[str]) -> str:
    candidate, n = anchor, 2
    while candidate in taken:
        candidate, n = f"{anchor}-{n}", n + 1
    taken.add(candidate)
    return candidate
