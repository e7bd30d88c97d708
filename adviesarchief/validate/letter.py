"""Check one letter on its own: its front-matter fields, its personal data, and the Document it makes."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any, Mapping, TypeVar

from ..errors import ArchiveError, Level
from ..load.content import ContentTree
from ..model import DOCUMENT_TYPES, Document, Topic
from ..parse.document import ParsedFile
from ..text import did_you_mean, slugify, suggest
from .attachments import check_attachments
from .common import ID_PATTERN, Issue, join, kind
from .dates import parse_date
from .markers import find_review_markers
from .municipalities import check_municipalities
from .privacy import Finding, find_personal_data, scan_file_name
from .registry import Registry
from .responses import check_responses

T = TypeVar("T")
REQUIRED_FIELDS = ("type", "title", "date", "from", "topics")
KNOWN_FIELDS = (
    "type", "title", "date", "municipality", "from", "to", "topics", "id", "reference",
    "in_reply_to", "summary", "attachments", "responses",
)
EMPTY_HINTS = {"title": "fill in the title of the letter", "from": "fill in who wrote the letter"}


@dataclass(frozen=True)
class LetterRules:
    """What a letter is checked against besides itself: the registry and topics.yaml."""

    registry: Registry
    topics: tuple[Topic, ...]
    known_topics: Mapping[str, Topic] | None  # None while topics.yaml has errors of its own

    @cached_property
    def topic_keys(self) -> str:
        """The keys of topics.yaml as a hint names them: sorted, comma-separated ('' while there are none)."""
        return ", ".join(sorted(self.known_topics or ()))

    @cached_property
    def example_topics(self) -> str:
        """Two keys of topics.yaml for an example list (generic ones while it names none)."""
        return ", ".join(sorted(self.known_topics or ())[:2]) or "armoede, schuldhulpverlening"


@dataclass(frozen=True)
class CheckedLetter:
    """One letter checked on its own: its document (None when it has errors), problems and personal data."""

    document: Document | None
    problems: tuple[ArchiveError, ...]
    # What looks like personal data in the file, before site.yaml's exceptions (see privacy.judge_findings).
    personal_data: tuple[Finding, ...] = ()
    # The attachment paths (relative to content/) the check looked up in the content folder.
    attachment_paths: tuple[str, ...] = ()
    # '# CONTROLEER' comments left in the file (comments are gone after parsing: found in its bytes).
    review_markers: tuple[ArchiveError, ...] = ()
    # What looks like personal data in the file's name (it is part of a public address).
    name_findings: tuple[Finding, ...] = ()


def check_letter(parsed: ParsedFile, tree: ContentTree, rules: LetterRules) -> CheckedLetter:
    """Check one letter's fields and scan its bytes for personal data and review markers."""
    checker = _LetterChecker(parsed, tree, rules)
    document = checker.check()
    # A parse without its bytes (kept ones drop them) has nothing to scan.
    data = parsed.source.data or b""
    personal_data = find_personal_data(data)
    markers = find_review_markers(parsed.source.path, data.decode("utf-8-sig", errors="replace"))
    return CheckedLetter(document, tuple(checker.problems), personal_data, checker.attachment_paths, tuple(markers),
                         scan_file_name(parsed.source.name))


