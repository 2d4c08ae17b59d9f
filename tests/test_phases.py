"""The phase facts: one entry per phase, consistent with each other and with the docs, and
one colour per phase in every palette."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from unclench.core.phases import BREATH_PHASES, CHIMES, PHASE_FACTS, Phase, Stage, Target
from unclench.visuals.theme import DARK, LIGHT, Palette, phase_colours

DOCS = Path(__file__).resolve().parents[1] / "docs" / "routines.md"


def test_every_phase_has_exactly_one_entry() -> None:
    assert list(PHASE_FACTS) == list(Phase)


@pytest.mark.parametrize("phase", list(Phase))
def test_each_phase_has_a_word_a_step_name_and_sane_bounds(phase: Phase) -> None:
    facts = phase.facts
    assert facts.word and facts.word == phase.word
    assert facts.step_name.startswith("the ")
    low, high = facts.seconds
    assert 0 < low < high


def test_default_chimes_are_chimes_a_routine_may_name() -> None:
    defaults = {p.facts.chime for p in Phase} - {None}
    assert defaults <= set(CHIMES)
    assert {"bell", "end"} <= set(CHIMES) - defaults  # the two chimes no phase rings


def test_the_breath_phases_are_those_that_move_the_lungs() -> None:
    assert {Phase.INHALE, Phase.HOLD, Phase.HOLD_OUT, Phase.EXHALE} == BREATH_PHASES
    assert all(p.facts.stage is Stage.DISC for p in BREATH_PHASES)
    assert {p for p in Phase if p.facts.holds_breath} == {Phase.HOLD, Phase.HOLD_OUT}


def test_the_lungs_are_continuous_round_a_breath_cycle() -> None:
    cycle = [Phase.INHALE, Phase.HOLD, Phase.EXHALE, Phase.HOLD_OUT, Phase.INHALE]
    for this, following in itertools.pairwise(cycle):
        this_lungs, next_lungs = this.facts.lungs, following.facts.lungs
        assert this_lungs is not None and next_lungs is not None
        assert this_lungs[1] == next_lungs[0], (this, following)


def test_targets_and_stages_go_together() -> None:
    by_target = {p: p.facts.target for p in Phase if p.facts.target is not None}
    assert by_target == {
        Phase.TENSE: Target.MUSCLE_GROUP,
        Phase.RELEASE: Target.MUSCLE_GROUP,
        Phase.STRETCH: Target.STRETCH,
    }
    assert {p for p in Phase if p.facts.stage is Stage.BODY} == {Phase.TENSE, Phase.RELEASE}
    assert {p for p in Phase if p.facts.stage is Stage.CARD} == {Phase.STRETCH}


def test_the_docs_phase_table_states_the_bounds_the_loader_checks() -> None:
    rows = re.findall(
        r"^\| `(\w+)` \|.*\| ([\d.]+)–([\d.]+) \|$", DOCS.read_text(encoding="utf-8"), re.M
    )
    documented = {Phase(name): (float(low), float(high)) for name, low, high in rows}
    assert documented == {p: p.facts.seconds for p in Phase}


@pytest.mark.parametrize("palette", [DARK, LIGHT], ids=["dark", "light"])
def test_every_phase_has_a_colour_from_the_palette(palette: Palette) -> None:
    colours = phase_colours(palette)
    assert list(colours) == list(Phase)
    assert colours[Phase.TENSE] == palette.tense
    assert colours[Phase.RELEASE] == palette.release
    assert colours[Phase.STRETCH] == palette.stretch
    assert all(colours[p] == palette.accent_breath for p in BREATH_PHASES)
