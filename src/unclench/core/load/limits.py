"""The limits of a routine (docs/routines.md, "Limits") and the checks that need arithmetic
over the whole routine. A phase's duration bounds are among its facts (core/phases.py).

Length and step count are computed from the repeat counts, never by expanding the routine,
so a file claiming a million steps is refused in microseconds. Pure.
"""

from __future__ import annotations

import yaml

from unclench.core.durations import format_clock
from unclench.core.load.problems import Problems
from unclench.core.routine import Block, Repeat, Step

MAX_REPEAT_DEPTH = 8
MAX_STEPS = 10_000
MAX_SECONDS = 2 * 60 * 60
TIMES_LIMITS = (1, 1000)


def _size(blocks: tuple[Block, ...], tempo: float, chosen: int | None) -> tuple[int, float]:
    """(steps, seconds) once expanded with ``chosen`` cycles for adjustable repeats."""
    steps, seconds = 0, 0.0
    for block in blocks:
        if isinstance(block, Step):
            steps += 1
            seconds += block.duration.seconds(tempo)
        else:
            times = chosen if block.adjustable and chosen is not None else block.times
            inner_steps, inner_seconds = _size(block.steps, tempo, chosen)
            steps += times * inner_steps
            seconds += times * inner_seconds
    return steps, seconds


def totals_problems(
    blocks: tuple[Block, ...], node: yaml.Node, tempo_max: float, problems: Problems
) -> None:
    """The limits over the whole routine, at its largest choices: max cycles (the one
    ``--cycles`` value every adjustable repeat accepts) and the slowest tempo."""
    repeats: list[Repeat] = []
    pending = list(blocks)
    while pending:
        block = pending.pop()
        if isinstance(block, Repeat):
            pending.extend(block.steps)
            if block.adjustable:
                repeats.append(block)
    choices: list[int | None] = [None]
    if repeats:
        low, high = max(r.minimum for r in repeats), min(r.maximum for r in repeats)
        if low > high:
            lines = ", ".join(str(r.line) for r in sorted(repeats, key=lambda r: r.line))
            problems.add(
                node,
                "steps",
                f"the adjustable repeats (lines {lines}) have no number of cycles in common",
                "--cycles sets them all: make their min–max ranges overlap",
            )
            return
        choices.append(high)
    sizes = [_size(blocks, tempo_max, choice) for choice in choices]
    steps, seconds = max(s for s, _ in sizes), max(t for _, t in sizes)
    if steps > MAX_STEPS:
        problems.add(
            node,
            "steps",
            f"the routine expands to {steps:,} steps at its largest choices",
            f"at most {MAX_STEPS:,} steps: lower the cycles",
        )
    if seconds > MAX_SECONDS:
        problems.add(
            node,
            "steps",
            f"the routine lasts {format_clock(seconds)} at its largest choices"
            f" (max cycles, tempo {tempo_max:g})",
            "at most 2 hours: lower the cycles, the durations or the tempo range",
        )
