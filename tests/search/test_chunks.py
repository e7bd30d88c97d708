"""Pagefind's word index re-cut (search/chunks.py): no word shares a chunk with a word found nearly everywhere."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest
from pagefind_bin import get_executable

from adviesarchief.search.chunks import ALONE_FROM, bounds, cut, read_chunk, read_pagefind, rechunk_bundle
from conftest import serve_directory

# 300 short letters of varied words in which "en" and "gemeente" each pass ALONE_FROM; other words
# sort just before or after them, or start as they do, as "eigen", "enkele" and "gemeenschap" do.
# Here their locations are close together and cheap to store, so their chunks are not larger
# than others and the tests read every chunk (candidate_size 0); in real letters they are.
SYLLABLES = ["ver", "zorg", "raad", "wijk", "be", "ten", "ing", "heid", "lijk", "aan", "bie", "der", "ont", "wik"]
EXTRA = ["De zorgaanbieder helpt.", "Enkele emoties.", "Het welzijnswerk in de gemeenschap.",
         "Een zorgplan en een enquête.", "Het gemeentebestuur heeft het gemaakt. Wij denken mee."]
TOPICS = ["eigen bijdrage", "eenzaamheid", "effecten", "dagbesteding", "wijkteam", "armoede"]


def letter(number: int, randomness: random.Random, vocabulary: list[str]) -> str:
    """One letter's text: its topic, a line of EXTRA, and 150 words with 'en' 100 times and 'gemeente' 200 or none."""
    # Each of the two passes Pagefind's 20,000 a chunk, so its chunk is half as large again as others.
    # "gemeente" is in half the letters: a search for its first letters must still find the others
    # by the words that start so.
    words = [randomness.choice(vocabulary) for _ in range(150)] + ["en"] * 100 + ["gemeente"] * 200 * (number % 2)
    randomness.shuffle(words)
    return f"Over {TOPICS[number % len(TOPICS)]} in wijk {number}. {EXTRA[number % len(EXTRA)]} " + " ".join(words)


def letters() -> dict[str, str]:
    """The letters, the same on every run."""
    randomness = random.Random(7)
    vocabulary = sorted({"".join(randomness.choice(SYLLABLES) for _ in range(randomness.randint(2, 4)))
                         for _ in range(1500)})
    return {f"brief-{i}": letter(i, randomness, vocabulary) for i in range(300)}


QUERIES = ["eigen", "eenzaamheid", "en", "effecten wijk", '"eigen bijdrage"', "dagbesteding", "zorg", "zorga",
           "zorgp", "enk", "enq", "emo", "gemeen", "gemeente", "gemeenteb", "gemeenschap", "gemaakt", "welzijnsw", "mee"]


def word(name: str, occurrences: int) -> list:
    """A word as a chunk holds it: on one page, with occurrences - 1 locations."""
    return [name, [[0, list(range(occurrences - 1)), []]], []]


@pytest.mark.parametrize(("sizes", "runs"), [
    ([10, 20, 30], [3]),                              # nothing big: one run, the chunk stays
    ([10, 20, ALONE_FROM], [2, 1]),                   # big last (as Pagefind ends a chunk): cut before it
    ([ALONE_FROM, 10], [1, 1]),
    ([5, ALONE_FROM, ALONE_FROM + 5, 6, 7], [1, 1, 1, 2]),  # two big words, each alone
    ([ALONE_FROM - 1, 3], [2]),
    ([ALONE_FROM], [1]),                              # alone already
])
def test_a_big_word_gets_a_run_of_its_own(sizes: list[int], runs: list[int]) -> None:
    words = [(word(f"w{i}", size), b"") for i, size in enumerate(sizes)]
    assert [len(run) for run in cut(words)] == runs


@pytest.mark.parametrize(("words", "runs"), [
    # Never cut between words that share more than MAX_SHARED first letters: a search for
    # 'gemeen' or 'gemeente' loads one chunk and finds every word that starts so.
    (["gelukkig", "gemaakt", "gemeenschap", "GEMEENTE", "gemeentebestuur", "gemiddeld", "zorg"], [1, 5, 1]),
    (["gemak", "GEMEENTE", "gemeentes"], [3]),        # nowhere to cut: the chunk stays whole
    (["dag", "HET", "hetzelfde", "hoe"], [1, 2, 1]),
    # Two shared letters may be cut between: only a search for those two letters would miss one.
    (["emotie", "EN", "enkele", "enquete"], [1, 1, 2]),
])
def test_a_cut_never_parts_words_that_start_alike(words: list[str], runs: list[int]) -> None:
    chunk = [(word(w.lower(), ALONE_FROM if w.isupper() else 5), b"") for w in words]
    assert [len(run) for run in cut(chunk)] == runs
