"""Content folders in memory, for checking letters and YAML files without a disk or a build."""

from __future__ import annotations

from functools import lru_cache
from posixpath import dirname

from adviesarchief import validate
from adviesarchief.load import content as load
from adviesarchief.load.content import ContentTree, SourceFile
from adviesarchief.parse.document import ParsedFile, parse_document
from adviesarchief.validate.registry import Registry, build_registry
from conftest import TOPICS_YAML


def content_tree(files: dict[str, str | bytes], *, links: tuple[str, ...] = (),
                 folders: tuple[str, ...] = ()) -> ContentTree:
    """A ContentTree of these files (name relative to content/ -> text), as read_content would give it."""
    sources = {name: SourceFile(f"content/{name}", name, f"/archief/content/{name}",
                                data if isinstance(data, bytes) else data.encode("utf-8"))
               for name, data in files.items()}
    directories = set(folders)
    for name in [*files, *folders]:
        while dirname(name):
            name = dirname(name)
            directories.add(name)
    return ContentTree(
        root="content",
        documents=tuple(s for name, s in sorted(sources.items()) if load.is_document_name(name.rsplit("/", 1)[-1])),
        topics=sources.get("topics.yaml"), site=sources.get("site.yaml"),
        files=frozenset(files), directories=frozenset(directories), escaping_links=frozenset(links),
        too_large=(), synonyms=sources.get("synoniemen.yaml"),
    )


@lru_cache(maxsize=1)
def shipped_registry() -> Registry:
    """The shipped registry of municipalities, built once."""
    return build_registry(load.read_registry())


def rules_for(tree: ContentTree) -> validate.LetterRules:
    """The rules the letters of a tree are checked against (its topics.yaml must be valid)."""
    rules, problems = validate.read_rules(tree, shipped_registry())
    assert problems == []
    return rules


def parsed_letter(text: str, name: str = "a/x.md") -> ParsedFile:
    """Parse one letter's text as the file content/<name>."""
    return parse_document(content_tree({name: text}).documents[0])


def check_one(text: str, others: dict[str, str | bytes] | None = None, name: str = "a/x.md"
              ) -> validate.CheckedLetter:
    """Check one letter in a folder with the test topics.yaml and these other files."""
    tree = content_tree({"topics.yaml": TOPICS_YAML, name: text, **(others or {})})
    return validate.check_letter(parse_document(tree.documents[0]), tree, rules_for(tree))


def lines(problems: list | tuple) -> list[str]:
    """Problems as the lines the command line prints."""
    return [p.format() for p in problems]
