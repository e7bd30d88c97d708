"""Turn raw files into parsed documents: decoded text, front matter with line numbers, body."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import re
import sys

import yaml
from yaml.composer import ComposerError
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..errors import ArchiveError
from ..load.content import ContentTree, SourceFile
from ..parse.markup import render_markdown
from .characters import check_text, check_values, too_long_number
from ..model import Heading, PackedHtml

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
    body_html: PackedHtml
    headings: tuple[Heading, ...]
    duplicates: tuple[tuple[str, int], ...] = field(default=())
    # Whether the body has any text; the build keeps this, not the body (its HTML is enough).
    has_text: bool = True

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

_FastLoader: type | None = None
if getattr(yaml, "__with_libyaml__", False):
    class _FastLoader(yaml.CSafeLoader):  # type: ignore[no-redef]
        """libyaml's parser with the same resolvers as _FrontMatterLoader (used without aliases)."""

    _FastLoader.yaml_implicit_resolvers = _FrontMatterLoader.yaml_implicit_resolvers


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
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    check_text(text, source.path)
    return text


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
    # libyaml is ten times faster; text that could hold an anchor or alias or nest deeply,
    # and every problem, goes through the pure-Python loader (with its depth limit), so
    # messages always come from one parser.
    if _FastLoader is not None and _plainly_shallow(text):
        try:
            return _compose(_FastLoader(text), first_line)
        except (yaml.YAMLError, ValueError):
            pass
    try:
        return _compose(_FrontMatterLoader(text), first_line)
    except yaml.MarkedYAMLError as exc:
        line, message, hint = explain_yaml_error(exc)
        raise ArchiveError(
            f"YAML syntax error: {message}", path=path, line=first_line + line, hint=hint,
        ) from exc
    except yaml.YAMLError as exc:
        raise ArchiveError(f"YAML error: {exc}", path=path, line=first_line) from exc
    except ValueError as exc:  # a number of more digits than Python reads
        raise too_long_number(text, path, first_line) from exc


_UNUSUAL = re.compile("[\x00-\x09\x0b-\x1f\x7f\x85\u2028\u2029\ufeff]")
# A line's indentation with the list dashes after it: "- - x" nests lists without indenting.
_LEADING = re.compile(r"[ ]*(?:-[ ]+)*")


def _plainly_shallow(text: str) -> bool:
    """Tell whether YAML text surely has no anchor, alias, tab, odd character or deep nesting.

    libyaml and PyYAML differ on tabs and unusual line breaks; such text takes the slow path.
    """
    if "&" in text or "*" in text or _UNUSUAL.search(text):
        return False
    indent = max((_LEADING.match(line).end() for line in text.split("\n")), default=0)
    if text.count("[") + text.count("{") + indent < MAX_YAML_DEPTH // 2:
        return True  # even if every bracket opened inside the one before: the usual case, counted fast
    depth = deepest = 0
    for character in text:
        if character in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif character in "]}":
            depth -= 1
    # Each block level indents at least one space; brackets in quoted text only make this stricter.
    return deepest + indent < MAX_YAML_DEPTH // 2


def _compose(loader: Any, first_line: int) -> tuple[Any, dict[str, int], list[tuple[str, int]]]:
    """Run a loader over its text; return the value, each key's file line and repeated keys."""
    try:
        node = loader.get_single_node()
        value = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    lines: dict[str, int] = {}
    duplicates: list[tuple[str, int]] = []
    if node is not None:
        _collect_lines(node, "", first_line, lines, duplicates)
    # Every letter has the same keys: one string each, so a pack of letters stores (and loads) it once.
    return _intern_keys(value), {sys.intern(key): line for key, line in lines.items()}, duplicates


def _intern_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {sys.intern(k) if isinstance(k, str) else k: _intern_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_intern_keys(item) for item in value]
    return value


# Errors whose cause is where a construct began (an opened quote or bracket), not where
# PyYAML noticed it (often the end of the block).
_STARTS_AT_CONTEXT = ("while scanning a quoted scalar", "while parsing a flow", "while scanning a simple key")

