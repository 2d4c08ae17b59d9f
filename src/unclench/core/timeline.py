"""Routine → timeline: a flat list of steps with absolute start times, plus the beats
(speak, chime, count, sound) that fall inside them.

Pure and deterministic: no pygame, no pyttsx3, no clock. Start times are computed as sums
from the routine start, so the player can turn them into absolute deadlines and never drift.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from unclench.core.errors import ChoiceError
from unclench.core.routine import Block, Phase, Repeat, Routine, Side, Step, Unit

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
    cues: list[Cue] = []
    beats: list[Beat] = []
    # Accumulate in integer microseconds so that 10,000 steps do not accumulate float error.
    clock_us = 0
    for step, cycle, of in _played_steps(routine.steps, chosen, None, None):
        length_us = round(step.duration.seconds(use_tempo) * 1_000_000)
        counting = _counts_aloud(routine, step, count_aloud)
        cue = _cue(step, len(cues), clock_us, length_us, cycle, of, counting)
        cues.append(cue)
        beats.extend(_beats_of(cue, clock_us, length_us))
        clock_us += length_us
    total = clock_us / 1_000_000
    if cues:
        beats.append(Beat(total, BeatKind.CHIME, -1, "end"))
    return Timeline(routine, use_tempo, chosen, tuple(cues), tuple(beats), total)


def _times(repeat: Repeat, chosen: int | None) -> int:
    """How often ``repeat`` plays: the user's cycles if it is adjustable, else its own."""
    return chosen if (repeat.adjustable and chosen is not None) else repeat.times


def _played_steps(
    blocks: tuple[Block, ...], chosen: int | None, cycle: int | None, of: int | None
) -> Iterator[tuple[Step, int | None, int | None]]:
    """Every step in playing order, each with its cycle (1-based) and the number of cycles
    of the innermost repeat around it (None, None outside any repeat)."""
    for block in blocks:
        if isinstance(block, Step):
            yield block, cycle, of
            continue
        times = _times(block, chosen)
        for n in range(1, times + 1):
            yield from _played_steps(block.steps, chosen, n, times)


def _counts(step: Step) -> int:
    """Whole beats in ``step`` (0 for a step measured in seconds)."""
    return round(step.duration.amount) if step.duration.unit is Unit.COUNTS else 0


def _counts_aloud(routine: Routine, step: Step, choice: bool | None) -> bool:
    """Whether ``step``'s counts are spoken: the user's ``choice`` if made, else the step's
    own setting, else the routine's; never for a step without counts."""
    if choice is not None:
        counting = choice
    else:
        counting = routine.count_aloud if step.count_aloud is None else step.count_aloud
    return counting and _counts(step) > 0


def _cue(
    step: Step,
    index: int,
    start_us: int,
    length_us: int,
    cycle: int | None,
    of: int | None,
    counting: bool,
) -> Cue:
    """``step`` placed at ``start_us`` for ``length_us`` (microseconds), its placeholders
    filled for ``cycle`` of ``of``; a step without a caption shows what it says, or its
    phase's word."""
    values = {
        "cycle": str(cycle) if cycle is not None else "",
        "cycles": str(of) if of is not None else "",
        "side": _SIDE_WORDS[step.side],
    }
    say = fill(step.say, values) if step.say is not None else None
    caption = fill(step.caption, values) if step.caption is not None else (say or step.phase.word)
    return Cue(
        index=index,
        start=start_us / 1_000_000,
        duration=length_us / 1_000_000,
        phase=step.phase,
        say=say,
        caption=caption,
        target=step.target,
        side=step.side,
        chime=step.chime,
        counts=_counts(step),
        count_aloud=counting,
        cycle=cycle,
        cycles=of,
        sound=step.sound,
        image=step.image,
        line=step.line,
    )


def _beats_of(cue: Cue, start_us: int, length_us: int) -> list[Beat]:
    """What sounds in ``cue``: at its start the chime, the sound file and the prompt (in that
    order), then the counts. The prompt takes the first beat and counts follow on each later
    beat ("Breathe in … two … three … four"); a silent step counts from "one"."""
    beats: list[Beat] = []
    if cue.chime:
        beats.append(Beat(cue.start, BeatKind.CHIME, cue.index, cue.chime))
    if cue.sound:
        beats.append(Beat(cue.start, BeatKind.SOUND, cue.index, cue.sound))
    if cue.say:
        beats.append(Beat(cue.start, BeatKind.SPEAK, cue.index, cue.say))
    if cue.count_aloud:
        counts = cue.counts
        for k in range(1 if cue.say else 0, counts):
            at = (start_us + round(k * length_us / counts)) / 1_000_000
            beats.append(Beat(at, BeatKind.COUNT, cue.index, _count_word(k)))
    return beats


def _count_word(k: int) -> str:
    """The word for beat ``k`` (0-based) of a counted step: "one"…"twenty", then digits."""
    return COUNT_WORDS[k] if k < len(COUNT_WORDS) else str(k + 1)


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
                total += _times(block, chosen) * length_us(block.steps)
        return total

    return length_us(routine.steps) / 1_000_000
