"""Shared builders for the journal tests: aware datetimes and a session started in one call."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from unclench.journal import Journal

PARIS_SUMMER = timezone(timedelta(hours=2))


def at(day: str, time: str = "08:00", tz: timezone = PARIS_SUMMER) -> datetime:
    """``at("2024-05-01", "08:30")`` → that local time with a +02:00 offset."""
    return datetime.fromisoformat(f"{day}T{time}:00").replace(tzinfo=tz)


def played(
    journal: Journal,
    started: datetime,
    routine: str = "relaxing-breath",
    outcome: str = "completed",
    seconds: float = 120.0,
    steps: int = 10,
) -> str:
    """A session started at ``started`` and finished ``seconds`` later with ``outcome``."""
    sid = journal.start_session(routine, routine.title(), started, 1.0, 4, True, steps)
    journal.finish(sid, outcome, started + timedelta(seconds=seconds), seconds)
    return sid
