"""Search records kept between builds (incremental/records.py): a rebuild remakes only the records
that changed, and gives Pagefind exactly the records a cold build gives it."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Callable

import pytest

from adviesarchief.incremental.cache import read_checked
from adviesarchief.search import indexing
from conftest import document
from test_cache import IN_PROCESS, build, write_content

# One shard (three letters): an edit of one letter indexes all three again.
ONE_SHARD = dataclasses.replace(IN_PROCESS, single_index_max=2000)
ADVICE = document(title="Advies over armoede", date="2021-02-01")
LETTERS = {
    "gemeente-a/advies-armoede.md": ADVICE,
    "gemeente-a/advies-zorg.md": document(title="Advies over mantelzorg", date="2021-03-01", topics="[mantelzorg]"),
    "gemeente-b/advies-jeugd.md": document(title="Advies over jeugdzorg", municipality="Wijdemeren",
                                           date="2022-06-01"),
}
REPLY = document(type="reactie", in_reply_to="advies-armoede", title="Reactie op het advies over armoede",
                 date="2021-04-01", responses="[{point: 1, outcome: deels}]")


def kept(root: Path) -> dict[str, dict[str, bytes]]:
    """The records each shard's file in root/.cache/records holds, by shard file."""
    return {path.name: read_checked(path)["records"] for path in sorted((root / ".cache" / "records").iterdir())}


def count_records(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Count the records the build makes (not those it recalls), by letter id."""
    made: list[str] = []
    render = indexing.render_record

    def counted(document, *rest, **options):  # type: ignore[no-untyped-def]
        made.append(document.id)
        return render(document, *rest, **options)
    monkeypatch.setattr(indexing, "render_record", counted)
    return made


EDITS: dict[str, Callable[[dict[str, str]], dict[str, str]]] = {
    "text": lambda files: {**files, "gemeente-b/advies-jeugd.md": files["gemeente-b/advies-jeugd.md"]
                           + "\nEen nieuwe alinea over wachtlijsten.\n"},
    # The advice's status changes with it (its record shows the status).
    "reply added": lambda files: {**files, "gemeente-a/reactie-armoede.md": REPLY},
    "letter removed": lambda files: {k: v for k, v in files.items() if k != "gemeente-a/advies-zorg.md"},
}


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_a_rebuild_gives_pagefind_the_records_a_cold_build_gives(tmp_path: Path, edit) -> None:
    work, fresh = tmp_path / "work", tmp_path / "fresh"
    write_content(work, LETTERS)
    build(work, ONE_SHARD)
    write_content(work, edit(LETTERS))
    build(work, ONE_SHARD)
    write_content(fresh, edit(LETTERS))
    build(fresh, ONE_SHARD)
    assert kept(work) == kept(fresh)


def test_only_the_edited_letter_s_record_is_made_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_content(tmp_path, LETTERS)
    build(tmp_path, ONE_SHARD)
    made = count_records(monkeypatch)
    write_content(tmp_path, EDITS["text"](LETTERS))
    build(tmp_path, ONE_SHARD)
    assert made == ["advies-jeugd"]


def test_a_new_topic_label_makes_every_record_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every record names its topics: the labels are part of every record's key."""
    write_content(tmp_path, LETTERS)
    build(tmp_path, ONE_SHARD)
    topics = tmp_path / "content" / "topics.yaml"
    topics.write_text(topics.read_text("utf-8").replace("Mantelzorg", "Zorg door naasten", 1), "utf-8")
    made = count_records(monkeypatch)
    build(tmp_path, ONE_SHARD)
    assert sorted(made) == ["advies-armoede", "advies-jeugd", "advies-zorg"]
    assert any(b"Zorg door naasten" in record for records in kept(tmp_path).values() for record in records.values())


def flip_a_byte_in_a_record(path: Path) -> None:
    data = path.read_bytes()
    at = data.index(b"Advies over armoede")
    path.write_bytes(data[:at] + b"B" + data[at + 1:])  # still a well-formed record, not what was kept


def cut_in_half(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def other_file(path: Path) -> None:
    path.write_bytes(b"\x00not a record")


@pytest.mark.parametrize("damage", [flip_a_byte_in_a_record, cut_in_half, other_file])
def test_a_damaged_file_of_records_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage) -> None:
    write_content(tmp_path, LETTERS)
    build(tmp_path, ONE_SHARD)
    for path in (tmp_path / ".cache" / "records").iterdir():
        damage(path)
    made = count_records(monkeypatch)
    write_content(tmp_path, EDITS["text"](LETTERS))
    build(tmp_path, ONE_SHARD)
    assert sorted(made) == ["advies-armoede", "advies-jeugd", "advies-zorg"]
    fresh = tmp_path / "fresh"
    write_content(fresh, EDITS["text"](LETTERS))
    build(fresh, ONE_SHARD)
    assert kept(tmp_path) == kept(fresh)


def test_records_of_shards_that_are_gone_are_removed(tmp_path: Path) -> None:
    """Sharded per year, then (fewer letters than single_index_max) one index: the years' records go."""
    write_content(tmp_path, LETTERS)
    build(tmp_path, dataclasses.replace(IN_PROCESS, single_index_max=2))
    assert sorted(kept(tmp_path)) == ["2021.marshal", "_main.marshal"]
    build(tmp_path, ONE_SHARD)
    assert sorted(kept(tmp_path)) == ["_main.marshal"]
