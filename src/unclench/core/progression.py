"""The 4-7-8 progression: how many breaths the relaxing breath may offer. Pure; "today" is a
parameter.

The source [W2 in the project's protocols: Andrew Weil, "Breathing: Three Exercises"]
advises no more than 4 breaths at a time for the first month of practice, and up to 8
after that. We read "the first month" as four weeks (28 days) from the first completed
session of the relaxing breath. The texts below pass that advice on as information; they
make no claim of their own. A user may override the cap in settings.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic

from unclench.core.calendar_day import Day

RELAXING_BREATH_ID = "relaxing-breath"
FIRST_MONTH_DAYS = 28
BEGINNER_BREATHS = 4
MOST_BREATHS = 8

BEGINNER_REASON = (
    "Up to 4 breaths for now: the source of this exercise advises no more than 4 breaths "
    "at a time for the first month of practice, and up to 8 after that."
)
MONTH_DONE_REASON = (
    "Up to 8 breaths: you first practised the relaxing breath more than four weeks ago, and "
    "the source of this exercise advises up to 8 breaths after the first month."
)
OVERRIDE_REASON = (
    "Up to 8 breaths, as you chose in settings. The source of this exercise advises no more "
    "than 4 breaths at a time for the first month of practice."
)


@dataclass(frozen=True)
class BreathCap(Generic[Day]):
    """The most breaths to offer and why. ``unlocked_on`` is the first day 8 were offered by
    the rule (None before); the menu can use it to say so once."""

    max_breaths: int
    reason: str
    unlocked_on: Day | None = None


def breath_cap(practice_days: Iterable[Day], today: Day, override: bool = False) -> BreathCap[Day]:
    """The cap for ``today`` (a ``datetime.date``) given the days of completed
    relaxing-breath sessions.

    4 breaths until four weeks (28 days) after the first practice; 8 from that day on.
    Days after ``today`` are ignored (a clock moved back cannot unlock early); with no
    practice yet, the first month has not begun. ``override`` (the user's setting) gives 8.
    """
    now = today.toordinal()
    first = min((n for n in (day.toordinal() for day in practice_days) if n <= now), default=None)
    if first is not None and now >= first + FIRST_MONTH_DAYS:
        return BreathCap(
            MOST_BREATHS, MONTH_DONE_REASON, today.fromordinal(first + FIRST_MONTH_DAYS)
        )
    if override:
        return BreathCap(MOST_BREATHS, OVERRIDE_REASON, None)
    return BreathCap(BEGINNER_BREATHS, BEGINNER_REASON, None)
