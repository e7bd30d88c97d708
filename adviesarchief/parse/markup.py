"""Markdown to safe HTML: CommonMark with tables, heading anchors, and sanitising by nh3."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..errors import ArchiveError
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

# How deep a letter's text may nest (quotes, lists, emphasis and HTML tags inside each other).
# Real letters stay under 15; the HTML cleaner's time grows with the square of the depth, and
# beyond its own limit markdown-it drops the rest of a quote or list without a word.
MAX_DEPTH = 50
_TAG = re.compile(r"<!--.*?-->|<(/?)([A-Za-z][A-Za-z0-9-]*)(?:\s[^>]*)?>", re.S)
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
                   "wbr"})
# Opening one of these closes an open one of the same name (HTML's implied end tags).
_SELF_ENDING = frozenset({"p", "li", "dt", "dd", "tr", "td", "th", "option"})


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # maxNesting above MAX_DEPTH: the depth check always speaks before markdown-it would drop text.
    return MarkdownIt("commonmark", {"html": True, "typographer": False, "maxNesting": MAX_DEPTH + 2}).enable("table")


def render_markdown(body: str, *, path: str = "", first_line: int = 1) -> tuple[str, tuple[Heading, ...]]:
    """Render a document body to sanitised HTML, and list its headings with their anchors.

    Heading levels are renumbered to start at h2 without gaps, because the page's h1 is the
    document title and screen-reader users navigate by heading level. A body nested deeper
    than MAX_DEPTH raises ArchiveError at the line where it does (first_line: the body's line
    in its file).
    """
    parser = _parser()
    tokens = parser.parse(body)
    too_deep = deepest_line(tokens)
    if too_deep is not None:
        raise ArchiveError(f"this text nests more than {MAX_DEPTH} levels deep (quotes, lists, emphasis or "
                           "HTML tags inside each other)", path=path, line=first_line + too_deep,
                           hint="write it with less nesting, e.g. as plain paragraphs")
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


def deepest_line(tokens: Sequence[Token]) -> int | None:
    """The line (0 = the body's first) where the text nests deeper than MAX_DEPTH, or None.

    Counts markdown's own nesting and the raw HTML in it as one stack of open elements, as a
    browser would build them. The stack never grows past MAX_DEPTH, so this stays linear.
    """
    stack: list[str] = []
    line = 0
    for token in tokens:
        if token.map:
            line = token.map[0]
        for part in token.children or () if token.type == "inline" else (token,):
            if part.type in ("html_block", "html_inline"):
                for found in _TAG.finditer(part.content):
                    closing, name = found.group(1), (found.group(2) or "").lower()
                    if not name or name in _VOID or found.group(0).endswith("/>"):
                        continue
                    if closing:
                        _close(stack, name)
                    elif not _open(stack, name):
                        return line + part.content.count("\n", 0, found.start())
            elif part.nesting == 1 and not _open(stack, part.tag or part.type):
                return line
            elif part.nesting == -1:
                _close(stack, part.tag or part.type)
    return None


def _open(stack: list[str], name: str) -> bool:
    """Open an element; False when that goes past MAX_DEPTH."""
    if name in _SELF_ENDING and stack and stack[-1] == name:
        stack.pop()
    stack.append(name)
    return len(stack) <= MAX_DEPTH


def _close(stack: list[str], name: str) -> None:
    """Close the innermost open element of this name and all inside it; a stray end tag closes nothing."""
    for index in range(len(stack) - 1, -1, -1):
        if stack[index] == name:
            del stack[index:]
            return


def _unique(anchor: str, taken: set[str]) -> str:
    candidate, n = anchor, 2
    while candidate in taken:
        candidate, n = f"{anchor}-{n}", n + 1
    taken.add(candidate)
    return candidate
