"""The pacing engine, driven by a fake clock (plain numbers): boundaries, late frames,
stalls, pauses, skips, restarts, the end, and the queries the shell draws from."""

from __future__ import annotations

import random
from fractions import Fraction
from typing import Any

import pytest

from unclench.core.engine import (
    BeatDue,
    Event,
    Paused,
    Restarted,
    Resumed,
    Session,
    SessionEnded,
    SessionState,
    Skipped,
    StepStarted,
)
from unclench.core.routine import Block, Duration, Kind, Phase, Repeat, Routine, Step, Unit
from unclench.core.timeline import Timeline, compile_timeline

T0 = 1000.0


# -- builders ----------------------------------------------------------------------------


def secs(phase: Phase, seconds: float, say: str | None = None, chime: str | None = None) -> Step:
    return Step(phase=phase, duration=Duration(seconds, Unit.SECONDS), say=say, chime=chime)


def counts(
    phase: Phase, n: float, say: str | None = None, chime: str | None = None, aloud: bool = False
) -> Step:
    return Step(
        phase=phase, duration=Duration(n, Unit.COUNTS), say=say, chime=chime, count_aloud=aloud
    )


def repeat(times: int, *blocks: Block) -> Repeat:
    return Repeat(steps=blocks, times=times, minimum=times, maximum=times)


def timeline_of(*blocks: Block) -> Timeline:
    routine = Routine(
        id="test", title="Test", kind=Kind.MIXED, summary="Built in a test.", steps=blocks
    )
    return compile_timeline(routine)


def breath_timeline() -> Timeline:
    """Steps start at 0, 3, 7, 11, 15, 19; the total is 21.

    0 speaks "Sit"; inhales (1, 3) chime, speak "In" and count "two three four" one second
    apart; exhales (2, 4) chime and speak "Out"; 5 speaks "Done"; the end chime rings at 21.
    """
    return timeline_of(
        secs(Phase.INSTRUCTION, 3, say="Sit"),
        repeat(
            2,
            counts(Phase.INHALE, 4, say="In", chime="inhale", aloud=True),
            counts(Phase.EXHALE, 4, say="Out", chime="exhale"),
        ),
        secs(Phase.REST, 2, say="Done"),
    )


def summary(events: list[Event]) -> list[tuple[Any, ...]]:
    """Events as plain tuples with their due times; ``at`` (when a frame noticed them) is
    left out because it depends on frame timing."""
    out: list[tuple[Any, ...]] = []
    for e in events:
        match e:
            case StepStarted():
                out.append(("step", e.index, e.due))
            case BeatDue():
                out.append((e.beat.kind.value, e.beat.text, e.due))
            case SessionEnded():
                out.append(("end", e.completed, e.due))
            case _:
                out.append((e,))
    return out


def step_dues(events: list[Event]) -> list[tuple[int, float]]:
    return [(e.index, e.due) for e in events if isinstance(e, StepStarted)]


def run(timeline: Timeline, times: list[float]) -> list[Event]:
    session = Session(timeline, T0)
    events: list[Event] = []
    for now in times:
        events.extend(session.update(now))
    return events


FULL = [
    ("step", 0, 1000.0),
    ("speak", "Sit", 1000.0),
    ("step", 1, 1003.0),
    ("chime", "inhale", 1003.0),
    ("speak", "In", 1003.0),
    ("count", "two", 1004.0),
    ("count", "three", 1005.0),
    ("count", "four", 1006.0),
    ("step", 2, 1007.0),
    ("chime", "exhale", 1007.0),
    ("speak", "Out", 1007.0),
    ("step", 3, 1011.0),
    ("chime", "inhale", 1011.0),
    ("speak", "In", 1011.0),
    ("count", "two", 1012.0),
    ("count", "three", 1013.0),
    ("count", "four", 1014.0),
    ("step", 4, 1015.0),
    ("chime", "exhale", 1015.0),
    ("speak", "Out", 1015.0),
    ("step", 5, 1019.0),
    ("speak", "Done", 1019.0),
    ("chime", "end", 1021.0),
    ("end", True, 1021.0),
]


# -- boundaries and frames ---------------------------------------------------------------


def test_every_step_and_beat_fires_at_its_due_time_in_order_step_start_first() -> None:
    events = run(breath_timeline(), [T0 + k for k in range(25)])
    assert summary(events) == FULL
    assert all(e.at == e.due for e in events if isinstance(e, StepStarted | BeatDue))


