"""What the history screen and the menu read from the journal, in one go and read-only.

``read_history`` asks a journal the few bounded queries the history screen shows (30 days,
the streak, one row per routine, the last sessions), so opening the screen costs the same
with ten years of sessions as with ten (``benchmarks/journal_history.py`` measures it).
``load_history`` and ``load_first_practice`` open the journal file themselves and never
raise: a journal that cannot be read becomes a notice, a journal that does not exist yet an
empty history (and is not created). Reads do not block the app's writer (WAL mode).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from unclench.journal.records import DayTotal, RoutineTotal, SessionRecord
from unclench.journal.schema import ForeignSchema, NewerSchema
from unclench.journal.store import Journal

CHART_DAYS = 30
WEEK_DAYS = 7
LAST_COUNT = 8
READ_TIMEOUT = 0.25  # seconds: a reader never waits long for a lock held by a writer
UNREADABLE = "The journal could not be read just now, so no history is shown."


@dataclass(frozen=True)
class History:
    """The history as of ``today``: ``days`` are the last 30 days, oldest first (today
    last), with ``rating_changes`` by day where ratings were given."""

    today: date
    days: tuple[DayTotal, ...] = ()
    rating_changes: dict[date, float] = field(default_factory=dict)
    streak: int = 0
    totals: tuple[RoutineTotal, ...] = ()
    last: tuple[SessionRecord, ...] = ()
    notice: str = ""

    @property
    def empty(self) -> bool:
        """Nothing was ever recorded (the totals hold every session ever)."""
        return not self.totals

    @property
    def week(self) -> tuple[DayTotal, ...]:
        return self.days[-WEEK_DAYS:]


def empty_days(today: date) -> tuple[DayTotal, ...]:
    first = today - timedelta(days=CHART_DAYS - 1)
    return tuple(DayTotal(first + timedelta(days=i), 0, 0, 0.0) for i in range(CHART_DAYS))


def read_history(journal: Journal, today: date, last_count: int = LAST_COUNT) -> History:
    """The history screen's data from ``journal`` (bounded queries only)."""
    first = today - timedelta(days=CHART_DAYS - 1)
    return History(
        today=today,
        days=tuple(journal.days(first, today)),
        rating_changes=journal.day_rating_changes(first, today),
        streak=journal.streak(today),
        totals=tuple(journal.routine_totals()),
        last=tuple(journal.last_sessions(last_count)),
    )


def _open_existing(path: Path) -> Journal | None:
    """The journal at ``path``, or None when there is none yet (nothing is created)."""
    if not path.is_file():
        return None
    return Journal(path, busy_timeout=READ_TIMEOUT)


def load_history(path: Path, today: date) -> History:
    """``read_history`` of the journal file at ``path``; never raises."""
    try:
        journal = _open_existing(path)
        if journal is None:
            return History(today, empty_days(today))
        try:
            return read_history(journal, today)
        finally:
            journal.close()
    except (sqlite3.Error, OSError, ForeignSchema, NewerSchema):
        return History(today, empty_days(today), notice=UNREADABLE)


def load_first_practice(path: Path, routine_id: str) -> date | None:
    """The first day with a completed session of ``routine_id`` in the journal file at
    ``path`` (None: none, or no journal, or it cannot be read); never raises."""
    try:
        journal = _open_existing(path)
        if journal is None:
            return None
        try:
            return journal.first_completed_day(routine_id)
        finally:
            journal.close()
    except (sqlite3.Error, OSError, ForeignSchema, NewerSchema):
        return None


def load_completed_since(path: Path, routine_id: str, since: datetime) -> bool:
    """Whether the journal file at ``path`` has a session of ``routine_id`` completed at
    ``since`` or later (False: none, no journal, or it cannot be read); never raises."""
    try:
        journal = _open_existing(path)
        if journal is None:
            return False
        try:
            return journal.completed_since(routine_id, since)
        finally:
            journal.close()
    except (sqlite3.Error, OSError, ForeignSchema, NewerSchema):
        return False
