"""The journal store: every session recorded when it starts, at each step and at its end.

``Journal`` takes a path or an open ``sqlite3.Connection`` (tests pass ``":memory:"``). It
puts the connection in autocommit mode and wraps each write in ``BEGIN IMMEDIATE``, so two
apps writing at once wait for each other (the busy timeout) instead of failing. Files use
WAL mode: readers never block the writer. The constructor migrates the schema and raises
on a damaged or foreign file; the app opens its journal with ``open_journal`` instead, which
never raises. A Journal is used by one thread at a time (the app's ``JournalWriter`` owns
it); ``check_same_thread`` is off so it can be handed to that thread.
"""

from __future__ import annotations

import sqlite3
import uuid as uuid_module
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path

from unclench.journal import queries
from unclench.journal.owner import is_running, this_process
from unclench.journal.records import (
    COMPLETED,
    OPEN,
    STOPPED,
    DayTotal,
    RoutineTotal,
    SessionRecord,
    local_iso,
)
from unclench.journal.schema import check_schema, check_version, migrate

BUSY_TIMEOUT_S = 10.0
# A session left open longer than this is closed at start-up even if its app seems alive
# (its pid may have been reused).
STALE_AFTER = timedelta(hours=24)


class Journal:
    """The session journal in one SQLite database. Side effects: creates, migrates and
    writes the database file."""

    def __init__(
        self, target: str | Path | sqlite3.Connection, busy_timeout: float = BUSY_TIMEOUT_S
    ) -> None:
        if isinstance(target, sqlite3.Connection):
            self._conn, self._owns = target, False
        else:
            self._conn = sqlite3.connect(
                str(target), timeout=busy_timeout, isolation_level=None, check_same_thread=False
            )
            self._owns = True
        try:
            self._conn.isolation_level = None
            self._conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
            check_version(self._conn)  # before WAL mode, which writes to the file
            self._conn.execute("PRAGMA journal_mode = WAL").fetchone()
            # In WAL mode NORMAL is still safe against an app crash (kill -9); only a power
            # cut may lose the last few writes. It spares an fsync per step.
            self._conn.execute("PRAGMA synchronous = NORMAL")
            migrate(self._conn)
            check_schema(self._conn)
        except BaseException:
            self.close()
            raise

    @property
    def connection(self) -> sqlite3.Connection:
        return self._conn

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield self._conn
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    # ------------------------------------------------------------------------- writes

    def start_session(
        self,
        routine_id: str,
        title: str,
        started: datetime,
        tempo: float,
        cycles: int | None,
        voice_on: bool,
        steps_total: int,
        rating_before: int | None = None,
        session_id: str | None = None,
        owner: str | None = None,
    ) -> str:
        """Record a session as open; returns its id (a uuid, stable across export/import)."""
        session_id = session_id or str(uuid_module.uuid4())
        with self._write() as conn:
            conn.execute(
                "INSERT INTO sessions (uuid, routine_id, title, started, steps_total, tempo, "
                "cycles, voice_on, owner, rating_before) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    session_id, routine_id, title, local_iso(started), steps_total, tempo,
                    cycles, int(voice_on), owner if owner is not None else this_process(),
                    rating_before,
                ),
            )  # fmt: skip
        return session_id

    def step_reached(self, session_id: str, step_index: int, practised_seconds: float) -> None:
        """A step boundary: step ``step_index`` (0-based) began with this much practised."""
        with self._write() as conn:
            conn.execute(
                "UPDATE sessions SET step_reached = max(step_reached, ?), practised_seconds = ? "
                "WHERE uuid = ?",
                (step_index, practised_seconds, session_id),
            )

    def finish(
        self,
        session_id: str,
        outcome: str,
        ended: datetime,
        practised_seconds: float,
        rating_after: int | None = None,
    ) -> None:
        """The session ended: ``outcome`` is "completed" or "stopped"."""
        if outcome not in (COMPLETED, STOPPED):
            raise ValueError(f"outcome must be {COMPLETED!r} or {STOPPED!r}, not {outcome!r}")
        with self._write() as conn:
            conn.execute(
                "UPDATE sessions SET outcome = ?, ended = ?, practised_seconds = ?, "
                "step_reached = CASE WHEN ? = 'completed' THEN max(steps_total - 1, 0) "
                "ELSE step_reached END, rating_after = coalesce(?, rating_after) "
                "WHERE uuid = ?",
                (outcome, local_iso(ended), practised_seconds, outcome, rating_after,
                 session_id),
            )  # fmt: skip

    def rate_after(self, session_id: str, rating: int) -> None:
        """How tense the user felt after the session (0–10), given once it had ended."""
        if not 0 <= rating <= 10:
            raise ValueError(f"a rating is 0–10, not {rating!r}")
        with self._write() as conn:
            conn.execute(
                "UPDATE sessions SET rating_after = ? WHERE uuid = ?", (rating, session_id)
            )

    def close_open_sessions(
        self, now: datetime, running: Callable[[str], bool] = is_running
    ) -> int:
        """Close, as stopped, every session left open by an app that is no longer running
        (it crashed or was killed): what was practised up to its last step stays, ``ended``
        stays unknown. Sessions of a running app are left alone unless open longer than a
        day. Call at start-up; returns how many were closed."""
        stale = (now - STALE_AFTER).isoformat()
        rows = self._conn.execute(
            "SELECT uuid, owner, julianday(started) < julianday(?) FROM sessions WHERE outcome = ?",
            (stale, OPEN),
        ).fetchall()
        dead = [uuid for uuid, owner, old in rows if old or not running(str(owner))]
        with self._write() as conn:
            conn.executemany(
                "UPDATE sessions SET outcome = ? WHERE uuid = ? AND outcome = ?",
                [(STOPPED, uuid, OPEN) for uuid in dead],
            )
        return len(dead)

    def add_many(self, records: Iterable[SessionRecord]) -> int:
        """Insert whole sessions (an import) in one transaction, skipping any whose uuid is
        already here; returns how many were added."""
        rows = [
            (
                r.uuid, r.routine_id, r.title, local_iso(r.started),
                local_iso(r.ended) if r.ended else None, r.outcome, r.steps_total,
                r.step_reached, r.practised_seconds, r.tempo, r.cycles, int(r.voice_on),
                r.rating_before, r.rating_after,
            )
            for r in records
        ]  # fmt: skip
        with self._write() as conn:
            cursor = conn.executemany(
                "INSERT OR IGNORE INTO sessions (uuid, routine_id, title, started, ended, "
                "outcome, steps_total, step_reached, practised_seconds, tempo, cycles, "
                "voice_on, rating_before, rating_after) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            return max(cursor.rowcount, 0)  # changes() leaves out the triggers' rows

    # ------------------------------------------------------------------------- reads

    def sessions(
        self, since: date | None = None, routine: str | None = None
    ) -> list[SessionRecord]:
        return queries.sessions(self._conn, since, routine)

    def last_sessions(self, count: int = 20) -> list[SessionRecord]:
        return queries.last_sessions(self._conn, count)

    def days(self, first: date, last: date) -> list[DayTotal]:
        return queries.days(self._conn, first, last)

    def day_rating_changes(self, first: date, last: date) -> dict[date, float]:
        return queries.day_rating_changes(self._conn, first, last)

    def streak(self, today: date) -> int:
        return queries.streak(self._conn, today)

    def routine_totals(self) -> list[RoutineTotal]:
        return queries.routine_totals(self._conn)

    def first_completed_day(self, routine_id: str) -> date | None:
        return queries.first_completed_day(self._conn, routine_id)

    def completed_since(self, routine_id: str, since: datetime) -> bool:
        return queries.completed_since(self._conn, routine_id, since)

    def close(self) -> None:
        """Close the connection if the journal opened it (a passed-in one stays open)."""
        if self._owns:
            self._conn.close()
