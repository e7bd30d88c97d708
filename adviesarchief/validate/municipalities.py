"""Check a letter's municipalities against the registry, on the letter's date."""

from __future__ import annotations

from datetime import date, timedelta

from ..model import Municipality
from .common import Issue, join, quote
from .registry import Registry, exists_on


def check_municipalities(names: list[str], day: date | None, registry: Registry
                         ) -> tuple[tuple[Municipality, ...], list[Issue]]:
    """Find each named municipality; return those found (once each) and the problems, by list key."""
    issues: list[Issue] = []
    found: list[Municipality] = []
    for index, name in enumerate(names):
        key = f"municipality.{index}"  # line_of falls back to "municipality" for a single value
        municipality = registry.find(name, day)
        if municipality is None:
            issues.append(Issue(key, *_unknown_municipality(name, registry)))
            continue
        if day is not None and not exists_on(municipality, day):
            issues.append(Issue(key, *_existence_message(municipality, day, registry), level="warning"))
        if municipality not in found:
            found.append(municipality)
    return tuple(found), issues


def _unknown_municipality(name: str, registry: Registry) -> tuple[str, str]:
    """Say that a name is ambiguous or unknown, with the names it may have meant."""
    candidates = registry.candidates(name)
    if candidates:
        return (f"municipality {quote(name)} is ambiguous",
                "write " + join([quote(m.name) for m in candidates], "or"))
    suggestion = registry.suggest(name)
    return (f"unknown municipality {quote(name)}",
            f"did you mean {quote(suggestion)}?" if suggestion
            else "use the name as the CBS lists it, e.g. 'Súdwest-Fryslân'")


def _existence_message(municipality: Municipality, day: date, registry: Registry) -> tuple[str, str]:
    """Say why a municipality did not exist on the day, naming what came after or before it."""
    name = quote(municipality.name)
    if municipality.end is not None and day > municipality.end:
        successors = registry.successors(municipality)
        names = [quote(m.name) for m in successors]
        ended = (municipality.end + timedelta(days=1)).isoformat()
        renamed = len(successors) == 1 and registry.predecessors(successors[0]) == [municipality]
        how = (f"on {ended} it was renamed {names[0]}" if renamed
               else f"on {ended} it merged into {join(names, 'and')}" if names
               else f"it ended on {municipality.end.isoformat()}")
        return (f"municipality {name} no longer existed on {day.isoformat()}: {how}",
                f"use {join(names, 'or')}" if names else "check the date and the municipality")
    predecessors = registry.predecessors(municipality)
    names = [quote(m.name) for m in predecessors]
    start = municipality.start.isoformat() if municipality.start else "?"
    return (f"municipality {name} did not exist yet on {day.isoformat()}: it was formed on {start}"
            + (f" from {join(names, 'and')}" if names else ""),
            f"use {join(names, 'or')}, the municipality of that time" if names
            else "check the date and the municipality")
