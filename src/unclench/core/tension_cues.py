"""Spoken cues that come too early: a prompt that tells someone to tense, or to hold the
breath, in a step that is not a tense or hold step. Pure.

Whoever follows the voice does what it says when it says it: a lead-in that gives the action
("make a fist…") starts the tension before the tense step does, and the tension then lasts
the lead-in *and* the tense step (PMR's 5–7 s become 13–15 s). The scripts name the group
first and give the action with the cue ("now"). This check reads each spoken text as
clauses and flags one that starts with a tensing action (an imperative, after softeners
such as "now" or "gently"), or that asks to hold the breath; a negated one ("never hold
your breath") is fine, and so is a description ("you tense one group at a time").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from unclench.core.errors import Problem
from unclench.core.routine import Block, Phase, Repeat, Routine, Step

# Where each kind of cue belongs: tension in tense steps; a held breath in hold steps (and
# in a tense step, which PMR's trunk group does with a held breath). Stretch steps are not
# judged for tension words: a stretch is pulled or pressed into by design.
TENSE_PHASES = frozenset({Phase.TENSE, Phase.STRETCH})
BREATH_HOLD_PHASES = frozenset({Phase.HOLD, Phase.HOLD_OUT, Phase.TENSE})

_SOFTENERS = r"(?:(?:now|gently|slowly|first|also|just|softly|again|firmly|then|and|so)\s+)*"
_ACTIONS = (
    r"tense",
    r"tighten",
    r"squeeze",
    r"clench",
    r"flex",
    r"frown",
    r"squint",
    r"wrinkle",
    r"make\s+(?:a\s+|two\s+)?(?:tight\s+)?fists?",
    r"shut\s+your\s+eyes\s+tight(?:ly)?",
    r"curl\s+(?:your|the)\s+toes",
    r"point\s+(?:your|the)\s+toes",
    r"press",
    r"pull",
)
_TENSE = re.compile(rf"^{_SOFTENERS}(?:{'|'.join(_ACTIONS)})\b", re.IGNORECASE)
# Clauses: split at punctuation and at "and"/"then" joining two actions.
_CLAUSES = re.compile(r"[,.;:!?…—–()]+|\s+(?:and|then)\s+", re.IGNORECASE)
_SENTENCES = re.compile(r"[.!?…]+")
_HOLD_BREATH = re.compile(
    r"\bhold(?:ing)?\s+(?:your|the)\s+breath\b"
    r"|\bbreath\w*\b(?:\s+\w+){0,3}?,?\s+and\s+hold\b",
    re.IGNORECASE,
)
_NEGATION = re.compile(r"\b(?:never|not|don't|do not|no|without|avoid)\b[^,;]*$", re.IGNORECASE)

FIX_TENSE = "name the group here and give the action in the tense step"
FIX_HOLD = "ask for the held breath in a hold (or tense) step"


def early_cues(routine: Routine) -> list[Problem]:
    """A Problem (to print as a warning) for every step whose spoken text asks for tension
    outside a tense step or for a held breath outside a hold or tense step, in file order.
    ``Problem.file`` is the routine's ``origin``."""
    problems: list[Problem] = []
    for step, field in _steps(routine.steps, "steps"):
        if not step.say:
            continue
        where = f"{field}.{step.phase.value}"
        column = step.column or 1
        article = "an" if step.phase.value[0] in "aeiou" else "a"
        kind = f"{article} {step.phase.value} step"
        if step.phase not in TENSE_PHASES and (action := tensing_action(step.say)):
            message = f"{_quote(step.say)} asks to {_quote(action.lower())} in {kind}"
            message += " (not a tense step), so the tension starts early"
            problems.append(Problem(routine.origin, step.line, column, where, message, FIX_TENSE))
        elif step.phase not in BREATH_HOLD_PHASES and breath_hold(step.say):
            message = f"{_quote(step.say)} asks to hold the breath in {kind}"
            message += " (not a hold step)"
            problems.append(Problem(routine.origin, step.line, column, where, message, FIX_HOLD))
    return problems


def tensing_action(text: str) -> str | None:
    """The first clause of ``text`` that tells the listener to tense a muscle, or None."""
    for clause in _CLAUSES.split(text):
        clause = clause.strip()
        if _TENSE.match(clause):
            return clause
    return None


def breath_hold(text: str) -> bool:
    """Whether ``text`` asks to hold the breath (not "never hold your breath")."""
    for sentence in _SENTENCES.split(text):
        for match in _HOLD_BREATH.finditer(sentence):
            hold = match.start() + match.group(0).lower().index("hold")
            if not _NEGATION.search(sentence[:hold]):
                return True
    return False


def _quote(text: str, limit: int = 40) -> str:
    if len(text) > limit:
        cut = text[: limit - 1]
        text = (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;:.") + "…"
    return repr(text)


def _steps(blocks: tuple[Block, ...], field: str) -> Iterator[tuple[Step, str]]:
    """Every step with its field path, e.g. ``steps[3].repeat.steps[0]``, in file order."""
    for index, block in enumerate(blocks):
        here = f"{field}[{index}]"
        if isinstance(block, Repeat):
            yield from _steps(block.steps, f"{here}.repeat.steps")
        else:
            yield block, here
