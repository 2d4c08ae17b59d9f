"""What the menu shows and what the user has chosen, without any drawing.

The list is grouped by kind; broken routine files get a group of their own so they are
visible (with their first error) instead of silently missing. Choices (cycles, tempo)
start from what the user chose last time for that routine, within the routine's ranges.
Pure: tested without a window.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from unclench.catalog import Catalog, Entry
from unclench.core.routine import Block, Kind, Repeat, Routine, Unit
from unclench.core.timeline import total_seconds

GROUP_TITLES: dict[Kind | None, str] = {
    Kind.BREATH: "Breathing",
    Kind.MUSCLE: "Muscle relaxation",
    Kind.STRETCH: "Stretching",
    Kind.MIXED: "Mixed",
    None: "Could not load",
}

TEMPO_STEP = 0.1


@dataclass(frozen=True)
class Row:
    """One line of the menu list: a group header, or an entry (good or broken)."""

    header: str | None
    entry: Entry | None
    seconds: float = 0.0  # default duration of a good routine

    @property
    def selectable(self) -> bool:
        return self.entry is not None


def spoken_entry(title: str, seconds: float) -> str:
    """What the self-voicing menu says for a routine: its title and its length, in whole
    minutes (seconds under a minute)."""
    if seconds < 60:
        length = f"{max(1, round(seconds))} seconds"
    else:
        minutes = round(seconds / 60)
        length = "1 minute" if minutes == 1 else f"{minutes} minutes"
    return f"{title}. {length}."


def build_rows(catalog: Catalog) -> tuple[Row, ...]:
    """Headers and entries in menu order: breath, muscle, stretch, mixed, then broken."""
    rows: list[Row] = []
    for kind in (Kind.BREATH, Kind.MUSCLE, Kind.STRETCH, Kind.MIXED, None):
        if kind is None:
            members = [e for e in catalog.entries if e.routine is None]
        else:
            members = [e for e in catalog.entries if e.routine and e.routine.kind is kind]
        if not members:
            continue
        rows.append(Row(GROUP_TITLES[kind], None))
        for entry in members:
            seconds = total_seconds(entry.routine) if entry.routine else 0.0
            rows.append(Row(None, entry, seconds))
    return tuple(rows)


@dataclass(frozen=True)
class Choice:
    """The user's cycles and tempo for one routine."""

    cycles: int | None
    tempo: float


@dataclass(frozen=True)
class BreathPractice:
    """What the 4-7-8 progression needs to know, read from the journal when the menu opens:
    the day it is, and the first day with a completed relaxing breath (None: none yet)."""

    today: date
    first_day: date | None = None


def cycles_limits(routine: Routine, cap: int | None = None) -> tuple[int, int] | None:
    """The routine's cycles range, its top lowered to ``cap`` (never below the bottom)."""
    limits = routine.cycles_range
    if limits is None or cap is None:
        return limits
    return (limits[0], max(limits[0], min(limits[1], cap)))


def initial_choice(
    routine: Routine, remembered: dict[str, float] | None, cap: int | None = None
) -> Choice:
    """The routine's defaults, or what the user chose last time if it is still in range
    (``cap``: the most cycles offered now); a default above the cap is lowered to it."""
    limits = cycles_limits(routine, cap)
    cycles = routine.default_cycles
    if cycles is not None and limits is not None:
        cycles = min(limits[1], max(limits[0], cycles))
    tempo = routine.tempo
    if remembered:
        c = remembered.get("cycles")
        if limits and isinstance(c, (int, float)) and limits[0] <= c <= limits[1]:
            cycles = int(c)
        t = remembered.get("tempo")
        if isinstance(t, (int, float)) and routine.tempo_min <= t <= routine.tempo_max:
            tempo = float(t)
    return Choice(cycles, tempo)


def change_cycles(routine: Routine, choice: Choice, delta: int, cap: int | None = None) -> Choice:
    """``delta`` cycles more or fewer, within the range (its top lowered to ``cap``); a
    ``delta`` of 0 only brings the choice into that range."""
    limits = cycles_limits(routine, cap)
    if limits is None or choice.cycles is None:
        return choice
    return Choice(min(limits[1], max(limits[0], choice.cycles + delta)), choice.tempo)


def change_tempo(routine: Routine, choice: Choice, pace: int) -> Choice:
    """``pace`` +1: faster (fewer seconds per count), −1: slower, whatever unit the menu
    shows (seconds per count, breaths a minute). Steps through the routine's presets when
    it has them, else by 0.1 s per count."""
    direction = -pace  # the tempo is seconds per count: a faster pace is a smaller tempo
    if routine.tempo_presets:
        tempos = sorted({p.tempo for p in routine.tempo_presets})
        if direction > 0:
            later = [t for t in tempos if t > choice.tempo + 1e-9]
            tempo = later[0] if later else tempos[-1]
        else:
            earlier = [t for t in tempos if t < choice.tempo - 1e-9]
            tempo = earlier[-1] if earlier else tempos[0]
        return Choice(choice.cycles, tempo)
    tempo = round(choice.tempo + direction * TEMPO_STEP, 2)
    tempo = min(routine.tempo_max, max(routine.tempo_min, tempo))
    return Choice(choice.cycles, tempo)


def cycles_label(routine: Routine) -> str:
    """What the menu calls the cycles: the adjustable repeat's own ``label`` ("rounds per
    group", "holds per side"), capitalised; "Cycles" when it has none."""
    repeats = routine.adjustable_repeats()
    label = repeats[0].label if repeats else None
    if not label:
        return "Cycles"
    return label[0].upper() + label[1:]


def chosen_seconds(routine: Routine, choice: Choice) -> float:
    """How long the routine runs with ``choice`` (arithmetic only: cheap for every row)."""
    return total_seconds(routine, choice.tempo, choice.cycles if routine.cycles_range else None)


def uses_counts(routine: Routine) -> bool:
    """Whether the tempo changes anything: only steps measured in counts follow it."""

    def walk(blocks: tuple[Block, ...]) -> bool:
        for block in blocks:
            if isinstance(block, Repeat):
                if walk(block.steps):
                    return True
            elif block.duration.unit is Unit.COUNTS:
                return True
        return False

    return walk(routine.steps)


def tempo_label(routine: Routine, tempo: float) -> str:
    for preset in routine.tempo_presets:
        if abs(preset.tempo - tempo) < 1e-6:
            return preset.label
    return f"{tempo:.1f} s per count"
