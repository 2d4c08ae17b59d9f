"""What a step's phase is, and every fact about each phase, in one table.

A phase is what the user does during a step (breathe in, tense a muscle group, rest…). Its
YAML key, its on-screen word, how messages name it, how long it may last, the chime it gets
by default, what it does to the lungs and what the session screen shows during it all live
in ``PHASE_FACTS`` (and how the session screen heads the step: ``core/headings.py``
applies the rule); every other module reads them from here (a test checks each phase has
an entry). Colours are presentation and live on the visuals side (``visuals/theme.py``).
Pure data, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Phase(StrEnum):
    """What the user does during a step; its value is the step's YAML key."""

    INHALE = "inhale"
    HOLD = "hold"  # hold after breathing in (lungs full)
    HOLD_OUT = "hold_out"  # hold after breathing out (lungs empty)
    EXHALE = "exhale"
    TENSE = "tense"
    RELEASE = "release"
    STRETCH = "stretch"
    REST = "rest"
    INSTRUCTION = "instruction"

    @property
    def facts(self) -> PhaseFacts:
        return PHASE_FACTS[self]

    @property
    def is_breath(self) -> bool:
        return self.facts.lungs is not None

    @property
    def word(self) -> str:
        """The short on-screen word for the phase ("Breathe in")."""
        return self.facts.word


class Stage(StrEnum):
    """What fills the middle of the session screen during a step."""

    DISC = "disc"  # the breathing disc (gliding calmly on steps that are not breaths)
    BODY = "body"  # the body map with the step's muscle group lit
    CARD = "card"  # the stretch card
    KIND = "kind"  # what the routine's kind shows (``Kind.stage``): disc, body map or card


class Heading(StrEnum):
    """Where the big words over a step come from."""

    WORD = "word"  # the phase's word ("Breathe in", "Tense", "Rest")
    LEAD = "lead"  # what the step leads into: the next step's target, or its own caption's
    # first words ("Sit or lie down comfortably")


class Target(StrEnum):
    """What a step's ``target:`` names (``core/body.py`` holds both vocabularies)."""

    MUSCLE_GROUP = "muscle group"
    STRETCH = "stretch"


# The chime names a routine may use; each phase's default chime is one of them, and "end"
# closes every session.
CHIMES: tuple[str, ...] = ("inhale", "hold", "exhale", "tense", "release", "stretch", "bell", "end")


@dataclass(frozen=True)
class PhaseFacts:
    """Everything the program knows about one phase."""

    word: str
    """The on-screen word ("Breathe in"), also the caption of a silent step."""
    step_name: str
    """How a message names a step of this phase: "the inhale lasts 2.0 s"."""
    seconds: tuple[float, float]
    """The shortest and longest a step may last, in seconds at the routine's default tempo
    (docs/routines.md, the phase table)."""
    chime: str | None
    """The chime a step gets when the routine has ``chimes: true`` and the step says
    nothing; None: no chime."""
    lungs: tuple[float, float] | None
    """How full the lungs are at the start and at the end of the step (0 empty, 1 full);
    None: not a breath step."""
    target: Target | None
    """What ``target:`` names on this phase (required there); None: no target allowed."""
    stage: Stage
    """What the session screen shows during the step."""
    heading: Heading = Heading.WORD
    """What the words over the step say (``core/headings.py``)."""

    @property
    def holds_breath(self) -> bool:
        """The lungs stay as they are (a hold): the disc shows a countdown ring."""
        return self.lungs is not None and self.lungs[0] == self.lungs[1]


# One row per phase: the facts in the order PhaseFacts lists them.
# fmt: off
PHASE_FACTS: dict[Phase, PhaseFacts] = {
    #               word           step_name      seconds     chime      lungs
    #               target               stage
    Phase.INHALE: PhaseFacts(
                    "Breathe in",  "the inhale",  (0.5, 30),  "inhale",  (0.0, 1.0),
                    None,                Stage.DISC),
    Phase.HOLD: PhaseFacts(
                    "Hold",        "the hold",    (0.5, 60),  "hold",    (1.0, 1.0),
                    None,                Stage.DISC),
    Phase.HOLD_OUT: PhaseFacts(
                    "Hold, empty", "the hold",    (0.5, 60),  "hold",    (0.0, 0.0),
                    None,                Stage.DISC),
    Phase.EXHALE: PhaseFacts(
                    "Breathe out", "the exhale",  (0.5, 30),  "exhale",  (1.0, 0.0),
                    None,                Stage.DISC),
    Phase.TENSE: PhaseFacts(
                    "Tense",       "the tensing", (1, 20),    "tense",   None,
                    Target.MUSCLE_GROUP, Stage.BODY),
    Phase.RELEASE: PhaseFacts(
                    "Release",     "the release", (1, 120),   "release", None,
                    Target.MUSCLE_GROUP, Stage.BODY),
    Phase.STRETCH: PhaseFacts(
                    "Stretch",     "the stretch", (3, 180),   "stretch", None,
                    Target.STRETCH,      Stage.CARD),
    Phase.REST: PhaseFacts(
                    "Rest",        "the rest",    (0.5, 600), None,      None,
                    None,                Stage.KIND),
    Phase.INSTRUCTION: PhaseFacts(
                    "Get ready",   "the step",    (0.5, 300), None,      None,
                    None,                Stage.KIND,  Heading.LEAD),
}
# fmt: on

BREATH_PHASES = frozenset(phase for phase in Phase if phase.is_breath)
