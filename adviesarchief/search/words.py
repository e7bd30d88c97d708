"""Dutch words for the search index: compounds split into their parts, and synonyms.

Pagefind matches whole words and a prefix of the last query word, so 'zorg' never finds
'jeugdzorg'. The records therefore carry, beside each compound, its parts, and beside each
word with a synonym the other words of its group. Pure functions of text and a Lexicon.

The splitter is corpus-driven (Koehn and Knight 2003): a word splits where both sides are
frequent words of the archive's own vocabulary (its titles, summaries and topic labels, plus
a shipped list of common words of the sociaal domein), allowing the Dutch linking letters
-s-, -e- and -en- between them. No Dutch splitter library is maintained for Python today
(the known ones need a trained model or a hyphenation dictionary), so this is the classic
method, small and deterministic.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Callable, Iterable, Mapping, Sequence

from ..model import Archive

WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
MIN_PART = 4  # shorter parts are mostly affixes (be-, ver-, -ing)
MAX_DEPTH = 3
WORD_LIST_MAX = 5000  # words the search page may suggest: about 60 KB
SPELLING_MIN = 4  # the search page suggests nothing for a shorter word (zoekterm.js suggestQuery)
# Linking letters between the parts of a compound: stad-s-kantoor, kind-er-en, pann-en-koek.
LINKS = ("", "s", "e", "en")
# Endings and beginnings that look like words but are affixes when they end or start a word.
NOT_A_HEAD = frozenset({"heid", "heden", "ing", "ingen", "lijk", "lijke", "schap", "baar", "isch", "tisch",
                        "ering", "atie", "aties", "ende", "ende", "tjes", "elijk"})
NOT_A_MODIFIER = frozenset({"over", "onder", "voor", "door", "tege", "mede", "ver", "ont", "aan"})
# Words that are never split, whatever the vocabulary holds (they are one word to a reader).
NEVER_SPLIT = frozenset({"beleid", "verordening", "gemeente", "gemeenten", "overleg", "onderzoek", "voorziening",
                         "voorzieningen", "ondersteuning", "bijstand", "adviesraad", "wethouder", "wethouders",
                         "verantwoordelijkheid", "mogelijkheden", "mogelijkheid", "aandacht", "bijvoorbeeld",
                         "ouderen", "gebruik", "gesprek", "gesprekken", "uitvoering", "toegang", "inwoners",
                         "aanvraag", "aanbod", "afspraken", "voorstel", "verslag", "bestaanszekerheid"})


@lru_cache(maxsize=1)
def shipped_words() -> frozenset[str]:
    """The common words of the sociaal domein that count as frequent in every archive."""
    text = resources.files("adviesarchief.data").joinpath("woorden.txt").read_text("utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1)
def shipped_synonyms() -> tuple[tuple[str, ...], ...]:
    """The default synonym and abbreviation groups: one group a line, words or phrases split by commas."""
    text = resources.files("adviesarchief.data").joinpath("synoniemen.txt").read_text("utf-8")
    return tuple(tuple(part.strip().lower() for part in line.split(",") if part.strip())
                 for line in text.splitlines() if line.strip() and not line.startswith("#"))


def vocabulary(texts: Iterable[str]) -> Counter[str]:
    """How often each word occurs in these texts (titles, summaries, topic labels, place names)."""
    # One pass over all of them (a call per text took 0.2 s of every rebuild at 10,000 letters);
    # a word never spans texts: the newline between them is no word character. A hyphenated
    # word counts as one word and also as each of its parts.
    counts = Counter(WORD.findall("\n".join(texts).lower()))
    for word, count in [(w, n) for w, n in counts.items() if "-" in w]:
        for part in word.split("-"):
            if part:
                counts[part] += count
    return counts


def frequent_words(counts: Mapping[str, int], documents: int) -> frozenset[str]:
    """The words a split may produce: the shipped list, and the archive's words seen often enough.

    'Often enough' grows with the archive (2, or one in a thousand letters), so that in a large
    archive the set, and with it the search shards' keys, changes rarely.
    """
    least = max(2, documents // 1000)
    return shipped_words() | {w for w, n in counts.items() if n >= least and len(w) >= MIN_PART}


@dataclass(frozen=True)
class Lexicon:
    """What the splitter and the synonym list know: frequent words and synonym groups."""

    frequent: frozenset[str] = frozenset()
    synonyms: tuple[tuple[str, ...], ...] = ()
    _groups: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False, repr=False)
    # The parts of each word split so far (see split()).
    _splits: "_Cache" = field(init=False, compare=False, repr=False)
    # What annotate() puts after each token it has seen ("" for most); filled as records are made.
    _suffixes: "_Cache" = field(init=False, compare=False, repr=False)
    # The synonym phrases of more than one word, by their first word: their words, longest first.
    _phrase_starts: dict[str, list[tuple[str, ...]]] = field(init=False, compare=False, repr=False)
    # Whether a token is the first word of a phrase, filled as records are made.
    _starts_phrase: "_Cache" = field(init=False, compare=False, repr=False)
    # The most words a phrase has (0 without phrases).
    _longest_phrase: int = field(init=False, compare=False, repr=False)
    # What annotate() makes of each space-separated chunk it has seen, and whether a phrase may
    # start at its end: filled as records are made.
    _chunks: "_Cache" = field(init=False, compare=False, repr=False)
    _chunk_starts_phrase: "_Cache" = field(init=False, compare=False, repr=False)
    # Phrases with more than words in them ('wet 2015'), as one pattern that skips tags: rare.
    _phrases: re.Pattern[str] | None = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        for group in self.synonyms:
            for member in group:
                self._groups[member] = tuple(dict.fromkeys(self._groups.get(member, ()) + group))
        object.__setattr__(self, "_splits", _Cache(lambda word: _split(self, word, MAX_DEPTH)))
        object.__setattr__(self, "_suffixes", _Cache(self._suffix, keep=_plain))
        phrases = sorted((t for t in self._groups if " " in t), key=len, reverse=True)
        worded = [p for p in phrases if all(WORD.fullmatch(w) for w in p.split())]
        starts: dict[str, list[tuple[str, ...]]] = {}
        for phrase in worded:
            starts.setdefault(phrase.split()[0], []).append(tuple(phrase.split()))
        object.__setattr__(self, "_phrase_starts", starts)
        object.__setattr__(self, "_starts_phrase", _Cache(lambda token: token.lower() in starts, keep=_plain))
        object.__setattr__(self, "_longest_phrase", max((len(w) for ws in starts.values() for w in ws), default=0))
        object.__setattr__(self, "_chunks", _Cache(self._annotate_tokens))
        object.__setattr__(self, "_chunk_starts_phrase", _Cache(self._may_go_on))
        others = [p for p in phrases if p not in worded]
        object.__setattr__(self, "_phrases", re.compile(
            r"(<[^>]*>)|(?<!\w)(?:" + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in others) + r")(?!\w)",
            re.IGNORECASE) if others else None)

    @property
    def key(self) -> str:
        """A hash of everything records take from the lexicon: part of every search shard's key."""
        digest = hashlib.sha256()
        for word in sorted(self.frequent):
            digest.update(word.encode() + b"\n")
        digest.update(repr(self.synonyms).encode())
        return digest.hexdigest()[:16]

    def known(self, word: str) -> bool:
        return word in self.frequent

    def split(self, word: str) -> tuple[str, ...]:
        """The parts of a compound, both halves and theirs in turn; () when it is not one."""
        word = word.lower()
        return self._splits[word]  # type: ignore[no-any-return]

    def related(self, term: str) -> tuple[str, ...]:
        """The other words or phrases of its synonym groups."""
        return tuple(other for other in self._groups.get(term, ()) if other != term)

    def extra(self, word: str) -> list[str]:
        """What to index beside one word: its compound parts, and its synonyms."""
        word = word.lower()
        found: dict[str, None] = dict.fromkeys(self.split(word))
        found.update(dict.fromkeys(self.related(word)))
        found.pop(word, None)
        return list(found)

    def annotate(self, text: str) -> str:
        """The text or HTML with, after each word or phrase that has any, its extra words between OPEN and CLOSE.

        Tags, entities and what is already between OPEN and CLOSE stay as they are. The search
        page takes the extra words out of excerpts again (zoekterm.js cleanExcerpt), marking
        the word they follow instead, so a reader sees the letter's own words only.
        """
        if not self.frequent and not self.synonyms:
            return text
        if self._phrases is not None:
            text = self._phrases.sub(self._phrase_suffix, text)
        # Neither a word nor a phrase spans a tag or a bracket, so the runs between them are
        # annotated on their own.
        pieces = BETWEEN_RUNS.split(text)
        pieces[::2] = map(self._annotate_run, pieces[::2])
        return "".join(pieces)

    def _annotate_run(self, run: str) -> str:
        """annotate() of text without tags or brackets, a space-separated chunk at a time.

        Most chunks ('zorg', 'inwoners,') recur in every letter, so each is annotated once and
        then looked up in C: this keeps a record of a thousand words to about 0.1 ms. A token
        never holds a space; only a phrase can span chunks, and then only from a chunk with a
        word that starts one: from there on the chunks it may reach are annotated together.
        """
        chunks = run.split(" ")
        done = list(map(self._chunks.__getitem__, chunks))
        starts = list(itertools.compress(itertools.count(), map(self._chunk_starts_phrase.__getitem__, chunks)))
        if not starts:
            return " ".join(done)
        spans: list[list[int]] = []
        for start in starts:
            end = self._phrase_reach(chunks, start)
            if spans and start <= spans[-1][1]:
                spans[-1][1] = max(spans[-1][1], end)
            else:
                spans.append([start, end])
        joined: list[str] = []
        previous = 0
        for start, end in spans:
            joined += done[previous:start]
            joined.append(self._annotate_tokens(" ".join(chunks[start:end + 1])))
            previous = end + 1
        joined += done[previous:]
        return " ".join(joined)

    def _phrase_reach(self, chunks: list[str], start: int) -> int:
        """The last chunk a phrase starting in chunk `start` can reach (each further word takes a chunk at most)."""
        words_left, index = self._longest_phrase - 1, start
        while words_left and index + 1 < len(chunks):
            index += 1
            words_left -= bool(chunks[index].strip())  # white space alone holds no word
        return index

    def _may_go_on(self, chunk: str) -> bool:
        """Whether a phrase may go on past a chunk: it has a word that starts one, and ends in a word or white space."""
        pieces = TOKEN.split(chunk)
        return (len(pieces) > 1 and (not pieces[-1] or pieces[-1].isspace())
                and any(token.lower() in self._phrase_starts for token in pieces[1::2]))

    def _suffix(self, token: str) -> str:
        """What annotate() puts after a token: its extra words in brackets, or "" (tags, entities, brackets)."""
        return _bracket(self.extra(token)) if _plain(token) else ""

    def _annotate_tokens(self, text: str) -> str:
        """annotate() by one pass over every token of the text: for chunks, and where a phrase spans chunks."""
        pieces = TOKEN.split(text)
        tokens = pieces[1::2]
        suffixes = list(map(self._suffixes.__getitem__, tokens))
        for start in itertools.compress(itertools.count(), map(self._starts_phrase.__getitem__, tokens)):
            self._add_phrase(pieces, start, suffixes)
        pieces[1::2] = map(str.__add__, tokens, suffixes)
        return "".join(pieces)

    def _add_phrase(self, pieces: list[str], start: int, suffixes: list[str]) -> None:
        """If a phrase starts at token `start` (words apart by white space only), put its synonyms after it."""
        tokens = len(suffixes)
        for words in self._phrase_starts[pieces[2 * start + 1].lower()]:
            end = start + len(words) - 1
            # Token k is pieces[2k + 1]; what stands between it and the one before, pieces[2k].
            if end < tokens and all(pieces[2 * (start + i)].isspace()
                                    and pieces[2 * (start + i) + 1].lower() == words[i] for i in range(1, len(words))):
                # After the last word's own extra words, as if the phrase were one word.
                suffixes[end] += _bracket(self.related(" ".join(words)))
                return

    def _phrase_suffix(self, match: re.Match[str]) -> str:
        if match.group(1):
            return match.group(1)  # a tag
        return f"{match.group()}{_bracket(self.related(' '.join(match.group().lower().split())))}"


