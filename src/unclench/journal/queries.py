"""The history queries, as functions of a connection. Each one a history screen needs is
bounded by what it shows (a date range, N rows, the streak's length, the routines), not by
how long the history is: ``benchmarks/journal_history.py`` measures that."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date, datetime, timedelta

from unclench.core.streak import current_streak
from unclench.journal.records import COMPLETED, DayTotal, RoutineTotal, SessionRecord

COLUMNS = (
    "uuid, routine_id, title, started, ended, outcome, steps_total, step_reached, "
    "practised_seconds, tempo, cycles, voice_on, rating_before, rating_after"
)


def record_from_row(row: sqlite3.Row | tuple[object, ...]) -> SessionRecord:
    (uuid, routine_id, title, started, ended, outcome, steps_total, step_reached,
     practised, tempo, cycles, voice_on, before, after) = tuple(row)  # fmt: skip
    return SessionRecord(
        uuid=str(uuid),
        routine_id=str(routine_id),
        title=str(title),
        started=datetime.fromisoformat(str(started)),
        ended=datetime.fromisoformat(str(ended)) if ended is not None else None,
        outcome=str(outcome),
        steps_total=int(str(steps_total)),
        step_reached=int(str(step_reached)),
        practised_seconds=float(str(practised)),
        tempo=float(str(tempo)),
        cycles=int(str(cycles)) if cycles is not None else None,
        voice_on=bool(voice_on),
        rating_before=int(str(before)) if before is not None else None,
        rating_after=int(str(after)) if after is not None else None,
    )


def sessions(
    conn: sqlite3.Connection, since: date | None = None, routine: str | None = None
) -> list[SessionRecord]:
    """Every session (started on or after the local day ``since``, of ``routine``), oldest
    first."""
    where, params = [], []
    if since is not None:
        where.append("day >= ?")
        params.append(since.isoformat())
    if routine is not None:
        where.append("routine_id = ?")
        params.append(routine)
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    rows = conn.execute(f"SELECT {COLUMNS} FROM sessions{clause} ORDER BY started_jd, uuid", params)
    return [record_from_row(row) for row in rows]


def last_sessions(conn: sqlite3.Connection, count: int) -> list[SessionRecord]:
    """The ``count`` most recent sessions, newest first."""
    rows = conn.execute(
        f"SELECT {COLUMNS} FROM sessions ORDER BY started_jd DESC, uuid DESC LIMIT ?", (count,)
    )
    return [record_from_row(row) for row in rows]


def days(conn: sqlite3.Connection, first: date, last: date) -> list[DayTotal]:
    """One DayTotal for every day from ``first`` to ``last`` inclusive (zeros where nothing
    was practised), so a chart can draw the days as they come."""
    found = {
        str(day): (int(n), int(done or 0), float(seconds or 0))
        for day, n, done, seconds in conn.execute(
            "SELECT day, sessions, completed, practised_seconds FROM day_totals "
            "WHERE day BETWEEN ? AND ?",
            (first.isoformat(), last.isoformat()),
        )
    }
    out = []
    day = first
    while day <= last:
        n, done, seconds = found.get(day.isoformat(), (0, 0, 0.0))
        out.append(DayTotal(day, n, done, seconds))
        day += timedelta(days=1)
    return out


def _completed_days_newest_first(conn: sqlite3.Connection, today: date) -> Iterator[date]:
    # Walks day_totals (one row per day, kept by triggers) backwards from today.
    cursor = conn.execute(
        "SELECT day FROM day_totals WHERE day <= ? AND completed > 0 ORDER BY day DESC",
        (today.isoformat(),),
    )
    for (day,) in cursor:
        yield date.fromisoformat(str(day))


def streak(conn: sqlite3.Connection, today: date) -> int:
    """Days in a row, ending today (or yesterday, if today has none yet), with at least one
    completed session."""
    return current_streak(_completed_days_newest_first(conn, today), today)


def routine_totals(conn: sqlite3.Connection) -> list[RoutineTotal]:
    """Sessions, completed sessions and practised time per routine, most practised first
    (kept up to date by triggers, so this reads one row per routine)."""
    rows = conn.execute(
        "SELECT routine_id, title, sessions, completed, practised_seconds FROM routine_totals "
        "ORDER BY practised_seconds DESC, routine_id"
    )
    return [RoutineTotal(str(r), str(t), int(n), int(c), float(s)) for r, t, n, c, s in rows]


def first_completed_day(conn: sqlite3.Connection, routine_id: str) -> date | None:
    """The first day with a completed session of ``routine_id``, or None (what the 4-7-8
    progression rule needs: ``breath_cap`` reads only the earliest day)."""
    (day,) = conn.execute(
        "SELECT min(day) FROM sessions WHERE routine_id = ? AND outcome = ?",
        (routine_id, COMPLETED),
    ).fetchone()
    return date.fromisoformat(str(day)) if day is not None else None


def completed_since(conn: sqlite3.Connection, routine_id: str, since: datetime) -> bool:
    """Whether a session of ``routine_id`` was completed (it ended) at ``since`` or later
    (an aware datetime): what a reminder asks before it rings. Uses the routine index."""
    row = conn.execute(
        "SELECT 1 FROM sessions WHERE routine_id = ? AND outcome = ? "
        "AND julianday(coalesce(ended, started)) >= julianday(?) LIMIT 1",
        (routine_id, COMPLETED, since.isoformat()),
    ).fetchone()
    return row is not None


def day_rating_changes(conn: sqlite3.Connection, first: date, last: date) -> dict[date, float]:
    """The mean tension change (after minus before) of each day from ``first`` to ``last``
    that has sessions with both ratings (days without any are left out). Bounded by the
    range: it reads the sessions of those days through the index by day."""
    rows = conn.execute(
        "SELECT day, avg(rating_after - rating_before) FROM sessions "
        "WHERE day BETWEEN ? AND ? AND rating_before IS NOT NULL AND rating_after IS NOT NULL "
        "GROUP BY day",
        (first.isoformat(), last.isoformat()),
    )
    return {date.fromisoformat(str(day)): float(change) for day, change in rows}
