"""Dutch words for the search index: the compound splitter and the synonym list (search/words.py)."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adviesarchief.incremental.store import shard_base
from adviesarchief.model import Archive, SiteInfo
from adviesarchief.search import words
from adviesarchief.search.words import Lexicon, make_lexicon, shipped_synonyms, word_list
from adviesarchief.validate.synonyms import validate_synonyms
from conftest import TOPICS_YAML
from contenttrees import content_tree

# The archive's own vocabulary: titles, summaries and topic labels of a small archive.
TEXTS = [
    "Advies over kinderarmoede", "Armoede en minima", "Het armoedebeleid van de gemeente",
    "Schuldhulpverlening", "Kinderen in armoede", "Advies over de stad", "De stad en haar kantoor",
    "Een kantoor in de stad", "Jeugd en jeugdhulp", "Verordening maatschappelijke ondersteuning",
    "De verordening", "Het beleid", "Beleid voor ouderen", "Vervoer voor ouderen",
]
LEXICON = make_lexicon(TEXTS, len(TEXTS))


@pytest.mark.parametrize(("word", "parts"), [
    # Compounds: both sides are frequent words of the archive or the shipped list.
    ("jeugdzorg", ("jeugd", "zorg")),
    ("mantelzorg", ("mantel", "zorg")),
    ("armoedebeleid", ("armoede", "beleid")),
    ("ouderenzorg", ("ouderen", "zorg")),
    ("ouderenvervoer", ("ouderen", "vervoer")),
    ("gemeentebeleid", ("gemeente", "beleid")),
    # The longest known head first, then its own parts: 'hulpverlening' finds it, and 'hulp'.
    ("schuldhulpverlening", ("schuld", "hulpverlening", "hulp", "verlening")),
    # Linking -s-: stad-s-kantoor; linking -e(n)-: kinder(en)-armoede.
    ("stadskantoor", ("stad", "kantoor")),
    ("kinderarmoede", ("kinderen", "armoede")),
    ("Jeugdzorg", ("jeugd", "zorg")),
])
def test_compounds_split_into_their_parts(word: str, parts: tuple[str, ...]) -> None:
    assert LEXICON.split(word) == parts


@pytest.mark.parametrize("word", [
    "beleid", "verordening", "gemeente", "ondersteuning", "voorziening", "overleg",  # one word to a reader
    "werkelijk", "gezondheid", "armoede", "wethouder",  # endings and short parts are no words of their own
    "zorg", "stad", "wmo-vervoer", "onbekendwoord",
])
def test_words_that_must_not_be_split(word: str) -> None:
    assert LEXICON.split(word) == ()


def test_a_word_splits_only_on_words_the_archive_knows() -> None:
    assert Lexicon(frozenset({"jeugd"})).split("jeugdzorg") == ()
    assert Lexicon(frozenset({"jeugd", "zorg"})).split("jeugdzorg") == ("jeugd", "zorg")


def test_frequent_means_more_often_in_a_large_archive() -> None:
    seen_twice = ["een kantoor", "het kantoor"]
    assert "kantoor" in make_lexicon(seen_twice, 2).frequent
    assert "kantoor" not in make_lexicon(seen_twice, 10_000).frequent


def test_the_word_list_adds_seldom_words_for_spelling_only() -> None:
    counts = Counter({"kantoor": 3, "regiotaxi": 1, "wmo-vervoer": 1, "bus": 1, "wachttijd": 2})
    listed = word_list(Lexicon(frozenset({"kantoor"})), counts)
    assert listed["words"] == {"kantoor": 3}
    # Seen too seldom to split by, still suggested; most often first when the list is full.
    assert listed["spelling"] == {"regiotaxi": 1, "wachttijd": 2}
    assert word_list(Lexicon(frozenset({"kantoor"})), counts, most=2)["spelling"] == {"wachttijd": 2}
    assert word_list(Lexicon(frozenset({"kantoor"})), counts, most=1)["spelling"] == {}


def test_annotate_puts_parts_and_synonyms_after_their_word() -> None:
    annotated = LEXICON.annotate("De jeugdzorg en de Wet maatschappelijke ondersteuning, ook de WMO.")
    assert annotated == ("De jeugdzorg \u27e6 jeugd zorg jeugdhulp \u27e7 en de Wet maatschappelijke ondersteuning"
                         " \u27e6 wmo \u27e7, ook de WMO \u27e6 wet maatschappelijke ondersteuning \u27e7.")



@pytest.mark.parametrize(("html", "expected"), [
    # Tags, attributes and entities stay as they are; the text between them is annotated.
    ('<p><a href="https://jeugdzorg.nl/" title="jeugdzorg">jeugdzorg</a>&amp;</p>',
     '<p><a href="https://jeugdzorg.nl/" title="jeugdzorg">jeugdzorg \u27e6 jeugd zorg jeugdhulp \u27e7</a>&amp;</p>'),
    # A phrase broken over lines is still the phrase.
    ("<p>de Wet\nmaatschappelijke ondersteuning</p>",
     "<p>de Wet\nmaatschappelijke ondersteuning \u27e6 wmo \u27e7</p>"),
    # Words already added are not annotated again.
    ("zorg \u27e6 jeugdzorg \u27e7", "zorg \u27e6 jeugdzorg \u27e7"),
])
def test_annotate_reads_html_as_text(html: str, expected: str) -> None:
    assert LEXICON.annotate(html) == expected


@pytest.mark.parametrize("text", [
    # A phrase over several chunks, also after two spaces, and two phrases that overlap.
    "de Wet maatschappelijke ondersteuning.", "de wet  maatschappelijke   ondersteuning", "(Wet maatschappelijke",
    "wet wet maatschappelijke ondersteuning wet maatschappelijke ondersteuning", "Wet\nmaatschappelijke ondersteuning",
    "wet maatschappelijke <b>ondersteuning</b>", " wet maatschappelijke ondersteuning ", "wet maatschappelijke",
    # Gaps of white space that are chunks of their own (a no-break space from Word, a tab).
    "centrum \u00a0 voor jeugd en gezin", "wet \t \t \t maatschappelijke ondersteuning",
])
def test_annotate_by_chunks_equals_one_pass_over_every_token(text: str) -> None:
    assert LEXICON.annotate(text) == LEXICON._annotate_tokens(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["wet", "Wet", "maatschappelijke", "ondersteuning", "jeugdzorg", "zorg", "&amp;",
                                 "<b>", "</b>", ",", "(", "2015", "\u27e6 x \u27e7", "lage", "inkomens",
                                 "centrum", "voor", "jeugd", "en", "gezin"]), max_size=12),
       st.lists(st.sampled_from([" ", "  ", "", "\n", " \n", "\u00a0", " \u00a0 ", " \t "]), min_size=12, max_size=12))
def test_annotate_by_chunks_equals_one_pass_on_any_text(words: list[str], gaps: list[str]) -> None:
    text = "".join(word + gap for word, gap in zip(words, gaps))
    # A lexicon of its own: its chunks are not yet known.
    lexicon = make_lexicon(TEXTS, len(TEXTS))
    assert lexicon.annotate(text) == lexicon._annotate_tokens(text)
    assert lexicon.annotate(text) == lexicon.annotate(text)  # the second time from what it kept


def test_the_lexicon_s_caches_stay_small_and_annotate_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "<p>De jeugdzorg en de Wet maatschappelijke ondersteuning, ook de WMO; kinderarmoede en zorg.</p>"
    expected = make_lexicon(TEXTS, len(TEXTS)).annotate(text)
    monkeypatch.setattr(words, "CACHE_LIMIT", 3)
    lexicon = make_lexicon(TEXTS, len(TEXTS))
    assert [lexicon.annotate(text) for _ in range(3)] == [expected] * 3
    assert lexicon.split("schuldhulpverlening") == LEXICON.split("schuldhulpverlening")
    for cache in (lexicon._chunks, lexicon._suffixes, lexicon._splits, lexicon._starts_phrase,
                  lexicon._chunk_starts_phrase):
        assert 0 < len(cache) <= 3


def test_annotate_leaves_text_alone_without_a_lexicon() -> None:
    assert Lexicon().annotate("<p>jeugdzorg</p>") == "<p>jeugdzorg</p>"

def test_the_shipped_synonyms_cover_the_sociaal_domein() -> None:
    groups = [set(g) for g in shipped_synonyms()]
    for first, second in [("jeugdzorg", "jeugdhulp"), ("wmo", "wet maatschappelijke ondersteuning"),
                          ("wachtlijst", "wachttijd"), ("ouderen", "senioren"), ("daklozen", "dakloosheid"),
                          ("armoede", "minima"), ("armoede", "laag inkomen")]:
        assert any(first in g and second in g for g in groups), (first, second)


def test_the_key_changes_with_the_words_and_the_synonyms() -> None:
    assert make_lexicon(TEXTS, 14).key == make_lexicon(list(TEXTS), 14).key
    assert make_lexicon(TEXTS + ["kantine kantine"], 14).key != make_lexicon(TEXTS, 14).key
    assert make_lexicon(TEXTS, 14, [("buurtteam", "wijkteam")]).key != make_lexicon(TEXTS, 14).key


def check(text: str) -> tuple[tuple[tuple[str, ...], ...], list[str]]:
    groups, problems = validate_synonyms(content_tree({"topics.yaml": TOPICS_YAML, "synoniemen.yaml": text}))
    return groups, [f"{p.path}:{p.line}: {p.message}" for p in problems]


def test_a_council_adds_synonym_groups_in_content() -> None:
    groups, problems = check("buurtteam: [Wijkteam, sociaal  team]\npgb: persoonsgebonden budget\n")
    assert problems == []
    assert groups == (("buurtteam", "wijkteam", "sociaal team"), ("pgb", "persoonsgebonden budget"))


@pytest.mark.parametrize(("text", "expected"), [
    ("- jeugdzorg\n", "content/synoniemen.yaml:1: synoniemen.yaml must list groups as 'word: [other word, ...]'"),
    ("pgb: [budget]\nwmo: {a: 1}\n", "content/synoniemen.yaml:2: 'wmo' must be followed by a word or a list of words"),
    ("pgb: [budget]\n\nwmo: []\n", "content/synoniemen.yaml:3: 'wmo' must be followed by a word or a list of words"),
    ("pgb: [budget 2024]\n", "content/synoniemen.yaml:1: 'budget 2024' is not a word or phrase: use letters only"),
    ("pgb: [a]\npgb: [b]\n", "content/synoniemen.yaml:2: 'pgb' appears twice"),
])
def test_a_wrong_synonym_file_is_named_with_its_line(text: str, expected: str) -> None:
    assert check(text)[1] == [expected]


def test_the_council_synonyms_reach_the_lexicon() -> None:
    lexicon = make_lexicon([], 1, [("buurtteam", "wijkteam")])
    assert lexicon.related("wijkteam") == ("buurtteam",)
    assert lexicon.related("jeugdzorg") == ("jeugdhulp",)  # the shipped list stays


def test_search_shards_are_keyed_by_the_lexicon() -> None:
    archive = Archive(site=SiteInfo(), topics=(), documents=())
    assert shard_base(archive, make_lexicon(TEXTS, 14).key) == shard_base(archive, make_lexicon(TEXTS, 14).key)
    assert shard_base(archive, make_lexicon(TEXTS, 14, [("a", "b")]).key) != shard_base(
        archive, make_lexicon(TEXTS, 14).key)
