"""Properties of the pacing engine over random timelines and random frame, pause and skip
timings (hypothesis). The fake clock is plain numbers; nothing sleeps."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from unclench.core.engine import (
    BeatDue,
    Event,
    Paused,
    Resumed,
    Session,
    SessionEnded,
    SessionState,
    StepStarted,
)
from unclench.core.routine import Duration, Kind, Phase, Routine, Step, Unit
from unclench.core.timeline import Timeline, compile_timeline

PHASES = [Phase.INHALE, Phase.HOLD, Phase.EXHALE, Phase.REST]


ACTIONS = {
    "pause": Session.pause,
    "resume": Session.resume,
    "toggle": Session.toggle_pause,
    "skip": Session.skip,
    "restart": Session.restart_step,
}


def perform(session: Session, action: str, now: float) -> None:
    """Do one planned operation ("update" only lets time pass)."""
    if action in ACTIONS:
        ACTIONS[action](session, now)


@st.composite
def timelines(draw: st.DrawFn) -> Timeline:
    """Up to 8 steps, in seconds or counts, some spoken, some chiming, some counted aloud."""
    steps = []
    for _ in range(draw(st.integers(1, 8))):
        counted = draw(st.booleans())
        amount = draw(st.integers(1, 6)) if counted else draw(st.floats(0.5, 5.0))
        steps.append(
            Step(
                phase=draw(st.sampled_from(PHASES)),
                duration=Duration(amount, Unit.COUNTS if counted else Unit.SECONDS),
                say=draw(st.sampled_from([None, "Now"])),
                chime=draw(st.sampled_from([None, "bell"])),
                count_aloud=counted and draw(st.booleans()),
            )
        )
    routine = Routine(
        id="prop",
        title="Property",
        kind=Kind.MIXED,
        summary="Generated.",
        steps=tuple(steps),
        tempo=draw(st.sampled_from([0.5, 0.8, 1.0, 1.3])),
    )
    return compile_timeline(routine)


starts = st.floats(0.0, 1e6, allow_nan=False)
gaps = st.floats(0.0, 4.0, allow_nan=False)
actions = st.lists(
    st.tuples(st.sampled_from(["update", "pause", "resume", "toggle"]), gaps), max_size=60
)


def timeline_part(events: list[Event]) -> list[tuple[Any, ...]]:
    """The step starts, beats and end with their due times: what the shell performs."""
    out: list[tuple[Any, ...]] = []
    for e in events:
        if isinstance(e, StepStarted):
            out.append(("step", e.index, e.due))
        elif isinstance(e, BeatDue):
            out.append(("beat", e.beat, e.due))
        elif isinstance(e, SessionEnded):
            out.append(("end", e.completed, e.due))
    return out


def drive(session: Session, start: float, plan: list[tuple[str, float]]) -> list[Event]:
    """Apply ``plan`` (action, gap before it) and then run far past any possible end."""
    events: list[Event] = []
    now = start
    for action, gap in plan:
        now += gap
        perform(session, action, now)
        events += session.update(now)
    now += 1.0
    session.resume(now)
    events += session.update(now + 10_000.0)
    return events


@settings(max_examples=200, deadline=None)
@given(timelines(), starts, st.lists(gaps, max_size=80))
def test_any_frame_times_give_the_events_and_due_times_of_one_single_late_frame(
    timeline: Timeline, start: float, frame_gaps: list[float]
) -> None:
    framed = drive(Session(timeline, start), start, [("update", g) for g in frame_gaps])
    single = Session(timeline, start).update(start + 10_000.0)
    assert timeline_part(framed) == timeline_part(single)


@settings(max_examples=300, deadline=None)
@given(timelines(), starts, actions)
def test_each_step_starts_once_in_order_due_at_its_start_plus_the_pauses_before_it(
    timeline: Timeline, start: float, plan: list[tuple[str, float]]
) -> None:
    session = Session(timeline, start)
    events = drive(session, start, plan)
    assert session.state is SessionState.FINISHED

    paused = Fraction(0)
    paused_since: Fraction | None = None
    seen: list[int] = []
    ends = 0
    for e in events:
        if isinstance(e, Paused):
            paused_since = Fraction(e.at)
        elif isinstance(e, Resumed):
            assert paused_since is not None
            paused += Fraction(e.at) - paused_since
            paused_since = None
        elif isinstance(e, StepStarted):
            seen.append(e.index)
            expected = Fraction(start) + Fraction(timeline.cues[e.index].start) + paused
            assert e.due == float(expected)
            assert e.at >= e.due
        elif isinstance(e, SessionEnded):
            ends += 1
            assert e.completed
            assert e.due == float(Fraction(start) + Fraction(timeline.total) + paused)
    assert seen == list(range(len(timeline.cues)))
    assert ends == 1
    assert isinstance(events[-1], SessionEnded)


@settings(max_examples=200, deadline=None)
@given(
    timelines(),
    starts,
    st.lists(
        st.tuples(
            st.sampled_from(["update", "pause", "resume", "skip", "restart", "position"]), gaps
        ),
        max_size=60,
    ),
)
def test_with_skips_and_restarts_events_stay_ordered_and_the_session_ends_once(
    timeline: Timeline, start: float, plan: list[tuple[str, float]]
) -> None:
    session = Session(timeline, start)
    events: list[Event] = []
    now = start
    last_position = 0.0
    for action, gap in plan:
        now += gap
        perform(session, action, now)
        events += session.update(now)
        position = session.position(now)
        assert 0.0 <= position <= timeline.total
        if action in ("update", "pause", "resume", "position"):
            assert position >= last_position  # only skip and restart move it otherwise
        if session.state is SessionState.PAUSED:
            assert session.position(now + 5.0) == position
            assert session.next_deadline(now) is None
        last_position = position
    session.resume(now)
    events += session.update(now + 10_000.0)

    dues = [e.due for e in events if isinstance(e, StepStarted | BeatDue | SessionEnded)]
    assert dues == sorted(dues)
    current_step: int | None = None
    for e in events:
        if isinstance(e, StepStarted):
            current_step = e.index
        elif isinstance(e, BeatDue) and e.beat.step >= 0:
            assert e.beat.step == current_step  # a beat never outlives a skip of its step
    assert sum(isinstance(e, SessionEnded) for e in events) == 1
    assert isinstance(events[-1], SessionEnded)
    assert session.update(now + 20_000.0) == []