# PyYAML's wording (found in its context or problem text) -> a plain message and a hint.
_YAML_EXPLANATIONS: tuple[tuple[str, str, str], ...] = (
    ("'\\t'", "a tab is used", "YAML needs spaces: replace the tab with spaces"),
    ("while scanning a quoted scalar", "a quote is opened but not closed",
     "end the value with the same quote it starts with, or remove the quotes"),
    ("while parsing a flow sequence", "a list '[' is not closed", "end the list with ']' on the same line"),
    ("while parsing a flow mapping", "a '{' is not closed", "end it with '}' on the same line, or remove the '{'"),
    ("while scanning a simple key", "this line is not a field 'name: value'",
     "write 'name: value' (to continue long text, indent the next lines with spaces)"),
    ("could not find expected ':'", "this line is not a field 'name: value'",
     "write 'name: value' (to continue long text, indent the next lines with spaces)"),
    ("mapping values are not allowed", "unexpected ':'",
     "put text that contains ': ' between quotes, and start each field at the beginning of the line"),
    ("but found '<scalar>'", "text after the closing quote",
     "a quoted value must end with its quote (write a ' inside '...' twice: '')"),
    ("but found '-'", "a list item '- ...' where a field was expected",
     "indent list items below their field, e.g. 'topics:' then '  - armoede'"),
    ("could not determine a constructor", "tags (!name) are not allowed in front matter",
     "remove the '!...' before the value"),
    ("unhashable key", "a field name must be a single word", "write 'name: value'"),
)


def explain_yaml_error(exc: yaml.MarkedYAMLError) -> tuple[int, str, str]:
    """Return the 0-based line of a YAML error within its text, a plain message and a hint."""
    context = exc.context or ""
    problem = exc.problem or context or "invalid YAML"
    use_context = exc.context_mark is not None and context.startswith(_STARTS_AT_CONTEXT)
    mark = exc.context_mark if use_context else (exc.problem_mark or exc.context_mark)
    line = mark.line if mark else 0
    if context.startswith("while parsing a flow node") and mark is not None and mark.buffer:
        # PyYAML marks the end of the text; the mistake is the last bracket opened before it.
        opened = max(mark.buffer.rfind("[", 0, mark.pointer), mark.buffer.rfind("{", 0, mark.pointer))
        if opened >= 0:
            line = mark.buffer.count("\n", 0, opened)
            return line, "a list '[' or '{' is not closed", "close it with ']' or '}' on the same line"
    for wording, message, hint in _YAML_EXPLANATIONS:
        if wording in problem or context.startswith(wording):
            return line, message, hint
    if "cannot start any token" in problem:
        character = re.search(r"character '(.+?)'", problem)
        shown = f"'{character.group(1)}'" if character else "this character"
        return line, f"a value cannot start with {shown}", "put the value between quotes"
    if "aliases" in problem:
        return line, problem, "write the value out in full"
    return line, problem, "check the indentation and quotes on this line"


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
    if lines[0].rstrip() != FENCE:
        first = next((i for i, line in enumerate(lines) if line.strip()), None)
        if first is not None and lines[first].strip() == FENCE:
            raise ArchiveError(
                "the front matter must start on the first line",
                path=source.path, line=1, hint=f"remove the {first} empty line(s) above '---'",
            )
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
    check_values(value, key_lines, source.path)
    if value is None:
        value = {}
    if not isinstance(value, dict):
        raise ArchiveError(
            "front matter must be a list of fields 'name: value'",
            path=source.path, line=2,
            hint="write one field per line, like 'title: Advies over ...'",
        )
    body = "\n".join(lines[end + 1:])
    body_html, headings = render_markdown(body, path=source.path, first_line=end + 2)
    return ParsedFile(
        source=source,
        fields={str(k): v for k, v in value.items()},
        lines=key_lines,
        body=body,
        body_line=end + 2,
        has_text=bool(body.strip()),
        body_html=PackedHtml.pack(body_html),
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
    check_values(value, lines, source.path)
    if duplicates:
        key, line = duplicates[0]
        raise ArchiveError(f"'{key}' appears twice", path=source.path, line=line,
                           hint="keep one of the two")
    return value, lines
