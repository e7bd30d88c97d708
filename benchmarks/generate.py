"""Generate a synthetic archive of Dutch letters, deterministic by seed, for benchmarks.

The text comes from a word chain (order-2 Markov chain) built from the seed letters in
content/, with Dutch compounds formed from their nouns so that the vocabulary keeps growing
with the corpus as a real archive's does. Every generated archive passes `build.py check`:
municipalities exist on the letter's date, replies answer older letters of the same
municipality, and the text holds no digits runs, e-mail addresses or phone numbers.

Usage: python benchmarks/generate.py N OUTPUT_DIR [--seed S]
"""

from __future__ import annotations

import argparse
import bisect
import json
import random
import re
import shutil
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_CONTENT = ROOT / "content"
REGISTRY = ROOT / "adviesarchief" / "data" / "gemeenten.json"
FIRST_DAY = date(2015, 1, 1)
DAYS = (date(2024, 12, 31) - FIRST_DAY).days
REPLY_SHARE = 0.35
WORDS_MIN, WORDS_MAX = 600, 1400
COMPOUND_SHARE = 0.04

# Only plain words survive into the chain: no digits (no 9-digit numbers, no phone numbers),
# no '@' (no e-mail addresses), no URLs, no Markdown syntax.
WORD = re.compile(r"^[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'’\-]*[.,;:?!]?$")
SENTENCE_END = (".", "?", "!")

SUBJECTS = (
    "het armoedebeleid", "de minimaregelingen", "de schuldhulpverlening", "de Wmo-verordening",
    "de inkoop van jeugdhulp", "het beleidsplan sociaal domein", "de eigen bijdrage",
    "de huishoudelijke hulp", "het vervoer voor inwoners met een beperking", "de mantelzorgwaardering",
    "de toegang tot zorg", "het werk van de sociale wijkteams", "de cliëntondersteuning",
    "de participatiewet", "de tegenprestatie", "beschut werk", "de re-integratie naar werk",
    "het minimabeleid voor kinderen", "de individuele inkomenstoeslag", "de bijzondere bijstand",
    "de nota dak- en thuislozen", "de inburgering", "laaggeletterdheid", "eenzaamheid onder ouderen",
    "het preventieakkoord", "de begroting sociaal domein", "de evaluatie van de Wmo",
    "het klanttevredenheidsonderzoek", "de beleidsregels maatwerkvoorzieningen",
    "de communicatie over regelingen", "het mantelzorgbeleid", "de woonvoorzieningen",
    "de integrale toegang", "de wijkgerichte aanpak", "de samenwerking met zorgaanbieders",
    "het vroegsignaleren van schulden", "de energietoeslag", "de kindregelingen",
    "de verordening cliëntenparticipatie", "de monitor sociaal domein",
)
POINT_TITLES = (
    "Doelgroep", "Bereik", "Communicatie", "Monitoring", "Eigen bijdrage", "Toegankelijkheid",
    "Samenwerking", "Preventie", "Maatwerk", "Evaluatie", "Financiering", "Rol van de adviesraad",
    "Uitvoering", "Privacy", "Bejegening", "Doorlooptijden", "Mantelzorg", "Vervolg",
    "Informatievoorziening", "Kwaliteit", "Regie", "Inspraak", "Wachtlijsten", "Klachten",
)
COUNCILS = ("Adviesraad Sociaal Domein", "Wmo-raad", "Cliëntenraad Werk en Inkomen", "Participatieraad")
ASKERS = ("De fractie van de PvdA", "De fractie van GroenLinks", "De fractie van het CDA",
          "De fractie van de VVD", "De fractie van D66", "De fractie van de SP",
          "De fractie van de ChristenUnie", "Een lokale fractie")
OUTCOMES = ("overgenomen", "deels", "toegezegd", "niet-overgenomen", "kennisgenomen")
ADVICE_TYPES = (("advies", 0.72), ("vragen", 0.16), ("notitie", 0.12))


@dataclass(frozen=True)
class Place:
    """A municipality of the registry and the days it existed."""

    name: str
    start: date
    end: date


@dataclass
class Letter:
    """One generated document, before it is written."""

    id: str
    type: str
    day: date
    place: Place
    topics: list[str]
    subject: str
    points: list[str]
    reply_to: "Letter | None" = None
    answered: bool = False
    extra: dict = field(default_factory=dict)


