"""The timeline compiler: golden cue starts for a 4-7-8-like routine at two tempos,
placeholders, count-aloud beats, cycles choices; and the pure core imports no I/O."""

from __future__ import annotations

import pytest

from unclench.core.durations import format_clock
from unclench.core.errors import ChoiceError
from unclench.core.routine import Duration, Kind, Phase, Repeat, Routine, Side, Step, Unit
from unclench.core.timeline import BeatKind, Timeline, compile_timeline, fill


def counted(phase: Phase, counts: float, say: str | None, **kw: object) -> Step:
    return Step(phase, Duration(counts, Unit.COUNTS), say, **kw)  # type: ignore[arg-type]


def relaxing_breath(**routine_kw: object) -> Routine:
    cycle = Repeat(
        steps=(
            counted(Phase.EXHALE, 4, "Empty your lungs.", chime="exhale"),
            counted(Phase.INHALE, 4, "In, {cycle} of {cycles}.", chime="inhale"),
            counted(Phase.HOLD, 7, None, chime="hold"),
            counted(Phase.EXHALE, 8, "Out through the mouth.", chime="exhale"),
        ),
        times=4,
        minimum=2,
        maximum=8,
    )
    settle = Step(Phase.INSTRUCTION, Duration(5, Unit.SECONDS), "Sit up straight.")
    return Routine(
        id="four-seven-eight",
        title="4-7-8",
        kind=Kind.BREATH,
        summary="Relaxing breath.",
        steps=(settle, cycle),
        tempo_min=0.25,
        tempo_max=2.0,
        **routine_kw,  # type: ignore[arg-type]
    )


def test_golden_starts_at_tempo_one() -> None:
    timeline = compile_timeline(relaxing_breath())
    starts = [c.start for c in timeline.cues]
    assert starts[:6] == [0.0, 5.0, 9.0, 13.0, 20.0, 28.0]
    assert len(timeline.cues) == 1 + 4 * 4
    assert timeline.total == 5 + 4 * 23


def test_golden_starts_at_half_tempo_halve_counted_steps_only() -> None:
    timeline = compile_timeline(relaxing_breath(), tempo=0.5)
    starts = [c.start for c in timeline.cues]
    assert starts[:6] == [0.0, 5.0, 7.0, 9.0, 12.5, 16.5]
    assert timeline.total == 5 + 4 * 11.5
    assert timeline.tempo == 0.5


def test_placeholders_are_filled_with_cycle_and_side() -> None:
    timeline = compile_timeline(relaxing_breath())
    inhales = [c.say for c in timeline.cues if c.phase is Phase.INHALE]
    assert inhales == ["In, 1 of 4.", "In, 2 of 4.", "In, 3 of 4.", "In, 4 of 4."]
    assert fill("Tilt to the {side}, {unknown}", {"side": "left"}) == "Tilt to the left, {unknown}"


def test_side_placeholder_uses_words() -> None:
    step = Step(
        Phase.STRETCH,
        Duration(20, Unit.SECONDS),
        "Hold {side}.",
        target="neck-tilt",
        side=Side.BOTH,
    )
    routine = Routine("s-1", "S", Kind.STRETCH, "S.", (step,))
    assert compile_timeline(routine).cues[0].say == "Hold both sides."


def test_silent_step_caption_defaults_to_the_phase_word() -> None:
    hold = next(c for c in compile_timeline(relaxing_breath()).cues if c.phase is Phase.HOLD)
    assert (hold.say, hold.caption) == (None, "Hold")


def test_count_aloud_beats_follow_the_prompt_and_a_silent_step_counts_from_one() -> None:
    timeline = compile_timeline(relaxing_breath(count_aloud=True))
    inhale, hold = timeline.cues[2], timeline.cues[3]
    counts = [(b.at, b.text) for b in timeline.beats if b.kind is BeatKind.COUNT]
    assert [c for c in counts if inhale.start <= c[0] < inhale.end] == [
        (10.0, "two"),
        (11.0, "three"),
        (12.0, "four"),
    ]
    assert [t for at, t in counts if hold.start <= at < hold.end][:2] == ["one", "two"]


def test_without_count_aloud_there_are_no_count_beats() -> None:
    assert not [b for b in compile_timeline(relaxing_breath()).beats if b.kind is BeatKind.COUNT]


def test_chimes_speech_and_the_end_chime_are_beats() -> None:
    beats = compile_timeline(relaxing_breath()).beats
    assert (beats[0].kind, beats[0].text) == (BeatKind.SPEAK, "Sit up straight.")
    assert (beats[-1].kind, beats[-1].text, beats[-1].step) == (BeatKind.CHIME, "end", -1)


def test_cycles_choice_sets_adjustable_repeats() -> None:
    timeline = compile_timeline(relaxing_breath(), cycles=2)
    assert len(timeline.cues) == 1 + 2 * 4
    assert timeline.cycles == 2


@pytest.mark.parametrize(("tempo", "cycles"), [(None, 9), (None, 1), (3.0, None), (0.1, None)])
def test_choices_outside_the_routine_raise_choice_error(
    tempo: float | None, cycles: int | None
) -> None:
    with pytest.raises(ChoiceError, match="choose"):
        compile_timeline(relaxing_breath(), tempo=tempo, cycles=cycles)


def test_cycles_on_a_routine_without_adjustable_repeats_is_a_choice_error() -> None:
    step = Step(Phase.REST, Duration(5, Unit.SECONDS))
    routine = Routine("r-1", "R", Kind.BREATH, "R.", (step,))
    with pytest.raises(ChoiceError, match="leave out --cycles"):
        compile_timeline(routine, cycles=3)


def test_cue_index_at_finds_the_active_cue() -> None:
    timeline = compile_timeline(relaxing_breath())
    assert timeline.cue_index_at(0) == 0
    assert timeline.cue_index_at(5.0) == 1
    assert timeline.cue_index_at(-1) is None
    assert timeline.cue_index_at(timeline.total) is None


def test_cue_index_at_is_right_for_a_timeline_built_by_hand() -> None:
    compiled = compile_timeline(relaxing_breath())
    by_hand = Timeline(
        compiled.routine,
        compiled.tempo,
        compiled.cycles,
        compiled.cues,
        compiled.beats,
        compiled.total,
    )
    assert by_hand == compiled
    assert by_hand.starts == tuple(cue.start for cue in compiled.cues)
    for cue in compiled.cues:
        assert by_hand.cue_index_at(cue.start) == cue.index
        assert by_hand.cue_index_at((cue.start + cue.end) / 2) == cue.index
    assert by_hand.cue_index_at(compiled.total) is None


def test_format_clock() -> None:
    assert [format_clock(s) for s in (0, 59.6, 3600, 7325)] == [
        "0:00",
        "1:00",
        "1:00:00",
        "2:02:05",
    ]


def test_total_seconds_matches_the_compiled_total_for_every_builtin_and_choice() -> None:
    from unclench.catalog import load_catalog
    from unclench.core.timeline import total_seconds

    for routine in load_catalog(include_user=False).routines:
        choices = [(None, None), (routine.tempo_min, None), (routine.tempo_max, None)]
        if routine.cycles_range:
            low, high = routine.cycles_range
            choices += [(None, low), (routine.tempo_max, high)]
        for tempo, cycles in choices:
            compiled = compile_timeline(routine, tempo, cycles).total
            assert total_seconds(routine, tempo, cycles) == compiled, (routine.id, tempo, cycles)
