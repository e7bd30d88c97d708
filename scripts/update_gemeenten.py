#!/usr/bin/env python3
"""Regenerate ``adviesarchief/data/gemeenten.json`` from the official TOOI list of municipalities.

The source is the TOOI value list *Register gemeenten compleet*
(``https://identifier.overheid.nl/tooi/set/rwc_gemeenten_compleet``), published by
KOOP for the Ministry of the Interior (BZK). It holds every Dutch municipality that
existed on or after about 1 January 1999, current and former, and a record for every
municipal reorganisation (merger, annexation, renaming under a new code) since then.

The list is published as expanded JSON-LD, one node per municipality (type
``tooi:Gemeente``) and one node per change (types ``tooi:Samenvoeging``,
``tooi:Uitbreiding``, ``tooi:Herschikking``, ...). A change node names the
municipalities it ended (``prov:invalidated``) and the ones that took them over
(``prov:generated`` for a new municipality, ``prov:used`` for an existing one that
grew). From these the script derives, for each municipality:

``code``        CBS code, e.g. ``GM0335``
``name``        official name without the word "gemeente" (``officieleNaamExclSoort``)
``start``       first day (``begindatum``), or null when it predates the list
``end``         last day (``einddatum``), or null when it still exists
``successors``  CBS codes of the municipalities it went into, empty if none
``tooi``        the TOOI URI, e.g. ``https://identifier.overheid.nl/tooi/id/gemeente/gm0335``

The output is deterministic: entries sorted by code then start, fixed key order,
``indent=1``, ``ensure_ascii=False`` and a trailing newline.

Usage::

    python scripts/update_gemeenten.py                      # download the list
    python scripts/update_gemeenten.py --from-file list.json # use a saved copy

A new version of the list gets a new number in its URL (``.../rwc_gemeenten_compleet/4/...``);
pass ``--url`` to point at it. Only the standard library is used.
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.request
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

DEFAULT_URL = (
    "https://repository.officiele-overheidspublicaties.nl/waardelijsten/"
    "rwc_gemeenten_compleet/4/json/rwc_gemeenten_compleet_4.json"
)
LIST_URI = "https://identifier.overheid.nl/tooi/set/rwc_gemeenten_compleet"
DEFAULT_OUTPUT = Path(__file__).resolve().parent.parent / "adviesarchief" / "data" / "gemeenten.json"

TOOI_ONT = "https://identifier.overheid.nl/tooi/def/ont/"
PROV = "http://www.w3.org/ns/prov#"
GEMEENTE_TYPE = TOOI_ONT + "Gemeente"
ENTRY_KEYS = ("code", "name", "start", "end", "successors", "tooi")

Node = dict[str, Any]


def fetch(url: str, timeout: float = 60.0) -> bytes:
    """Download the value list and return its raw bytes."""
    request = urllib.request.Request(
        url,
        headers={
            "Accept": "application/ld+json, application/json;q=0.9",
            "User-Agent": "adviesarchief-update-gemeenten/1.0",
        },
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - fixed https URL
        data: bytes = response.read()
    return data


def load_nodes(raw: bytes) -> list[Node]:
    """Parse the JSON-LD document into a flat list of nodes."""
    document = json.loads(raw.decode("utf-8-sig"))
    if isinstance(document, dict):
        document = document.get("@graph", [document])
    if not isinstance(document, list):
        raise ValueError("unexpected JSON-LD document: expected a list of nodes or an @graph")
    return [node for node in document if isinstance(node, dict)]


def _matches(key: str, name: str) -> bool:
    """Tell whether a (possibly compacted) JSON-LD key denotes the property ``name``."""
    return key == name or key.endswith(("/" + name, "#" + name, ":" + name))


def _raw_values(node: Node, name: str) -> Iterator[Any]:
    for key, value in node.items():
        if _matches(key, name):
            yield from value if isinstance(value, list) else [value]


def values(node: Node, name: str) -> list[str]:
    """Return the literal values (``@value``) or references (``@id``) of a property."""
    found: list[str] = []
    for item in _raw_values(node, name):
        if isinstance(item, dict):
            item = item.get("@value", item.get("@id"))
        if item is not None:
            found.append(str(item))
    return found


def first(node: Node, name: str) -> str | None:
    """Return the first value of a property, or None."""
    found = values(node, name)
    return found[0] if found else None


def types(node: Node) -> list[str]:
    """Return the node's types as full or compacted IRIs."""
    value = node.get("@type", [])
    return [value] if isinstance(value, str) else list(value)


def is_gemeente(node: Node) -> bool:
    """Tell whether the node describes a municipality."""
    return any(t == GEMEENTE_TYPE or _matches(t, "Gemeente") for t in types(node))


def _day(value: str | None) -> date | None:
    """Parse an xsd:date or xsd:dateTime literal to a date."""
    return date.fromisoformat(value[:10]) if value else None


def cbs_code(node: Node) -> str:
    """Return the CBS code (``GM`` + four digits) of a municipality node."""
    code = first(node, "gemeentecode")
    if code:
        return "GM" + code.strip().zfill(4)
    organisation = first(node, "organisatiecode") or str(node["@id"]).rsplit("/", 1)[-1]
    return organisation.strip().upper()


