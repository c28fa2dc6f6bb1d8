"""Timelines drawn as plain SVG on the server: no JavaScript, readable without CSS.

Input is a list of (day, count) pairs as the database returns them (one row per day);
`bucket` groups them into weeks, months or years with empty periods filled in, and
`timeline_svg` draws the bars with axes, labels and a text summary for screen readers.
The module imports nothing from Django so it can be tested on plain values.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape

WEEK, MONTH, YEAR = "week", "month", "year"
# Fewer weeks than this are drawn week by week; more months than MAX_MONTHS become years.
MAX_WEEKS = 20
MAX_MONTHS = 60


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive
    count: int
    unit: str

    @property
    def label(self) -> str:
        if self.unit == WEEK:
            return f"{self.start.day} {self.start:%b}"
        if self.unit == MONTH:
            return f"{self.start:%b %Y}"
        return f"{self.start:%Y}"

    @property
    def long_label(self) -> str:
        if self.unit == WEEK:
            return f"week of {self.start.day} {self.start:%B %Y}"
        if self.unit == MONTH:
            return f"{self.start:%B %Y}"
        return f"{self.start:%Y}"


def _period_start(day: date, unit: str) -> date:
    if unit == WEEK:
        return day - timedelta(days=day.weekday())
    if unit == MONTH:
        return day.replace(day=1)
    return day.replace(month=1, day=1)


def _next_start(start: date, unit: str) -> date:
    if unit == WEEK:
        return start + timedelta(days=7)
    if unit == MONTH:
        return (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    return start.replace(year=start.year + 1)


def choose_unit(first: date, last: date) -> str:
    if (last - first).days < MAX_WEEKS * 7:
        return WEEK
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    return MONTH if months <= MAX_MONTHS else YEAR


def bucket(day_counts, unit: str | None = None) -> list[Period]:
    """Group (day, count) pairs into consecutive periods, empty ones included."""
    days = sorted((day, count) for day, count in day_counts if day is not None)
    if not days:
        return []
    unit = unit or choose_unit(days[0][0], days[-1][0])
    totals: dict[date, int] = {}
    for day, count in days:
        start = _period_start(day, unit)
        totals[start] = totals.get(start, 0) + count
    periods = []
    start = _period_start(days[0][0], unit)
    last = _period_start(days[-1][0], unit)
    while start <= last:
        following = _next_start(start, unit)
        periods.append(Period(start, following - timedelta(days=1), totals.get(start, 0), unit))
        start = following
    return periods


def _nice_max(value: int) -> int:
    """The smallest 1, 2 or 5 times a power of ten at or above value (an axis top)."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power


def summary(periods: list[Period], noun: str) -> str:
    total = sum(p.count for p in periods)
    if not periods:
        return f"No dated {noun}."
    busiest = max(periods, key=lambda p: p.count)
    first, last = periods[0], periods[-1]
    span = first.long_label if first == last else f"{first.long_label} to {last.long_label}"
    counted = noun[:-1] if total == 1 and noun.endswith("s") else noun
    return (
        f"{total} {counted} by {first.unit}, {span}; "
        f"most in {busiest.long_label} ({busiest.count})."
    )


def timeline_svg(periods: list[Period], *, title: str, noun: str, chart_id: str) -> str:
    """An accessible SVG bar chart; every string placed in it is escaped."""
    width, height = 640, 200
    left, right, top, bottom = 40, 12, 12, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    top_value = _nice_max(max((p.count for p in periods), default=0))
    slot = plot_w / max(len(periods), 1)
    bar_w = max(min(slot * 0.75, 48), 1)
    # Label at most about ten bars so the text never overlaps.
    label_every = max(1, math.ceil(len(periods) / 10))

    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    parts = [
        f'<svg class="timeline" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{title_id} {desc_id}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(summary(periods, noun))}</desc>',
    ]
    for fraction in (0, 0.5, 1):
        y = top + plot_h - fraction * plot_h
        value = top_value * fraction
        label = f"{value:g}" if value == int(value) else ""
        parts.append(
            f'<line class="grid" x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}"/>'
        )
        if label:
            parts.append(
                f'<text class="axis" x="{left - 6}" y="{y + 4:.1f}" '
                f'text-anchor="end">{label}</text>'
            )
    for index, period in enumerate(periods):
        x = left + index * slot + (slot - bar_w) / 2
        bar_h = plot_h * period.count / top_value
        y = top + plot_h - bar_h
        tooltip = escape(f"{period.long_label}: {period.count} {noun}")
        parts.append(
            f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" '
            f'height="{bar_h:.1f}"><title>{tooltip}</title></rect>'
        )
        if index % label_every == 0:
            cx = left + index * slot + slot / 2
            parts.append(
                f'<text class="axis" x="{cx:.1f}" y="{height - bottom + 16}" '
                f'text-anchor="middle">{escape(period.label)}</text>'
            )
    parts.append(
        f'<line class="baseline" x1="{left}" x2="{width - right}" '
        f'y1="{top + plot_h}" y2="{top + plot_h}"/>'
    )
    parts.append("</svg>")
    return "".join(parts)
