"""Geometry of the outcomes-per-year bar chart: a static SVG drawn at build time (no JavaScript)."""

from __future__ import annotations

from dataclasses import dataclass

from .figures import YearOutcomes


@dataclass(frozen=True)
class ChartSegment:
    """One coloured piece of a bar."""

    outcome: str
    count: int
    x: float
    width: float


@dataclass(frozen=True)
class ChartBar:
    """One year's stacked bar."""

    year: int
    total: int
    y: float
    segments: tuple[ChartSegment, ...]
    end: float  # x where the bar ends, for the total label


@dataclass(frozen=True)
class Chart:
    """Geometry of the outcomes-per-year bar chart, in SVG user units."""

    width: int
    height: int
    bar_height: int
    bars: tuple[ChartBar, ...]


CHART_WIDTH = 420
CHART_LABEL = 52    # room for the year on the left
CHART_TOTAL = 44    # room for the total on the right
CHART_ROW = 34
CHART_BAR = 22


def layout_chart(years: tuple[YearOutcomes, ...]) -> Chart:
    """Lay out horizontal stacked bars, one per year, scaled to the largest year."""
    largest = max((y.total for y in years), default=0) or 1
    scale = (CHART_WIDTH - CHART_LABEL - CHART_TOTAL) / largest
    bars = []
    for index, year in enumerate(years):
        x = float(CHART_LABEL)
        segments = []
        for outcome, count in year.outcomes:
            if count:
                segments.append(ChartSegment(outcome, count, round(x, 2), round(count * scale, 2)))
                x += count * scale
        bars.append(ChartBar(year.year, year.total, index * CHART_ROW + 6, tuple(segments), round(x, 2)))
    return Chart(CHART_WIDTH, max(1, len(years)) * CHART_ROW + 6, CHART_BAR, tuple(bars))
