"""Start new documents: a pre-filled file for `new`, and drafts from a real letter for `import`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..load import content as load

from ..write import site as write
from ..config import Config
from ..errors import ArchiveError
from .draft import Draft, Guess, guess_topics
from .draft_file import attachment_title, make_id, render_draft, yaml_text
from .extract import read_letter
from .letter import draft_letter
from .replies import Candidate, propose_reply_to
from ..model import ANSWER_TYPES, DOCUMENT_TYPES, NATIONAL_SLUG, OUTCOMES, Municipality
from ..parse.document import ParsedFile, parse_documents, parse_yaml_file
from ..validate.registry import Registry, build_registry
from ..text import did_you_mean, slugify



class UsageError(Exception):
    """The command line names something that does not exist (exit status 2)."""


@dataclass(frozen=True)
class Existing:
    """What the content folder already holds: taken ids, topics, earlier senders per place."""

    ids: frozenset[str]
    topics: dict[str, str]
    documents: tuple[ParsedFile, ...]


def read_existing(config: Config) -> Existing:
    """Read the ids, the topics and the documents already in the content folder."""
    tree = load.read_content(config)
    parsed, _ = parse_documents(tree)
    ids = {str(p.fields.get("id") or p.source.name.rsplit("/", 1)[-1][:-3]) for p in parsed}
    topics: dict[str, str] = {}
    if tree.topics is not None:
        try:
            value, _ = parse_yaml_file(tree.topics)
        except ArchiveError:
            value = None
        if isinstance(value, dict):
            topics = {str(k): str(v.get("label", k)) if isinstance(v, dict) else str(k) for k, v in value.items()}
    return Existing(frozenset(ids), topics, tuple(parsed))


def find_type(name: str) -> str:
    """The document type named on the command line, or a UsageError with a suggestion."""
    key = name.strip().lower()
    if key not in DOCUMENT_TYPES:
        hint = did_you_mean(key, DOCUMENT_TYPES)
        raise UsageError(f"unknown type '{name}'" + (f"; {hint}" if hint else "")
                         + "; use one of: " + ", ".join(DOCUMENT_TYPES))
    return key


def find_municipality(name: str, registry: Registry, day: date) -> Municipality:
    """The municipality named on the command line, or a UsageError with a suggestion."""
    found = registry.find(name, day)
    candidates = registry.candidates(name)
    if found is None and candidates:
        # As check says it: 'Bergen' is two municipalities, not a misspelling of a third.
        raise UsageError(f"municipality '{name}' is ambiguous; write "
                         + " or ".join(f"'{m.name}'" for m in candidates))
    if found is None:
        best = registry.suggest(name)
        raise UsageError(f"unknown municipality '{name}'"
                         + (f"; did you mean '{best}'?" if best else "; use the name as the CBS lists it"))
    return found


def earlier_parties(documents: tuple[ParsedFile, ...], municipality: str, doc_type: str) -> tuple[str, str]:
    """The 'from' and 'to' of the newest document of this type and municipality, if any."""
    best: tuple[str, str, str] | None = None
    for parsed in documents:
        fields = parsed.fields
        places = fields.get("municipality")
        places = places if isinstance(places, list) else [places]
        if fields.get("type") != doc_type or municipality.lower() not in [str(p).lower() for p in places]:
            continue
        day = str(fields.get("date") or "")
        if best is None or day > best[0]:
            best = (day, str(fields.get("from") or ""), str(fields.get("to") or ""))
    return (best[1], best[2]) if best else ("", "")


def new_document_text(doc_type: str, title: str, municipality: str, day: date, doc_id: str,
                      topics: dict[str, str], parties: tuple[str, str]) -> str:
    """The text of a new document: every field present, the optional ones commented out."""
    college = f"College van burgemeester en wethouders van {municipality}"
    author, recipient = parties
    if not author:
        author = college if doc_type in ("reactie", "antwoord") else ""
    if not recipient and doc_type in ("advies", "vragen"):
        recipient = college
    topic_list = ", ".join(sorted(topics)) or "zie content/topics.yaml"
    lines = [
        "---",
        _note(f"type: {doc_type}", "advies | reactie | vragen | antwoord | notitie"),
        f"title: {_quoted(title)}",
        _note(f"date: {day.isoformat()}", "de datum op de brief, JJJJ-MM-DD"),
        f"municipality: {_quoted(municipality)}",
        f"from: {_quoted(author)}" if author else _note("from:", "vul in: wie schreef de brief"),
        f"to: {_quoted(recipient)}" if recipient else _note("# to:", "aan wie de brief gericht is"),
        _note("topics: []", f"vul in, een of meer van: {topic_list}"),
        f"id: {doc_id}",
        _note("# reference:", "kenmerk of zaaknummer op de brief"),
        _note("# in_reply_to:", "id van het document waarop dit antwoordt"),
        _note("# summary: >", "twee of drie zinnen in eenvoudige taal (B1)"),
        "#   ...",
        _note("# attachments:", "bestanden naast dit bestand, bijvoorbeeld de originele PDF"),
        "#   - title: Originele brief (PDF)",
        f"#     file: {doc_id}.pdf",
    ]
    if doc_type in ANSWER_TYPES:
        lines += [
            _note("# responses:", "per punt van het advies: wat doet de gemeente ermee?"),
            "#   - point: 1",
            "#     title: ...",
            _note("#     outcome: toegezegd", " | ".join(OUTCOMES)),
        ]
    lines += ["---", ""]
    return "\n".join(lines)


def _note(line: str, note: str) -> str:
    """A line with its explanation as a YAML comment, the comments lined up."""
    return f"{line:<31} # {note}"


def _quoted(value: str) -> str:
    return yaml_text(value)


def new_document(config: Config, type_name: str, municipality_name: str, title: str,
                 day: date | None = None) -> Path:
    """Write a new pre-filled document into content/<municipality>/; return its path.

    day: the date on the letter (default today); the id's year comes from it.
    """
    doc_type = find_type(type_name)
    if not title.strip():
        raise UsageError("the title is empty; give it with --title \"...\"")
    registry = build_registry(load.read_registry())
    day = day or config.now
    municipality = find_municipality(municipality_name, registry, day)
    existing = read_existing(config)
    doc_id = make_id(municipality.name, day.isoformat(), doc_type, title, set(existing.ids))
    author, recipient = earlier_parties(existing.documents, municipality.name, doc_type)
    # Questions come from different parties each time: only the college side is reused.
    parties = ("" if doc_type == "vragen" else author, "" if doc_type == "antwoord" else recipient)
    text = new_document_text(doc_type, title.strip(), municipality.name, day, doc_id, existing.topics, parties)
    path = config.content_dir / slugify(municipality.name) / f"{doc_id}.md"
    write.create_file(path, text)
    return path


def import_letter(config: Config, letter: Path) -> list[Path]:
    """Draft documents from a letter into content/<municipality>/ and keep the original beside them."""
    source = read_letter(letter)
    copies = load.find_copies(config, letter)
    if copies:
        raise ArchiveError(f"this letter was imported before: '{copies[0]}' is the same file",
                           hint="edit the document next to it, or remove both to import the letter again")
    registry = build_registry(load.read_registry())
    existing = read_existing(config)
    drafts = draft_letter(source, registry)
    taken = set(existing.ids)
    ids: list[str] = []
    for draft in drafts:
        place = draft.municipality.value if draft.municipality else ""
        doc_type = draft.type.value if draft.type else "notitie"
        title = draft.title.value if draft.title else Path(source.name).stem
        ids.append(make_id(place, _value(draft.date), doc_type, title, taken))
        taken.add(ids[-1])
    first = drafts[0]
    folder = config.content_dir / (slugify(first.municipality.value if first.municipality else "") or NATIONAL_SLUG)
    suffix = Path(source.name).suffix.lower()
    # A copied .md would be read as a document, so the original Markdown is kept as .txt.
    kept = f"{ids[0]}{suffix}" if suffix != ".md" else f"{ids[0]}-origineel.txt"
    targets = [folder / kept] + [folder / f"{doc_id}.md" for doc_id in ids]
    write.refuse_existing([config.display_path(t) for t in targets], targets,
                          hint="this letter was imported before; remove the old files to import it again")
    write.copy_new_file(letter, folder / kept)
    written: list[Path] = []
    candidates = reply_candidates(existing.documents)
    for index, (draft, doc_id) in enumerate(zip(drafts, ids)):
        if index and draft.type and draft.type.value == "antwoord":
            draft.in_reply_to = Guess(ids[0], "het andere deel van dezelfde brief")
        else:
            draft.in_reply_to = propose_reply_to(draft, candidates)
        draft.topics = guess_topics(draft.body, existing.topics)
        draft.topics_reason = "woorden uit topics.yaml die vaak in de tekst staan" if draft.topics else ""
        text = render_draft(draft, doc_id=doc_id, attachment=(kept, attachment_title(source.kind)),
                            source_name=source.name, topics=existing.topics)
        path = folder / f"{doc_id}.md"
        write.create_file(path, text)
        written.append(path)
    return written


def reply_candidates(documents: tuple[ParsedFile, ...]) -> list[Candidate]:
    """The archive's documents as answers a reply might point at."""
    found: list[Candidate] = []
    for parsed in documents:
        fields = parsed.fields
        places = fields.get("municipality")
        places = places if isinstance(places, list) else [places] if places else []
        doc_id = str(fields.get("id") or parsed.source.name.rsplit("/", 1)[-1][:-3])
        found.append(Candidate(doc_id, str(fields.get("type") or ""), tuple(str(p) for p in places),
                               str(fields.get("date") or ""), str(fields.get("title") or ""),
                               str(fields.get("reference") or "")))
    return found


def _value(guess: Guess | None) -> str:
    return guess.value if guess else ""


def describe_draft(draft: Draft) -> dict[str, Any]:
    """The guessed fields of a draft as plain values (for the accuracy table)."""
    return {
        "type": _value(draft.type), "title": _value(draft.title), "date": _value(draft.date),
        "municipality": _value(draft.municipality), "from": _value(draft.author),
        "to": _value(draft.recipient), "reference": _value(draft.reference),
        "in_reply_to": _value(draft.in_reply_to),
        "responses": [(p.point, p.title) for p in draft.responses],
    }
