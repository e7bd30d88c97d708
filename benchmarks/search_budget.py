"""The search byte budget: the empty search page, lists by filters alone, word queries.

bench.py measures each archive size with these and writes the tables and verdicts into RESULTS.md.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Iterable

HERE = Path(__file__).resolve().parent


def finder_bytes(site: Path) -> dict:
    """What the empty search page transfers, and lists by filters alone (see finder_bytes.mjs)."""
    result = subprocess.run(["node", "--no-warnings", str(HERE / "finder_bytes.mjs"), str(site)],
                            capture_output=True, text=True, check=True, timeout=600)
    return json.loads(result.stdout)


def median(values: Iterable[float]) -> float:
    """The middle value."""
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def finder_report(results: list[dict]) -> list[str]:
    """The empty search page and the lists by filters alone (no word index): bytes per list."""
    measured = [r for r in results if "finder" in r]
    if not measured:
        return []
    out = ["", "## Search page and filters without words", "",
           "| documents | empty /zoeken/ | list by filters alone | the lists (letters found: transferred) |",
           "| --- | --- | --- | --- |"]
    for r in measured:
        page, lists = r["finder"]["page"], r["finder"]["lists"]
        each = "; ".join(f"{describe_selection(l['selection'])} ({l['results']:,}): {l['bytes'] / 1024:.0f} KB"
                         for l in lists)
        out.append(f"| {r['documents']:,} | {page['bytes'] / 1024:.0f} KB ({page['uncompressed'] / 1024:.0f} KB "
                   f"uncompressed) | at most {max(l['bytes'] for l in lists) / 1024:.0f} KB | {each} |")
    out += ["", "The empty page: its HTML (with the shard list, the filter counts and the finder's data), the style",
            "sheet and its scripts, as gzip sends them; it opens no index. A list by filters alone is what the",
            "page then fetches (render/finder.py, zoeklijst.js): one file per chosen value (a list of gaps, or",
            "a bitmap of one bit per letter when that is smaller; a year range needs none) and the record",
            "chunks of the first 20 letters, plus the page. The lists are chosen from the page's counts",
            "(benchmarks/finder_bytes.mjs): one smaller municipality, whose letters lie far apart (so the most",
            "record chunks), the issue's example (two topics, advices, the last five years), and every",
            "advice still waiting."]
    return out


def describe_selection(selection: dict[str, list[str]]) -> str:
    """A finder selection in a few words: 'gemeente Vaals', 'jaar 2020-2024'."""
    parts = []
    for name, values in selection.items():
        if name == "jaar" and len(values) > 1:
            parts.append(f"jaar {min(values)}-{max(values)}")
        else:
            parts.append(f"{name} {' of '.join(values)}")
    return ", ".join(parts)


def budget_lines(result: dict) -> list[str]:
    """The search byte budget: a list by filters alone and a word query each at most 300 KB,
    the empty search page under 100 KB."""
    def verdict(value: float, limit: int) -> str:
        return "met" if value <= limit * 1024 else f"not met, by {(value - limit * 1024) / 1024:.0f} KB"
    lines = [] if result.get("finder") else [
        "- 100k empty /zoeken/ < 100 KB and list by filters alone ≤ 300 KB: not measured in this result yet"
        " (`make bench BENCH_ARGS=--100k` measures them)."]
    if result.get("finder"):
        page = result["finder"]["page"]["bytes"]
        biggest = max(l["bytes"] for l in result["finder"]["lists"])
        lines += [f"- 100k empty /zoeken/ < 100 KB: {page / 1024:.0f} KB: **{verdict(page, 100)}**.",
                  f"- 100k list by filters alone ≤ 300 KB: at most {biggest / 1024:.0f} KB: **{verdict(biggest, 300)}**."]
    over = [q for q in result["queries"] if q["bytes"] > 300 * 1024]
    typical = median(q["bytes"] for q in result["queries"])
    lines.append(f"- 100k word query ≤ 300 KB: median {typical / 1024:.0f} KB; "
                 f"{len(result['queries']) - len(over)} of {len(result['queries'])} queries within: **"
                 + ("met" if not over else "not met for " + ", ".join(f"'{q['term']}' ({q['bytes'] / 1024:.0f} KB)"
                                                                   for q in over)) + "**.")
    return lines