class WordChain:
    """An order-2 Markov chain over the words of the seed letters."""

    def __init__(self, texts: list[str]) -> None:
        self.next: dict[tuple[str, str], list[str]] = {}
        self.starts: list[tuple[str, str]] = []
        nouns: set[str] = set()
        for text in texts:
            words = [w for w in text.split() if WORD.match(w)]
            for a, b, c in zip(words, words[1:], words[2:]):
                self.next.setdefault((a, b), []).append(c)
            for previous, (a, b) in zip(words, zip(words[1:], words[2:])):
                if previous.endswith(SENTENCE_END) and a[0].isupper() and not b.endswith(SENTENCE_END):
                    self.starts.append((a, b))
            nouns.update(w.lower() for w in words if w.isalpha() and len(w) >= 5 and w.islower())
        self.nouns = sorted(nouns)
        if not self.starts:
            raise ValueError("the seed letters give no sentence starts")

    def sentence(self, rng: random.Random, max_words: int = 40) -> list[str]:
        """One sentence: from a sentence start until a word ending in '.', '?' or '!'."""
        a, b = rng.choice(self.starts)
        words = [a, b]
        while len(words) < max_words:
            options = self.next.get((a, b))
            if not options:
                break
            c = options[int(rng.random() * len(options))]
            if rng.random() < COMPOUND_SHARE and c.isalpha() and c.islower() and len(c) >= 5:
                c = self.nouns[int(rng.random() * len(self.nouns))] + c
            words.append(c)
            a, b = b, c
            if c.endswith(SENTENCE_END):
                break
        if not words[-1].endswith(SENTENCE_END):
            words[-1] = words[-1].rstrip(",;:") + "."
        return words

    def paragraph(self, rng: random.Random, sentences: int) -> tuple[str, int]:
        """A paragraph of so many sentences, and its word count."""
        parts = [self.sentence(rng) for _ in range(sentences)]
        return " ".join(" ".join(p) for p in parts), sum(len(p) for p in parts)


def read_seed_texts(content: Path) -> tuple[list[str], str]:
    """The bodies of the seed letters, and topics.yaml."""
    texts = []
    for path in sorted(content.rglob("*.md")):
        text = path.read_text("utf-8")
        body = text.split("\n---\n", 1)[1] if text.startswith("---\n") else text
        texts.append("\n".join(line for line in body.splitlines() if not line.startswith(("#", "|", ">"))))
    return texts, (content / "topics.yaml").read_text("utf-8")


def read_places(registry: Path) -> list[Place]:
    """Every municipality that existed at some day in the ten years, with its validity."""
    places = []
    for entry in json.loads(registry.read_text("utf-8"))["municipalities"]:
        start = date.fromisoformat(entry["start"]) if entry.get("start") else date.min
        end = date.fromisoformat(entry["end"]) if entry.get("end") else date.max
        if end >= FIRST_DAY:
            places.append(Place(entry["name"], start, end))
    # Two entries with one name (a municipality re-created) would make lookups ambiguous.
    names = [p.name.lower() for p in places]
    return sorted((p for p in places if names.count(p.name.lower()) == 1), key=lambda p: p.name)


def slug(text: str) -> str:
    """Lowercase ASCII words joined by '-'."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def topic_keys(topics_yaml: str) -> list[str]:
    """The topic slugs of topics.yaml (top-level keys)."""
    return [line[:-1] for line in topics_yaml.splitlines() if re.match(r"^[a-z0-9-]+:$", line)]


def plan_letters(n: int, rng: random.Random, places: list[Place], topics: list[str]) -> list[Letter]:
    """Decide every letter's type, date, municipality, topics and links, oldest first."""
    days = sorted(FIRST_DAY + timedelta(days=rng.randrange(DAYS + 1)) for _ in range(n))
    letters: list[Letter] = []
    open_letters: list[Letter] = []  # answerable letters without a reply yet, oldest first
    counter = 0
    for day in days:
        counter += 1
        reply_to = None
        if rng.random() < REPLY_SHARE and open_letters:
            # Answer one of the letters of the last half year that is still open.
            low = bisect.bisect_left([o.day for o in open_letters], day - timedelta(days=180))
            candidates = [o for o in open_letters[low:] if o.day < day and o.place.end >= day]
            if candidates:
                reply_to = rng.choice(candidates)
                open_letters.remove(reply_to)
        if reply_to is not None:
            doc_type = "reactie" if reply_to.type == "advies" else "antwoord"
            place, chosen_topics = reply_to.place, reply_to.topics
            subject, points = reply_to.subject, reply_to.points
        else:
            doc_type = _weighted(rng, ADVICE_TYPES)
            living = [p for p in places if p.start <= day <= p.end]
            place = rng.choice(living)
            chosen_topics = sorted(rng.sample(topics, rng.choice((1, 2, 2, 3, 3, 4))))
            subject = rng.choice(SUBJECTS)
            points = rng.sample(POINT_TITLES, rng.randint(3, 7))
        letter = Letter(
            id=f"{slug(place.name)}-{day.year}-{doc_type}-{counter}",
            type=doc_type, day=day, place=place, topics=chosen_topics,
            subject=subject, points=points, reply_to=reply_to,
        )
        letters.append(letter)
        if doc_type in ("advies", "vragen"):
            open_letters.append(letter)
        # Keep the list short: letters older than a year are no longer answered.
        while open_letters and open_letters[0].day < day - timedelta(days=365):
            open_letters.pop(0)
    return letters


def _weighted(rng: random.Random, choices: tuple[tuple[str, float], ...]) -> str:
    roll, total = rng.random(), 0.0
    for value, weight in choices:
        total += weight
        if roll < total:
            return value
    return choices[-1][0]


