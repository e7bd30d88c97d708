"""Whole-archive results remembered between builds (incremental/derived.py): kept only for the same key."""

from __future__ import annotations

from pathlib import Path

import pytest

from adviesarchief.incremental import remembered


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
    (tmp_path / "derived" / "words.marshal").write_bytes(damage)
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
    path = tmp_path / "derived" / "words.marshal"
    path.write_bytes(path.read_bytes().replace(b"armoede", b"armoedf"))  # still a valid record, not what was kept
    assert remembered(tmp_path, "words", ["a"], counted(calls, {"armoede": 3})) == {"armoede": 3}
    assert calls == ["made", "made"]