def test_first_step_fires_at_creation_time() -> None:
    session = Session(breath_timeline(), T0)
    assert summary(session.update(T0)) == FULL[:2]


def test_nothing_fires_before_its_due_time() -> None:
    session = Session(breath_timeline(), T0)
    session.update(T0)
    assert session.update(1002.999) == []
    assert summary(session.update(1003.0))[0] == ("step", 1, 1003.0)


def test_late_frame_fires_once_with_its_due_and_the_next_boundary_stays_on_time() -> None:
    session = Session(breath_timeline(), T0)
    session.update(T0)
    late = session.update(1003.3)
    assert summary(late) == FULL[2:5]
    assert {e.at for e in late if isinstance(e, StepStarted | BeatDue)} == {1003.3}
    assert session.update(1003.3) == []
    assert session.update(1003.99) == []
    assert summary(session.update(1004.0)) == [("count", "two", 1004.0)]


def test_a_five_second_stall_fires_every_missed_event_once_in_order_with_own_due() -> None:
    session = Session(breath_timeline(), T0)
    session.update(T0)
    stalled = session.update(1008.0)
    assert summary(stalled) == FULL[2:11]
    assert session.update(1008.0) == []
    assert summary(session.update(1011.0))[0] == ("step", 3, 1011.0)


def test_events_and_due_times_do_not_depend_on_the_frame_rate() -> None:
    rng = random.Random(7)
    at_60 = [T0 + k / 60 for k in range(60 * 23)]
    at_7 = [T0 + k / 7 for k in range(7 * 23)]
    at_random = sorted(T0 + rng.uniform(0, 23) for _ in range(300))
    one_stall = [T0 + 30]
    results = [summary(run(breath_timeline(), t)) for t in (at_60, at_7, at_random, one_stall)]
    assert results == [FULL] * 4


def test_ten_thousand_boundaries_do_not_drift_with_frame_clock_error() -> None:
    start = 12345.678
    timeline = timeline_of(repeat(100, repeat(100, secs(Phase.REST, 0.1))))
    session = Session(timeline, start)
    events: list[Event] = []
    now = start
    while session.state is SessionState.RUNNING:
        events.extend(session.update(now))
        now += 1 / 7  # a shell accumulating frame times, error and all
    dues = [e.due for e in events if isinstance(e, StepStarted)]
    assert len(dues) == 10_000
    assert max(abs(due - (start + i / 10)) for i, due in enumerate(dues)) < 1e-9
    assert dues == [start + cue.start for cue in timeline.cues]
    ended = events[-1]
    assert isinstance(ended, SessionEnded)
    assert ended.due == start + 1000.0


# -- pause and resume --------------------------------------------------------------------


def test_pause_freezes_position_and_nothing_fires_while_paused() -> None:
    session = Session(breath_timeline(), T0)
    session.update(T0)
    session.pause(1001.5)
    assert session.state is SessionState.PAUSED
    assert session.position(1001.5) == 1.5
    assert session.position(1010.0) == 1.5
    assert session.update(1010.0) == [Paused(1001.5)]
    assert session.current(1010.0).paused


def test_resume_moves_the_rest_of_the_schedule_by_the_paused_time() -> None:
    session = Session(breath_timeline(), T0)
    session.update(T0)
    session.pause(1001.5)
    session.resume(1010.0)
    assert session.update(1010.0) == [Paused(1001.5), Resumed(1010.0, 8.5)]
    assert session.update(1011.4) == []
    assert summary(session.update(1011.5)) == [
        ("step", 1, 1011.5),
        ("chime", "inhale", 1011.5),
        ("speak", "In", 1011.5),
    ]
    assert session.position(1011.5) == 3.0


def test_pause_fires_what_was_already_due_before_the_paused_event() -> None:
    session = Session(breath_timeline(), T0)
    session.update(T0)
    session.pause(1003.2)
    assert summary(session.update(1003.2)) == [*FULL[2:5], (Paused(1003.2),)]


def test_many_random_pauses_shift_the_end_by_exactly_their_sum() -> None:
    rng = random.Random(3)
    session = Session(breath_timeline(), T0)
    events: list[Event] = []
    paused = Fraction(0)
    now = T0
    for _ in range(40):
        now += rng.uniform(0, 0.4)
        events += session.update(now)
        session.pause(now)
        length = rng.uniform(0, 3)
        start = now
        now += length
        session.resume(now)
        paused += Fraction(now) - Fraction(start)
    events += session.update(now + 100)
    ended = [e for e in events if isinstance(e, SessionEnded)]
    assert len(ended) == 1
    assert ended[0].due == float(Fraction(T0) + Fraction(21) + paused)


