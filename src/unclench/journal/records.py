"""What the journal hands out: frozen records of sessions and totals, and its error type."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from unclench.core.errors import UnclenchError

OPEN, COMPLETED, STOPPED = "open", "completed", "stopped"
OUTCOMES = (OPEN, COMPLETED, STOPPED)


class JournalError(UnclenchError):
    """A journal file could not be read or written, or an import file is unusable. Only the
    CLI sees it; the app's journal never raises (see ``open_journal`` and ``JournalWriter``)."""


def local_iso(moment: datetime) -> str:
    """A moment as local time with its UTC offset, e.g. ``2024-05-01T08:30:00+02:00``."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{moment!r} has no UTC offset: pass an aware datetime")
    return moment.isoformat()


@dataclass(frozen=True)
class SessionRecord:
    """One session as recorded. ``step_reached`` is the 0-based index of the last step
    begun; ``ended`` is None for a session still open or one closed after the app died."""

    uuid: str
    routine_id: str
    title: str
    started: datetime
    ended: datetime | None
    outcome: str
    steps_total: int
    step_reached: int
    practised_seconds: float
    tempo: float
    cycles: int | None
    voice_on: bool
    rating_before: int | None = None
    rating_after: int | None = None

    @property
    def day(self) -> date:
        """The local day the session started on."""
        return self.started.date()

    @property
    def outcome_text(self) -> str:
        """How it ended, in words: "completed", "stopped at step 3 of 12", "still open"."""
        if self.outcome == COMPLETED:
            return "completed"
        if self.outcome == STOPPED:
            return f"stopped at step {self.step_reached + 1} of {self.steps_total}"
        return "still open"

    @property
    def rating_change(self) -> int | None:
        """After minus before, when both were given (negative: less tense afterwards)."""
        if self.rating_before is None or self.rating_after is None:
            return None
        return self.rating_after - self.rating_before


@dataclass(frozen=True)
class DayTotal:
    """One local day: every session started that day, and how many were completed."""

    day: date
    sessions: int
    completed: int
    practised_seconds: float

    @property
    def minutes(self) -> float:
        return self.practised_seconds / 60


@dataclass(frozen=True)
class RoutineTotal:
    """All sessions of one routine (``title`` is the one used last)."""

    routine_id: str
    title: str
    sessions: int
    completed: int
    practised_seconds: float
