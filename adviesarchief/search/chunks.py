"""Pagefind's word index re-cut so that no word shares a chunk with a word found nearly everywhere.

Pagefind cuts a bundle's word index into chunks in alphabetical order, each closed after the
word that brings it to about 20,000 occurrences, and never splits a word. A word found in
nearly every letter (de, en, het) passes that on its own, so it ends a chunk that also holds
the words sorted just before it: at 100,000 letters a search for 'eigen' downloaded the 80 KB
of 'en' with it, one for 'dagbesteding' that of 'de'. After Pagefind has written a bundle,
each such chunk is cut: the words before the big one, the big one, the words after it.

Pagefind's search code loads the chunks whose bounds hold the searched word, and finds the
words that start with it there. A cut between two words that share their first letters
('gemeenschap' | 'gemeente') would hide the words after it from a search for those letters
('gemeen'), so a cut goes only where neighbours share at most MAX_SHARED letters: the big
word's chunk takes the words around it that share more with it ('gemaakt' .. 'gemeentes').

The files keep Pagefind's own format (gzip of 'pagefind_dcd' and CBOR; cbor2 reads and writes
it, and a chunk read and written again is the same bytes), so its search code reads them as it
reads its own. Chunks that need no cut stay as Pagefind wrote them. A bundle of another layout
(a later Pagefind) is left as it is: correct, only not re-cut.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import statistics
from pathlib import Path
from typing import Any

import cbor2

SIGNATURE = b"pagefind_dcd"
# Pagefind closes a chunk at 20,000 occurrences (each page a word is on counts one besides its
# locations); a word of half that or more gets a chunk of its own.
ALONE_FROM = 10_000
# Only a chunk file this many times the bundle's median size is read: reading one costs about
# 0.7 s per MB of its CBOR (every location becomes a Python number), and only a big word makes
# a chunk that large.
CANDIDATE_SIZE = 1.5
# A cut goes only between words that share at most this many first letters, so that a search
# for a word start of more letters loads every chunk holding a word that starts with it.
MAX_SHARED = 2
# Where the meta index lists the word-index chunks, each [first word, last word, file hash].
INDEX_CHUNKS = 2

Word = list[Any]  # [word, [[page, locations, ...], ...], ...]


def read_pagefind(path: Path) -> Any:
    """The value of one of Pagefind's files (a meta index or a word-index chunk)."""
    return cbor2.loads(_payload(path))


def pagefind_bytes(value: Any) -> bytes:
    """A value as Pagefind stores it."""
    return _stored(cbor2.dumps(value))


def _payload(path: Path) -> bytes:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise ValueError(f"{path} is not a Pagefind index file")
    return data[len(SIGNATURE):]


def _stored(payload: bytes) -> bytes:
    # No time stamp in the gzip header: the same words give the same file.
    return gzip.compress(SIGNATURE + payload, compresslevel=6, mtime=0)


def _array_header(length: int) -> bytes:
    """CBOR's header of an array of this length (major type 4)."""
    if length < 24:
        return bytes([0x80 | length])
    for code, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if length < 1 << (8 * size):
            return bytes([0x80 | code]) + length.to_bytes(size, "big")
    raise ValueError("array too long")


def read_chunk(path: Path) -> list[tuple[Word, bytes]] | None:
    """A word-index chunk's words, each with its bytes as Pagefind wrote them; None for another layout."""
    payload = _payload(path)
    stream = io.BytesIO(payload)
    if stream.read(1) != b"\x81":  # the chunk is [words]
        return None
    head = stream.read(1)[0]
    if head >> 5 != 4 or head & 0x1F > 27:
        return None
    extra = head & 0x1F
    count = extra if extra < 24 else int.from_bytes(stream.read(1 << (extra - 24)), "big")
    decoder = cbor2.CBORDecoder(stream)
    words = []
    for _ in range(count):
        start = stream.tell()
        word = decoder.decode()
        words.append((word, payload[start:stream.tell()]))
    return words


def occurrences(word: Word) -> int:
    """About a word's size as Pagefind's chunking counts it: per page, its locations and one."""
    return sum(len(page[1]) + 1 for page in word[1])


def shared(a: str, b: str) -> int:
    """How many first letters two words share."""
    length = 0
    while length < min(len(a), len(b)) and a[length] == b[length]:
        length += 1
    return length


