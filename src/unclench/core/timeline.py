"""Routine → timeline: a flat list of steps with absolute start times, plus the beats
(speak, chime, count, sound) that fall inside them.

Pure and deterministic: no pygame, no pyttsx3, no clock. Start times are computed as sums
from the routine start, so the player can turn them into absolute deadlines and never drift.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass, field
from enum import StrEnum

from unclench.core.errors import ChoiceError
from unclench.core.routine import Block, Phase, Routine, Side, Step, Unit

COUNT_WORDS = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
]

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


class BeatKind(StrEnum):
    SPEAK = "speak"
    CHIME = "chime"
    COUNT = "count"
    SOUND = "sound"


@dataclass(frozen=True)
class Cue:
    """One step of the session, placed in time (seconds from the session start)."""

    index: int
    start: float
    duration: float
    phase: Phase
    say: str | None
    caption: str
    target: str | None
    side: Side | None
    chime: str | None
    counts: int  # whole beats in the step (0 for steps measured in seconds)
    count_aloud: bool
    cycle: int | None  # 1-based cycle of the innermost repeat, if inside one
    cycles: int | None
    sound: str | None
    image: str | None
    line: int

    @property
    def end(self) -> float:
        return self.start + self.duration


@dataclass(frozen=True)
class Beat:
    """Something for the shell to do at ``at`` seconds: speak a text, ring a chime, say a
    count, play a sound file. ``step`` is the index of the cue it belongs to (-1: the end)."""

    at: float
    kind: BeatKind
    step: int
    text: str


@dataclass(frozen=True)
class Timeline:
    """A routine flattened at one tempo and number of cycles: its cues in order, the beats
    inside them, and the total length (seconds). ``starts`` is derived from the cues."""

    routine: Routine
    tempo: float
    cycles: int | None
    cues: tuple[Cue, ...]
    beats: tuple[Beat, ...]
    total: float
    starts: tuple[float, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "starts", tuple(cue.start for cue in self.cues))

    def cue_index_at(self, t: float) -> int | None:
        """The index of the cue active at ``t`` (None before 0 or at/after the end)."""
        if t < 0 or t >= self.total or not self.cues:
            return None
        return max(0, bisect.bisect_right(self.starts, t) - 1)


def fill(text: str, values: dict[str, str]) -> str:
    """Replace {name} placeholders; unknown names are left as written (the loader rejects
    them, so this only matters for texts built by hand). Never uses str.format, which would
    let a routine file reach object attributes."""
    if "{" not in text:
        return text  # the common case, and the fast one
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


_SIDE_WORDS: dict[Side | None, str] = {
    Side.LEFT: "left",
    Side.RIGHT: "right",
    Side.BOTH: "both sides",
    None: "",
}


def check_choices(
    routine: Routine, tempo: float | None, cycles: int | None
) -> tuple[float, int | None]:
    """Validate the user's tempo and cycles against the routine; return the values to use."""
    use_tempo = routine.tempo if tempo is None else tempo
    if not (math.isfinite(use_tempo) and routine.tempo_min <= use_tempo <= routine.tempo_max):
        raise ChoiceError(
            f"tempo {use_tempo:g} s per count is outside what {routine.id!r} allows "
            f"({routine.tempo_min:g}–{routine.tempo_max:g}) — choose a tempo in that range"
        )
    limits = routine.cycles_range
    if cycles is not None:
        if limits is None:
            raise ChoiceError(
                f"{routine.id!r} has no adjustable number of cycles — leave out --cycles"
            )
        low, high = limits
        if not low <= cycles <= high:
            raise ChoiceError(
                f"{cycles} cycles is outside what {routine.id!r} allows ({low}–{high}) — "
                f"choose a number in that range"
            )
    return use_tempo, cycles


