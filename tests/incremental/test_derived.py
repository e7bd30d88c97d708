"""Whole-archive results remembered between builds (incremental/derived.py): kept only for the same key."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from adviesarchief.incremental import derived, forget_stale, remembered, remembered_each, remembered_with_letters
from adviesarchief.model import Document, PackedHtml


def counted(calls: list[str], value: object):
    def make() -> object:
        calls.append("made")
        return value
    return make


def test_a_value_is_made_once_for_a_key_and_again_for_another(tmp_path: Path) -> None:
    calls: list[str] = []
    value = (frozenset({"armoede", "zorg"}), {"words": {"armoede": 3}})
    assert remembered(tmp_path, "words", ["a"], counted(calls, value)) == value
    assert remembered(tmp_path, "words", ["a"], counted(calls, "other")) == value
    assert remembered(tmp_path, "words", ["b"], counted(calls, "other")) == "other"
    assert calls == ["made", "made"]


@pytest.mark.parametrize("damage", [b"", b"\x00garbage", b"\xfb" * 40], ids=["empty", "garbage", "not-marshal"])
def test_a_damaged_file_is_made_again_not_trusted(tmp_path: Path, damage: bytes) -> None:
    calls: list[str] = []
    remembered(tmp_path, "words", ["a"], counted(calls, "first"))
    derived._path(tmp_path, "words").write_bytes(damage)
    assert remembered(tmp_path, "words", ["a"], counted(calls, "again")) == "again"
    assert calls == ["made", "made"]


def test_without_a_cache_every_build_makes_it(tmp_path: Path) -> None:
    calls: list[str] = []
    for _ in range(2):
        assert remembered(None, "words", ["a"], counted(calls, 1)) == 1
    assert calls == ["made", "made"]
    assert not (tmp_path / "derived").exists()


def test_a_value_changed_inside_its_file_is_made_again(tmp_path: Path) -> None:
    calls: list[str] = []
    remembered(tmp_path, "words", ["a"], counted(calls, {"armoede": 3}))
    path = derived._path(tmp_path, "words")
    path.write_bytes(path.read_bytes().replace(b"armoede", b"armoedf"))  # still a valid record, not what was kept
    assert remembered(tmp_path, "words", ["a"], counted(calls, {"armoede": 3})) == {"armoede": 3}
    assert calls == ["made", "made"]


def letter(doc_id: str, html: str) -> Document:
    return Document(id=doc_id, type="advies", title=doc_id, date=date(2024, 1, 1), municipalities=(), author="",
                    recipient="", topics=(), reference="", in_reply_to=(), summary="", attachments=(),
                    responses=(), body_html=PackedHtml.pack(html), headings=(), source_path="", source_name="")


def test_a_value_with_letters_reads_back_this_builds_letters(tmp_path: Path) -> None:
    calls: list[str] = []
    first = {"a": letter("a", "<p>oud</p>"), "b": letter("b", "<p>b</p>")}
    value = {"replies": (first["a"], first["b"]), "count": 2}
    made = remembered_with_letters(tmp_path, "views", ["k"], counted(calls, value), first)
    assert made is value
    # The text of a changed; its front matter (the key) did not.
    second = {"a": letter("a", "<p>nieuw</p>"), "b": letter("b", "<p>b</p>")}
    kept = remembered_with_letters(tmp_path, "views", ["k"], counted(calls, "other"), second)
    assert kept == {"replies": (second["a"], second["b"]), "count": 2}
    assert kept["replies"][0] is second["a"] and str(kept["replies"][0].body_html) == "<p>nieuw</p>"
    assert remembered_with_letters(tmp_path, "views", ["j"], counted(calls, "other"), second) == "other"
    assert calls == ["made", "made"]


@pytest.mark.parametrize("damage", [b"", b"\x00garbage", b"\xfb" * 40], ids=["empty", "garbage", "not-pickle"])
def test_a_damaged_value_with_letters_is_made_again(tmp_path: Path, damage: bytes) -> None:
    calls: list[str] = []
    letters = {"a": letter("a", "<p>a</p>")}
    remembered_with_letters(tmp_path, "views", ["k"], counted(calls, (letters["a"],)), letters)
    path = derived._path(tmp_path, "views").with_suffix(".pickle")
    assert path.is_file()
    path.write_bytes(damage)
    assert remembered_with_letters(tmp_path, "views", ["k"], counted(calls, "again"), letters) == "again"
    body = path.read_bytes()
    path.write_bytes(body[:-3] + bytes([body[-3] ^ 1]) + body[-2:])  # one bit of the value flipped
    assert remembered_with_letters(tmp_path, "views", ["k"], counted(calls, "third"), letters) == "third"
    assert calls == ["made", "made", "made"]


def test_a_letter_gone_since_makes_the_value_again(tmp_path: Path) -> None:
    calls: list[str] = []
    letters = {"a": letter("a", "<p>a</p>")}
    remembered_with_letters(tmp_path, "views", ["k"], counted(calls, (letters["a"],)), letters)
    assert remembered_with_letters(tmp_path, "views", ["k"], counted(calls, ()), {}) == ()
    assert calls == ["made", "made"]


def test_each_part_is_made_again_only_when_its_own_key_or_the_common_key_changed(tmp_path: Path) -> None:
    made: list[str] = []

    def make(item: str) -> str:
        made.append(item)
        return f"<{item}>"

    first = remembered_each(tmp_path, "sitemap.xml", ["front"], {"a": "1", "b": "1"}, make)
    assert first == {"a": "<a>", "b": "<b>"} and made == ["a", "b"]
    assert remembered_each(tmp_path, "sitemap.xml", ["front"], {"a": "1", "b": "2", "c": "1"}, make) == {
        "a": "<a>", "b": "<b>", "c": "<c>"}
    assert made == ["a", "b", "b", "c"]  # b's own key changed, c is new
    assert remembered_each(tmp_path, "sitemap.xml", ["other front"], {"a": "1"}, make) == {"a": "<a>"}
    assert made[-1] == "a"  # all made again for another common key
    assert list(remembered_each(None, "sitemap.xml", ["front"], {"b": "1", "a": "1"}, make)) == ["b", "a"]


@pytest.mark.parametrize("damage", [b"", b"\x00garbage", b"\xfb" * 40], ids=["empty", "garbage", "not-marshal"])
def test_damaged_parts_are_made_again(tmp_path: Path, damage: bytes) -> None:
    remembered_each(tmp_path, "sitemap.xml", ["front"], {"a": "1"}, lambda item: "first")
    derived._path(tmp_path, "entries/sitemap.xml").write_bytes(damage)
    assert remembered_each(tmp_path, "sitemap.xml", ["front"], {"a": "1"}, lambda item: "again") == {"a": "again"}


def test_what_no_later_build_reads_is_removed(tmp_path: Path) -> None:
    """Values of another code version, files of the layout before versions, and the parts of outputs gone."""
    remembered(tmp_path, "words", ["a"], lambda: 1)
    for output in ("sitemap-1.xml", "sitemap-2.xml", "map/sitemap-3.xml"):
        remembered_each(tmp_path, output, ["front"], {"a": "1"}, lambda item: "entry")
    older = tmp_path / "derived" / "0123456789abcdef"
    older.mkdir()
    (older / "words.marshal").write_bytes(b"old")
    (tmp_path / "derived" / "statuses.marshal").write_bytes(b"before versions")
    forget_stale(tmp_path, {"sitemap-1.xml", "map/sitemap-3.xml", "index.html"})
    folder = derived._path(tmp_path, "words").parent
    assert sorted(p.relative_to(tmp_path / "derived").as_posix() for p in (tmp_path / "derived").rglob("*.marshal")) == [
        f"{folder.name}/entries/map/sitemap-3.xml.marshal", f"{folder.name}/entries/sitemap-1.xml.marshal",
        f"{folder.name}/words.marshal"]
    assert remembered(tmp_path, "words", ["a"], lambda: 2) == 1  # what is still read stays
