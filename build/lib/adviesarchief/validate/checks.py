"""Check every parsed document against the contract and build the validated archive.

All problems are collected, never raised one by one, so a secretary sees them all at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property, lru_cache
from posixpath import basename, dirname, normpath
from typing import Any, Iterable, Mapping

from ..config import Config
from ..errors import ArchiveError, errors_only, warning
from ..load.content import ContentTree
from ..model import (
    ANSWER_TYPES, DOCUMENT_TYPES, OUTCOMES, Archive, Attachment, Document, Heading,
    Municipality, Response, SiteInfo, Topic,
)
from ..parse.document import ParsedFile, parse_yaml_file
from ..validate.privacy import check_privacy
from ..validate.registry import Registry, exists_on
from ..text import MONTHS, did_you_mean, slugify, suggest

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
REQUIRED_FIELDS = ("type", "title", "date", "from", "topics")
KNOWN_FIELDS = (
    "type", "title", "date", "municipality", "from", "to", "topics", "id", "reference",
    "in_reply_to", "summary", "attachments", "responses",
)
RESPONSE_FIELDS = ("point", "title", "outcome", "note")
ATTACHMENT_FIELDS = ("title", "file")
# Attachments are served from the site's own address, so only types a browser will not run.
ATTACHMENT_EXTENSIONS = frozenset({
    "pdf", "doc", "docx", "odt", "rtf", "txt", "xls", "xlsx", "ods", "csv", "ppt", "pptx", "odp",
    "png", "jpg", "jpeg", "gif", "webp", "zip",
})
SITE_FIELDS = (
    "title", "description", "base_url", "language", "licence", "publisher", "contact",
    "allowed_iban", "allowed_email_domains", "allowed_phone_numbers", "today",
)
NO_BASE_URL = "no base_url: the site gets no sitemaps and the national Woo-index cannot find it"
BASE_URL_HINT = "add the site's https address, like base_url: https://example.org/"
MAX_POINT_LENGTH = 40
EMPTY_HINTS = {"title": "fill in the title of the letter", "from": "fill in who wrote the letter"}


def validate_site(tree: ContentTree, problems: list[ArchiveError]) -> SiteInfo:
    """Read site.yaml (optional); unknown keys are errors."""
    if tree.site is None:
        # Without site.yaml the folder is not set up to be published yet: no base_url warning.
        return SiteInfo()
    try:
        value, lines = parse_yaml_file(tree.site)
    except ArchiveError as problem:
        problems.append(problem)
        return SiteInfo()
    path = tree.site.path
    if value is None:
        return SiteInfo()
    if not isinstance(value, dict):
        problems.append(ArchiveError("site.yaml must be a list of fields 'name: value'", path=path, line=1))
        return SiteInfo()
    values: dict[str, Any] = {}
    known = len(problems)
    for key, item in value.items():
        key = str(key)
        line = lines.get(key, 1)
        if key not in SITE_FIELDS:
            hint = did_you_mean(key, SITE_FIELDS) or "known keys: " + ", ".join(SITE_FIELDS)
            problems.append(ArchiveError(f"unknown key '{key}' in site.yaml", path=path, line=line, hint=hint))
        elif key.startswith("allowed_"):
            items = [item] if isinstance(item, str) else item
            if not isinstance(items, list) or not all(isinstance(i, (str, int)) for i in items):
                problems.append(ArchiveError(f"'{key}' must be a list of text values", path=path, line=line))
                continue
            values[key] = tuple(str(i) for i in items)
        elif key == "today":
            day = _parse_date(item, path, line, problems)
            if day:
                values[key] = day
        elif not isinstance(item, str):
            problems.append(ArchiveError(f"'{key}' must be text", path=path, line=line,
                                         hint="put the value between quotes"))
        else:
            values[key] = item.strip()
    base_url = values.get("base_url", "")
    if base_url and not re.match(r"^https?://[^/\s]+(/\S*)?$", base_url):
        problems.append(ArchiveError(
            f"base_url '{base_url}' is not a web address", path=path, line=lines.get("base_url", 1),
            hint="write it like https://example.org/ or https://example.org/adviesraad/",
        ))
        values.pop("base_url")
    if len(problems) == known and not values.get("base_url", "").startswith("https://"):
        # Sitemaps and the Woo-index harvester need an absolute https address (after site.yaml's own errors).
        problems.append(warning(
            "base_url is not an https address, which the national Woo-index needs" if values.get("base_url")
            else NO_BASE_URL, path=path, line=lines.get("base_url", 1), hint=BASE_URL_HINT))
    contact = values.get("contact", "")
    if contact and not re.match(r"^(https?://[^/\s]+(/\S*)?|[^@\s/:]+@[^@\s/:]+\.[a-z]{2,})$", contact, re.I):
        problems.append(ArchiveError(
            f"contact '{contact}' is not an e-mail or web address", path=path, line=lines.get("contact", 1),
            hint="write it like info@example.org or https://example.org/contact",
        ))
        values.pop("contact")
    return SiteInfo(**values)


def validate_topics(tree: ContentTree, problems: list[ArchiveError]) -> tuple[Topic, ...]:
    """Read topics.yaml: slugs with a label and an optional description."""
    shown = f"{tree.root}/topics.yaml"
    if tree.topics is None:
        problems.append(ArchiveError(
            "topics.yaml is missing", path=shown, line=1,
            hint="create it with one entry per topic, e.g. 'armoede:' then '  label: Armoede en minima'",
        ))
        return ()
    try:
        value, lines = parse_yaml_file(tree.topics)
    except ArchiveError as problem:
        problems.append(problem)
        return ()
    if not isinstance(value, dict) or not value:
        problems.append(ArchiveError(
            "topics.yaml must list topics as 'slug:' with a 'label:' below each", path=shown, line=1,
        ))
        return ()
    topics: list[Topic] = []
    for slug, entry in value.items():
        slug = str(slug)
        line = lines.get(slug, 1)
        if not ID_PATTERN.match(slug):
            problems.append(ArchiveError(
                f"topic key '{slug}' may only use a-z, 0-9 and '-'", path=shown, line=line,
                hint=f"use '{slugify(slug)}'",
            ))
            continue
        if not isinstance(entry, dict) or not isinstance(entry.get("label"), str) or not entry["label"].strip():
            problems.append(ArchiveError(
                f"topic '{slug}' has no label", path=shown, line=line,
                hint="add a line '  label: ...' below it",
            ))
            continue
        for key in entry:
            if key not in ("label", "description"):
                problems.append(warning(
                    f"unknown key '{key}' in topic '{slug}'", path=shown, line=lines.get(f"{slug}.{key}", line),
                    hint="a topic has only label and description",
                ))
        description = entry.get("description") or ""
        if not isinstance(description, str):
            problems.append(ArchiveError(f"description of topic '{slug}' must be text", path=shown,
                                         line=lines.get(f"{slug}.description", line)))
            description = ""
        topics.append(Topic(slug, entry["label"].strip(), description.strip()))
    return tuple(sorted(topics, key=lambda t: t.label.lower()))


class _DocumentChecker:
    """Checks one parsed file and collects its problems."""

    def __init__(self, parsed: ParsedFile, tree: ContentTree, registry: Registry,
                 topics: Mapping[str, Topic] | None, problems: list[ArchiveError]) -> None:
        self.parsed = parsed
        self.tree = tree
        self.registry = registry
        self.topics = topics
        self.problems = problems
        self.path = parsed.source.path
        self.ok = True
        # What each attachment's path is in the content folder, as this check found it.
        self.looked_up: list[tuple[str, str]] = []

    def error(self, key: str, message: str, hint: str = "") -> None:
        self.ok = False
        self.problems.append(ArchiveError(message, path=self.path, line=self.parsed.line_of(key), hint=hint))

    def warn(self, key: str, message: str, hint: str = "") -> None:
        self.problems.append(warning(message, path=self.path, line=self.parsed.line_of(key), hint=hint))

    def text(self, key: str, *, required: bool = False, allow_number: bool = False) -> str:
        value = self.parsed.fields.get(key)
        if value is None:
            if required and key in self.parsed.fields:
                self.error(key, f"'{key}' is empty", EMPTY_HINTS.get(key, f"fill in the {key} after '{key}:'"))
            elif required:
                self.error(key, f"required field '{key}' is missing", f"add a line '{key}: ...' to the front matter")
            return ""
        if allow_number and isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        if not isinstance(value, str):
            hint = ("put the value between quotes" if isinstance(value, (int, float, bool))
                    else "write it on one line after the colon")
            self.error(key, f"'{key}' must be text, not {_kind(value)}", hint)
            return ""
        if required and not value.strip():
            self.error(key, f"'{key}' is empty", EMPTY_HINTS.get(key, f"fill in the {key}"))
        return value.strip()

    def text_list(self, key: str) -> list[str] | None:
        value = self.parsed.fields.get(key)
        if value is None:
            return []
        if isinstance(value, str):
            return [value.strip()]
        if not isinstance(value, list):
            self.error(key, f"'{key}' must be a name or a list of names, not {_kind(value)}",
                       f"write '{key}: [a, b]' or one name")
            return None
        return self.list_items(key, value)

    def list_items(self, key: str, value: list[Any]) -> list[str] | None:
        """Return the items of a list of names, reporting each item that is not text."""
        ok = True
        for index, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                shown = "an empty item" if item is None or item == "" else f"{_kind(item)}"
                self.error(f"{key}.{index}", f"item {index + 1} of '{key}' is {shown}, not a name",
                           "write one name per item, between quotes if it is a number")
                ok = False
        return [v.strip() for v in value] if ok else None

    def check_field_names(self) -> list[str]:
        """Report repeated, unknown and missing fields; return the required fields that are missing."""
        fields = self.parsed.fields
        for key, line in self.parsed.duplicates:
            self.problems.append(ArchiveError(f"field '{key}' appears twice", path=self.path, line=line,
                                              hint="keep one of the two"))
            self.ok = False
        missing = [k for k in REQUIRED_FIELDS if k not in fields]
        unexplained = list(missing)
        for key in fields:
            if key in KNOWN_FIELDS:
                continue
            meant = suggest(key, KNOWN_FIELDS)
            if meant in unexplained:
                # One mistake, one line: the typo explains the missing field.
                self.error(key, f"unknown field '{key}' and required field '{meant}' is missing",
                           f"did you mean '{meant}'?")
                unexplained.remove(meant)
                continue
            hint = f"did you mean '{meant}'?" if meant else "known fields: " + ", ".join(KNOWN_FIELDS)
            self.warn(key, f"unknown field '{key}' is ignored", hint)
        if unexplained:
            names = ", ".join(f"'{k}'" for k in unexplained)
            self.problems.append(ArchiveError(
                f"required field {names} is missing" if len(unexplained) == 1
                else f"required fields {names} are missing",
                path=self.path, line=1,
                hint="add " + _join([f"a line '{k}: ...'" for k in unexplained], "and") + " to the front matter"))
            self.ok = False
        return missing

    def check(self) -> Document | None:
        """Check every field; return the document, or None when it has errors."""
        fields = self.parsed.fields
        missing = self.check_field_names()
        doc_type = self.check_type()
        title = self.text("title", required="title" not in missing)
        day = self.check_date() if "date" not in missing else None
        municipalities = self.check_municipalities(day)
        author = self.text("from", required="from" not in missing)
        recipient = self.text("to")
        topics = self.check_topics() if "topics" not in missing else ()
        doc_id = self.check_id()
        reference = self.text("reference", allow_number=True)
        in_reply_to = self.text_list("in_reply_to")
        if in_reply_to is not None:
            for index, target in enumerate(in_reply_to):
                if not ID_PATTERN.match(target):
                    self.error(f"in_reply_to.{index}", f"in_reply_to '{target}' is not a valid id",
                               "ids use only a-z, 0-9 and '-'")
        summary = self.text("summary")
        if "summary" not in fields:
            self.problems.append(warning("no summary", path=self.path, line=1,
                                         hint="add 'summary:' with two or three plain sentences for residents"))
        attachments = self.check_attachments()
        responses = self.check_responses(doc_type)
        if not self.parsed.has_text:
            self.problems.append(warning("the document has no text below the front matter",
                                         path=self.path, line=self.parsed.body_line,
                                         hint="paste the text of the letter below the closing '---'"))
        if not self.ok or doc_type is None or day is None or doc_id is None:
            return None
        return Document(
            id=doc_id, type=doc_type, title=title, date=day,
            municipalities=municipalities, author=author, recipient=recipient,
            topics=topics, reference=reference, in_reply_to=tuple(in_reply_to or ()),
            summary=summary, attachments=attachments,
            responses=responses,
            body_html=self.parsed.body_html, headings=self.parsed.headings,
            source_path=self.path, source_name=self.parsed.source.name,
            source_file=self.parsed.source.absolute,
        )

    def check_type(self) -> str | None:
        value = self.parsed.fields.get("type")
        if value is None:
            if "type" in self.parsed.fields:
                self.error("type", "'type' is empty", "use one of: " + ", ".join(DOCUMENT_TYPES))
            return None
        if not isinstance(value, str):
            self.error("type", f"'type' must be one word, not {_kind(value)}",
                       "use one of: " + ", ".join(DOCUMENT_TYPES))
            return None
        if value not in DOCUMENT_TYPES:
            suggestion = did_you_mean(value, DOCUMENT_TYPES)
            self.error("type", f"unknown type '{value}'",
                       (suggestion + " " if suggestion else "") + "use one of: " + ", ".join(DOCUMENT_TYPES))
            return None
        return value

    def check_date(self) -> date | None:
        # Whether the date lies in the future is checked for the whole archive (check_future_dates):
        # the result of this check is kept from one day to the next.
        return _parse_date(self.parsed.fields.get("date"), self.path, self.parsed.line_of("date"),
                           self.problems, on_error=self._not_ok)

    def _not_ok(self) -> None:
        self.ok = False

    def check_municipalities(self, day: date | None) -> tuple[Municipality, ...]:
        names = self.text_list("municipality")
        if not names:
            return ()
        found: list[Municipality] = []
        for index, name in enumerate(names):
            key = f"municipality.{index}"  # line_of falls back to "municipality" for a single value
            municipality = self.registry.find(name, day)
            if municipality is None:
                self.error(key, *self._unknown_municipality(name))
                continue
            if day is not None and not exists_on(municipality, day):
                self.warn(key, *self._existence_message(municipality, day))
            if municipality not in found:
                found.append(municipality)
        return tuple(found)

    def _unknown_municipality(self, name: str) -> tuple[str, str]:
        candidates = self.registry.candidates(name)
        if candidates:
            return (f"municipality {_quote(name)} is ambiguous",
                    "write " + _join([_quote(m.name) for m in candidates], "or"))
        suggestion = self.registry.suggest(name)
        return (f"unknown municipality {_quote(name)}",
                f"did you mean {_quote(suggestion)}?" if suggestion
                else "use the name as the CBS lists it, e.g. 'Súdwest-Fryslân'")

    def _existence_message(self, municipality: Municipality, day: date) -> tuple[str, str]:
        """Say why a municipality did not exist on the day, naming what came after or before it."""
        name = _quote(municipality.name)
        if municipality.end is not None and day > municipality.end:
            successors = self.registry.successors(municipality)
            names = [_quote(m.name) for m in successors]
            ended = (municipality.end + timedelta(days=1)).isoformat()
            renamed = len(successors) == 1 and self.registry.predecessors(successors[0]) == [municipality]
            how = (f"on {ended} it was renamed {names[0]}" if renamed
                   else f"on {ended} it merged into {_join(names, 'and')}" if names
                   else f"it ended on {municipality.end.isoformat()}")
            return (f"municipality {name} no longer existed on {day.isoformat()}: {how}",
                    f"use {_join(names, 'or')}" if names else "check the date and the municipality")
        predecessors = self.registry.predecessors(municipality)
        names = [_quote(m.name) for m in predecessors]
        start = municipality.start.isoformat() if municipality.start else "?"
        return (f"municipality {name} did not exist yet on {day.isoformat()}: it was formed on {start}"
                + (f" from {_join(names, 'and')}" if names else ""),
                f"use {_join(names, 'or')}, the municipality of that time" if names
                else "check the date and the municipality")

    def check_topics(self) -> tuple[str, ...]:
        value = self.parsed.fields.get("topics")
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.error("topics", f"'topics' must be a list of topic keys, not {_kind(value)}",
                       "write 'topics: [armoede, schuldhulpverlening]'")
            return ()
        if not value:
            self.error("topics", "'topics' is empty", "name at least one topic from topics.yaml")
            return ()
        value = self.list_items("topics", value)
        if value is None:
            return ()
        if self.topics is None:
            return tuple(dict.fromkeys(value))  # topics.yaml itself is broken; that error says enough
        found: list[str] = []
        for index, slug in enumerate(value):
            key = f"topics.{index}"  # line_of falls back to "topics" for a single value
            slug = slug.strip()
            if slug not in self.topics:
                suggestion = did_you_mean(slug, self.topics)
                self.error(key, f"unknown topic '{slug}'",
                           (suggestion + " " if suggestion else "") + "topics are: " + ", ".join(sorted(self.topics)))
            elif slug not in found:
                found.append(slug)
        return tuple(found)

    def check_id(self) -> str | None:
        value = self.parsed.fields.get("id")
        if value is None:
            stem = self.parsed.source.name.rsplit("/", 1)[-1][:-3]
            if ID_PATTERN.match(stem):
                return stem
            self.problems.append(ArchiveError(
                f"the file name '{stem}.md' cannot be used as id", path=self.path, line=1,
                hint=f"add 'id: {slugify(stem) or 'een-id'}' or rename the file (only a-z, 0-9 and '-')"))
            self.ok = False
            return None
        if not isinstance(value, str) or not ID_PATTERN.match(value):
            self.error("id", f"id '{value}' may only use a-z, 0-9 and '-'",
                       f"use '{slugify(str(value)) or 'een-id'}'")
            return None
        return value

    def check_attachments(self) -> tuple[Attachment, ...]:
        value = self.parsed.fields.get("attachments")
        if value is None:
            return ()
        if not isinstance(value, list):
            self.error("attachments", "'attachments' must be a list of items with title and file",
                       "write '- title: ...' and '  file: ...' below it")
            return ()
        folder = dirname(self.parsed.source.name)
        attachments: list[Attachment] = []
        for index, item in enumerate(value):
            key = f"attachments.{index}"
            if not isinstance(item, dict) or not isinstance(item.get("file"), str) or not isinstance(item.get("title"), str):
                self.error(key, "an attachment needs 'title' and 'file' (both text)")
                continue
            for extra in item:
                if extra not in ATTACHMENT_FIELDS:
                    self.warn(f"{key}.{extra}", f"unknown attachment field '{extra}' is ignored",
                              did_you_mean(str(extra), ATTACHMENT_FIELDS))
            file = item["file"].strip()
            resolved = self._attachment_path(f"{key}.file", folder, file)
            if resolved is not None and self._attachment_is_publishable(f"{key}.file", resolved, attachments):
                attachments.append(Attachment(item["title"].strip(), resolved,
                                              source=f"{self.tree.root}/{resolved}"))
        return tuple(attachments)

    def _attachment_is_publishable(self, key: str, resolved: str, earlier: list[Attachment]) -> bool:
        """Only document and image types, one name per document: the file is copied beside the page.

        An .html or .svg file would run its scripts on the site's own address, and a file named
        like the page or the Markdown source would replace it.
        """
        name = basename(resolved)
        extension = name.rpartition(".")[2].lower() if "." in name else ""
        if extension not in ATTACHMENT_EXTENSIONS:
            self.error(key, f"attachment '{name}' is not a type that can be published safely",
                       "use a PDF, an office document or an image: " + ", ".join(sorted(ATTACHMENT_EXTENSIONS)))
            return False
        if any(basename(a.file) == name for a in earlier):
            self.error(key, f"a second attachment is called '{name}'",
                       "give each attachment of a document its own file name")
            return False
        return True

    def _attachment_path(self, key: str, folder: str, file: str) -> str | None:
        """Resolve an attachment name against the document's folder; None if it is not allowed."""
        outside = f"attachment '{file}' lies outside content/"
        odd = next((c for c in file if ord(c) > 127 and not c.isalnum()), None)
        if odd is not None:
            # Look-alike slashes and dots (U+2215, U+FF0E ...) could disguise a path.
            self.error(key, outside, f"its name contains '{odd}' (U+{ord(odd):04X}); rename the file "
                                     "with only letters, digits, '-', '_' and '.'")
            return None
        if "\\" in file:
            self.error(key, outside, "a name with '\\' is a Windows path: put the file next to the .md file, "
                                     "and write '/' between folders, e.g. 'bijlagen/brief.pdf'")
            return None
        joined = normpath(f"{folder}/{file}" if folder else file)
        if file.startswith("/") or re.match(r"^[A-Za-z]:", file) or "\x00" in file \
                or joined.startswith("..") or joined == ".":
            self.error(key, outside, "put the file next to the .md file and give only its name")
            return None
        kind = find_kind(self.tree, joined)
        self.looked_up.append((joined, kind))
        if kind == "link":
            self.error(key, f"attachment '{file}' is a link to a file outside content/",
                       "copy the file itself into the folder")
            return None
        if kind == "folder":
            self.error(key, f"attachment '{file}' is a folder, not a file", "name the file inside it")
            return None
        if kind == "none":
            self.error(key, f"attachment '{file}' does not exist",
                       f"put '{file}' next to the .md file, or correct the name")
            return None
        return joined

    def check_responses(self, doc_type: str | None) -> tuple[Response, ...]:
        value = self.parsed.fields.get("responses")
        if value is None:
            return ()
        if doc_type is not None and doc_type not in ANSWER_TYPES:
            self.error("responses", f"a document of type '{doc_type}' cannot have responses",
                       "only 'reactie' and 'antwoord' answer points; remove 'responses' or change the type")
            return ()
        if not isinstance(value, list):
            self.error("responses", "'responses' must be a list", "write '- point: 1' and '  outcome: ...' per point")
            return ()
        responses: list[Response] = []
        for index, item in enumerate(value):
            key = f"responses.{index}"
            if not isinstance(item, dict):
                self.error(key, "each response needs 'point' and 'outcome'",
                           "write '- point: 1' and below it '  outcome: overgenomen' (or another outcome)")
                continue
            for extra in item:
                if extra not in RESPONSE_FIELDS:
                    self.warn(f"{key}.{extra}", f"unknown response field '{extra}' is ignored",
                              did_you_mean(str(extra), RESPONSE_FIELDS))
            absent = [name for name in ("point", "outcome") if name not in item]
            if absent:
                self.error(key, f"this response has no {' and no '.join(repr(a) for a in absent)}",
                           "write '- point: 1' and below it '  outcome: overgenomen' (or another outcome)")
                continue
            point = item.get("point")
            if isinstance(point, float) and point.is_integer():
                point = int(point)  # 'point: 2.0' is point 2, as JSON Schema's integer says
            if isinstance(point, bool) or not isinstance(point, (int, str)) or not str(point).strip() \
                    or len(str(point)) > MAX_POINT_LENGTH or "\n" in str(point):
                self.error(f"{key}.point", f"point '{point}' must be a number or a short label",
                           f"write e.g. 'point: 3' or 'point: 2a' (at most {MAX_POINT_LENGTH} characters)")
                continue
            outcome = item.get("outcome")
            if not isinstance(outcome, str) or outcome not in OUTCOMES:
                suggestion = did_you_mean(str(outcome), OUTCOMES)
                self.error(f"{key}.outcome", f"unknown outcome '{outcome}'",
                           (suggestion + " " if suggestion else "") + "use one of: " + ", ".join(OUTCOMES))
                continue
            title = item.get("title", "")
            note = item.get("note", "")
            if not isinstance(title, (str, int)) or not isinstance(note, str):
                self.error(key, "a response's 'title' and 'note' must be text")
                continue
            point_text = str(point).strip()
            responses.append(Response(
                point=point_text, title=str(title).strip(), outcome=outcome, note=note.strip(),
                anchor=find_point_anchor(self.parsed.headings, point_text, str(title)),
            ))
        return tuple(responses)