def test_toggle_pause_pauses_a_running_session_and_resumes_a_paused_one() -> None:
    session = Session(breath_timeline(), T0)
    session.toggle_pause(1001.0)
    assert session.current(1001.0).paused
    session.toggle_pause(1002.0)
    assert not session.current(1002.0).paused
    assert summary(session.update(1002.0))[-2:] == [(Paused(1001.0),), (Resumed(1002.0, 1.0),)]


# -- skip, restart, stop -----------------------------------------------------------------


def test_skip_drops_the_rest_of_the_step_and_starts_the_next_at_once() -> None:
    session = Session(breath_timeline(), T0)
    events = session.update(T0) + session.update(1004.0)
    session.skip(1004.5)
    assert summary(session.update(1004.5)) == [
        (Skipped(1, 2, 1004.5),),
        ("step", 2, 1004.5),
        ("chime", "exhale", 1004.5),
        ("speak", "Out", 1004.5),
    ]
    events += session.update(1100.0)
    first_inhale_counts = [
        e.beat.text for e in events if isinstance(e, BeatDue) and e.beat.step == 1
    ]
    assert first_inhale_counts == ["inhale", "In", "two"]
    assert step_dues(events)[-3:] == [(3, 1008.5), (4, 1012.5), (5, 1016.5)]


def test_skipping_the_last_step_ends_the_session_as_completed_with_the_end_chime() -> None:
    session = Session(breath_timeline(), T0)
    session.update(1019.0)
    session.skip(1020.0)
    assert summary(session.update(1020.0)) == [
        (Skipped(5, None, 1020.0),),
        ("chime", "end", 1020.0),
        ("end", True, 1020.0),
    ]
    assert session.state is SessionState.FINISHED


def test_skip_while_paused_stays_paused_at_the_next_step_and_announces_it_on_resume() -> None:
    session = Session(breath_timeline(), T0)
    session.update(T0)
    session.pause(1001.0)
    session.skip(1002.0)
    assert session.state is SessionState.PAUSED
    assert session.position(1005.0) == 3.0
    assert session.current(1005.0).index == 1
    assert session.update(1005.0) == [Paused(1001.0), Skipped(0, 1, 1002.0)]
    session.resume(1006.0)
    assert summary(session.update(1006.0)) == [
        (Resumed(1006.0, 5.0),),
        ("step", 1, 1006.0),
        ("chime", "inhale", 1006.0),
        ("speak", "In", 1006.0),
    ]
    assert summary(session.update(1010.0))[-3] == ("step", 2, 1010.0)


def test_restart_step_fires_its_start_beats_again_and_delays_the_rest() -> None:
    session = Session(breath_timeline(), T0)
    session.update(1005.0)
    session.restart_step(1005.5)
    assert summary(session.update(1005.5)) == [
        (Restarted(1, 1005.5),),
        ("step", 1, 1005.5),
        ("chime", "inhale", 1005.5),
        ("speak", "In", 1005.5),
    ]
    assert summary(session.update(1006.5)) == [("count", "two", 1006.5)]
    assert summary(session.update(1009.5))[-3] == ("step", 2, 1009.5)


def test_restart_while_paused_stays_paused_at_the_step_start() -> None:
    session = Session(breath_timeline(), T0)
    session.update(1005.0)
    session.pause(1005.5)
    session.restart_step(1006.0)
    assert session.state is SessionState.PAUSED
    assert session.position(1006.5) == 3.0
    session.resume(1007.0)
    assert summary(session.update(1007.0))[-3:] == [
        ("step", 1, 1007.0),
        ("chime", "inhale", 1007.0),
        ("speak", "In", 1007.0),
    ]


def test_stop_fires_what_was_due_then_ends_not_completed_without_the_end_chime() -> None:
    session = Session(breath_timeline(), T0)
    session.update(T0)
    session.stop(1004.2)
    assert summary(session.update(1004.2)) == [
        *FULL[2:6],
        ("end", False, 1004.2),
    ]
    assert session.state is SessionState.FINISHED
    assert session.position(1100.0) == pytest.approx(4.2)
    assert session.update(1100.0) == []


def test_stop_while_paused_ends_at_the_paused_position() -> None:
    session = Session(breath_timeline(), T0)
    session.pause(1002.0)
    session.stop(1009.0)
    assert summary(session.update(1009.0))[-1] == ("end", False, 1009.0)
    assert session.position(1009.0) == 2.0
    assert session.practised(1009.0) == 2.0


