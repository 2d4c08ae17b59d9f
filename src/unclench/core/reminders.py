"""Reminder schedules: the forms a person writes, and when a reminder is next due.

Pure arithmetic on whole minutes of *local* time, so no clock is read and ``datetime`` is
not needed: a moment is ``day * 1440 + minute``, where ``day`` is the proleptic Gregorian
ordinal of the local date (``date.toordinal()``: day 1 is Monday 1 January of year 1) and
``minute`` the minute of that local day. The shell turns a clock reading into such a number
(and back), see ``unclench.remind.clock``; tests pass numbers.

Wall clocks jump (a suspend, a daylight-saving change, the user setting the clock): the
runner asks :func:`due_between` which reminders fell between the moment it last looked and
now, so a time skipped by a jump forward still fires once (when it is at most ``GRACE``
minutes old) and a time lived twice after a jump back fires once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from unclench.core.errors import UnclenchError

MINUTES_PER_DAY = 1440
GRACE = 60
"""A due time older than this many minutes when the runner wakes (after a suspend) is
skipped: a reminder for 08:00 seen at 14:00 is no use."""
SNOOZE = 10
"""Minutes that *Later* puts a reminder off by."""
WEEKDAYS = frozenset(range(5))  # Monday (0) to Friday (4), as date.weekday() counts

FORMS = (
    "HH:MM (e.g. 08:00)",
    "several times separated by commas (08:00,12:30,18:00)",
    "every Nh or every Nm between HH:MM and HH:MM (every 2h between 09:00 and 17:00)",
)
ACCEPTED = "accepted forms: " + "; ".join(FORMS)

_TIME = re.compile(r"(\d{1,2}):(\d{2})")
_EVERY = re.compile(
    r"every\s+(\d{1,4})\s*(h|m|min|hours?|minutes?)\s+between\s+(\S+)\s+and\s+(\S+)"
)


class ReminderError(UnclenchError):
    """A reminder or quiet-hours text that is not one of the accepted forms."""


def _clock_time(text: str, whole: str) -> int:
    """``HH:MM`` as a minute of the day."""
    match = _TIME.fullmatch(text.strip())
    if match is None:
        raise ReminderError(f"{whole!r} is not a time — {ACCEPTED}")
    hours, minutes = int(match[1]), int(match[2])
    if hours > 23 or minutes > 59:
        raise ReminderError(f"{text.strip()!r} is not a time of day (00:00–23:59) — {ACCEPTED}")
    return hours * 60 + minutes


def parse_when(text: str) -> tuple[int, ...]:
    """The minutes of the day that ``text`` names, sorted, each once. Raises ReminderError
    saying the accepted forms."""
    whole = " ".join(text.lower().split())
    if not whole:
        raise ReminderError(f"no time given — {ACCEPTED}")
    every = _EVERY.fullmatch(whole)
    if every is not None:
        step = int(every[1]) * (60 if every[2].startswith("h") else 1)
        first, last = _clock_time(every[3], text), _clock_time(every[4], text)
        if step < 5:
            raise ReminderError(f"{text!r}: every {step} minutes is too often (5 at least)")
        if last < first:
            raise ReminderError(
                f"{text!r}: the second time must be later in the day than the first"
            )
        return tuple(range(first, last + 1, step))
    if whole.startswith("every"):
        raise ReminderError(f"{text!r} is not a repeat — {ACCEPTED}")
    return tuple(sorted({_clock_time(part, text) for part in whole.split(",")}))


def format_minute(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


@dataclass(frozen=True)
class Reminder:
    """A routine to be reminded of: ``when`` as the person wrote it (one of the FORMS), on
    every day or on weekdays only."""

    routine_id: str
    when: str
    weekdays_only: bool = False

    def __post_init__(self) -> None:
        parse_when(self.when)  # a Reminder always has a valid schedule

    @property
    def times(self) -> tuple[int, ...]:
        return parse_when(self.when)

    def on_day(self, day: int) -> bool:
        """Whether the reminder rings on the local day with ordinal ``day``."""
        return not self.weekdays_only or weekday(day) in WEEKDAYS

    def describe(self) -> str:
        days = "weekdays" if self.weekdays_only else "every day"
        return f"{self.routine_id} at {', '.join(map(format_minute, self.times))}, {days}"


@dataclass(frozen=True)
class QuietHours:
    """From ``start`` to ``end`` (minutes of the day, end excluded); may cross midnight
    (22:00-07:00). ``start == end`` is no quiet time."""

    start: int
    end: int

    def contains(self, minute_of_day: int) -> bool:
        if self.start <= self.end:
            return self.start <= minute_of_day < self.end
        return minute_of_day >= self.start or minute_of_day < self.end


def parse_quiet(text: str) -> QuietHours:
    """``HH:MM-HH:MM`` as QuietHours; raises ReminderError."""
    start, dash, end = text.partition("-")
    if not dash:
        raise ReminderError(f"{text!r} is not quiet hours — write HH:MM-HH:MM (22:00-07:00)")
    try:
        return QuietHours(_clock_time(start, text), _clock_time(end, text))
    except ReminderError:
        raise ReminderError(
            f"{text!r} is not quiet hours — write HH:MM-HH:MM (22:00-07:00)"
        ) from None


def weekday(day: int) -> int:
    """0 Monday … 6 Sunday for a day ordinal (ordinal 1 was a Monday)."""
    return (day - 1) % 7


def moment(day: int, minute_of_day: int) -> int:
    return day * MINUTES_PER_DAY + minute_of_day


def split(local_minute: int) -> tuple[int, int]:
    """(day ordinal, minute of the day) of a moment."""
    return divmod(local_minute, MINUTES_PER_DAY)


def occurrences(reminder: Reminder, after: int, until: int) -> list[int]:
    """The moments in (after, until] at which ``reminder`` is due, oldest first."""
    found: list[int] = []
    if until <= after:
        return found
    first_day, last_day = split(after + 1)[0], split(until)[0]
    for day in range(first_day, last_day + 1):
        if reminder.on_day(day):
            found.extend(m for t in reminder.times if after < (m := moment(day, t)) <= until)
    return found


def next_due(reminders: tuple[Reminder, ...] | list[Reminder], after: int) -> int | None:
    """The first moment after ``after`` at which any reminder is due (None: none set).
    Every schedule repeats within a week, so eight days always find one."""
    times = [
        hit
        for reminder in reminders
        if (hit := next(iter(occurrences(reminder, after, after + 8 * MINUTES_PER_DAY)), None))
        is not None
    ]
    return min(times) if times else None


def due_between(
    reminders: tuple[Reminder, ...] | list[Reminder], last: int, now: int, grace: int = GRACE
) -> list[Reminder]:
    """The reminders due in (last, now], leaving out times more than ``grace`` minutes
    before ``now`` (after a suspend), each reminder once. ``now <= last`` (the clock went
    back) is nothing due: what was due there has rung already."""
    since = max(last, now - grace)
    return [r for r in reminders if occurrences(r, since, now)]


def advance(last: int, now: int, back_limit: int = 3 * 60) -> int:
    """The moment the runner has looked up to, after looking at ``now``: ``now`` when
    time went forward; ``last`` when it went back a little (a daylight-saving hour lived
    twice must not ring twice); ``now`` again when it went back more than ``back_limit``
    minutes (the clock was set back on purpose: start afresh from there)."""
    if now >= last or last - now > back_limit:
        return now
    return last


def quiet_at(quiet: QuietHours | None, local_minute: int) -> bool:
    return quiet is not None and quiet.contains(split(local_minute)[1])
