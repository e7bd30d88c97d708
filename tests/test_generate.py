"""The benchmark corpus generator: deterministic by seed, realistic, and valid content."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from benchmarks.generate import generate
from conftest import run_cli


def files(folder: Path) -> dict[str, bytes]:
    """Every file of a generated archive by relative path."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An archive of 1,000 generated letters."""
    root = tmp_path_factory.mktemp("generated")
    generate(1000, root / "content", seed=7)
    return root


def test_the_same_seed_gives_the_same_archive_and_another_seed_another(tmp_path: Path) -> None:
    generate(60, tmp_path / "a", seed=3)
    generate(60, tmp_path / "b", seed=3)
    generate(60, tmp_path / "c", seed=4)
    assert files(tmp_path / "a") == files(tmp_path / "b")
    assert files(tmp_path / "a") != files(tmp_path / "c")
    assert len([name for name in files(tmp_path / "a") if name.endswith(".md")]) == 60


def test_the_generated_archive_passes_check_without_warnings(archive: Path) -> None:
    code, stderr = run_cli(["check", "--content", "content"], archive)
    assert code == 0, stderr
    assert ": warning: " not in stderr and ": error: " not in stderr


def test_letters_are_realistic(archive: Path) -> None:
    texts = [p.read_text("utf-8") for p in sorted((archive / "content").rglob("*.md"))]
    bodies = [text.split("\n---\n", 1)[1] for text in texts]
    lengths = [len(body.split()) for body in bodies]
    assert 600 <= min(lengths) and max(lengths) <= 1400
    assert all(re.search(r"^## (Vraag )?1\. \w", body, re.MULTILINE) for body in bodies)
    replies = [t for t in texts if "\nin_reply_to: " in t]
    assert 0.28 <= len(replies) / len(texts) <= 0.40
    assert all("\nresponses:\n  - point: 1\n" in t for t in replies)
    municipalities = {re.search(r"^municipality: (.+)$", t, re.MULTILINE).group(1) for t in texts}
    years = {re.search(r"^date: (\d{4})", t, re.MULTILINE).group(1) for t in texts}
    assert len(municipalities) >= 300
    assert years == {str(y) for y in range(2015, 2025)}
    topic_counts = [len(re.search(r"^topics: \[(.*)\]$", t, re.MULTILINE).group(1).split(",")) for t in texts]
    assert max(topic_counts) >= 3


def test_letters_hold_nothing_a_privacy_guard_would_stop(archive: Path) -> None:
    for path in (archive / "content").rglob("*.md"):
        text = path.read_text("utf-8")
        assert not re.search(r"\d{9}", text), path
        assert "@" not in text and "http" not in text, path
        assert not re.search(r"(\+31|\b0\d)[\s-]?\d{2,3}[\s-]?\d{3}", text), path
