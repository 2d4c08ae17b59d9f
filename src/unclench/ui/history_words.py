"""How the history screen says things: a session's time, its length, a tension change.
Pure: "today" is a parameter."""

from __future__ import annotations

from datetime import date, datetime, timedelta


def minutes_text(seconds: float) -> str:
    """A length as people say it: "45 s", "12 min", "1 h 5 min"."""
    whole = max(0, round(seconds))
    if whole < 60:
        return f"{whole} s"
    minutes = round(whole / 60)
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{minutes} min"
    return f"{hours} h {rest} min" if rest else f"{hours} h"


def when_text(started: datetime, today: date) -> str:
    """When a session started, relative to ``today``: "today 08:30", "yesterday 19:10",
    "Mon 29 Apr 08:30" (this year), "29 Apr 2023"."""
    clock = f"{started.hour:02d}:{started.minute:02d}"
    day = started.date()
    if day == today:
        return f"today {clock}"
    if day == today - timedelta(days=1):
        return f"yesterday {clock}"
    if day.year == today.year and day <= today:
        return f"{day:%a} {day.day} {day:%b} {clock}"
    return f"{day.day} {day:%b} {day.year}"


def change_text(change: float) -> str:
    """A tension change, rounded: "−2" (less tense after), "+1", "±0"."""
    whole = int(change + 0.5) if change >= 0 else -int(-change + 0.5)
    if whole == 0:
        return "±0"
    return f"+{whole}" if whole > 0 else f"−{-whole}"


def count_text(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def day_label(day: date) -> str:
    """A chart's date under a bar: "24 Apr"."""
    return f"{day.day} {day:%b}"
