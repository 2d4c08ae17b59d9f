"""The pacing engine: a session's state over a compiled timeline, driven by clock readings.

Pure: it never reads a clock, plays a sound or speaks. Every method takes ``now``, the
shell's one monotonic clock reading in seconds, and the engine answers with events (step
started, speak/chime/count/sound this beat, paused, session ended) for the shell to act on.

Why absolute deadlines: every step start and beat is due at ``origin + at``, where ``at`` is
the timeline's own absolute time and ``origin`` is the clock time of timeline t=0. Only
pauses, skips and restarts move ``origin``; frames never do. So a late frame cannot make a
step longer or shorter, missed boundaries fire once (late, in order, each with its own due
time), and the next boundary is still on time.

Why ``Fraction`` inside: clock readings and timeline times are floats, but the engine keeps
``origin`` and positions as exact rationals. "Is this due?" and "which step are we in?" then
never disagree by a rounding error at a boundary, any number of pauses shift the schedule by
exactly their sum, and 10,000 boundaries never drift. Times handed out are floats again.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from unclench.core.timeline import Beat, Cue, Timeline


class SessionState(StrEnum):
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"


@dataclass(frozen=True)
class StepStarted:
    """Step ``index`` began; ``due`` is when it was scheduled, ``at`` when it was noticed."""

    index: int
    cue: Cue
    due: float
    at: float


@dataclass(frozen=True)
class BeatDue:
    """Perform ``beat`` (speak, chime, count or sound) now; it was scheduled for ``due``."""

    beat: Beat
    due: float
    at: float


@dataclass(frozen=True)
class SessionEnded:
    """The session is over. ``completed`` is True when the timeline reached its end (played
    or skipped to); False only after ``stop``. ``due`` is the scheduled end (the stop time
    for a stop)."""

    completed: bool
    due: float
    at: float


@dataclass(frozen=True)
class Paused:
    at: float


@dataclass(frozen=True)
class Resumed:
    at: float
    paused_for: float


@dataclass(frozen=True)
class Skipped:
    """The rest of step ``from_index`` was skipped; ``to_index`` None means "to the end"."""

    from_index: int
    to_index: int | None
    at: float


@dataclass(frozen=True)
class Restarted:
    index: int
    at: float


Event = StepStarted | BeatDue | SessionEnded | Paused | Resumed | Skipped | Restarted


@dataclass(frozen=True)
class Progress:
    """What is true at one moment, for drawing. Times are seconds of session (pauses
    excluded); ``index``/``cue`` are None once the timeline has run out."""

    index: int | None
    cue: Cue | None
    fraction: float  # 0..1 through the current step
    step_left: float  # seconds left in the current step
    elapsed: float  # position in the timeline
    total: float
    paused: bool
    finished: bool
    next_cue: Cue | None
    previous_cue: Cue | None = None

    @property
    def remaining(self) -> float:
        """Seconds of the timeline still ahead."""
        return self.total - self.elapsed


@dataclass(frozen=True)
class _Slot:
    """One scheduled thing: a step start (beat None, step >= 0), a beat, or the end."""

    at: Fraction
    step: int
    beat: Beat | None
    end: bool = False


def _schedule(timeline: Timeline) -> tuple[_Slot, ...]:
    """Every step start, beat and the end, in firing order: by time, and at equal times a
    step's start before its beats (a stable sort over step-grouped slots)."""
    slots: list[_Slot] = []
    by_step: dict[int, list[Beat]] = {}
    for beat in timeline.beats:
        by_step.setdefault(beat.step if 0 <= beat.step < len(timeline.cues) else -1, []).append(
            beat
        )
    for cue in timeline.cues:
        slots.append(_Slot(Fraction(cue.start), cue.index, None))
        slots.extend(_Slot(Fraction(b.at), cue.index, b) for b in by_step.get(cue.index, []))
    slots.extend(_Slot(Fraction(b.at), -1, b) for b in by_step.get(-1, []))
    slots.sort(key=lambda s: s.at)
    slots.append(_Slot(Fraction(timeline.total), -1, None, end=True))
    return tuple(slots)


