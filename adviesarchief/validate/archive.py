"""Check the archive as a whole: the rules letters meet, unique ids, in_reply_to links, dates; build the Archive."""

from __future__ import annotations

from datetime import date
from typing import Iterable, Mapping

from ..config import Config
from ..errors import ArchiveError, errors_only, warning
from ..load.content import ContentTree
from ..model import Archive, Document
from ..parse.document import ParsedFile
from ..text import did_you_mean
from .common import Checked
from .dates import DATE_PATTERN
from .letter import CheckedLetter, LetterRules, check_letter
from .privacy import check_privacy
from .registry import Registry
from .site import topics_too_large, validate_site, validate_topics
from .synonyms import validate_synonyms


def read_rules(tree: ContentTree, registry: Registry) -> Checked[LetterRules]:
    """Check topics.yaml and return what letters are checked against, with topics.yaml's problems."""
    topics, problems = validate_topics(tree)
    # While topics.yaml itself has errors, documents' topics cannot be judged against it.
    known = {t.slug: t for t in topics} if not errors_only(problems) and not topics_too_large(tree) else None
    return Checked(LetterRules(registry, topics, known), problems)


def validate_archive(parsed: list[ParsedFile], checked: Mapping[str, CheckedLetter], tree: ContentTree,
                     rules: LetterRules, config: Config) -> Checked[Archive]:
    """Check the archive as a whole and return it with its problems, in report order (see in_report_order).

    `checked` holds each letter checked on its own (by path); the rest is checked here.
    """
    site, problems = validate_site(tree)
    synonyms, synonym_problems = validate_synonyms(tree)
    problems += synonym_problems
    letters = [checked.get(item.source.path) or check_letter(item, tree, rules) for item in parsed]
    problems += check_privacy(tree, site, {p.source.path: c.personal_data for p, c in zip(parsed, letters)},
                              {p.source.name: c.name_findings for p, c in zip(parsed, letters)})
    documents: list[Document] = []
    for letter in letters:
        problems.extend(letter.problems)
        if letter.review_markers:
            # One line per mistake: a marked value that is wrong anyway is reported by its error alone.
            wrong = {p.line for p in letter.problems if p.level == "error"}
            problems.extend(m for m in letter.review_markers if m.line not in wrong)
        if letter.document is not None:
            documents.append(letter.document)
    problems += check_future_dates(parsed, config.now)
    by_path = {p.source.path: p for p in parsed}
    unparsed = [s.name.rsplit("/", 1)[-1][:-3] for s in tree.documents if s.path not in by_path]
    documents, link_problems = check_links(documents, by_path, unparsed)
    problems += link_problems
    documents.sort(key=lambda d: (-d.date.toordinal(), d.id))
    return Checked(Archive(site=site, topics=rules.topics, documents=tuple(documents), synonyms=synonyms),
                   in_report_order(problems, config.strict))


def in_report_order(problems: Iterable[ArchiveError], strict: bool) -> list[ArchiveError]:
    """Sort problems by path and line (stable); with --strict every warning is an error."""
    ordered = [p.as_error() for p in problems] if strict else list(problems)
    ordered.sort(key=ArchiveError.sort_key)
    return ordered


def check_future_dates(parsed: Iterable[ParsedFile], now: date) -> list[ArchiveError]:
    """Warn about letters dated after today (a mistyped year)."""
    problems: list[ArchiveError] = []
    today = now.isoformat()
    for item in parsed:
        text = item.fields.get("date")
        text = text.strip() if isinstance(text, str) else str(text) if text is not None else ""
        if text > today and DATE_PATTERN.match(text):
            try:
                date.fromisoformat(text)
            except ValueError:
                continue  # reported as a date that does not exist
            problems.append(warning(f"date {text} is in the future", path=item.source.path,
                                    line=item.line_of("date"), hint="check the year"))
    return problems


def claimed_id(parsed: ParsedFile) -> str:
    """The id a file claims: its 'id' field, else its file name without .md (valid or not)."""
    value = parsed.fields.get("id")
    return value.strip() if isinstance(value, str) else parsed.source.name.rsplit("/", 1)[-1][:-3]


def check_links(documents: list[Document], parsed: dict[str, ParsedFile],
                unparsed: Iterable[str] = ()) -> Checked[list[Document]]:
    """Check ids across the archive: duplicates, unknown and circular in_reply_to.

    `parsed` holds every parsed file, also those with errors, and `unparsed` the ids (file
    names) of document files that could not be parsed, so that a reply to a document that has
    an error of its own is not reported a second time. Returns the documents that remain valid.
    """
    problems: list[ArchiveError] = []
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
    for doc_id in unparsed:
        owners.setdefault(doc_id, "")
    by_id = {d.id: d for d in documents if owners.get(d.id) == d.source_path}
    broken = {d.id for d in documents if owners.get(d.id) != d.source_path}
    for document in by_id.values():
        for index, target in enumerate(document.in_reply_to):
            answered = by_id.get(target)
            if answered is not None and target != document.id and answered.date <= document.date:
                continue  # as it should be: most replies, so their line is looked up only for a problem
            line = parsed[document.source_path].line_of(f"in_reply_to.{index}")
            if target == document.id:
                problems.append(ArchiveError(
                    "in_reply_to points at the document itself", path=document.source_path,
                    line=line, hint="give the id of the document this one answers"))
                broken.add(document.id)
            elif answered is None:
                broken.add(document.id)
                if target in owners:
                    continue  # that file has errors of its own, reported there
                suggestion = did_you_mean(target, [other for other in by_id if other != document.id])
                problems.append(ArchiveError(
                    f"in_reply_to '{target}': no document has this id", path=document.source_path,
                    line=line,
                    hint=suggestion or "give the id of the answered document (its file name without .md)"))
            else:
                # A reply before its advice would show a negative response time on the site.
                problems.append(warning(
                    f"this document ({document.date.isoformat()}) is dated before "
                    f"'{target}' ({answered.date.isoformat()}), which it answers",
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
    return Checked([d for d in by_id.values() if d.id not in broken], problems)


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
