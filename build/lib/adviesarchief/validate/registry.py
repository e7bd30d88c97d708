"""The registry of Dutch municipalities: lookup by name, validity on a date, suggestions."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..model import Municipality
from ..text import suggest

# Where the CBS spells a name differently from the TOOI list the data file is made from.
# The site shows the CBS spelling (the content format promises names "as the CBS lists them").
CBS_SPELLING: dict[str, str] = {
    "GM0373": "Bergen (NH.)",
    "GM0893": "Bergen (L.)",
}

# Other names people write for a municipality, by CBS code. Differences in case, accents,
# dots, brackets, hyphens and apostrophes are matched without an entry here (see name_key).
ALIASES: dict[str, tuple[str, ...]] = {
    "GM0518": ("Den Haag", "The Hague"),
    "GM0796": ("Den Bosch",),
    "GM0373": ("Bergen (Noord-Holland)", "Bergen (N-H)"),
    "GM0893": ("Bergen (Limburg)", "Bergen (Lb)"),
    "GM0164": ("Hengelo (O)", "Hengelo (Ov)", "Hengelo (Overijssel)"),
    "GM0820": ("Nuenen", "Nuenen c.a."),
    "GM0687": ("Middelburg (Z)",),
    "GM0888": ("Beek (L)",),
    "GM0971": ("Stein (L)",),
    "GM0603": ("Rijswijk (ZH)",),
    "GM0417": ("Laren (NH)",),
    "GM0344": ("Utrecht (gemeente)",),
    "GM0014": ("Groningen (gemeente)",),
    "GM0737": ("Tietjerksteradeel",),
}

_SEPARATORS = re.compile(r"[.()\-/]")
_SPACES = re.compile(r"\s+")
_APOSTROPHES = str.maketrans("", "", "'\u2019\u2018`\u00b4")


def name_key(name: str) -> str:
    """Reduce a municipality name to what matching compares: case, accents and punctuation go.

    "Bergen (NH.)", "bergen (nh)" and "Bergen NH" all give "bergen nh";
    "Súdwest-Fryslân" and "Sudwest Fryslan" both give "sudwest fryslan";
    "'s-Gravenhage" and "s-Gravenhage" both give "s gravenhage".
    """
    text = unicodedata.normalize("NFKD", name.translate(_APOSTROPHES))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return _SPACES.sub(" ", _SEPARATORS.sub(" ", text)).strip()


def _base_key(name: str) -> str:
    """The name without its bracketed part: 'Bergen (NH.)' -> 'bergen'."""
    return name_key(name.split("(", 1)[0])


@dataclass(frozen=True)
class Registry:
    """Every Dutch municipality, current and former: by lowercased name, by CBS code, and by
    name key (see name_key) of its names and aliases for matching what people write."""

    by_name: dict[str, tuple[Municipality, ...]]
    by_code: dict[str, tuple[Municipality, ...]]
    by_key: dict[str, tuple[Municipality, ...]]
    # Short names that fit more than one municipality: "bergen" -> Bergen (NH.), Bergen (L.).
    ambiguous: dict[str, tuple[Municipality, ...]]
    source: str = ""
    retrieved: str = ""

    def find(self, name: str, on: date | None = None) -> Municipality | None:
        """Return the municipality with this name or alias, preferring the one valid on the date."""
        candidates = self.by_key.get(name_key(name), ())
        if not candidates:
            return None
        if on is not None:
            for candidate in candidates:
                if exists_on(candidate, on):
                    return candidate
        # Prefer the current one, else the latest to have existed.
        return max(candidates, key=lambda m: (m.end is None, m.end or date.min))

    def candidates(self, name: str) -> tuple[Municipality, ...]:
        """Return the municipalities a too-short name could mean ('Bergen'), or nothing."""
        return self.ambiguous.get(name_key(name), ())

    def suggest(self, name: str) -> str | None:
        """Return the official name (or accepted alias, like 'Den Haag') closest to a misspelled one."""
        names = {m.name for group in self.by_code.values() for m in group}
        names.update(alias for aliases in ALIASES.values() for alias in aliases)
        return suggest(name, sorted(names))

    def successors(self, municipality: Municipality) -> list[Municipality]:
        """Return the municipalities this one merged into."""
        return [self.latest(code) for code in municipality.successors if code in self.by_code]

    def predecessors(self, municipality: Municipality) -> list[Municipality]:
        """Return the municipalities that merged into this one when it was created."""
        found = [
            m for group in self.by_code.values() for m in group
            if municipality.code in m.successors and m.code != municipality.code
            and (municipality.start is None or m.end is None or m.end < municipality.start)
        ]
        return sorted(found, key=lambda m: name_key(m.name))

    def latest(self, code: str) -> Municipality:
        """Return the most recent registry entry for a CBS code."""
        return max(self.by_code[code], key=lambda m: (m.end is None, m.end or date.min))


def exists_on(municipality: Municipality, day: date) -> bool:
    """Tell whether the municipality existed on the given day."""
    starts = municipality.start is None or municipality.start <= day
    ends = municipality.end is None or day <= municipality.end
    return starts and ends


def build_registry(data: dict[str, Any]) -> Registry:
    """Build the registry from the shipped JSON data, adding CBS spellings and aliases."""
    by_name: dict[str, list[Municipality]] = {}
    by_code: dict[str, list[Municipality]] = {}
    by_key: dict[str, list[Municipality]] = {}
    for entry in data["municipalities"]:
        code = entry["code"]
        municipality = Municipality(
            code=code,
            name=CBS_SPELLING.get(code, entry["name"]),
            start=_date(entry.get("start")),
            end=_date(entry.get("end")),
            successors=tuple(entry.get("successors") or ()),
            tooi=entry.get("tooi", ""),
        )
        by_code.setdefault(code, []).append(municipality)
        by_name.setdefault(municipality.name.lower(), []).append(municipality)
        for name in dict.fromkeys((municipality.name, entry["name"], *ALIASES.get(code, ()))):
            group = by_key.setdefault(name_key(name), [])
            if municipality not in group:
                group.append(municipality)
    bases: dict[str, list[Municipality]] = {}
    for group in by_code.values():
        latest = max(group, key=lambda m: (m.end is None, m.end or date.min))
        base = _base_key(latest.name)
        if "(" in latest.name and base not in by_key:
            bases.setdefault(base, []).append(latest)
    return Registry(
        by_name={k: tuple(v) for k, v in by_name.items()},
        by_code={k: tuple(v) for k, v in by_code.items()},
        by_key={k: tuple(v) for k, v in by_key.items()},
        ambiguous={k: tuple(sorted(v, key=lambda m: m.name)) for k, v in bases.items() if len(v) > 1},
        source=data.get("source", ""),
        retrieved=data.get("retrieved", ""),
    )


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
