"""Server-rendered SVG charts: stacked bars with patterns and direct labels, no colour needed."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from fracos.core.durations import format_duration, hours

# Each series gets a fill pattern as well as a colour, so the chart reads in greyscale.
PATTERNS = ("solid", "stripes", "dots", "cross", "waves", "grid")
COLOURS = ("#1f5fbf", "#b35c00", "#2e7d32", "#7b1fa2", "#00838f", "#5d4037")


@dataclass
class Segment:
    series: int
    label: str
    seconds: int
    y: float = 0
    height: float = 0


@dataclass
class Bar:
    label: str
    short: str
    x: float
    total: int
    segments: list[Segment] = field(default_factory=list)
    top: float = 0


@dataclass
class StackedBars:
    title: str
    series: list[tuple[str, str, str]]  # (name, pattern id, colour)
    bars: list[Bar]
    width: int
    height: int
    plot_top: int
    plot_bottom: int
    bar_width: float
    ticks: list[tuple[float, str]]

    @property
    def empty(self) -> bool:
        return all(bar.total == 0 for bar in self.bars)


def stacked_bars(
    title: str,
    columns: list[tuple[str, str]],  # (key, short label)
    series: list[tuple[str, dict[str, int]]],  # (name, seconds by column key)
    *,
    width: int = 720,
    height: int = 260,
) -> StackedBars:
    top, bottom, left = 16, height - 28, 44
    totals = [sum(values.get(key, 0) for _, values in series) for key, _ in columns]
    peak_hours = max([hours(t) for t in totals] + [Decimal(1)])
    step = max(1, int(peak_hours / 4) + (1 if peak_hours % 4 else 0))
    scale_top = step * 4
    per_second = (bottom - top) / (scale_top * 3600)
    slot = (width - left - 8) / max(1, len(columns))
    bars: list[Bar] = []
    for index, (key, short) in enumerate(columns):
        bar = Bar(key, short, left + index * slot + slot * 0.15, totals[index])
        y = float(bottom)
        for number, (name, values) in enumerate(series):
            seconds = values.get(key, 0)
            if not seconds:
                continue
            segment_height = seconds * per_second
            y -= segment_height
            bar.segments.append(
                Segment(number, name, seconds, round(y, 1), round(segment_height, 1))
            )
        bar.top = round(y, 1)
        bars.append(bar)
    ticks = [(round(bottom - i * step * 3600 * per_second, 1), f"{i * step}h") for i in range(5)]
    return StackedBars(
        title,
        [
            (name, PATTERNS[i % len(PATTERNS)], COLOURS[i % len(COLOURS)])
            for i, (name, _) in enumerate(series)
        ],
        bars,
        width,
        height,
        top,
        bottom,
        round(slot * 0.7, 1),
        ticks,
    )


def total_label(seconds: int) -> str:
    return format_duration(seconds)