# The most entries each of a lexicon's caches keeps (tokens, chunks, splits). A full cache is
# emptied and fills again with what recurs: unbounded, they grew with every name and number
# of the archive (70 MB at 10,000 generated letters, held by the build through indexing).
CACHE_LIMIT = 50_000


class _Cache(dict[str, Any]):
    """What a function gives for each key, made once and then looked up in C; emptied when full.

    keep: whether a key's value is kept (tags are many and mostly unique: links).
    """

    def __init__(self, make: Callable[[str], Any], keep: Callable[[str], bool] = lambda _: True) -> None:
        super().__init__()
        self._make, self._keep = make, keep

    def __missing__(self, key: str) -> Any:
        value = self._make(key)
        if self._keep(key):
            if len(self) >= CACHE_LIMIT:
                self.clear()
            self[key] = value
        return value


def _plain(token: str) -> bool:
    """Whether a token is a word: not a tag, an entity or extra words already added."""
    return token[0] not in "<&" and token[0] != OPEN


OPEN, CLOSE = "\u27e6", "\u27e7"  # ⟦ ⟧: rare in letters, not a word to Pagefind
# What annotate() looks at, in one pass: a tag, an entity, extra words already added, or a word.
TOKEN = re.compile(f"(<[^>]*>|&#?\\w+;|{OPEN}[^{CLOSE}]*{CLOSE}|{WORD.pattern})")
# What no word or phrase spans: a tag, or extra words already added.
BETWEEN_RUNS = re.compile(f"(<[^>]*>|{OPEN}[^{CLOSE}]*{CLOSE})")


