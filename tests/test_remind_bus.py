"""Reminders delivered over a real session bus (``dbus-daemon --session``) to a notification
server in the test: the text and actions, Start, Later, quiet hours, "already done", no
service, and the ``unclench remind run`` process itself (one instance, SIGTERM, logout).
Time is a parameter of the runner (a fake clock); only the process tests use the real one."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from notification_bus import NotificationServer, notification_server, session_bus
from unclench.cli.remind import launch
from unclench.core.reminders import QuietHours, Reminder
from unclench.remind.notify import (
    DEFAULT,
    LATER,
    START,
    Action,
    Notifier,
    NotifyError,
    describe_service,
)
from unclench.remind.runner import NO_SERVICE, Plan, Runner

REPO = Path(__file__).resolve().parents[1]


def local(hour: int, minute: int = 0, second: int = 0, day: int = 3) -> float:
    """Epoch seconds of a local time on June ``day`` 2024 (the 3rd is a Monday)."""
    return time.mktime((2024, 6, day, hour, minute, second, 0, 0, -1))


@pytest.fixture
def bus() -> Iterator[str]:
    with session_bus() as address:
        yield address


@pytest.fixture
def server(bus: str) -> Iterator[NotificationServer]:
    with notification_server(bus) as found:
        yield found


class Harness:
    """A Runner on the real bus with fakes for the catalog, the journal and the launcher."""

    def __init__(self, address: str, reminders: tuple[Reminder, ...], quiet: str = "") -> None:
        self.notifier = Notifier(address)
        self.done: set[str] = set()
        self.started: list[str] = []
        self.lines: list[str] = []
        quiet_hours = QuietHours(*_minutes(quiet)) if quiet else None
        self.runner = Runner(
            bus=self.notifier,
            plan=lambda: Plan(reminders, quiet_hours),
            routine=self.routine,
            done_since=lambda rid, _since: rid in self.done,
            launch=self.started.append,
            log=self.lines.append,
        )

    @staticmethod
    def routine(routine_id: str) -> tuple[str, float] | None:
        return ("Relaxing breath (4-7-8)", 76.0) if routine_id == "relaxing-breath" else None

    def next_action(self) -> Action:
        for _ in range(200):  # signals the runner does not want (NameAcquired…) come first
            event = self.notifier.wait(1.0)
            if isinstance(event, Action):
                return event
        raise AssertionError("no ActionInvoked signal arrived")


def _minutes(text: str) -> tuple[int, int]:
    start, end = text.split("-")
    return tuple(int(a) * 60 + int(b) for a, b in (start.split(":"), end.split(":")))  # type: ignore[return-value]


def test_a_due_reminder_shows_the_routine_title_length_and_actions(
    bus: str, server: NotificationServer
) -> None:
    harness = Harness(bus, (Reminder("relaxing-breath", "08:00"),))
    harness.runner.step(local(7, 59, 30))
    assert server.shown == []
    next_time = harness.runner.step(local(8, 0, 1))
    (shown,) = server.wait_for(1)
    assert shown.summary == "Relaxing breath (4-7-8)"
    assert shown.body == "1 minute — a reminder you set"
    assert shown.actions == (DEFAULT, "Start", START, "Start", LATER, "Later")
    assert shown.app_name == "unclench"
    assert shown.hints["desktop-entry"] == ("s", "unclench")
    assert next_time == local(8, 0, day=4)  # tomorrow's


def test_start_launches_the_routine_and_closes_the_notification(
    bus: str, server: NotificationServer
) -> None:
    harness = Harness(bus, (Reminder("relaxing-breath", "08:00"),))
    harness.runner.step(local(7, 59))
    harness.runner.step(local(8, 0))
    (shown,) = server.wait_for(1)
    server.invoke(shown.id, START)
    harness.runner.on(harness.next_action(), local(8, 0, 20))
    assert harness.started == ["relaxing-breath"]
    assert shown.id in server.closed


def test_a_click_on_the_notification_itself_starts_too(
    bus: str, server: NotificationServer
) -> None:
    harness = Harness(bus, (Reminder("relaxing-breath", "08:00"),))
    harness.runner.step(local(7, 59))
    harness.runner.step(local(8, 0))
    (shown,) = server.wait_for(1)
    server.invoke(shown.id, DEFAULT)
    harness.runner.on(harness.next_action(), local(8, 1))
    assert harness.started == ["relaxing-breath"]


def test_later_rings_again_ten_minutes_on(bus: str, server: NotificationServer) -> None:
    harness = Harness(bus, (Reminder("relaxing-breath", "08:00"),))
    harness.runner.step(local(7, 59))
    harness.runner.step(local(8, 0))
    (first,) = server.wait_for(1)
    server.invoke(first.id, LATER)
    harness.runner.on(harness.next_action(), local(8, 0, 30))
    assert harness.started == []
    assert harness.runner.step(local(8, 10, 29)) == local(8, 10, 30)  # the snooze is next
    assert len(server.shown) == 1
    harness.runner.step(local(8, 10, 30))
    assert [s.summary for s in server.wait_for(2)] == ["Relaxing breath (4-7-8)"] * 2


def test_quiet_hours_across_midnight_silence_a_reminder(
    bus: str, server: NotificationServer
) -> None:
    harness = Harness(bus, (Reminder("relaxing-breath", "23:00,06:30,07:00"),), "22:00-07:00")
    harness.runner.step(local(22, 59))
    harness.runner.step(local(23, 0))
    harness.runner.step(local(6, 30, day=4))
    assert server.shown == []  # Notify is a call: had it been made, it would be recorded
    assert harness.lines == ["relaxing-breath: quiet hours, no notification"] * 2
    harness.runner.step(local(7, 0, day=4))
    assert len(server.wait_for(1)) == 1


def test_a_routine_completed_in_the_last_hour_is_not_reminded_of(
    bus: str, server: NotificationServer
) -> None:
    harness = Harness(bus, (Reminder("relaxing-breath", "08:00"),))
    harness.done.add("relaxing-breath")
    harness.runner.step(local(7, 59))
    harness.runner.step(local(8, 0))
    assert server.shown == []
    assert harness.lines == ["relaxing-breath: completed in the last hour, no notification"]


def test_without_a_notification_service_it_says_so_once(bus: str) -> None:
    harness = Harness(bus, (Reminder("relaxing-breath", "08:00,09:00"),))
    harness.runner.step(local(7, 59))
    harness.runner.step(local(8, 0))
    harness.runner.step(local(9, 0))
    assert len(harness.lines) == 1
    assert harness.lines[0].startswith(NO_SERVICE)
    assert describe_service(bus).startswith("none reachable")


def test_doctor_names_the_notification_service(bus: str, server: NotificationServer) -> None:
    assert describe_service(bus) == "test-notifier 1.0 (unclench tests)"


def test_without_a_session_bus_notifier_is_a_message() -> None:
    with pytest.raises(NotifyError, match="no session bus"):
        Notifier("unix:path=/nonexistent/bus-socket")


def test_start_runs_unclench_play_with_the_routine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = tmp_path / "args.txt"
    fake = tmp_path / "bin" / "unclench"
    fake.parent.mkdir()
    fake.write_text(f'#!/bin/sh\necho "$@" > "{record}"\n')
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    process = launch("relaxing-breath")
    assert process.wait() == 0
    assert record.read_text() == "play relaxing-breath\n"


# ------------------------------------------------------------------------- the process


def _remind_run(bus: str, home: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, DBUS_SESSION_BUS_ADDRESS=bus, UNCLENCH_HOME=str(home))
    env["PYTHONPATH"] = os.pathsep.join([str(REPO / "src"), env.get("PYTHONPATH", "")])
    return subprocess.Popen(
        [sys.executable, "-m", "unclench", "remind", "run"],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )


def _first_line(process: subprocess.Popen[str]) -> str:
    assert process.stderr is not None
    return process.stderr.readline()


def test_remind_run_is_one_instance_and_ends_on_sigterm(
    bus: str, server: NotificationServer, unclench_home: Path
) -> None:
    first = _remind_run(bus, unclench_home)
    try:
        assert "running; notifications go to test-notifier" in _first_line(first)
        second = _remind_run(bus, unclench_home)
        _, err = second.communicate()
        assert second.returncode == 0
        assert "already running" in err
    finally:
        first.send_signal(signal.SIGTERM)
        _, rest = first.communicate()
    assert first.returncode == 0
    assert "stopped" in rest


def test_remind_run_exits_when_the_session_bus_goes_away(unclench_home: Path) -> None:
    with session_bus() as address:
        process = _remind_run(address, unclench_home)
        assert "no notification service" in _first_line(process)  # none on this bus
    _, rest = process.communicate()  # the bus is gone now
    assert process.returncode == 0
    assert "went away" in rest or "stopped answering" in rest
