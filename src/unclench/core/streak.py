"""The current streak: days in a row with at least one completed session. Pure; "today" is
a parameter, never read from a clock."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

_DAY = timedelta(days=1)


def current_streak(days_newest_first: Iterable[date], today: date) -> int:
    """How many consecutive days, ending today, hold a completed session.

    A day not yet practised does not break the streak until it is over: if today has no
    session yet, the streak is the run ending yesterday. ``days_newest_first`` are the
    distinct days with a completed session, newest first; it is read only as far as the
    streak goes (a database cursor is fine). Days after ``today`` (a clock moved back) are
    skipped.
    """
    streak = 0
    expected: date | None = None
    for day in days_newest_first:
        if day > today:
            continue
        if expected is None:
            if day < today - _DAY:
                return 0
            expected = day
        if day != expected:
            break
        streak += 1
        expected = day - _DAY
    return streak