def _bracket(terms: Sequence[str]) -> str:
    return f" {OPEN} {' '.join(terms)} {CLOSE}" if terms else ""


def word_list(lexicon: Lexicon, counts: Mapping[str, int], most: int = WORD_LIST_MAX) -> dict[str, Any]:
    """What the search page splits query words and suggests spellings with: the rules and the frequent words.

    The page loads it only when a search finds little (zoekterm.js): the archive's most frequent
    words with their counts (shipped words count once), at most `most` of them. "words" are
    those the index splits compounds by; "spelling" adds, up to `most` in all, the words of
    titles and summaries seen too seldom for that: in a small archive most subjects are named
    in one title only ("regiotaxi"), and a typo of them still gets a suggestion.
    """
    frequent = {w: counts.get(w, 1) for w in lexicon.frequent}
    chosen = sorted(frequent.items(), key=lambda item: (-item[1], item[0]))[:most]
    # Letters only: the page suggests a word for each run of letters typed.
    seldom = sorted(((w, n) for w, n in counts.items()
                     if w not in frequent and len(w) >= SPELLING_MIN and w.isalpha()),
                    key=lambda item: (-item[1], item[0]))[:max(0, most - len(chosen))]
    return {"minPart": MIN_PART, "links": list(LINKS), "notAHead": sorted(NOT_A_HEAD),
            "notAModifier": sorted(NOT_A_MODIFIER), "neverSplit": sorted(NEVER_SPLIT),
            "words": dict(sorted(chosen)), "spelling": dict(sorted(seldom))}


