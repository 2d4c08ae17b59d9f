"""The history chart's geometry: a round scale for minutes a day and where each bar goes.

Pure arithmetic on numbers (no pygame), tested numerically; ``ui/history_view.py`` paints
what it returns.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

# Steps the minutes axis may use: each gridline a round number of minutes.
MINUTE_STEPS = (1, 2, 5, 10, 15, 20, 30, 60, 120, 240, 480, 1440)
MAX_GRIDLINES = 4


@dataclass(frozen=True)
class Axis:
    """The scale of the bars: ``top`` minutes is the full height; gridlines at ``ticks``."""

    top: int
    ticks: tuple[int, ...]


def minutes_axis(most: float, max_lines: int = MAX_GRIDLINES) -> Axis:
    """The smallest round scale holding ``most`` minutes with at most ``max_lines``
    gridlines above zero. An empty chart (nothing practised) still gets a 10-minute scale,
    so its baseline and gridlines look like the others."""
    most = max(0.0, most)
    if most <= 0:
        return Axis(10, (5, 10))
    for step in MINUTE_STEPS:
        lines = max(1, math.ceil(most / step - 1e-9))
        if lines <= max_lines:
            return Axis(step * lines, tuple(step * k for k in range(1, lines + 1)))
    step = MINUTE_STEPS[-1]
    lines = math.ceil(most / step)
    every = math.ceil(lines / max_lines)
    return Axis(step * lines, tuple(step * k for k in range(every, lines + 1, every)))


@dataclass(frozen=True)
class Bar:
    """One day's bar in pixels: ``left``, ``width``, and ``height`` up from the baseline
    (0 for a day without practice; at least ``min_height`` for one with any)."""

    left: float
    width: float
    height: float


def bar_layout(
    minutes: Sequence[float],
    left: float,
    width: float,
    height: float,
    axis: Axis,
    gap: float = 0.35,
    min_height: float = 2.0,
) -> list[Bar]:
    """Bars for ``minutes`` (one per day, oldest first) across ``width`` pixels from
    ``left``, scaled so ``axis.top`` minutes fill ``height``. ``gap`` is the share of each
    slot left empty between bars. A day with a few seconds still shows a sliver
    (``min_height``), never more than the full height."""
    if not minutes:
        return []
    slot = width / len(minutes)
    bar_width = slot * (1 - gap)
    bars = []
    for i, value in enumerate(minutes):
        h = 0.0
        if value > 0:
            h = min(height, max(min_height, height * value / axis.top))
        bars.append(Bar(left + i * slot + (slot - bar_width) / 2, bar_width, h))
    return bars


def tick_label(minutes: int) -> str:
    """A gridline's label: "5 min", "1 h", "90 min"."""
    if minutes >= 60 and minutes % 60 == 0:
        return f"{minutes // 60} h"
    return f"{minutes} min"