@pytest.mark.parametrize(("edges", "read", "expected"), [
    # Pagefind's own cases (its chunk_meta): the shortest prefixes that tell neighbours apart.
    # Since 1.5 a last word is not shortened to before the chunk's first: ('apple', 'app') would
    # be an empty range.
    ([("apple", "apple"), ("apricot", "banana"), ("peach", "peach")], [True, True, True],
     [("apple", "apple"), ("apr", "b"), ("p", "peach")]),
    ([("a", "cataraman"), ("yacht", "z")], [True, True], [("a", "c"), ("y", "z")]),
    ([("a", "cath"), ("cathartic", "z")], [True, True], [("a", "cath"), ("catha", "z")]),
    # Between two chunks not read, Pagefind's bounds stay as they are.
    ([("a", "bij"), ("bil", "c")], [False, False], [("a", "bij"), ("bil", "c")]),
    # A chunk not read beside a new one: its bound is already the shortest, and stays.
    ([("a", "ee"), ("eenm", "eigen"), ("en", "en")], [False, True, True], [("a", "ee"), ("een", "ei"), ("en", "en")]),
])
def test_chunk_bounds_are_pagefinds(edges: list[tuple[str, str]], read: list[bool],
                                    expected: list[tuple[str, str]]) -> None:
    assert bounds(edges, read) == expected


@pytest.fixture(scope="module")
def bundles(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """One Pagefind bundle as Pagefind wrote it, and a copy re-cut: (as written, re-cut), in one served site."""
    root = tmp_path_factory.mktemp("chunks")
    for name, text in letters().items():
        page = root / "records" / name / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text('<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>t</title></head>'
                        f'<body><div data-pagefind-body><h1 data-pagefind-meta="title">{name}</h1>'
                        f"<p>{text}</p></div></body></html>", "utf-8")
    subprocess.run([str(get_executable()), "--site", str(root / "records"), "--output-path",
                    str(root / "site" / "written")], check=True, capture_output=True)
    shutil.copytree(root / "site" / "written", root / "site" / "recut")
    return root / "site" / "written", root / "site" / "recut"


def chunks_of(bundle: Path) -> list[tuple[str, str, list[str]]]:
    """Each chunk of a bundle's word index: its bounds as listed and its words."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
    meta = read_pagefind(bundle / f"pagefind.{entry['languages']['nl']['hash']}.pf_meta")
    return [(first, last, [w[0] for w, _ in read_chunk(bundle / "index" / f"{name}.pf_index")])
            for first, last, name in meta[2]]


def search(bundle: Path, url: str, term: str) -> dict:
    """Search one bundle with Pagefind's own code in Node: result count, the first results and the bytes fetched."""
    script = f"""
const counted = {{ index: 0 }};
const realFetch = globalThis.fetch;
globalThis.fetch = async (u, o) => {{
  const r = await realFetch(u, o); const b = await r.arrayBuffer();
  if (String(u).endsWith(".pf_index")) counted.index += b.byteLength;
  return new Response(b, {{ status: r.status, headers: r.headers }});
}};
const pf = await import({json.dumps((bundle / "pagefind.js").as_uri())});
await pf.options({{ basePath: {json.dumps(url + bundle.name + "/")} }});
const s = await pf.search({json.dumps(term)});
const d = await Promise.all(s.results.slice(0, 10).map((r) => r.data()));
console.log(JSON.stringify({{ count: s.results.length, first: d.map((x) => [x.url, x.excerpt]), bytes: counted.index }}));
process.exit(0);
"""
    done = subprocess.run(["node", "--input-type=module", "-e", script], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_a_big_word_no_longer_shares_its_chunk_and_searches_find_the_same(bundles: tuple[Path, Path]) -> None:
    written, recut = bundles
    assert rechunk_bundle(recut, 0) >= 1
    before, after = chunks_of(written), chunks_of(recut)
    # The same words in the same order; each inside its chunk's bounds, as Pagefind looks them up.
    assert [w for *_, ws in before for w in ws] == [w for *_, ws in after for w in ws]
    for first, last, words in after:
        assert all(first <= w and (w <= last or w.startswith(last)) for w in words)
    # 'en' shared a chunk with 'eig' (eigen) as Pagefind wrote it; now it has one of its own.
    assert any("en" in ws and "eig" in ws for *_, ws in before)
    assert [ws for *_, ws in after if "en" in ws] == [["en"]]
    with serve_directory(written.parent) as url:
        for term in QUERIES:
            old, new = search(written, url, term), search(recut, url, term)
            assert new["count"] == old["count"] > 0 and new["first"] == old["first"], term
            if term == "eigen":
                assert new["bytes"] < old["bytes"]  # without the locations of every "en"


def test_recutting_again_changes_nothing_and_gives_the_same_bytes(bundles: tuple[Path, Path],
                                                                   tmp_path: Path) -> None:
    written, recut = bundles
    rechunk_bundle(recut, 0)  # cut once (whatever the other test did)
    files = {p.relative_to(recut): p.read_bytes() for p in recut.rglob("*") if p.is_file()}
    assert rechunk_bundle(recut, 0) == 0
    assert {p.relative_to(recut): p.read_bytes() for p in recut.rglob("*") if p.is_file()} == files
    again = tmp_path / "again"
    shutil.copytree(written, again)
    rechunk_bundle(again, 0)
    assert {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()} == files