def _split(lexicon: Lexicon, word: str, depth: int) -> tuple[str, ...]:
    if depth == 0 or word in NEVER_SPLIT or len(word) < 2 * MIN_PART or "-" in word:
        return ()
    best: tuple[int, str, str] | None = None
    for cut in range(MIN_PART, len(word) - MIN_PART + 1):
        head = word[cut:]
        if head in NOT_A_HEAD or not lexicon.known(head):
            continue
        modifier = _modifier(lexicon, word[:cut])
        if modifier is None:
            continue
        # Prefer the longest head: 'schuld|hulpverlening' over 'schuldhulp|verlening'.
        score = len(head)
        if best is None or score > best[0]:
            best = (score, modifier, head)
    if best is None:
        return ()
    _, modifier, head = best
    parts = [modifier, head]
    parts += _split(lexicon, modifier, depth - 1)
    parts += _split(lexicon, head, depth - 1)
    return tuple(dict.fromkeys(parts))


def _modifier(lexicon: Lexicon, left: str) -> str | None:
    """The word before a head, its linking letters taken off: 'kinder' -> 'kinderen', 'stads' -> 'stad'."""
    for link in LINKS:
        if link and not left.endswith(link):
            continue
        stem = left[:len(left) - len(link)] if link else left
        if len(stem) >= MIN_PART and stem not in NOT_A_MODIFIER and lexicon.known(stem):
            return stem
    if lexicon.known(left + "en") and len(left) >= MIN_PART:  # kinder-armoede: kinderen
        return left + "en"
    return None


def make_lexicon(texts: Sequence[str], documents: int,
                 synonyms: Sequence[Sequence[str]] = ()) -> Lexicon:
    """The lexicon of an archive: its frequent words, the shipped synonyms and the council's own."""
    groups = shipped_synonyms() + tuple(tuple(w.lower() for w in g) for g in synonyms)
    return Lexicon(frequent_words(vocabulary(texts), documents), groups)


# An archive's frequent words and its word list (word_list): all the lexicon takes from its letters.
ArchiveWords = tuple[frozenset[str], dict[str, Any]]


def archive_words(archive: Archive) -> ArchiveWords:
    """The frequent words of an archive and its word list, from its titles, summaries, topic labels and place names.

    Made from front matter alone, so a build may keep them while only letters' texts change.
    """
    texts = [t.label for t in archive.topics]
    for document in archive.documents:
        texts += (document.title, document.summary, *(m.name for m in document.municipalities))
    counts = vocabulary(texts)
    frequent = frequent_words(counts, len(archive.documents))
    return frequent, word_list(Lexicon(frequent), counts)


def archive_lexicon(archive: Archive, words: ArchiveWords | None = None) -> tuple[Lexicon, dict[str, Any]]:
    """The lexicon of an archive (its words, or those given) with the shipped and the council's synonyms, and its word list."""
    frequent, listed = words if words is not None else archive_words(archive)
    groups = shipped_synonyms() + tuple(tuple(w.lower() for w in g) for g in archive.synonyms)
    return Lexicon(frequent, groups), listed