def municipality(node: Node) -> dict[str, Any]:
    """Build the registry entry for one municipality node (without successors)."""
    start = _day(first(node, "begindatum"))
    if start is None:
        start = _day(first(node, "generatedAtTime"))
    end = _day(first(node, "einddatum"))
    if end is None:
        invalidated = _day(first(node, "invalidatedAtTime"))
        end = invalidated - timedelta(days=1) if invalidated else None
    name = first(node, "officieleNaamExclSoort") or first(node, "label") or ""
    if name.lower().startswith("gemeente "):
        name = name[len("gemeente "):]
    return {
        "code": cbs_code(node),
        "name": name.strip(),
        "start": start.isoformat() if start else None,
        "end": end.isoformat() if end else None,
        "successors": [],
        "tooi": str(node["@id"]),
    }


def successor_map(nodes: Iterable[Node], uri_to_code: dict[str, str]) -> dict[str, set[str]]:
    """Map the TOOI URI of every ended municipality to the CBS codes that took it over."""
    successors: dict[str, set[str]] = {}
    for node in nodes:
        ended = values(node, "invalidated")
        if not ended or is_gemeente(node):
            continue
        takers = {uri_to_code[uri] for uri in values(node, "generated") + values(node, "used") if uri in uri_to_code}
        for uri in ended:
            own = uri_to_code.get(uri)
            successors.setdefault(uri, set()).update(code for code in takers if code != own)
    return successors


def describe(nodes: Iterable[Node], url: str) -> str:
    """Describe the source, with the list's version and visibility date when present."""
    details = ["rwc_gemeenten_compleet"]
    for node in nodes:
        if str(node.get("@id", "")).startswith(LIST_URI):
            number = first(node, "volgnummer")
            seen = first(node, "zichtdatum")
            note = (first(node, "versionInfo") or "").strip().rstrip(".")
            if number:
                details.append(f"versie {number}")
            if seen:
                details.append(f"zichtdatum {seen}" + (f": {note[:1].lower()}{note[1:]}" if note else ""))
            break
    return (
        f"TOOI-waardelijst 'Register gemeenten compleet' ({', '.join(details)}), "
        f"beheerd door KOOP namens het ministerie van BZK: {url}"
    )


def build(nodes: list[Node]) -> list[dict[str, Any]]:
    """Turn the parsed JSON-LD nodes into sorted registry entries."""
    gemeenten = [node for node in nodes if is_gemeente(node)]
    entries = [municipality(node) for node in gemeenten]
    uri_to_code = {entry["tooi"]: entry["code"] for entry in entries}
    successors = successor_map(nodes, uri_to_code)
    for entry in entries:
        entry["successors"] = sorted(successors.get(entry["tooi"], ()))
    entries.sort(key=lambda e: (e["code"], e["start"] or ""))
    check(entries)
    return [{key: entry[key] for key in ENTRY_KEYS} for entry in entries]


def check(entries: list[dict[str, Any]]) -> None:
    """Reject data the registry cannot use: duplicates, bad codes, inverted periods."""
    seen: set[tuple[str, str | None]] = set()
    for entry in entries:
        key = (entry["code"], entry["start"])
        if key in seen:
            raise ValueError(f"duplicate municipality {entry['code']} starting {entry['start']}")
        seen.add(key)
        code = entry["code"]
        if len(code) != 6 or not code.startswith("GM") or not code[2:].isdigit():
            raise ValueError(f"unexpected CBS code {code!r} for {entry['name']!r}")
        if not entry["name"]:
            raise ValueError(f"municipality {code} has no name")
        if entry["start"] and entry["end"] and entry["end"] < entry["start"]:
            raise ValueError(f"municipality {code} ends before it starts")


def render(source: str, retrieved: str, entries: list[dict[str, Any]]) -> str:
    """Serialise the registry deterministically."""
    document = {"source": source, "retrieved": retrieved, "municipalities": entries}
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--url", default=DEFAULT_URL, help="URL of the JSON-LD value list (default: %(default)s)")
    parser.add_argument(
        "--from-file", type=Path, metavar="PATH", help="read a locally saved copy instead of downloading"
    )
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="where to write (default: %(default)s)")
    parser.add_argument("--retrieved", metavar="YYYY-MM-DD", help="retrieval date to record (default: today)")
    parser.add_argument("--source", help="override the source description written to the file")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Download or read the TOOI list and write the registry JSON."""
    args = parse_args(argv)
    raw = args.from_file.read_bytes() if args.from_file else fetch(args.url)
    nodes = load_nodes(raw)
    entries = build(nodes)
    if not entries:
        print("error: no municipalities found in the value list", file=sys.stderr)
        return 1
    retrieved = date.fromisoformat(args.retrieved).isoformat() if args.retrieved else date.today().isoformat()
    source = args.source or describe(nodes, args.url)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(render(source, retrieved, entries), encoding="utf-8")
    current = sum(1 for entry in entries if entry["end"] is None)
    print(f"wrote {len(entries)} municipalities ({current} current) to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
