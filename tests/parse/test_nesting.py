"""Bounded work: a letter nested too deep (emphasis, quotes, lists, raw HTML) is one error line at
its line, found before the HTML cleaner, whose time grows with the square of the depth; text
nested within the limit is published whole (markdown-it would drop what lies beyond its own)."""

from __future__ import annotations

import pytest

from adviesarchief.errors import ArchiveError
from adviesarchief.parse.markup import MAX_DEPTH, render_markdown
from conftest import document, snapshot

MESSAGE = (f"error: this text nests more than {MAX_DEPTH} levels deep (quotes, lists, emphasis or HTML tags "
           "inside each other); write it with less nesting, e.g. as plain paragraphs")

TOO_DEEP = {
    "400 KB of nested emphasis": ("*a " * 70_000 + "x" + " a*" * 70_000, 1),
    "80,000 nested divs": ("<div>" * 80_000 + "x" + "</div>" * 80_000, 1),
    "80,000 divs never closed, after a paragraph": ("Inleiding.\n\n" + "<div>" * 80_000 + "x", 3),
    "quotes in quotes": ("> " * (MAX_DEPTH + 1) + "x", 1),
    "lists in lists": ("".join("  " * i + "- punt\n" for i in range(MAX_DEPTH)), MAX_DEPTH // 2),
    "HTML emphasis inside markdown quotes": ("Tekst.\n\n" + "> " * 30 + "<em>" * 30 + "x", 3),
}


@pytest.mark.parametrize("body, line", TOO_DEEP.values(), ids=TOO_DEEP.keys())
def test_text_nested_too_deep_is_refused_at_its_line(body: str, line: int) -> None:
    with pytest.raises(ArchiveError) as raised:
        render_markdown(body, path="a.md", first_line=10)
    assert raised.value.format() == f"a.md:{9 + line}: {MESSAGE}"


NOT_TOO_DEEP = {
    "quotes nested to the limit": ("> " * (MAX_DEPTH - 1) + "laatste woord", "laatste woord"),
    "lists nested twenty deep": ("".join("  " * i + f"- punt {i}\n" for i in range(20)), "punt 19"),
    "many paragraphs opened but not closed": ("<p>alinea " * 20_000 + "einde", "einde"),
    "many list items opened but not closed": ("<ul>" + "<li>punt " * 20_000 + "einde</ul>", "einde"),
    "many sibling blocks": ("<div>blok</div>\n\n" * 20_000 + "einde", "einde"),
    "a void tag and a comment": ("<!-- <div><div> -->" * 100 + "<br>" * 100 + "einde", "einde"),
}


@pytest.mark.parametrize("body, last", NOT_TOO_DEEP.values(), ids=NOT_TOO_DEEP.keys())
def test_text_within_the_limit_is_published_whole(body: str, last: str) -> None:
    html, _ = render_markdown(body)
    assert last in html


@pytest.mark.parametrize("case", ["400 KB of nested emphasis", "80,000 nested divs"])
def test_check_and_build_report_it_and_keep_the_old_site(make_site, case: str) -> None:
    first = make_site({"a.md": document()})
    assert first.code == 0
    before = snapshot(first.site)
    body, _ = TOO_DEEP[case]
    for command in ("check", "build"):
        built = make_site({"a.md": document(body=body)}, command=command)
        assert built.code == 1
        assert built.lines() == [f"content/a.md:10: {MESSAGE}"]
        assert "Traceback" not in built.stderr
    assert snapshot(built.site) == before