def compile_timeline(
    routine: Routine,
    tempo: float | None = None,
    cycles: int | None = None,
    count_aloud: bool | None = None,
) -> Timeline:
    """Flatten ``routine`` at ``tempo`` (seconds per count; default: the routine's) with
    ``cycles`` for every adjustable repeat (default: each repeat's own default).
    ``count_aloud`` is the user's choice to hear the counts (None: as the routine and its
    steps say; True/False: on or off for every counted step).

    Raises ChoiceError when a choice is out of the routine's range.
    """
    use_tempo, chosen = check_choices(routine, tempo, cycles)
    count_aloud_choice = count_aloud
    cues: list[Cue] = []
    beats: list[Beat] = []
    # Accumulate in integer microseconds so that 10,000 steps do not accumulate float error.
    clock_us = 0

    def emit(step: Step, cycle: int | None, of: int | None) -> None:
        nonlocal clock_us
        seconds = step.duration.seconds(use_tempo)
        length_us = round(seconds * 1_000_000)
        start = clock_us / 1_000_000
        values = {
            "cycle": str(cycle) if cycle is not None else "",
            "cycles": str(of) if of is not None else "",
            "side": _SIDE_WORDS[step.side],
        }
        say = fill(step.say, values) if step.say is not None else None
        caption = (
            fill(step.caption, values) if step.caption is not None else (say or step.phase.word)
        )
        counts = round(step.duration.amount) if step.duration.unit is Unit.COUNTS else 0
        if count_aloud_choice is not None:
            counting = count_aloud_choice
        else:
            counting = routine.count_aloud if step.count_aloud is None else step.count_aloud
        counting = counting and counts > 0
        index = len(cues)
        cues.append(
            Cue(
                index=index,
                start=start,
                duration=length_us / 1_000_000,
                phase=step.phase,
                say=say,
                caption=caption,
                target=step.target,
                side=step.side,
                chime=step.chime,
                counts=counts,
                count_aloud=counting,
                cycle=cycle,
                cycles=of,
                sound=step.sound,
                image=step.image,
                line=step.line,
            )
        )
        if step.chime:
            beats.append(Beat(start, BeatKind.CHIME, index, step.chime))
        if step.sound:
            beats.append(Beat(start, BeatKind.SOUND, index, step.sound))
        if say:
            beats.append(Beat(start, BeatKind.SPEAK, index, say))
        if counting:
            # The prompt takes the first beat; counts follow on each later beat
            # ("Breathe in … two … three … four"). A silent step counts from "one".
            first = 1 if say else 0
            for k in range(first, counts):
                at = (clock_us + round(k * length_us / counts)) / 1_000_000
                beats.append(
                    Beat(at, BeatKind.COUNT, index, COUNT_WORDS[k] if k < 20 else str(k + 1))
                )
        clock_us += length_us

    def walk(blocks: tuple[Block, ...], cycle: int | None, of: int | None) -> None:
        for block in blocks:
            if isinstance(block, Step):
                emit(block, cycle, of)
                continue
            times = chosen if (block.adjustable and chosen is not None) else block.times
            for n in range(1, times + 1):
                walk(block.steps, n, times)

    walk(routine.steps, None, None)
    total = clock_us / 1_000_000
    if cues:
        beats.append(Beat(total, BeatKind.CHIME, -1, "end"))
    return Timeline(routine, use_tempo, chosen, tuple(cues), tuple(beats), total)


def total_seconds(routine: Routine, tempo: float | None = None, cycles: int | None = None) -> float:
    """The length ``compile_timeline(routine, tempo, cycles).total`` would have, by
    arithmetic alone (no cues built): the menu shows a thousand routines' lengths with it."""
    use_tempo, chosen = check_choices(routine, tempo, cycles)

    def length_us(blocks: tuple[Block, ...]) -> int:
        total = 0
        for block in blocks:
            if isinstance(block, Step):
                total += round(block.duration.seconds(use_tempo) * 1_000_000)
            else:
                times = chosen if (block.adjustable and chosen is not None) else block.times
                total += times * length_us(block.steps)
        return total

    return length_us(routine.steps) / 1_000_000