class _LetterChecker:
    """Checks one parsed file; every problem goes through report()."""

    def __init__(self, parsed: ParsedFile, tree: ContentTree, rules: LetterRules) -> None:
        self.parsed = parsed
        self.tree = tree
        self.rules = rules
        self.path = parsed.source.path
        self.problems: list[ArchiveError] = []
        self.attachment_paths: tuple[str, ...] = ()

    def report(self, where: str | int, message: str, hint: str = "", level: Level = "error") -> None:
        """Record a problem at a front-matter key's line, or at a line of the file."""
        line = where if isinstance(where, int) else self.parsed.line_of(where)
        self.problems.append(ArchiveError(message, path=self.path, line=line, hint=hint, level=level))

    def take(self, checked: tuple[T, list[Issue]]) -> T:
        """Report the problems of a field check; return its value."""
        value, issues = checked
        for issue in issues:
            self.report(*issue)
        return value

    @property
    def ok(self) -> bool:
        """Whether no error has been reported (warnings do not count)."""
        return all(problem.level != "error" for problem in self.problems)

    def check(self) -> Document | None:
        """Check every field; return the document, or None when it has errors."""
        fields = self.parsed.fields
        missing = self.check_field_names()
        doc_type = self.check_type()
        title = self.text("title", required="title" not in missing)
        day = self.take(parse_date(fields.get("date"), "date")) if "date" not in missing else None
        # Whether the date lies in the future is checked for the whole archive (check_future_dates):
        # the result of this check is kept from one day to the next.
        municipalities = self.take(check_municipalities(self.text_list("municipality") or [], day,
                                                        self.rules.registry))
        author = self.text("from", required="from" not in missing)
        recipient = self.text("to")
        topics = self.check_topics() if "topics" not in missing else ()
        doc_id = self.check_id()
        reference = self.text("reference", allow_number=True)
        in_reply_to = self.check_in_reply_to()
        summary = self.text("summary")
        if "summary" not in fields:
            self.report(1, "no summary", "add 'summary:' with two or three plain sentences for residents", "warning")
        found = check_attachments(fields.get("attachments"), self.parsed.source.name, self.tree)
        attachments = self.take((found.attachments, found.issues))
        self.attachment_paths = found.consulted
        responses = self.take(check_responses(fields.get("responses"), doc_type, self.parsed.headings))
        if not self.parsed.has_text:
            self.report(self.parsed.body_line, "the document has no text below the front matter",
                        "paste the text of the letter below the closing '---'", "warning")
        if not self.ok or doc_type is None or day is None or doc_id is None:
            return None
        return Document(
            id=doc_id, type=doc_type, title=title, date=day,
            municipalities=municipalities, author=author, recipient=recipient,
            topics=topics, reference=reference, in_reply_to=in_reply_to,
            summary=summary, attachments=attachments,
            responses=responses,
            body_html=self.parsed.body_html, headings=self.parsed.headings,
            source_path=self.path, source_name=self.parsed.source.name,
            source_file=self.parsed.source.absolute,
        )

    def text(self, key: str, *, required: bool = False, allow_number: bool = False) -> str:
        """Return a text field (stripped), reporting a missing, empty or non-text value."""
        value = self.parsed.fields.get(key)
        if value is None:
            if required and key in self.parsed.fields:
                self.report(key, f"'{key}' is empty", EMPTY_HINTS.get(key, f"fill in the {key} after '{key}:'"))
            elif required:
                self.report(key, f"required field '{key}' is missing", f"add a line '{key}: ...' to the front matter")
            return ""
        if allow_number and isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        if not isinstance(value, str):
            hint = ("put the value between quotes" if isinstance(value, (int, float, bool))
                    else "write it on one line after the colon")
            self.report(key, f"'{key}' must be text, not {kind(value)}", hint)
            return ""
        if required and not value.strip():
            self.report(key, f"'{key}' is empty", EMPTY_HINTS.get(key, f"fill in the {key}"))
        return value.strip()

    def text_list(self, key: str) -> list[str] | None:
        """Return a field that is one name or a list of names; None if it is neither."""
        value = self.parsed.fields.get(key)
        if value is None:
            return []
        if isinstance(value, str):
            return [value.strip()]
        if not isinstance(value, list):
            self.report(key, f"'{key}' must be a name or a list of names, not {kind(value)}",
                        f"write '{key}: [a, b]' or one name")
            return None
        return self.list_items(key, value)

    def list_items(self, key: str, value: list[Any]) -> list[str] | None:
        """Return the items of a list of names, reporting each item that is not text."""
        ok = True
        for index, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                shown = "an empty item" if item is None or item == "" else f"{kind(item)}"
                self.report(f"{key}.{index}", f"item {index + 1} of '{key}' is {shown}, not a name",
                            "write one name per item, between quotes if it is a number")
                ok = False
        return [v.strip() for v in value] if ok else None

    def check_field_names(self) -> list[str]:
        """Report repeated, unknown and missing fields; return the required fields that are missing."""
        fields = self.parsed.fields
        for key, line in self.parsed.duplicates:
            self.report(line, f"field '{key}' appears twice", "keep one of the two")
        missing = [k for k in REQUIRED_FIELDS if k not in fields]
        unexplained = list(missing)
        for key in fields:
            if key in KNOWN_FIELDS:
                continue
            meant = suggest(key, KNOWN_FIELDS)
            if meant in unexplained:
                # One mistake, one line: the typo explains the missing field.
                self.report(key, f"unknown field '{key}' and required field '{meant}' is missing",
                            f"did you mean '{meant}'?")
                unexplained.remove(meant)
                continue
            hint = f"did you mean '{meant}'?" if meant else "known fields: " + ", ".join(KNOWN_FIELDS)
            self.report(key, f"unknown field '{key}' is ignored", hint, "warning")
        if unexplained:
            names = ", ".join(f"'{k}'" for k in unexplained)
            self.report(1, f"required field {names} is missing" if len(unexplained) == 1
                        else f"required fields {names} are missing",
                        "add " + join([f"a line '{k}: ...'" for k in unexplained], "and") + " to the front matter")
        return missing

    def check_type(self) -> str | None:
        """Return the document type, or None when it is missing or not one of DOCUMENT_TYPES."""
        value = self.parsed.fields.get("type")
        if value is None:
            if "type" in self.parsed.fields:
                self.report("type", "'type' is empty", "use one of: " + ", ".join(DOCUMENT_TYPES))
            return None
        if not isinstance(value, str):
            self.report("type", f"'type' must be one word, not {kind(value)}",
                        "use one of: " + ", ".join(DOCUMENT_TYPES))
            return None
        if value not in DOCUMENT_TYPES:
            suggestion = did_you_mean(value, DOCUMENT_TYPES)
            self.report("type", f"unknown type '{value}'",
                        (suggestion + " " if suggestion else "") + "use one of: " + ", ".join(DOCUMENT_TYPES))
            return None
        return value

    def check_topics(self) -> tuple[str, ...]:
        """Return the letter's topic keys, each known to topics.yaml, once each."""
        value = self.parsed.fields.get("topics")
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.report("topics", f"'topics' must be a list of topic keys, not {kind(value)}",
                        f"write 'topics: [{self.rules.example_topics}]'")
            return ()
        known, listed = self.rules.known_topics, self.rules.topic_keys
        if not value:
            # Every imported draft starts here: the choices are named where the secretary looks.
            self.report("topics", "'topics' is empty",
                        "name at least one topic from topics.yaml" + (f": {listed}" if listed else ""))
            return ()
        value = self.list_items("topics", value)
        if value is None:
            return ()
        if known is None:
            return tuple(dict.fromkeys(value))  # topics.yaml itself is broken; that error says enough
        found: list[str] = []
        for index, slug in enumerate(value):
            key = f"topics.{index}"  # line_of falls back to "topics" for a single value
            slug = slug.strip()
            if slug not in known:
                suggestion = did_you_mean(slug, known)
                self.report(key, f"unknown topic '{slug}'",
                            (suggestion + " " if suggestion else "") + "topics are: " + listed)
            elif slug not in found:
                found.append(slug)
        return tuple(found)

    def check_id(self) -> str | None:
        """Return the letter's id: its 'id' field, else its file name; None when that is no valid id."""
        value = self.parsed.fields.get("id")
        if value is None:
            stem = self.parsed.source.name.rsplit("/", 1)[-1][:-3]
            if ID_PATTERN.fullmatch(stem):
                return stem
            self.report(1, f"the file name '{stem}.md' cannot be used as id",
                        f"add 'id: {slugify(stem) or 'een-id'}' or rename the file (only a-z, 0-9 and '-')")
            return None
        # fullmatch: with match, "$" lets a trailing newline pass (an id written as a folded block).
        if not isinstance(value, str) or not ID_PATTERN.fullmatch(value):
            self.report("id", f"id '{value}' may only use a-z, 0-9 and '-'",
                        f"use '{slugify(str(value)) or 'een-id'}'")
            return None
        return value

    def check_in_reply_to(self) -> tuple[str, ...]:
        """Return the ids the letter answers (whether they exist is checked for the whole archive)."""
        in_reply_to = self.text_list("in_reply_to")
        if in_reply_to is None:
            return ()
        for index, target in enumerate(in_reply_to):
            if not ID_PATTERN.fullmatch(target):
                self.report(f"in_reply_to.{index}", f"in_reply_to '{target}' is not a valid id",
                            "ids use only a-z, 0-9 and '-'")
        return tuple(in_reply_to)
