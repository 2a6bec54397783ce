"""Server-rendered SVG charts: stacked bars with patterns and direct labels, no colour needed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from fracos.core.durations import format_duration
from fracos.core.money import from_minor, minor_units, round_to, to_minor

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
    plot_left: int
    bar_width: float
    ticks: list[tuple[float, str]]
    # How a segment's or a bar's value reads (a duration by default, or an amount).
    fmt: Callable[[int], str] = format_duration
    # The total printed above a bar, where there is room for a few characters only.
    top_fmt: Callable[[int], str] | None = None

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
    unit: int = 3600,
    tick: Callable[[int], str] = lambda n: f"{n}h",
    fmt: Callable[[int], str] = format_duration,
    nice: bool = False,
) -> StackedBars:
    """Stack each series' values per column; ``unit`` values make one step of the scale
    (an hour of seconds, or a currency unit of minor units)."""
    top, bottom, left = 16, height - 28, 44 if unit == 3600 else 64
    totals = [sum(max(0, values.get(key, 0)) for _, values in series) for key, _ in columns]
    peak_hours = max([round_to(Decimal(t) / unit, 2) for t in totals] + [Decimal(1)])
    step = max(1, int(peak_hours / 4) + (1 if peak_hours % 4 else 0))
    if nice:
        step = _nice(step)
    scale_top = step * 4
    per_second = (bottom - top) / (scale_top * unit)
    slot = (width - left - 8) / max(1, len(columns))
    bars: list[Bar] = []
    for index, (key, short) in enumerate(columns):
        bar = Bar(key, short, left + index * slot + slot * 0.15, totals[index])
        y = float(bottom)
        for number, (name, values) in enumerate(series):
            seconds = values.get(key, 0)
            if seconds <= 0:
                continue  # a credit that outweighs a month shows in the table, not as a bar
            segment_height = seconds * per_second
            y -= segment_height
            bar.segments.append(
                Segment(number, name, seconds, round(y, 1), round(segment_height, 1))
            )
        bar.top = round(y, 1)
        bars.append(bar)
    ticks = [(round(bottom - i * step * unit * per_second, 1), tick(i * step)) for i in range(5)]
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
        left,
        round(slot * 0.7, 1),
        ticks,
        fmt,
    )


def _nice(step: int) -> int:
    """The smallest 1, 2 or 5 × 10^k at least ``step``: a scale of 2,500s, not 2,417s."""
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            if factor * magnitude >= step:
                return factor * magnitude
        magnitude *= 10


def money_bars(
    title: str,
    columns: list[tuple[str, str]],
    series: list[tuple[str, dict[str, Decimal]]],
    currency: str,
) -> StackedBars:
    """Stacked bars of amounts in one currency (never mixed: nothing is converted)."""
    unit = 10 ** minor_units(currency)
    in_minor = [
        (name, {key: to_minor(amount, currency) for key, amount in values.items()})
        for name, values in series
    ]

    def amount(minor: int) -> str:
        return f"{from_minor(minor, currency):,} {currency}"

    chart = stacked_bars(
        title, columns, in_minor, unit=unit, tick=lambda n: f"{n:,}", fmt=amount, nice=True
    )
    chart.top_fmt = lambda minor: f"{round_to(from_minor(minor, currency), 0):,}"
    return chart


def total_label(seconds: int) -> str:
    return format_duration(seconds)


def _fill(pattern: str, colour: str, ident: str) -> str:
    marks = {
        "stripes": f'<path d="M0,8 L8,0" stroke="{colour}" stroke-width="2.5"/>',
        "dots": f'<circle cx="4" cy="4" r="2" fill="{colour}"/>',
        "cross": f'<path d="M0,0 L8,8 M8,0 L0,8" stroke="{colour}" stroke-width="1.5"/>',
        "waves": f'<path d="M0,4 Q2,0 4,4 T8,4" stroke="{colour}" fill="none" stroke-width="1.5"/>',
        "grid": f'<path d="M4,0 V8 M0,4 H8" stroke="{colour}" stroke-width="1.5"/>',
    }
    opacity = "1" if pattern == "solid" else "0.35"
    return (
        f'<pattern id="{ident}" patternUnits="userSpaceOnUse" width="8" height="8">'
        f'<rect width="8" height="8" fill="{colour}" opacity="{opacity}"/>'
        f"{marks.get(pattern, '')}</pattern>"
    )


def render_svg(chart: StackedBars, ident: str) -> SafeString:
    """The chart as inline SVG: patterned stacks, a <title> tooltip per segment, totals on top.

    Built here rather than in a template: a dozen bars of nested loops cost the
    template engine more than the rest of the dashboard together.
    """
    out = [
        f'<svg viewBox="0 0 {chart.width} {chart.height}" role="img" '
        f'aria-labelledby="{ident}_title" class="bars" preserveAspectRatio="xMinYMin meet">',
        f'<title id="{ident}_title">{escape(chart.title)} (the table below holds the same '
        "figures)</title><defs>",
    ]
    out += [
        _fill(pattern, colour, f"{ident}_p{i}")
        for i, (_, pattern, colour) in enumerate(chart.series)
    ]
    out.append("</defs>")
    for y, label in chart.ticks:
        out.append(
            f'<line x1="{chart.plot_left - 4}" x2="{chart.width}" y1="{y}" y2="{y}" class="grid"/>'
            f'<text x="{chart.plot_left - 8}" y="{y}" class="tick" text-anchor="end" '
            f'dominant-baseline="middle">{label}</text>'
        )
    for bar in chart.bars:
        out.append("<g>")
        for s in bar.segments:
            out.append(
                f'<rect x="{bar.x:.1f}" y="{s.y}" width="{chart.bar_width}" height="{s.height}" '
                f'fill="url(#{ident}_p{s.series})" stroke="#14213d" stroke-width="0.6">'
                f"<title>{escape(bar.label)} · {escape(s.label)}: "
                f"{escape(chart.fmt(s.seconds))}</title></rect>"
            )
        if bar.total:
            out.append(
                f'<text x="{bar.x:.1f}" y="{bar.top}" dy="-3" class="value">'
                f"{escape((chart.top_fmt or chart.fmt)(bar.total))}</text>"
            )
        out.append(
            f'<text x="{bar.x:.1f}" y="{chart.plot_bottom}" dy="16" class="tick">'
            f"{escape(bar.short)}</text></g>"
        )
    out.append("</svg>")
    return mark_safe("".join(out))


def render_legend(chart: StackedBars, ident: str) -> SafeString:
    items = [
        f'<li><svg width="18" height="14" aria-hidden="true"><rect width="18" height="14" '
        f'fill="url(#{ident}_p{i})" stroke="#14213d" stroke-width="0.6"/></svg> '
        f'{escape(name)} <span class="muted small">({pattern})</span></li>'
        for i, (name, pattern, _) in enumerate(chart.series)
    ]
    return mark_safe('<ul class="legend">' + "".join(items) + "</ul>")
