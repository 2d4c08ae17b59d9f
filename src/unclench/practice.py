"""The app's practice journal: the ``SessionJournal`` the scenes record through.

``JournalRecorder`` turns what the scenes report (a timeline, step indexes, practised
seconds) into journal writes posted to a ``JournalWriter`` (its own thread: nothing here
waits for the disk), and stamps each start and end with the local wall-clock time and its
UTC offset, read here in the shell (``wall_clock``; tests pass a fixed one).
``start_journal`` opens the journal at start-up and closes what a killed app left open.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from concurrent.futures import Future
from datetime import datetime
from pathlib import Path

from unclench.core.timeline import Timeline
from unclench.journal import COMPLETED, STOPPED, Journal, JournalWriter, open_journal
from unclench.ui.journal_port import PracticeToday

JOURNAL_MENU_NOTICE = "Something was wrong with your practice journal (see the terminal)."
"""What the menu says when opening the journal gave a notice; stderr has the details."""


def local_now() -> datetime:
    """The wall clock, as local time with its UTC offset."""
    return datetime.now().astimezone()


def start_journal(
    path: Path | None = None, wall_clock: Callable[[], datetime] = local_now
) -> tuple[JournalRecorder, tuple[str, ...]]:
    """Open the journal (never raises: see ``open_journal``), close as stopped every session
    left open by an app that is no longer running, and start its writer. Returns the
    recorder and the notices to show once."""
    opened = open_journal(path)
    notices = list(opened.notices)
    try:
        opened.journal.close_open_sessions(wall_clock())
    except sqlite3.Error as error:  # locked past the busy timeout: try again next start
        notices.append(f"could not close the sessions a stopped app left open ({error})")
    return JournalRecorder(JournalWriter(opened.journal), wall_clock), tuple(notices)


class JournalRecorder:
    """Records sessions through ``writer``. Side effects: the writer's thread writes."""

    def __init__(
        self, writer: JournalWriter, wall_clock: Callable[[], datetime] = local_now
    ) -> None:
        self._writer = writer
        self._wall_clock = wall_clock

    def session_started(self, timeline: Timeline, voice_on: bool, rating_before: int | None) -> str:
        routine = timeline.routine
        return self._writer.start_session(
            routine.id,
            routine.title,
            self._wall_clock(),
            timeline.tempo,
            timeline.cycles,
            voice_on,
            len(timeline.cues),
            rating_before,
        )

    def step_reached(self, session_id: str, step_index: int, practised: float) -> None:
        self._writer.step_reached(session_id, step_index, round(practised, 3))

    def session_ended(self, session_id: str, completed: bool, practised: float) -> None:
        outcome = COMPLETED if completed else STOPPED
        self._writer.finish(session_id, outcome, self._wall_clock(), round(practised, 3))

    def rated_after(self, session_id: str, rating: int) -> None:
        self._writer.rate_after(session_id, rating)

    def practice_today(self) -> Future[PracticeToday | None]:
        """Asked on the writer's thread, after every write posted before: the session just
        ended counts. Two indexed reads (a day's total, the streak's days)."""
        result: Future[PracticeToday | None] = Future()
        today = self._wall_clock().date()

        def ask(journal: Journal) -> None:
            try:
                (day,) = journal.days(today, today)
                result.set_result(PracticeToday(day.practised_seconds, journal.streak(today)))
            except sqlite3.Error:
                result.set_result(None)
                raise  # the writer keeps it as a notice

        self._writer.post(ask)
        return result

    @property
    def notices(self) -> tuple[str, ...]:
        """Writes that failed, for the terminal after the app closes."""
        return self._writer.notices

    def close(self) -> None:
        """Write everything posted, then close the journal (at exit)."""
        self._writer.close()
