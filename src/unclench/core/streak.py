"""The current streak: days in a row with at least one completed session. Pure; "today" is
a parameter, never read from a clock."""

from __future__ import annotations

from collections.abc import Iterable

from unclench.core.calendar_day import Day


def current_streak(days_newest_first: Iterable[Day], today: Day) -> int:
    """How many consecutive days, ending today, hold a completed session.

    A day not yet practised does not break the streak until it is over: if today has no
    session yet, the streak is the run ending yesterday. ``days_newest_first`` are the
    distinct days with a completed session (``datetime.date`` values), newest first; it is
    read only as far as the streak goes (a database cursor is fine). Days after ``today``
    (a clock moved back) are skipped.
    """
    now = today.toordinal()
    streak = 0
    expected: int | None = None
    for day in days_newest_first:
        number = day.toordinal()
        if number > now:
            continue
        if expected is None:
            if number < now - 1:
                return 0
            expected = number
        if number != expected:
            break
        streak += 1
        expected = number - 1
    return streak