class Session:
    """One playing of a timeline, from ``Session(timeline, now)`` (t=0 is ``now``) to its end.

    Operations (pause, resume, skip, restart_step, stop) change state at once and queue
    their events; ``update(now)`` returns everything that became due plus the queued events,
    in order. After the session has ended every operation is a harmless no-op. A clock
    reading earlier than one already seen is treated as the clock standing still.
    """

    def __init__(self, timeline: Timeline, now: float) -> None:
        self.timeline = timeline
        self.started_at = now
        start = _exact(now)
        self._last = start
        self._origin = start  # clock time of timeline t=0
        self._paused_total = Fraction(0)
        self._paused_since: Fraction | None = None
        self._state = SessionState.RUNNING
        self._slots = _schedule(timeline)
        self._cursor = 0  # the next slot to fire
        self._starts = [Fraction(c.start) for c in timeline.cues]
        self._start_slot = {s.step: i for i, s in enumerate(self._slots) if s.beat is None}
        # Skipping past the last step lands here: the end chime (step -1 beats), then the end.
        self._end_slot = next(i for i, s in enumerate(self._slots) if s.step < 0)
        self._total = Fraction(timeline.total)
        self._final_position = Fraction(0)
        self._final_practised = Fraction(0)
        self._outbox: list[Event] = []

    # -- operations ------------------------------------------------------------------------

    def update(self, now: float) -> list[Event]:
        """The events due since the last call (and those queued by operations), in order."""
        self._catch_up(self._observe(now))
        events, self._outbox = self._outbox, []
        return events

    def pause(self, now: float) -> None:
        """Freeze the session; whatever was already due fires first (before ``Paused``)."""
        t = self._observe(now)
        self._catch_up(t)
        if self._state is not SessionState.RUNNING:
            return
        self._paused_since = t
        self._state = SessionState.PAUSED
        self._outbox.append(Paused(float(t)))

    def resume(self, now: float) -> None:
        """Continue; the whole remaining schedule moves later by exactly the paused time."""
        t = self._observe(now)
        if self._state is not SessionState.PAUSED or self._paused_since is None:
            return
        paused_for = t - self._paused_since
        self._paused_total += paused_for
        self._origin += paused_for
        self._paused_since = None
        self._state = SessionState.RUNNING
        self._outbox.append(Resumed(float(t), float(paused_for)))

    def toggle_pause(self, now: float) -> None:
        if self._state is SessionState.RUNNING:
            self.pause(now)
        else:
            self.resume(now)

    def skip(self, now: float) -> None:
        """Jump to the start of the next step (or the end, after the last step). Beats left in
        the skipped step never fire; the next step's start and its start beats fire at once,
        or on resume when paused (the session stays paused at the new position)."""
        t = self._observe(now)
        self._catch_up(t)
        index = self._index_at(self._position(t))
        if self._state is SessionState.FINISHED or index is None:
            return
        target = index + 1
        if target < len(self._starts):
            self._jump(t, self._starts[target], self._start_slot[target])
            self._outbox.append(Skipped(index, target, float(t)))
        else:
            self._jump(t, self._total, self._end_slot)
            self._outbox.append(Skipped(index, None, float(t)))

    def restart_step(self, now: float) -> None:
        """Go back to the start of the current step; its start and beats fire again (on resume
        when paused)."""
        t = self._observe(now)
        self._catch_up(t)
        index = self._index_at(self._position(t))
        if self._state is SessionState.FINISHED or index is None:
            return
        self._jump(t, self._starts[index], self._start_slot[index])
        self._outbox.append(Restarted(index, float(t)))

    def stop(self, now: float) -> None:
        """End the session early (``completed=False``); whatever was due before fires first."""
        t = self._observe(now)
        self._catch_up(t)
        if self._state is SessionState.FINISHED:
            return
        self._final_position = self._position(t)
        self._final_practised = self._practised(t)
        self._state = SessionState.FINISHED
        self._outbox.append(SessionEnded(False, float(t), float(t)))

    # -- queries (no state change) ---------------------------------------------------------

    @property
    def state(self) -> SessionState:
        return self._state

    def since_start(self, clock_time: float) -> float:
        """Seconds since the session was created (pauses included), for the session log."""
        return clock_time - self.started_at

    def position(self, now: float) -> float:
        """Seconds into the timeline: frozen while paused, clamped to [0, total]."""
        return float(self._position(self._peek(now)))

    def practised(self, now: float) -> float:
        """Seconds actually spent practising: running time, excluding pauses and skipped
        parts (a restarted stretch counts again). Equals ``position`` without skips or
        restarts, and stops growing at the end of the session."""
        if self._state is SessionState.FINISHED:
            return float(self._final_practised)
        return float(self._practised(self._peek(now)))

    def next_deadline(self, now: float) -> float | None:
        """The clock time of the next event, for the shell's wait timeout: ``now`` when events
        are already waiting, None when paused or finished with nothing waiting."""
        if self._outbox:
            return now
        if self._state is not SessionState.RUNNING:
            return None
        return float(self._origin + self._slots[self._cursor].at)

    def current(self, now: float) -> Progress:
        t = self._peek(now)
        position = self._position(t)
        index = None if self._state is SessionState.FINISHED else self._index_at(position)
        cue = self.timeline.cues[index] if index is not None else None
        total = float(self._total)
        fraction = step_left = 0.0
        if cue is not None:
            into = position - self._starts[cue.index]
            length = self._step_end(cue.index) - self._starts[cue.index]
            fraction = float(min(Fraction(1), into / length)) if length > 0 else 1.0
            step_left = float(max(Fraction(0), length - into))
        following = index + 1 if index is not None else None
        return Progress(
            index=index,
            cue=cue,
            fraction=fraction,
            step_left=step_left,
            elapsed=float(position),
            total=total,
            paused=self._state is SessionState.PAUSED,
            finished=self._state is SessionState.FINISHED
            or (self._state is SessionState.RUNNING and t - self._origin >= self._total),
            next_cue=(
                self.timeline.cues[following]
                if following is not None and following < len(self.timeline.cues)
                else None
            ),
            previous_cue=self.timeline.cues[index - 1] if index else None,
        )

    # -- internals -------------------------------------------------------------------------

    def _observe(self, now: float) -> Fraction:
        """Record a clock reading; never lets time run backwards."""
        self._last = self._peek(now)
        return self._last

    def _peek(self, now: float) -> Fraction:
        return max(_exact(now), self._last)

    def _position(self, t: Fraction) -> Fraction:
        if self._state is SessionState.FINISHED:
            return self._final_position
        clock = self._paused_since if self._paused_since is not None else t
        return min(max(clock - self._origin, Fraction(0)), self._total)

    def _index_at(self, position: Fraction) -> int | None:
        if position >= self._total or not self._starts:
            return None
        return max(0, bisect.bisect_right(self._starts, position) - 1)

    def _step_end(self, index: int) -> Fraction:
        """Where step ``index`` ends: the next start (exactly), or the total after the last."""
        return self._starts[index + 1] if index + 1 < len(self._starts) else self._total

    def _practised(self, t: Fraction) -> Fraction:
        clock = self._paused_since if self._paused_since is not None else t
        clock = min(clock, self._origin + self._total)
        return max(Fraction(0), clock - _exact(self.started_at) - self._paused_total)

    def _jump(self, t: Fraction, position: Fraction, cursor: int) -> None:
        """Put timeline ``position`` at the current clock time (the pause moment when paused)
        and drop every slot before ``cursor``. Practised time is untouched: it counts running
        clock time, so a skipped stretch never ran and a restarted one runs again."""
        clock = self._paused_since if self._paused_since is not None else t
        self._origin = clock - position
        self._cursor = cursor

    def _catch_up(self, t: Fraction) -> None:
        """Fire every slot due at or before ``t`` (only while running), each exactly once."""
        while self._state is SessionState.RUNNING and self._cursor < len(self._slots):
            slot = self._slots[self._cursor]
            due = self._origin + slot.at
            if due > t:
                return
            self._cursor += 1
            at = float(t)
            if slot.end:
                self._final_position = self._total
                self._final_practised = self._practised(due)
                self._state = SessionState.FINISHED
                self._outbox.append(SessionEnded(True, float(due), at))
            elif slot.beat is not None:
                self._outbox.append(BeatDue(slot.beat, float(due), at))
            else:
                cue = self.timeline.cues[slot.step]
                self._outbox.append(StepStarted(slot.step, cue, float(due), at))


def _exact(now: float) -> Fraction:
    try:
        return Fraction(now)
    except (ValueError, OverflowError):
        raise ValueError(f"clock reading {now!r} is not a finite number of seconds") from None
