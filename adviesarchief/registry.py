"""The registry of Dutch municipalities: lookup by name, validity on a date, suggestions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from .model import Municipality
from .text import suggest


@dataclass(frozen=True)
class Registry:
    """Every Dutch municipality, current and former, by lowercased name and by CBS code."""

    by_name: dict[str, tuple[Municipality, ...]]
    by_code: dict[str, tuple[Municipality, ...]]
    source: str = ""
    retrieved: str = ""

    def find(self, name: str, on: date | None = None) -> Municipality | None:
        """Return the municipality with this name (ignoring case), preferring the one valid on the date."""
        candidates = self.by_name.get(name.strip().lower(), ())
        if not candidates:
            return None
        if on is not None:
            for candidate in candidates:
                if exists_on(candidate, on):
                    return candidate
        # Prefer the current one, else the latest to have existed.
        return max(candidates, key=lambda m: (m.end is None, m.end or date.min))

    def suggest(self, name: str) -> str | None:
        """Return the official name closest to a misspelled one."""
        return suggest(name, (group[0].name for group in self.by_name.values()))

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
        return sorted(found, key=lambda m: m.name)

    def latest(self, code: str) -> Municipality:
        """Return the most recent registry entry for a CBS code."""
        return max(self.by_code[code], key=lambda m: (m.end is None, m.end or date.min))


def exists_on(municipality: Municipality, day: date) -> bool:
    """Tell whether the municipality existed on the given day."""
    starts = municipality.start is None or municipality.start <= day
    ends = municipality.end is None or day <= municipality.end
    return starts and ends


def build_registry(data: dict[str, Any]) -> Registry:
    """Build the registry from the shipped JSON data."""
    by_name: dict[str, list[Municipality]] = {}
    by_code: dict[str, list[Municipality]] = {}
    for entry in data["municipalities"]:
        municipality = Municipality(
            code=entry["code"],
            name=entry["name"],
            start=_date(entry.get("start")),
            end=_date(entry.get("end")),
            successors=tuple(entry.get("successors") or ()),
            tooi=entry.get("tooi", ""),
        )
        by_name.setdefault(municipality.name.lower(), []).append(municipality)
        by_code.setdefault(municipality.code, []).append(municipality)
    return Registry(
        by_name={k: tuple(v) for k, v in by_name.items()},
        by_code={k: tuple(v) for k, v in by_code.items()},
        source=data.get("source", ""),
        retrieved=data.get("retrieved", ""),
    )


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
