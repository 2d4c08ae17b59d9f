"""What the session screen says over each step: a heading that names the step, the caption
under it, and what the stage shows.

Every step used to be headed by its phase's word, so six instructions in a row all read
"Get ready" and "Next: Get ready". The rule now comes from the phase table
(``PhaseFacts.heading``): breaths, tensing, releases, stretches and rests keep their word;
an instruction is headed by what it leads into (the next step's muscle group or stretch), or
else by its caption's first words, the rest of the caption going underneath. Pure: computed
once per timeline, no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from unclench.core.body import DEFAULT_HANDEDNESS, display_name, target_for
from unclench.core.phases import Heading, Phase, Stage
from unclench.core.timeline import Cue, Timeline

HEADING_WORDS = 8
"""The most words a caption's first clause may have to become a heading."""

SHORT_CAPTION_WORDS = 2
"""A caption this short under a phase word ("Rest" over "Quiet") adds nothing: not shown."""

# Where a caption's first clause ends: a full stop, comma, colon, semicolon, dash, ? or !.
_CLAUSE_END = re.compile(r"[.,:;?!]\s+|\s+[—–]\s+|[.?!]$")
_LEADING_JOIN = re.compile(r"^(and|then|but|so)\s+", re.IGNORECASE)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class StepWords:
    """The words over one step: ``heading`` (big, in the phase's colour) and ``caption``
    (under it; empty when the heading says it all)."""

    heading: str
    caption: str


def step_words(timeline: Timeline, handedness: str = DEFAULT_HANDEDNESS) -> tuple[StepWords, ...]:
    """The heading and caption of every cue of ``timeline``, in order; a "dominant" group
    is named by the user's side (``handedness``)."""
    cues = timeline.cues
    return tuple(
        words_for(cue, cues[i + 1] if i + 1 < len(cues) else None, handedness)
        for i, cue in enumerate(cues)
    )


def words_for(cue: Cue, following: Cue | None, handedness: str = DEFAULT_HANDEDNESS) -> StepWords:
    """The heading and caption of ``cue``; ``following`` is the cue after it (if any)."""
    caption = cue.caption.strip()
    if cue.phase.facts.heading is Heading.LEAD:
        lead = _target_name(following, handedness)
        if lead:
            return StepWords(lead, caption)
        head, rest = split_caption(caption)
        if head:
            return StepWords(head, rest)
    word = cue.phase.word
    own = target_for(cue.target) if cue.target else None
    if own is not None and own.heading != word and cue.phase is Phase.STRETCH:
        word = own.heading  # the eye exercises are not stretches: "Rest your eyes"
    if cue.say is None and len(_WORD.findall(caption)) <= SHORT_CAPTION_WORDS:
        caption = ""
    if _same(caption, word):
        caption = ""
    return StepWords(word, caption)


def split_caption(caption: str) -> tuple[str, str]:
    """``caption`` cut after its first clause when that clause is short enough to head the
    step: ("Close your eyes", "If you like."). ("", caption) when it is not."""
    text = _LEADING_JOIN.sub("", caption.strip())
    match = _CLAUSE_END.search(text)
    head = (text[: match.start()] if match else text).strip(" .")
    rest = text[match.end() :].strip() if match else ""
    if not head or len(_WORD.findall(head)) > HEADING_WORDS:
        return "", caption
    return _capitalised(head), _capitalised(_LEADING_JOIN.sub("", rest))


def _target_name(cue: Cue | None, handedness: str) -> str:
    if cue is None or not cue.target:
        return ""
    target = target_for(cue.target)
    return display_name(target, handedness) if target else ""


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _same(a: str, b: str) -> bool:
    return a.strip(" .").casefold() == b.strip(" .").casefold()


def stage_for(phase: Phase, kind_stage: Stage) -> Stage:
    """What fills the stage during a step of ``phase`` in a routine whose kind shows
    ``kind_stage`` (``Kind.stage``)."""
    stage = phase.facts.stage
    return kind_stage if stage is Stage.KIND else stage
