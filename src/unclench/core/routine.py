"""The routine model: what a routine *is*, once it has been read and validated.

Pure data (frozen dataclasses), no I/O. The loader builds these from YAML; the timeline
compiler flattens them into timed cues. Every node remembers the line it came from, so later
checks (for example "this prompt is longer than its step") can point back into the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

# The phase and chime vocabularies are part of the model; they and every fact about each
# phase are defined in phases.py (re-exported here, where a step's fields are).
from unclench.core.phases import CHIMES as CHIMES
from unclench.core.phases import Phase as Phase
from unclench.core.phases import Stage


class Kind(StrEnum):
    """The family of practice a routine belongs to (the menu groups by it)."""

    BREATH = "breath"
    MUSCLE = "muscle"
    STRETCH = "stretch"
    MIXED = "mixed"

    @property
    def stage(self) -> Stage:
        """What a step that shows the routine's kind (a rest, an instruction) shows: the body
        map in a muscle routine, the stretch card in a stretching one, else the disc."""
        return {Kind.MUSCLE: Stage.BODY, Kind.STRETCH: Stage.CARD}.get(self, Stage.DISC)


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"


class Unit(StrEnum):
    COUNTS = "counts"
    SECONDS = "seconds"


@dataclass(frozen=True)
class Duration:
    """A step's length: counts (scaled by the tempo, seconds per count) or plain seconds."""

    amount: float
    unit: Unit

    def seconds(self, tempo: float) -> float:
        return self.amount * tempo if self.unit is Unit.COUNTS else self.amount


@dataclass(frozen=True)
class Step:
    """One timed thing the user does.

    ``say`` is the spoken prompt (None: a silent step); ``caption`` is the on-screen text,
    defaulting to ``say``. Both may hold placeholders ({cycle}, {cycles}, {side}) that the
    timeline fills in. ``chime`` is a chime name, or None for no chime. ``count_aloud`` None
    means "as the routine says".
    """

    phase: Phase
    duration: Duration
    say: str | None = None
    caption: str | None = None
    target: str | None = None
    side: Side | None = None
    chime: str | None = None
    count_aloud: bool | None = None
    sound: str | None = None
    image: str | None = None
    line: int = 0
    column: int = field(default=0, compare=False)
    """Where the step's first key starts on its line (1-based; 0 unknown). Not part of what
    the step is: two steps that differ only in indentation are equal."""


@dataclass(frozen=True)
class Repeat:
    """A block of steps played ``times`` times; nestable.

    When ``minimum < maximum`` the user may choose the number of cycles in that range (the
    menu's cycles control and ``--cycles`` act on every adjustable repeat).
    """

    steps: tuple[Block, ...]
    times: int
    minimum: int
    maximum: int
    label: str | None = None
    line: int = 0

    @property
    def adjustable(self) -> bool:
        return self.minimum < self.maximum


Block = Step | Repeat


@dataclass(frozen=True)
class TempoPreset:
    """A named tempo the menu offers, e.g. "5.5 breaths a minute"."""

    label: str
    tempo: float


@dataclass(frozen=True)
class Routine:
    """A validated routine. ``origin`` is the file it came from (for messages);
    ``aliases`` are former ids that still name it (a renamed built-in keeps its old id
    working on the command line and in a user's saved choices)."""

    id: str
    title: str
    kind: Kind
    summary: str
    steps: tuple[Block, ...]
    source: str = ""
    cautions: tuple[str, ...] = ()
    language: str = "en"
    tempo: float = 1.0
    tempo_min: float = 0.5
    tempo_max: float = 2.0
    tempo_presets: tuple[TempoPreset, ...] = ()
    count_aloud: bool = False
    chimes: bool = True
    origin: str = ""
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The id, then every alias: each name that finds this routine."""
        return (self.id, *self.aliases)

    def adjustable_repeats(self) -> tuple[Repeat, ...]:
        """Every repeat the user may change, outermost first, in file order."""
        found: list[Repeat] = []

        def walk(blocks: tuple[Block, ...]) -> None:
            for block in blocks:
                if isinstance(block, Repeat):
                    if block.adjustable:
                        found.append(block)
                    walk(block.steps)

        walk(self.steps)
        return tuple(found)

    @property
    def default_cycles(self) -> int | None:
        """The default of the first adjustable repeat (what the menu shows), if any."""
        repeats = self.adjustable_repeats()
        return repeats[0].times if repeats else None

    @property
    def cycles_range(self) -> tuple[int, int] | None:
        """The cycle counts valid for *every* adjustable repeat, or None if there are none."""
        repeats = self.adjustable_repeats()
        if not repeats:
            return None
        return max(r.minimum for r in repeats), min(r.maximum for r in repeats)


# Placeholders a say/caption text may use; the timeline fills them in.
PLACEHOLDERS: tuple[str, ...] = ("cycle", "cycles", "side")