def cut(words: list[tuple[Word, bytes]]) -> list[list[tuple[Word, bytes]]]:
    """A chunk's words in runs: each word of ALONE_FROM occurrences or more apart from the others,
    with the neighbours that share more than MAX_SHARED letters with the word beside them."""
    names = [word[0][0] for word in words]

    def can_cut(at: int) -> bool:  # between names[at - 1] and names[at]
        return 0 < at < len(names) and shared(names[at - 1], names[at]) <= MAX_SHARED

    cuts: set[int] = set()
    for index, word in enumerate(words):
        if occurrences(word[0]) >= ALONE_FROM:
            before = next((at for at in range(index, 0, -1) if can_cut(at)), None)
            after = next((at for at in range(index + 1, len(names)) if can_cut(at)), None)
            cuts.update(at for at in (before, after) if at is not None)
    edges = [0, *sorted(cuts), len(words)]
    return [words[start:end] for start, end in zip(edges, edges[1:])]


def bounds(edges: list[tuple[str, str]], read: list[bool]) -> list[tuple[str, str]]:
    """Each chunk's first and last word as Pagefind lists them (its chunk_meta): between neighbours,
    the shortest prefixes that still tell them apart, which its search code looks words up by.

    edges: each chunk's first and last word, or, for a chunk not read (read False), the bounds
    Pagefind listed; those stay as they are between two chunks not read.
    """
    out = [list(edge) for edge in edges]
    for i in range(len(out) - 1):
        if not (read[i] or read[i + 1]):
            continue
        last, first = out[i][1], out[i + 1][0]
        common = shared(last, first)
        # As Pagefind 1.5: a last word is shortened only while it stays at or after the first.
        if last[:common + 1] >= out[i][0]:
            out[i][1] = last[:common + 1]
        out[i + 1][0] = first[:common + 1]
    return [(first, last) for first, last in out]


def _is_chunk_list(value: Any) -> bool:
    return isinstance(value, list) and all(
        isinstance(c, list) and len(c) == 3 and all(isinstance(part, str) for part in c) for c in value)


def rechunk_bundle(bundle: Path, candidate_size: float = CANDIDATE_SIZE) -> int:
    """Cut every chunk of a Pagefind bundle in which a big word shares with others; return how many were cut.

    candidate_size: only chunk files this many times the median size are read (0: every one).
    """
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text("utf-8"))
    cuts = 0
    for language, info in entry.get("languages", {}).items():
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = read_pagefind(meta_path)
        if not isinstance(meta, list) or len(meta) <= INDEX_CHUNKS or not _is_chunk_list(meta[INDEX_CHUNKS]):
            continue  # not the layout this knows
        sizes = {name: (bundle / "index" / f"{name}.pf_index").stat().st_size for _, _, name in meta[INDEX_CHUNKS]}
        large = candidate_size * statistics.median(sizes.values()) if sizes else 0
        runs: list[list[tuple[Word, bytes]] | None] = []  # a new chunk's words; None for one kept
        edges: list[tuple[str, str]] = []
        names: list[str | None] = []  # a kept chunk's file name
        cut_here = 0
        for first, last, name in meta[INDEX_CHUNKS]:
            words = read_chunk(bundle / "index" / f"{name}.pf_index") if sizes[name] >= large else None
            parts = cut(words) if words else []
            if len(parts) <= 1:
                runs.append(None)
                edges.append((first, last))
                names.append(name)
                continue
            cut_here += 1
            (bundle / "index" / f"{name}.pf_index").unlink()
            runs += parts
            edges += [(part[0][0][0], part[-1][0][0]) for part in parts]
            names += [None] * len(parts)
        if not cut_here:
            continue
        cuts += cut_here
        chunks = []
        taken = {name for name in names if name is not None}
        for (first, last), words, name in zip(bounds(edges, [run is not None for run in runs]), runs, names):
            if name is None:
                data = _stored(b"\x81" + _array_header(len(words)) + b"".join(raw for _, raw in words))
                digest = hashlib.sha256(data).hexdigest()
                length = 7
                while f"{language}_{digest[:length]}" in taken:  # as Pagefind: longer until unique
                    length += 1
                name = f"{language}_{digest[:length]}"
                taken.add(name)
                (bundle / "index" / f"{name}.pf_index").write_bytes(data)
            chunks.append([first, last, name])
        meta[INDEX_CHUNKS] = chunks
        data = pagefind_bytes(meta)
        info["hash"] = f"{language}_{hashlib.sha256(data).hexdigest()[:10]}"
        meta_path.unlink()
        (bundle / f"pagefind.{info['hash']}.pf_meta").write_bytes(data)
        entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), "utf-8")
    return cuts