def find_point_anchor(headings: tuple[Heading, ...], point: str, title: str) -> str:
    """Find the heading that answers a point: one numbered like it, or one named like it."""
    pattern = _point_heading(point)
    for heading in headings:
        if pattern.match(heading.text.strip()):
            return heading.anchor
    wanted = title.strip().lower()
    if wanted:
        for heading in headings:
            if wanted in heading.text.lower():
                return heading.anchor
    return ""


@lru_cache(maxsize=256)
def _point_heading(point: str) -> re.Pattern[str]:
    # Points are numbered alike in most letters ("1", "2", "3.1"): compiled once each.
    number = re.escape(point)
    return re.compile(rf"^(?:(?:vraag|punt|advies|advies ?punt)\s*)?{number}(?:[.):\s]|$)", re.IGNORECASE)


def claimed_id(parsed: ParsedFile) -> str:
    """The id a file claims: its 'id' field, else its file name without .md (valid or not)."""
    value = parsed.fields.get("id")
    return value.strip() if isinstance(value, str) else parsed.source.name.rsplit("/", 1)[-1][:-3]


def check_links(documents: list[Document], problems: list[ArchiveError],
                parsed: dict[str, ParsedFile]) -> list[Document]:
    """Check ids across the archive: duplicates, unknown and circular in_reply_to.

    `parsed` holds every parsed file, also those with errors, so that a reply to a
    document that has an error of its own is not reported a second time.
    Returns the documents that remain valid.
    """
    owners: dict[str, str] = {}
    for path, item in sorted(parsed.items()):
        doc_id = claimed_id(item)
        if doc_id in owners:
            problems.append(ArchiveError(
                f"id '{doc_id}' is already used by {owners[doc_id]}",
                path=path, line=item.line_of("id"),
                hint="give one of the two files another id (add a line 'id: ...' or rename the file)",
            ))
        else:
            owners[doc_id] = path
    by_id = {d.id: d for d in documents if owners.get(d.id) == d.source_path}
    broken = {d.id for d in documents if owners.get(d.id) != d.source_path}
    for document in by_id.values():
        item = parsed[document.source_path]
        for index, target in enumerate(document.in_reply_to):
            line = item.line_of(f"in_reply_to.{index}")
            if target == document.id:
                problems.append(ArchiveError(
                    "in_reply_to points at the document itself", path=document.source_path,
                    line=line, hint="give the id of the document this one answers"))
                broken.add(document.id)
            elif target not in by_id:
                broken.add(document.id)
                if target in owners:
                    continue  # that file has errors of its own, reported there
                suggestion = did_you_mean(target, by_id)
                problems.append(ArchiveError(
                    f"in_reply_to '{target}': no document has this id", path=document.source_path,
                    line=line,
                    hint=suggestion or "give the id of the answered document (its file name without .md)"))
            elif by_id[target].date > document.date:
                # A reply before its advice would show a negative response time on the site.
                problems.append(warning(
                    f"this document ({document.date.isoformat()}) is dated before "
                    f"'{target}' ({by_id[target].date.isoformat()}), which it answers",
                    path=document.source_path, line=line,
                    hint="check both dates"))
    for cycle in find_cycles(by_id):
        first = by_id[min(cycle)]
        start = cycle.index(first.id)
        ordered = cycle[start:] + cycle[:start]
        if not broken.intersection(cycle):
            target = by_id[ordered[1 % len(ordered)]].id
            index = first.in_reply_to.index(target)
            problems.append(ArchiveError(
                "in_reply_to forms a circle: " + " -> ".join(ordered + [ordered[0]]),
                path=first.source_path, line=parsed[first.source_path].line_of(f"in_reply_to.{index}"),
                hint="a document can only answer an older document; remove one in_reply_to"))
        broken.update(cycle)
    return [d for d in by_id.values() if d.id not in broken]


