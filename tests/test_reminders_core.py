"""The reminder schedule's arithmetic (unclench.core.reminders), on a fake clock: moments
are whole local minutes (day ordinal * 1440 + minute of the day)."""

from __future__ import annotations

from datetime import date

import pytest

from unclench.core.reminders import (
    ACCEPTED,
    QuietHours,
    Reminder,
    ReminderError,
    advance,
    due_between,
    moment,
    next_due,
    parse_quiet,
    parse_when,
    quiet_at,
    weekday,
)

MONDAY = date(2024, 6, 3).toordinal()
FRIDAY, SATURDAY, SUNDAY = MONDAY + 4, MONDAY + 5, MONDAY + 6


def at(day: int, hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return moment(day, int(hours) * 60 + int(minutes))


def test_the_three_forms() -> None:
    assert parse_when("08:00") == (480,)
    assert parse_when("18:00, 8:00,12:30,08:00") == (480, 750, 1080)
    assert parse_when("every 2h between 09:00 and 17:00") == (540, 660, 780, 900, 1020)
    assert parse_when("Every 90 minutes between 09:00 and 12:00") == (540, 630, 720)


@pytest.mark.parametrize(
    "text", ["", "8", "25:00", "08:60", "8am", "every 2h", "every 2x between 09:00 and 10:00"]
)
def test_a_bad_time_says_the_accepted_forms(text: str) -> None:
    with pytest.raises(ReminderError) as raised:
        parse_when(text)
    assert ACCEPTED in str(raised.value)


def test_a_repeat_too_often_or_backwards_is_refused() -> None:
    with pytest.raises(ReminderError, match="too often"):
        parse_when("every 1m between 09:00 and 10:00")
    with pytest.raises(ReminderError, match="later in the day"):
        parse_when("every 1h between 17:00 and 09:00")


def test_weekday_numbers_follow_date_weekday() -> None:
    for offset in range(14):
        assert weekday(MONDAY + offset) == date.fromordinal(MONDAY + offset).weekday()


def test_next_due_is_later_today_then_tomorrow() -> None:
    reminders = [Reminder("relaxing-breath", "08:00,18:00")]
    assert next_due(reminders, at(MONDAY, "07:59")) == at(MONDAY, "08:00")
    assert next_due(reminders, at(MONDAY, "08:00")) == at(MONDAY, "18:00")
    assert next_due(reminders, at(MONDAY, "18:00")) == at(MONDAY + 1, "08:00")
    assert next_due([], at(MONDAY, "08:00")) is None


def test_weekdays_only_skips_the_weekend() -> None:
    reminders = [Reminder("box-breathing", "09:00", weekdays_only=True)]
    assert next_due(reminders, at(FRIDAY, "09:00")) == at(MONDAY + 7, "09:00")
    assert due_between(reminders, at(SATURDAY, "08:59"), at(SATURDAY, "09:00")) == []
    assert due_between(reminders, at(FRIDAY, "08:59"), at(FRIDAY, "09:00")) == reminders


def test_the_earliest_of_several_reminders_is_next() -> None:
    a, b = Reminder("a", "every 2h between 09:00 and 17:00"), Reminder("b", "10:30")
    assert next_due([a, b], at(MONDAY, "09:00")) == at(MONDAY, "10:30")
    assert next_due([a, b], at(MONDAY, "10:30")) == at(MONDAY, "11:00")
    assert next_due([a, b], at(MONDAY, "17:00")) == at(MONDAY + 1, "09:00")


def test_a_jump_forward_rings_a_skipped_time_once() -> None:
    """A daylight-saving spring forward (02:00 → 03:00) skips 02:30: it rings at 03:00."""
    reminders = [Reminder("r", "02:30")]
    assert due_between(reminders, at(SUNDAY, "01:59"), at(SUNDAY, "03:00")) == reminders
    last = advance(at(SUNDAY, "01:59"), at(SUNDAY, "03:00"))
    assert due_between(reminders, last, at(SUNDAY, "03:01")) == []


def test_a_jump_back_does_not_ring_twice() -> None:
    """Autumn: 02:59 → 02:00 again; 02:30 rang in the first pass and not in the second."""
    reminders = [Reminder("r", "02:30")]
    last = at(SUNDAY, "02:59")
    for now in (at(SUNDAY, "02:00"), at(SUNDAY, "02:30"), at(SUNDAY, "02:45")):
        assert due_between(reminders, last, now) == []
        last = advance(last, now)
    assert last == at(SUNDAY, "02:59")


def test_a_clock_set_back_on_purpose_starts_afresh() -> None:
    assert advance(at(MONDAY, "12:00"), at(MONDAY, "06:00")) == at(MONDAY, "06:00")


def test_after_a_long_suspend_old_times_are_skipped() -> None:
    reminders = [Reminder("r", "08:00"), Reminder("s", "13:30")]
    woke = at(MONDAY, "14:00")
    assert due_between(reminders, at(MONDAY, "07:00"), woke) == [reminders[1]]


def test_quiet_hours_across_midnight() -> None:
    quiet = parse_quiet("22:00-07:00")
    assert quiet == QuietHours(1320, 420)
    assert quiet_at(quiet, at(MONDAY, "22:00"))
    assert quiet_at(quiet, at(MONDAY, "23:59"))
    assert quiet_at(quiet, at(MONDAY + 1, "06:59"))
    assert not quiet_at(quiet, at(MONDAY + 1, "07:00"))
    assert not quiet_at(quiet, at(MONDAY, "21:59"))
    assert not quiet_at(None, at(MONDAY, "23:00"))


def test_quiet_hours_within_a_day_and_bad_ones() -> None:
    quiet = parse_quiet("12:00-13:30")
    assert quiet.contains(12 * 60) and not quiet.contains(13 * 60 + 30)
    assert not QuietHours(600, 600).contains(600)
    for bad in ("22:00", "22-07", "25:00-07:00"):
        with pytest.raises(ReminderError, match="HH:MM-HH:MM"):
            parse_quiet(bad)


def test_a_reminder_is_always_valid() -> None:
    with pytest.raises(ReminderError):
        Reminder("r", "noon")
    assert Reminder("r", "08:00", True).describe() == "r at 08:00, weekdays"
