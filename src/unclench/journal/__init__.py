"""The practice journal (shell): every session remembered in SQLite, and the history queries.

For the app::

    opened = open_journal()                 # never raises; show opened.notices
    opened.journal.close_open_sessions(now)  # at start-up: sessions left by a crash
    writer = JournalWriter(opened.journal)   # from here on, only the writer touches it
    sid = writer.start_session(...)          # returns at once; written in the background
    writer.step_reached(sid, index, practised)
    writer.finish(sid, "completed", ended, practised, rating_after)
    writer.close()                           # at exit: flushes, closes

For a history screen or the CLI, a separate ``Journal(paths.journal_path())`` (or the one
from ``open_journal``) answers ``days``, ``streak``, ``routine_totals``, ``last_sessions``
and ``sessions``. See docs/journal.md.
"""

from unclench.journal.opening import OpenedJournal, open_journal
from unclench.journal.records import (
    COMPLETED,
    OPEN,
    STOPPED,
    DayTotal,
    JournalError,
    RoutineTotal,
    SessionRecord,
)
from unclench.journal.store import Journal
from unclench.journal.writer import JournalWriter

__all__ = [
    "COMPLETED",
    "OPEN",
    "STOPPED",
    "DayTotal",
    "Journal",
    "JournalError",
    "JournalWriter",
    "OpenedJournal",
    "RoutineTotal",
    "SessionRecord",
    "open_journal",
]
