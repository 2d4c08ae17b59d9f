"""The wall clock as the core's local minutes (``unclench.core.reminders``), and back.

``time.localtime``/``time.mktime`` use the system's time zone and its daylight-saving
rules; a local time that does not exist (skipped by a spring-forward jump) is normalised by
``mktime`` to the instant an hour on, which is when it "happens"."""

from __future__ import annotations

import time
from datetime import date

from unclench.core.reminders import MINUTES_PER_DAY, split


def local_minute(epoch: float) -> int:
    """The core's moment (day ordinal * 1440 + minute of the day) of ``epoch`` seconds."""
    t = time.localtime(epoch)
    day = date(t.tm_year, t.tm_mon, t.tm_mday).toordinal()
    return day * MINUTES_PER_DAY + t.tm_hour * 60 + t.tm_min


def epoch_of(local: int) -> float:
    """The instant (epoch seconds) at which the local minute ``local`` begins."""
    day, minute = split(local)
    d = date.fromordinal(day)
    return time.mktime((d.year, d.month, d.day, minute // 60, minute % 60, 0, 0, 0, -1))
