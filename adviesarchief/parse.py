"""Turn raw files into parsed documents: decoded text, front matter with line numbers, body."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import ArchiveError
from .load import ContentTree, SourceFile
from .markup import render_markdown
from .model import Heading

FENCE = "---"
MAX_YAML_DEPTH = 20


@dataclass(frozen=True)
class ParsedFile:
    """A document file split into front matter (with the line of every key) and body."""

    source: SourceFile
    fields: dict[str, Any]
    # "title" -> line in the file; nested keys as "responses.0.outcome".
    lines: dict[str, int]
    body: str
    body_line: int
    body_html: str
    headings: tuple[Heading, ...]
    duplicates: tuple[tuple[str, int], ...] = field(default=())

    def line_of(self, key: str) -> int:
        """Return the file line of a front-matter key, or the nearest enclosing one."""
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key.rpartition(".")[0]
        return 1


class _FrontMatterLoader(yaml.SafeLoader):
    """Safe YAML that keeps dates as text and refuses aliases and deep nesting."""

    depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node:  # type: ignore[override]
        if self.check_event(AliasEvent):
            event = self.peek_event()
            # An alias can expand exponentially ("billion laughs"); front matter never needs one.
            raise ComposerError(
                None, None, "aliases (*name) are not allowed in front matter", event.start_mark
            )
        if self.depth >= MAX_YAML_DEPTH:
            # Deep nesting would exhaust Python's stack; no real front matter nests this deep.
            raise ComposerError(None, None, f"the YAML nests deeper than {MAX_YAML_DEPTH} levels",
                                self.peek_event().start_mark)
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


# Dates stay text so that validation can say exactly what is wrong with them.
_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def decode_text(source: SourceFile) -> str:
    """Decode UTF-8 (a BOM is allowed), normalising line ends to '\\n'."""
    try:
        text = source.data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = source.data.count(b"\n", 0, exc.start) + 1
        raise ArchiveError(
            "the file is not valid UTF-8",
            path=source.path, line=line,
            hint="save it as UTF-8 (in most editors: 'Save with encoding' > UTF-8)",
        ) from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")


def load_yaml(text: str, *, path: str, first_line: int = 1) -> tuple[Any, dict[str, int], list[tuple[str, int]]]:
    """Parse YAML safely; return the value, the file line of each key, and repeated keys.

    first_line is the file line of the text's first line, so that errors point into the file.
    """
    for number, line in enumerate(text.split("\n")):
        stripped = line.lstrip(" ")
        if stripped.startswith("\t") or ("\t" in line and ":" in line and line.index("\t") < line.index(":")):
            raise ArchiveError(
                "a tab is used for indentation",
                path=path, line=first_line + number,
                hint="YAML needs spaces: replace the tab with spaces",
            )
    loader = _FrontMatterLoader(text)
    try:
        node = loader.get_single_node()
        value = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + (mark.line if mark else 0)
        problem = exc.problem or exc.context or "invalid YAML"
        raise ArchiveError(
            f"YAML syntax error: {problem}",
            path=path, line=line,
            hint=_yaml_hint(problem),
        ) from exc
    except yaml.YAMLError as exc:
        raise ArchiveError(f"YAML error: {exc}", path=path, line=first_line) from exc
    finally:
        loader.dispose()
    lines: dict[str, int] = {}
    duplicates: list[tuple[str, int]] = []
    if node is not None:
        _collect_lines(node, "", first_line, lines, duplicates)
    return value, lines, duplicates


def _yaml_hint(problem: str) -> str:
    if "mapping values are not allowed" in problem:
        return "put text that contains ': ' between quotes"
    if "aliases" in problem:
        return "write the value out in full"
    if "could not find expected ':'" in problem:
        return "every field needs the form 'name: value'"
    return "check the indentation and quotes on this line"


def _collect_lines(node: Node, prefix: str, first_line: int,
                   lines: dict[str, int], duplicates: list[tuple[str, int]]) -> None:
    if isinstance(node, MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                continue
            key = f"{prefix}.{key_node.value}" if prefix else str(key_node.value)
            line = first_line + key_node.start_mark.line
            if key in seen:
                duplicates.append((key, line))
            seen.add(key)
            lines[key] = line
            _collect_lines(value_node, key, first_line, lines, duplicates)
    elif isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            key = f"{prefix}.{index}" if prefix else str(index)
            lines[key] = first_line + item.start_mark.line
            _collect_lines(item, key, first_line, lines, duplicates)


def parse_document(source: SourceFile) -> ParsedFile:
    """Split a document into front matter and body, raising ArchiveError on the first fatal problem."""
    text = decode_text(source)
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != FENCE:
        raise ArchiveError(
            "no front matter",
            path=source.path, line=1,
            hint="start the file with a line '---', then the fields (type, title, date, ...), then '---'",
        )
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in (FENCE, "...")), None)
    if end is None:
        raise ArchiveError(
            "front matter is not closed",
            path=source.path, line=1,
            hint="add a line '---' after the last field",
        )
    yaml_text = "\n".join(lines[1:end])
    value, key_lines, duplicates = load_yaml(yaml_text, path=source.path, first_line=2)
    if value is None:
        value = {}
    if not isinstance(value, dict):
        raise ArchiveError(
            "front matter must be a list of fields 'name: value'",
            path=source.path, line=2,
            hint="write one field per line, like 'title: Advies over ...'",
        )
    body = "\n".join(lines[end + 1:])
    body_html, headings = render_markdown(body)
    return ParsedFile(
        source=source,
        fields={str(k): v for k, v in value.items()},
        lines=key_lines,
        body=body,
        body_line=end + 2,
        body_html=body_html,
        headings=headings,
        duplicates=tuple(duplicates),
    )


def parse_documents(tree: ContentTree) -> tuple[list[ParsedFile], list[ArchiveError]]:
    """Parse every document file, collecting the problems of those that cannot be parsed."""
    parsed: list[ParsedFile] = []
    problems: list[ArchiveError] = list(tree.too_large)
    for source in tree.documents:
        try:
            parsed.append(parse_document(source))
        except ArchiveError as problem:
            problems.append(problem)
    return parsed, problems


def parse_yaml_file(source: SourceFile) -> tuple[Any, dict[str, int]]:
    """Parse a whole YAML file (topics.yaml, site.yaml); return its value and key lines."""
    value, lines, duplicates = load_yaml(decode_text(source), path=source.path)
    if duplicates:
        key, line = duplicates[0]
        raise ArchiveError(f"'{key}' appears twice", path=source.path, line=line,
                           hint="keep one of the two")
    return value, lines