def write_letter(letter: Letter, chain: WordChain, rng: random.Random,
                 words: tuple[int, int] = (WORDS_MIN, WORDS_MAX)) -> str:
    """The document file: front matter and a body of (by default) 600 to 1,400 words with numbered points."""
    name = letter.place.name
    council = f"{COUNCILS[hash_index(name, len(COUNCILS))]} {name}"
    college = f"College van burgemeester en wethouders van {name}"
    # Aim below the maximum: every point may end one sentence past its share.
    shortest, longest = words
    target = rng.randint(shortest, max(shortest, longest - 250 * longest // WORDS_MAX))
    kind = letter.type
    if kind == "advies":
        title, author, recipient = f"Advies over {letter.subject}", council, college
    elif kind == "vragen":
        title, author, recipient = f"Vragen over {letter.subject}", ASKERS[hash_index(letter.id, len(ASKERS))], college
    elif kind == "notitie":
        title, author, recipient = f"Notitie over {letter.subject}", council, ""
    elif kind == "reactie":
        title, author, recipient = f"Reactie op het advies over {letter.subject}", college, council
    else:
        title, author, recipient = f"Antwoord op de vragen over {letter.subject}", college, "De gemeenteraad"
    summary, _ = chain.paragraph(rng, 2)
    front = [
        "---",
        f"type: {kind}",
        f"title: {quote(title)}",
        f"date: {letter.day.isoformat()}",
        f"municipality: {quote(name)}",
        f"from: {quote(author)}",
    ]
    if recipient:
        front.append(f"to: {quote(recipient)}")
    front.append(f"topics: [{', '.join(letter.topics)}]")
    front.append(f"reference: {slug(name)[:3].upper()}-{letter.day.year}-{rng.randint(1, 400)}")
    if letter.reply_to is not None:
        front.append(f"in_reply_to: {letter.reply_to.id}")
        front.append("responses:")
        for number, point in enumerate(letter.points, 1):
            front.append(f"  - point: {number}")
            front.append(f"    title: {quote(point)}")
            front.append(f"    outcome: {rng.choice(OUTCOMES)}")
            note, _ = chain.paragraph(rng, 1)
            front.append(f"    note: {quote(note)}")
    front.append(f"summary: {quote(summary)}")
    front.append("---")
    body = ["Geacht College," if recipient == college else "Geachte heer, mevrouw,", ""]
    intro, count = chain.paragraph(rng, rng.randint(2, 3))
    body += [intro, ""]
    per_point = max(shortest // 10, (target - count) // len(letter.points))
    for number, point in enumerate(letter.points, 1):
        prefix = "Vraag " if kind in ("vragen", "antwoord") else ""
        body += [f"## {prefix}{number}. {point}", ""]
        # Sentence by sentence, so that the letter ends close to its target length.
        written, paragraph, size = 0, [], rng.randint(2, 5)
        while written < per_point:
            sentence = chain.sentence(rng)
            paragraph.append(" ".join(sentence))
            written += len(sentence)
            if len(paragraph) == size or written >= per_point:
                body += [" ".join(paragraph), ""]
                paragraph, size = [], rng.randint(2, 5)
        count += written
    body += ["Met vriendelijke groet,", "", author, ""]
    return "\n".join(front) + "\n" + "\n".join(body)


def hash_index(text: str, size: int) -> int:
    """A stable index from a text (Python's hash() changes per process)."""
    import zlib

    return zlib.crc32(text.encode("utf-8")) % size


def quote(text: str) -> str:
    """A YAML double-quoted scalar."""
    return json.dumps(text, ensure_ascii=False)


def generate(n: int, output: Path, seed: int = 1, words: tuple[int, int] = (WORDS_MIN, WORDS_MAX)) -> list[Path]:
    """Write an archive of n letters into output (a content folder); return the document paths.

    words: the shortest and longest body in words. The letters' front matter (type, date,
    municipality, topics, replies) does not depend on it, only their texts do.
    """
    rng = random.Random(seed)
    texts, topics_yaml = read_seed_texts(SEED_CONTENT)
    chain = WordChain(texts)
    places = read_places(REGISTRY)
    letters = plan_letters(n, rng, places, topic_keys(topics_yaml))
    if output.exists():
        shutil.rmtree(output)
    output.mkdir(parents=True)
    (output / "topics.yaml").write_text(topics_yaml, "utf-8")
    (output / "site.yaml").write_text(
        "title: Adviesarchief (testcorpus)\n"
        "base_url: https://adviesarchief.example.org/\n"
        "description: Een gegenereerd archief om de snelheid van de bouw te meten.\n"
        "today: 2025-01-01\n", "utf-8")
    paths = []
    for letter in letters:
        folder = output / slug(letter.place.name)
        folder.mkdir(exist_ok=True)
        path = folder / f"{letter.id}.md"
        path.write_text(write_letter(letter, chain, rng, words), "utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    """Command line: N OUTPUT_DIR [--seed S]."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("output", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    paths = generate(args.count, args.output, args.seed)
    print(f"{len(paths)} documents in {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