def find_cycles(by_id: dict[str, Document]) -> list[list[str]]:
    """Return the circles of in_reply_to, each as the ids in answering order (iterative DFS)."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    cycles: list[list[str]] = []
    for root in sorted(by_id):
        if root in state:
            continue
        path: list[str] = [root]
        stack = [iter(by_id[root].in_reply_to)]
        state[root] = 1
        while stack:
            target = next(stack[-1], None)
            if target is None:
                state[path.pop()] = 2
                stack.pop()
            elif target in by_id and state.get(target) == 1:
                cycles.append(path[path.index(target):])
            elif target in by_id and target not in state:
                state[target] = 1
                path.append(target)
                stack.append(iter(by_id[target].in_reply_to))
    return cycles


def _parse_date(value: Any, path: str, line: int, problems: list[ArchiveError], *,
                on_error: Any = None) -> date | None:
    def fail(message: str, hint: str) -> None:
        problems.append(ArchiveError(message, path=path, line=line, hint=hint))
        if on_error:
            on_error()

    text = str(value).strip() if value is not None else ""
    if not text:
        fail("'date' is empty", "fill in the date of the letter as YYYY-MM-DD, like 2017-04-03")
        return None
    if not DATE_PATTERN.match(text):
        guess = _guess_date(text)
        fail(f"date '{text}' is not written as YYYY-MM-DD",
             f"write it as {guess.isoformat()}" if guess else "write it as YYYY-MM-DD, like 2017-04-03")
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        fail(f"date '{text}' does not exist", "check the day and the month")
        return None


_MONTH_WORDS: dict[str, int] = {
    **{name: number for number, name in enumerate(MONTHS, start=1)},
    **{name[:3]: number for number, name in enumerate(MONTHS, start=1)},
    "mrt": 3, "sept": 9, "march": 3, "may": 5, "june": 6, "july": 7, "october": 10,
    "january": 1, "february": 2, "august": 8,
}
_WEEKDAYS = re.compile(r"^(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag"
                       r"|ma|di|wo|do|vr|za|zo)\.?,?\s+")


def _guess_date(text: str) -> date | None:
    """Read the ways people write dates ('3 april 2017', '03-04-2017', '2017-4-3') to suggest YYYY-MM-DD."""
    text = _WEEKDAYS.sub("", text.lower().strip()).replace(",", " ")
    patterns: list[tuple[str, tuple[int, int, int]]] = [
        (r"(\d{4})-(\d{2})-(\d{2})[t ].*", (1, 2, 3)),          # a date with a time
        (r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", (1, 2, 3)),
        (r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", (3, 2, 1)),    # Dutch order: day first
        (r"(\d{4})(\d{2})(\d{2})", (1, 2, 3)),
    ]
    try:
        for pattern, (y, m, d) in patterns:
            found = re.fullmatch(pattern, text)
            if found:
                return date(int(found.group(y)), int(found.group(m)), int(found.group(d)))
        words = re.fullmatch(r"(\d{1,2})e?\s+([a-z]+)\.?\s+(\d{4})", text) or \
            re.fullmatch(r"([a-z]+)\.?\s+(\d{1,2})\s+(\d{4})", text)
        if words:
            day_text, month_text = (words.group(1), words.group(2)) if words.group(1).isdigit() \
                else (words.group(2), words.group(1))
            month = _MONTH_WORDS.get(month_text)
            return date(int(words.group(3)), month, int(day_text)) if month else None
    except ValueError:
        return None
    return None


def _quote(name: str) -> str:
    """Quote a name for a message; names with an apostrophe ('s-Gravenhage) get double quotes."""
    return f'"{name}"' if "'" in name else f"'{name}'"


def _join(items: list[str], word: str) -> str:
    """Join items as 'a, b and c' (or with 'or')."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {word} " + items[-1]


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a group of fields"
    if isinstance(value, bool):
        return "yes/no"
    if isinstance(value, (int, float)):
        return "a number"
    return "empty" if value is None else "text"


@dataclass(frozen=True)
class LetterRules:
    """What a letter is checked against besides itself: the registry and topics.yaml."""

    registry: Registry
    topics: tuple[Topic, ...]
    known_topics: Mapping[str, Topic] | None  # None while topics.yaml has errors of its own

    @cached_property
    def key(self) -> str:
        """What a kept check depends on (the registry is part of the code version that keys the cache)."""
        return "topics:" + ("\n".join(sorted(self.known_topics)) if self.known_topics is not None else "broken")


@dataclass(frozen=True)
class CheckedLetter:
    """One letter checked on its own: its document (None when it has errors) and its problems."""

    rules: str  # the LetterRules.key it was checked against
    document: Document | None
    problems: tuple[ArchiveError, ...]
    # Each attachment path the check looked up in the content folder, and what it found there.
    looked_up: tuple[tuple[str, str], ...] = ()

    def holds(self, rules: LetterRules, tree: ContentTree) -> bool:
        """Whether this check is still right: the same rules, and each attachment found as before."""
        return self.rules == rules.key and all(find_kind(tree, path) == kind for path, kind in self.looked_up)


def find_kind(tree: ContentTree, path: str) -> str:
    """What a path in the content folder is: 'link' (out of it), 'folder', 'file' or 'none'."""
    return ("link" if path in tree.escaping_links else "folder" if path in tree.directories
            else "file" if path in tree.files else "none")


def read_rules(tree: ContentTree, registry: Registry, problems: list[ArchiveError]) -> LetterRules:
    """Check topics.yaml (its problems are appended) and return what letters are checked against."""
    before = len(problems)
    topics = validate_topics(tree, problems)
    # While topics.yaml itself has errors, documents' topics cannot be judged against it.
    known = {t.slug: t for t in topics} if not errors_only(problems[before:]) else None
    return LetterRules(registry, topics, known)


def check_letter(parsed: ParsedFile, tree: ContentTree, rules: LetterRules) -> CheckedLetter:
    """Check one letter's fields; the result may be kept with its parse while it holds (CheckedLetter.holds)."""
    problems: list[ArchiveError] = []
    checker = _DocumentChecker(parsed, tree, rules.registry, rules.known_topics, problems)
    document = checker.check()
    return CheckedLetter(rules.key, document, tuple(problems), tuple(checker.looked_up))


def check_future_dates(parsed: Iterable[ParsedFile], now: date, problems: list[ArchiveError]) -> None:
    """Warn about letters dated after today (a mistyped year)."""
    for item in parsed:
        text = item.fields.get("date")
        text = text.strip() if isinstance(text, str) else str(text) if text is not None else ""
        if DATE_PATTERN.match(text) and text > now.isoformat():
            try:
                date.fromisoformat(text)
            except ValueError:
                continue  # reported as a date that does not exist
            problems.append(warning(f"date {text} is in the future", path=item.source.path,
                                    line=item.line_of("date"), hint="check the year"))


def validate_archive(parsed: list[ParsedFile], checked: Mapping[str, CheckedLetter], tree: ContentTree,
                     rules: LetterRules, config: Config, problems: list[ArchiveError]) -> Archive:
    """Check the archive as a whole and return it; problems are appended, sorted, to `problems`.

    `checked` holds each letter checked on its own (by path); the rest is checked here.
    """
    site = validate_site(tree, problems)
    problems.extend(check_privacy(tree, site, {p.source.path: p.personal_data for p in parsed}))
    documents: list[Document] = []
    by_path = {p.source.path: p for p in parsed}
    for item in parsed:
        result = checked.get(item.source.path) or check_letter(item, tree, rules)
        problems.extend(result.problems)
        if result.document is not None:
            documents.append(result.document)
    check_future_dates(parsed, config.now, problems)
    documents = check_links(documents, problems, by_path)
    if config.strict:
        problems[:] = [p.as_error() for p in problems]
    problems.sort(key=ArchiveError.sort_key)
    documents.sort(key=lambda d: (-d.date.toordinal(), d.id))
    return Archive(site=site, topics=rules.topics, documents=tuple(documents))
