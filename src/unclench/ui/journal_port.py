"""What the scenes need from the practice journal, as a small interface (a port).

The session scene says when a session starts, reaches a step and ends; the tension prompt
adds the rating after; the summary asks what the practice adds up to today. Every call
returns at once (the real implementation, ``unclench.practice.JournalRecorder``, writes on
the journal's own thread and reads the wall clock, which scenes never do). ``NoJournal``
records nothing: the journal of tests and scripts.
"""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass
from typing import Protocol

from unclench.core.timeline import Timeline


@dataclass(frozen=True)
class PracticeToday:
    """What the journal holds once this session is in: time practised today (every session
    started today) and the streak (days in a row with a completed session)."""

    seconds_today: float
    streak: int


class SessionJournal(Protocol):
    def session_started(self, timeline: Timeline, voice_on: bool, rating_before: int | None) -> str:
        """A session began now; returns its id at once."""

    def step_reached(self, session_id: str, step_index: int, practised: float) -> None:
        """Step ``step_index`` (0-based) began with ``practised`` seconds practised."""

    def session_ended(self, session_id: str, completed: bool, practised: float) -> None:
        """The session ended now, completed or stopped."""

    def rated_after(self, session_id: str, rating: int) -> None:
        """How tense the user felt afterwards (0–10)."""

    def practice_today(self) -> Future[PracticeToday | None]:
        """Today's practice, including everything recorded before this call; the result
        arrives shortly (None: the journal could not say)."""

    def close(self) -> None:
        """Write everything posted (the app calls this as it closes; scenes never do)."""


class NoJournal:
    """Remembers nothing: the ``SessionJournal`` of tests and scripts."""

    def session_started(self, timeline: Timeline, voice_on: bool, rating_before: int | None) -> str:
        return ""

    def step_reached(self, session_id: str, step_index: int, practised: float) -> None:
        pass

    def session_ended(self, session_id: str, completed: bool, practised: float) -> None:
        pass

    def rated_after(self, session_id: str, rating: int) -> None:
        pass

    def practice_today(self) -> Future[PracticeToday | None]:
        done: Future[PracticeToday | None] = Future()
        done.set_result(None)
        return done

    def close(self) -> None:
        pass
