"""The reminder process (``unclench remind run``): sleeps until the next due time, shows a
notification, and acts on *Start* and *Later*.

Sleeping: the process blocks in one ``select`` on the session bus socket (through jeepney's
``receive(timeout=…)``), so a click on an action wakes it at once and so does the bus going
away at logout. The timeout is the next due time on the wall clock (CLOCK_REALTIME), but
never more than ``CHUNK_S``: a monotonic timeout does not count a suspend, and the wall
clock may be changed, so waking at least once a minute and looking at the wall clock again
keeps a reminder at most a minute late after either. That is one wake-up a minute, a
``stat`` of the settings file and a few microseconds of arithmetic: well under 0.01 % of a
core (docs/performance.md). ``timerfd`` with ``TFD_TIMER_CANCEL_ON_SET`` would wake exactly
on a clock change too, but the standard library has no maintained binding before Python
3.13 (``os.timerfd_create``), and a chunked sleep needs none.

One instance only: a ``flock``-ed lock file in the runtime folder (XDG_RUNTIME_DIR)."""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Protocol

from unclench.core.reminders import (
    SNOOZE,
    QuietHours,
    Reminder,
    advance,
    due_between,
    next_due,
    quiet_at,
)
from unclench.remind.clock import epoch_of, local_minute
from unclench.remind.notify import DEFAULT, LATER, START, Action, Closed, NotifyError

CHUNK_S = 60.0
"""The longest single sleep: how late a reminder can be after a suspend or a clock change."""
RECENT_S = 3600.0
"""A routine completed this recently (seconds) is not reminded of."""
NO_SERVICE = "no notification service is reachable; reminders will not show until one runs"


@dataclass(frozen=True)
class Plan:
    """What the process reads before each look at the clock: the reminders and quiet hours
    (from the settings), and a routine's title and length in seconds (None: unknown id)."""

    reminders: tuple[Reminder, ...]
    quiet: QuietHours | None


class Bus(Protocol):
    """What the runner needs of the notification service (``notify.Notifier`` has it)."""

    def notify(self, summary: str, body: str, actions: tuple[tuple[str, str], ...]) -> int: ...
    def close_notification(self, notification_id: int) -> None: ...
    def wait(self, timeout: float) -> Action | Closed | None: ...


def minutes_text(seconds: float) -> str:
    minutes = max(1, round(seconds / 60))
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


@dataclass
class Runner:
    """The reminder process's state and decisions; time is passed in (epoch seconds)."""

    bus: Bus
    plan: Callable[[], Plan]
    routine: Callable[[str], tuple[str, float] | None]
    done_since: Callable[[str, float], bool]
    launch: Callable[[str], object]
    log: Callable[[str], None]
    last: int | None = None
    snoozed: dict[str, float] = field(default_factory=dict)
    shown: dict[int, str] = field(default_factory=dict)
    launched: list[object] = field(default_factory=list)
    _service_missing: bool = False

    def step(self, epoch: float) -> float | None:
        """Ring what is due at ``epoch``; returns the epoch of the next due time (None:
        nothing is set)."""
        plan = self.plan()
        now = local_minute(epoch)
        last = now if self.last is None else self.last
        due = {r.routine_id for r in due_between(plan.reminders, last, now)}
        due |= {rid for rid, at in self.snoozed.items() if at <= epoch}
        for routine_id in sorted(due):
            self.snoozed.pop(routine_id, None)
            self.ring(routine_id, epoch, plan.quiet)
        self.last = advance(last, now)
        upcoming = next_due(plan.reminders, max(self.last, now))
        times = [epoch_of(upcoming)] if upcoming is not None else []
        times.extend(self.snoozed.values())
        return min(times) if times else None

    def ring(self, routine_id: str, epoch: float, quiet: QuietHours | None) -> None:
        if quiet_at(quiet, local_minute(epoch)):
            self.log(f"{routine_id}: quiet hours, no notification")
            return
        if self.done_since(routine_id, epoch - RECENT_S):
            self.log(f"{routine_id}: completed in the last hour, no notification")
            return
        found = self.routine(routine_id)
        if found is None:
            self.log(f"{routine_id}: no such routine (see `unclench list`), no notification")
            return
        title, seconds = found
        try:
            notification = self.bus.notify(
                title,
                f"{minutes_text(seconds)} — a reminder you set",
                ((DEFAULT, "Start"), (START, "Start"), (LATER, "Later")),
            )
        except NotifyError as error:
            if not self._service_missing:
                self.log(f"{NO_SERVICE} ({error})")
            self._service_missing = True
            return
        self._service_missing = False
        self.shown[notification] = routine_id
        self.log(f"{routine_id}: notification {notification} shown")

    def on(self, event: Action | Closed, epoch: float) -> None:
        """Act on a click (Start: play the routine; Later: ring again in SNOOZE minutes)."""
        if isinstance(event, Closed):
            self.shown.pop(event.id, None)
            return
        routine_id = self.shown.pop(event.id, None)
        if routine_id is None:
            return  # another app's notification
        if event.key in (START, DEFAULT):
            self.launched.append(self.launch(routine_id))
            self.log(f"{routine_id}: started")
        elif event.key == LATER:
            self.snoozed[routine_id] = epoch + SNOOZE * 60
            self.log(f"{routine_id}: later, in {SNOOZE} minutes")
        with contextlib.suppress(NotifyError):  # it may be gone already
            self.bus.close_notification(event.id)

    def run(self, clock: Callable[[], float]) -> None:
        """Loop until the bus goes away (NotifyError) or a signal handler raises."""
        while True:
            now = clock()
            deadline = self.step(now)
            wait = CHUNK_S if deadline is None else min(CHUNK_S, deadline - now + 0.05)
            event = self.bus.wait(max(0.0, wait))
            if event is not None:
                self.on(event, clock())


class AlreadyRunning(Exception):
    """Another reminder process holds the lock."""


def hold_lock(path: Path) -> IO[str]:
    """Take the one-instance lock (kept while the returned file stays open); raises
    AlreadyRunning when another process has it. The file holds the holder's pid."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held for the process's life
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise AlreadyRunning from None
    handle.seek(0)
    handle.truncate()
    handle.write(f"{os.getpid()}\n")
    handle.flush()
    return handle
