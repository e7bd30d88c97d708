"""How far a search first reaches (zoekindex.js reachOf, planScope), in Node as the page runs them."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

ZOEKINDEX = Path(__file__).resolve().parents[2] / "adviesarchief" / "render" / "templates" / "static" / "zoekindex.js"
FIRST = {"documents": 2000, "shards": 6}


def run(expression: str) -> object:
    """Evaluate an expression over zoekindex.js's exports in Node; return its JSON value."""
    script = f"import * as z from {json.dumps(ZOEKINDEX.as_uri())};\nconsole.log(JSON.stringify({expression}));"
    done = subprocess.run(["node", "--input-type=module", "-e", script], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


@pytest.mark.parametrize(("words", "times", "documents", "most"), [
    (0, 1, 2000, 6),      # no words (a filter-only search never opens the index, but stays sane)
    (1, 1, 2000, 6),
    (2, 1, 1000, 3),      # each word costs a chunk per shard: two words share the first scope
    (3, 1, 2000 / 3, 2),
    (7, 1, 2000 / 7, 1),  # always at least one shard
    (2, 2, 2000, 6),      # "Zoek ook in oudere jaren" doubles it
])
def test_the_first_scope_is_shared_out_between_the_query_words(words: int, times: int, documents: float,
                                                               most: int) -> None:
    reach = run(f"z.reachOf({json.dumps(FIRST)}, {words}, {times})")
    assert reach == {"documents": pytest.approx(documents), "most": most}


def shards(*sizes: int) -> list[dict]:
    return [{"url": f"/pagefind/{i}/", "years": [2024 - i], "documents": size, "first": "", "last": ""}
            for i, size in enumerate(sizes)]


@pytest.mark.parametrize(("sizes", "words", "opened"), [
    # 100,000 letters: shards of about 1,280; two would exceed 2,000 letters: the newest only.
    ((1278, 1278, 1250, 1250), 1, 1),
    ((1278, 1278, 1250, 1250), 2, 1),
    # 30,000 letters: shards of about 375; five stay within 2,000.
    ((375,) * 80, 1, 5),
    ((375,) * 80, 2, 2),
    # 10,000 letters: shards of about 125; one word opens six, two words three.
    ((125,) * 80, 1, 6),
    ((125,) * 80, 2, 3),
    # A small archive is one shard, whatever the query.
    ((900,), 3, 1),
])
def test_a_query_of_more_words_opens_fewer_shards_first(sizes: tuple[int, ...], words: int, opened: int) -> None:
    scope = run(f"z.planScope({json.dumps(shards(*sizes))}, z.reachOf({json.dumps(FIRST)}, {words}))")
    assert len(scope["shards"]) == opened
