"""The breathing disc never jumps: across whole built-in sessions, frame by frame, its level
moves smoothly through breath steps and the set-up and rest steps between them."""

from __future__ import annotations

import itertools

import pytest

from unclench.catalog import load_catalog
from unclench.core.routine import Phase
from unclench.core.timeline import compile_timeline
from unclench.visuals.breath import REST_LEVEL, glide_level

FPS = 60


def levels(routine_id: str, tempo: float | None = None) -> list[float]:
    timeline = compile_timeline(load_catalog(include_user=False).find(routine_id), tempo)
    cues = timeline.cues
    out = []
    for frame in range(int(timeline.total * FPS)):
        t = frame / FPS
        i = timeline.cue_index_at(t)
        assert i is not None
        cue = cues[i]
        before = cues[i - 1].phase if i else None
        after = cues[i + 1].phase if i + 1 < len(cues) else None
        out.append(glide_level(cue.phase, (t - cue.start) / cue.duration, before, after))
    return out


@pytest.mark.parametrize(
    ("routine_id", "tempo"),
    [
        ("relaxing-breath", None),
        ("relaxing-breath", 0.5),
        ("box-breathing", 0.5),
        ("extended-exhale", None),
        ("twitch-relief", None),
    ],
)
def test_the_disc_moves_smoothly_through_a_whole_session(
    routine_id: str, tempo: float | None
) -> None:
    seen = levels(routine_id, tempo)
    jumps = [abs(b - a) for a, b in itertools.pairwise(seen)]
    # The steepest honest change: a full in-breath of two seconds at 60 fps moves the level
    # by at most pi/2 / (2 * 60) ≈ 0.013 a frame. A jump between steps would be 0.5 or more.
    assert max(jumps) < 0.03
    assert max(seen) == pytest.approx(1.0, abs=0.01) and min(seen) == pytest.approx(0, abs=0.01)


def test_a_rest_after_an_out_breath_starts_empty_and_settles_at_the_calm_midpoint() -> None:
    assert glide_level(Phase.REST, 0.0, Phase.EXHALE, Phase.REST) == 0.0
    assert glide_level(Phase.REST, 1.0, Phase.EXHALE, Phase.REST) == REST_LEVEL


def test_a_set_up_step_before_the_first_out_breath_fills_the_disc() -> None:
    assert glide_level(Phase.INSTRUCTION, 0.0, None, Phase.EXHALE) == REST_LEVEL
    assert glide_level(Phase.INSTRUCTION, 1.0, Phase.INSTRUCTION, Phase.EXHALE) == 1.0


def test_breath_steps_ignore_their_neighbours() -> None:
    assert glide_level(Phase.HOLD, 0.3, Phase.REST, Phase.REST) == 1.0
    assert glide_level(Phase.HOLD_OUT, 0.3, Phase.REST, Phase.REST) == 0.0