# -- the end -----------------------------------------------------------------------------


def test_session_ends_once_right_after_the_end_chime() -> None:
    session = Session(breath_timeline(), T0)
    events = session.update(1021.0)
    assert summary(events)[-2:] == [("chime", "end", 1021.0), ("end", True, 1021.0)]
    assert session.update(1021.0) == []
    assert session.update(2000.0) == []
    assert sum(isinstance(e, SessionEnded) for e in events) == 1


def test_operations_after_the_end_are_harmless_no_ops() -> None:
    session = Session(breath_timeline(), T0)
    session.update(1030.0)
    for operation in (
        session.pause,
        session.resume,
        session.toggle_pause,
        session.skip,
        session.restart_step,
        session.stop,
    ):
        operation(1031.0)
    assert session.update(1032.0) == []
    assert session.state is SessionState.FINISHED
    assert session.position(1032.0) == 21.0
    assert session.next_deadline(1032.0) is None


def test_an_empty_timeline_ends_at_once_as_completed() -> None:
    session = Session(timeline_of(), T0)
    assert summary(session.update(T0)) == [("end", True, T0)]


# -- queries -----------------------------------------------------------------------------


def test_next_deadline_is_the_next_due_time_now_when_events_wait_and_none_when_idle() -> None:
    session = Session(breath_timeline(), T0)
    assert session.next_deadline(T0) == T0
    session.update(T0)
    assert session.next_deadline(T0) == 1003.0
    session.update(1004.0)
    assert session.next_deadline(1004.0) == 1005.0
    session.pause(1004.5)
    assert session.next_deadline(1004.5) == 1004.5
    session.update(1004.5)
    assert session.next_deadline(1004.6) is None
    session.resume(1006.0)
    session.update(1006.0)
    assert session.next_deadline(1006.0) == 1006.5
    session.update(1100.0)
    assert session.next_deadline(1100.0) is None


def test_current_describes_the_step_and_the_whole_session() -> None:
    timeline = breath_timeline()
    session = Session(timeline, T0)
    progress = session.current(1005.0)
    assert progress.index == 1
    assert progress.cue == timeline.cues[1]
    assert progress.fraction == 0.5
    assert progress.step_left == 2.0
    assert progress.elapsed == 5.0
    assert progress.remaining == 16.0
    assert progress.total == 21.0
    assert not progress.paused
    assert not progress.finished
    assert progress.next_cue == timeline.cues[2]
    assert session.current(1020.0).next_cue is None


def test_current_after_the_end_has_no_step_and_is_finished() -> None:
    session = Session(breath_timeline(), T0)
    assert session.current(1021.0).finished
    session.update(1021.0)
    progress = session.current(1050.0)
    assert (progress.index, progress.cue, progress.finished) == (None, None, True)
    assert (progress.elapsed, progress.remaining) == (21.0, 0.0)


def test_position_is_clamped_to_the_timeline() -> None:
    session = Session(breath_timeline(), T0)
    assert session.position(990.0) == 0.0
    assert session.position(1050.0) == 21.0


def test_practised_counts_running_time_only_not_pauses_or_skipped_parts() -> None:
    session = Session(breath_timeline(), T0)
    session.pause(1002.0)
    session.resume(1007.0)
    session.skip(1008.0)  # from step 1 (position 3) to step 2 (position 7)
    assert session.position(1010.0) == 9.0
    assert session.practised(1010.0) == 5.0


def test_practised_stops_at_the_scheduled_end_even_when_noticed_late() -> None:
    session = Session(breath_timeline(), T0)
    assert session.practised(1040.0) == 21.0
    session.update(1040.0)
    assert session.practised(1090.0) == 21.0


def test_since_start_gives_session_seconds_for_the_log() -> None:
    session = Session(breath_timeline(), T0)
    assert session.since_start(1004.5) == 4.5


def test_a_clock_reading_earlier_than_one_seen_counts_as_standing_still() -> None:
    session = Session(breath_timeline(), T0)
    session.update(1005.0)
    assert session.update(1004.0) == []
    session.pause(1003.0)
    assert session.update(1003.0) == [Paused(1005.0)]


@pytest.mark.parametrize("reading", [float("nan"), float("inf")])
def test_a_non_finite_clock_reading_is_refused_loudly(reading: float) -> None:
    session = Session(breath_timeline(), T0)
    with pytest.raises(ValueError, match="not a finite number"):
        session.update(reading)
