"""A real session bus for tests (``dbus-daemon --session``) and a small notification server
on it: a jeepney service implementing ``org.freedesktop.Notifications`` (Notify,
CloseNotification, GetCapabilities, GetServerInformation; it emits ActionInvoked and
NotificationClosed), recording what it was asked to show."""

from __future__ import annotations

import os
import queue
import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from jeepney import DBusAddress, HeaderFields, MessageType, new_method_return, new_signal
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import open_dbus_connection

NAME = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"


def need_dbus_daemon() -> str:
    """The dbus-daemon command; skips without it, except on CI (CI=true), where it fails."""
    found = shutil.which("dbus-daemon")
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("dbus-daemon is missing on CI — install it (apt install dbus)")
        pytest.skip("dbus-daemon is not installed (Debian: apt install dbus)")
    return found


@contextmanager
def session_bus() -> Iterator[str]:
    """A private session bus; yields its address."""
    daemon = subprocess.Popen(
        [need_dbus_daemon(), "--session", "--print-address=1", "--nofork", "--nopidfile"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert daemon.stdout is not None
        address = daemon.stdout.readline().strip()
        assert address, "dbus-daemon printed no address"
        yield address
    finally:
        daemon.terminate()
        daemon.wait()


@dataclass(frozen=True)
class Shown:
    id: int
    app_name: str
    icon: str
    summary: str
    body: str
    actions: tuple[str, ...]
    hints: dict[str, Any]


class NotificationServer:
    """The server, in a thread of its own; ``shown`` is what Notify received, in order."""

    def __init__(self, address: str) -> None:
        self.connection = open_dbus_connection(address)
        reply = self.connection.send_and_get_reply(message_bus.RequestName(NAME))
        assert reply.body[0] == 1, "could not own org.freedesktop.Notifications"
        self.shown: list[Shown] = []
        self.closed: list[int] = []
        self.received = threading.Condition()
        self._outbox: queue.Queue[tuple[str, str, tuple[Any, ...]]] = queue.Queue()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def invoke(self, notification_id: int, key: str) -> None:
        """The person clicks the action ``key``."""
        self._outbox.put(("ActionInvoked", "us", (notification_id, key)))

    def wait_for(self, count: int) -> list[Shown]:
        """Blocks until ``count`` notifications were shown (a hang, not a timed assertion,
        is what a missing one gives; pytest's own timeout, if any, ends it)."""
        with self.received:
            self.received.wait_for(lambda: len(self.shown) >= count, timeout=30)
        return list(self.shown)

    def _serve(self) -> None:
        emitter = DBusAddress(PATH, interface=NAME)
        while not self._stop.is_set():
            while not self._outbox.empty():
                member, signature, body = self._outbox.get()
                self.connection.send(new_signal(emitter, member, signature, body))
            try:
                message = self.connection.receive(timeout=0.05)
            except TimeoutError:
                continue
            except OSError:
                return
            if message.header.message_type != MessageType.method_call:
                continue
            member = message.header.fields.get(HeaderFields.member)
            if member == "Notify":
                app, _replaces, icon, summary, body, actions, hints, _timeout = message.body
                with self.received:
                    shown = Shown(len(self.shown) + 1, app, icon, summary, body,
                                  tuple(actions), dict(hints))  # fmt: skip
                    self.shown.append(shown)
                    self.received.notify_all()
                self.connection.send(new_method_return(message, "u", (shown.id,)))
            elif member == "CloseNotification":
                (notification_id,) = message.body
                self.closed.append(notification_id)
                self.connection.send(new_method_return(message))
                self.connection.send(
                    new_signal(emitter, "NotificationClosed", "uu", (notification_id, 3))
                )
            elif member == "GetCapabilities":
                self.connection.send(new_method_return(message, "as", (["actions", "body"],)))
            elif member == "GetServerInformation":
                info = ("test-notifier", "unclench tests", "1.0", "1.2")
                self.connection.send(new_method_return(message, "ssss", info))

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.connection.close()


@contextmanager
def notification_server(address: str) -> Iterator[NotificationServer]:
    server = NotificationServer(address)
    try:
        yield server
    finally:
        server.close()
