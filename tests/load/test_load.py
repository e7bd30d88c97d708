"""Reading content/ and letters from disk: which files are documents, links out, size limits and known stamps."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from adviesarchief.load import content as load
from adviesarchief.config import Config
from adviesarchief.errors import ArchiveError
from conftest import TOPICS_YAML, document


@pytest.fixture
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty content/ folder, with the working directory at its parent (so paths show as 'content/...')."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "content"
    folder.mkdir()
    return folder


def write(content: Path, files: dict[str, str]) -> None:
    """Write text files under content/, making their folders."""
    for name, text in files.items():
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_text(text, "utf-8")


def read(content: Path, known: dict | None = None) -> load.ContentTree:
    """Read the content folder as the build does (the working directory is its parent)."""
    return load.read_content(Config(content_dir=Path("content")), known)


def test_documents_come_in_sorted_order_with_shown_relative_and_absolute_paths(content: Path) -> None:
    # Written out of order: the folder listing's own order must not leak into the result.
    names = ["wijdemeren/b.md", "helmond/z.md", "wijdemeren/a.md", "top.md", "helmond/c.md", "wijdemeren/sub/d.md"]
    write(content, {name: document(title=name) for name in names})
    tree = read(content)
    # A folder's own files come before its subfolders', as os.walk gives them.
    assert [d.name for d in tree.documents] == [
        "top.md", "helmond/c.md", "helmond/z.md", "wijdemeren/a.md", "wijdemeren/b.md", "wijdemeren/sub/d.md"]
    first = tree.documents[1]
    assert first.path == "content/helmond/c.md"
    assert first.absolute == str((content / "helmond/c.md").resolve())
    assert first.data == (content / "helmond/c.md").read_bytes()
    assert tree.root == "content"


def test_topics_and_site_yaml_at_the_top_are_special_files_not_documents(content: Path) -> None:
    write(content, {"topics.yaml": TOPICS_YAML, "site.yaml": "title: Archief\n",
                    "wijdemeren/topics.yaml": "sport:\n  label: Sport\n", "wijdemeren/a.md": document()})
    tree = read(content)
    assert tree.topics is not None and tree.topics.path == "content/topics.yaml"
    assert tree.topics.data == TOPICS_YAML.encode()
    assert tree.site is not None and tree.site.data == b"title: Archief\n"
    assert [d.name for d in tree.documents] == ["wijdemeren/a.md"]
    # Only the top-level files count: one in a folder is an ordinary file.
    assert "wijdemeren/topics.yaml" in tree.files


@pytest.mark.parametrize(("name", "listed"), [
    ("_concept.md", True),
    ("wijdemeren/_concept.md", True),
    (".concept.md", True),
    ("wijdemeren/.concept.md.swp", True),
    ("_sjablonen/brief.md", True),
    ("wijdemeren/brief.txt", True),
    ("wijdemeren/brief.MD", True),
    (".git/brief.md", False),
    ("wijdemeren/.oud/brief.md", False),
])
def test_drafts_hidden_files_and_other_kinds_are_not_documents(content: Path, name: str, listed: bool) -> None:
    write(content, {name: document()})
    tree = read(content)
    assert tree.documents == ()
    # Attachments are looked up in `files`: a hidden folder is not even listed.
    assert (name in tree.files) is listed


def test_files_and_directories_list_everything_inside_content(content: Path) -> None:
    write(content, {"topics.yaml": TOPICS_YAML, "wijdemeren/a.md": document(),
                    "wijdemeren/bijlagen/brief.pdf": "%PDF-1.4\n", ".git/config": "", "leeg/.keep": ""})
    (content / "lege-map").mkdir()
    tree = read(content)
    assert tree.files == {"topics.yaml", "wijdemeren/a.md", "wijdemeren/bijlagen/brief.pdf", "leeg/.keep"}
    assert tree.directories == {"wijdemeren", "wijdemeren/bijlagen", "leeg", "lege-map"}
    assert tree.escaping_links == frozenset() and tree.too_large == ()


def test_a_link_out_of_content_is_escaping_and_not_read_while_a_link_inside_is(content: Path) -> None:
    outside = content.parent / "geheim.md"
    outside.write_text(document(title="Geheim"), "utf-8")
    write(content, {"wijdemeren/a.md": document()})
    (content / "wijdemeren" / "uit.md").symlink_to(outside)
    (content / "wijdemeren" / "bijlage.pdf").symlink_to(outside)
    (content / "binnen.md").symlink_to(content / "wijdemeren" / "a.md")
    tree = read(content)
    assert tree.escaping_links == {"wijdemeren/uit.md", "wijdemeren/bijlage.pdf"}
    assert not tree.escaping_links & tree.files
    assert [d.name for d in tree.documents] == ["binnen.md", "wijdemeren/a.md"]
    # A link inside content/ is read through to its target, which is where it lives.
    assert tree.documents[0].absolute == str((content / "wijdemeren" / "a.md").resolve())
    assert all(b"Geheim" not in (d.data or b"") for d in tree.documents)


@pytest.mark.parametrize("name", ["wijdemeren/groot.md", "topics.yaml"])
def test_a_file_over_the_size_limit_is_one_problem_and_not_read(content: Path, monkeypatch: pytest.MonkeyPatch,
                                                                name: str) -> None:
    monkeypatch.setattr(load, "MAX_FILE_BYTES", 200)
    write(content, {name: "x" * 201, "wijdemeren/precies.md": "y" * 200})
    tree = read(content)
    assert [(p.path, p.line, p.level) for p in tree.too_large] == [(f"content/{name}", 1, "error")]
    assert "the limit is" in tree.too_large[0].message
    assert [d.name for d in tree.documents] == ["wijdemeren/precies.md"]
    assert tree.topics is None
    assert name in tree.files  # it exists: an attachment may still name it


def test_a_file_with_a_known_stamp_is_not_read_and_a_changed_one_is(content: Path) -> None:
    write(content, {"a.md": document(title="A"), "b.md": document(title="B")})
    first = read(content)
    known = {d.absolute: (d.stamp, f"hash-{d.name}") for d in first.documents}
    # Another length: the stamp changes even where the clock ticks coarsely.
    (content / "b.md").write_text(document(title="B, herzien"), "utf-8")
    a, b = read(content, known).documents
    assert (a.data, a.digest, a.stamp) == (None, "hash-a.md", first.documents[0].stamp)
    assert b.data == (content / "b.md").read_bytes() and b.digest == ""
    assert b.stamp != first.documents[1].stamp


def test_read_source_reads_a_file_known_unchanged(content: Path) -> None:
    write(content, {"a.md": document()})
    # Modified long before its inode changed: the stamp must not mix the two times up.
    os.utime(content / "a.md", ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    known = {d.absolute: (d.stamp, "hash") for d in read(content).documents}
    (unread,) = read(content, known).documents
    assert unread.data is None
    got = load.read_source(unread)
    status = os.stat(content / "a.md")
    assert (got.path, got.name, got.absolute) == (unread.path, unread.name, unread.absolute)
    assert got.data == (content / "a.md").read_bytes()
    assert got.digest == ""  # the bytes are there now: the caller hashes them
    assert got.stamp == (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino)


@pytest.mark.parametrize("name", ["ontbreekt", "bestand.md"])
def test_a_missing_content_folder_is_an_error_with_a_hint(content: Path, name: str) -> None:
    (content.parent / "bestand.md").write_text(document(), "utf-8")
    with pytest.raises(ArchiveError) as raised:
        load.read_content(Config(content_dir=Path(name)))
    assert raised.value.format() == \
        f"error: content directory '{name}' does not exist; create it, or pass --content DIR"
