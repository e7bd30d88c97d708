"""The search page's byte budget at 10,000 letters, measured as `make bench` measures it.

The benchmark's generated archive of 10,000 letters is built once per session, with short
texts (about 40 s on two shared cores; conftest.benchmark_site_10k). The empty /zoeken/ must stay
under 100 KB and a list by filters alone at 300 KB or less, counted as a static host sends
them (benchmarks/finder_bytes.mjs runs the page's own zoeklijst.js); and each list must be
exactly the letters the open data says match.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import yaml

from benchmarks.search_budget import finder_bytes

KB = 1024


def matches(letter: dict, selection: dict[str, list[str]], labels: dict[str, str]) -> bool:
    """Whether a letter of documenten.json matches a finder selection: any value of a filter, every filter."""
    waiting = letter["type"] in ("advies", "vragen") and not letter["replies"]
    answered = letter["type"] in ("advies", "vragen") and bool(letter["replies"])
    values = {
        "gemeente": [m["name"] for m in letter["municipalities"]] or ["Landelijk"],
        "onderwerp": [labels[slug] for slug in letter["topics"]],
        "jaar": [letter["date"][:4]],
        "status": ["Nog geen reactie"] * waiting + ["Beantwoord"] * answered,
    }
    types = {"advies": "Advies van de adviesraad", "vragen": "Vragen", "reactie": "Reactie van de gemeente",
             "antwoord": "Antwoord op vragen", "notitie": "Notitie"}
    values["soort"] = [types[letter["type"]]]
    return all(set(values[name]) & set(chosen) for name, chosen in selection.items())


def test_the_empty_page_and_lists_by_filters_alone_stay_within_budget(benchmark_site_10k: Path) -> None:
    measured = finder_bytes(benchmark_site_10k)
    assert measured["page"]["bytes"] < 100 * KB
    letters = json.loads((benchmark_site_10k / "data" / "documenten.json").read_text("utf-8"))
    labels = {slug: topic["label"] for slug, topic in
              yaml.safe_load((benchmark_site_10k.parent / "content" / "topics.yaml").read_text("utf-8")).items()}
    by_id = {letter["id"]: letter for letter in letters}
    assert len(measured["lists"]) == 3
    for listed in measured["lists"]:
        assert listed["bytes"] <= 300 * KB, listed
        expected = {letter["id"] for letter in letters if matches(letter, listed["selection"], labels)}
        assert listed["results"] == len(expected) > 0, listed["selection"]
        assert set(listed["first"]) <= expected
        days = [date.fromisoformat(by_id[i]["date"]) for i in listed["first"]]
        assert len(days) == min(20, len(expected)) and days == sorted(days, reverse=True)  # newest first
