"""Desktop notifications through the freedesktop notification service on the session bus
(``org.freedesktop.Notifications``), with jeepney: pure Python, no C library to build, and
its blocking I/O is all the reminder process needs (see docs/reminders.md).

A connection is a :class:`Notifier`; every D-Bus failure becomes NotifyError, which the
reminder process logs once and survives."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jeepney import DBusAddress, HeaderFields, MatchRule, Message, MessageType, new_method_call
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import DBusConnection, open_dbus_connection

from unclench.core.errors import UnclenchError

NAME = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
SERVICE = DBusAddress(PATH, bus_name=NAME, interface=NAME)
APP_NAME = "unclench"
APP_ID = "unclench"  # the desktop entry's name (unclench.desktop), so the desktop can group
START, LATER = "start", "later"
DEFAULT = "default"
"""The spec's key for a click on the notification itself (no button): it starts, too."""
TIMEOUT_S = 5.0


class NotifyError(UnclenchError):
    """No notification service to be reached (no session bus, or nobody owns the name)."""


@dataclass(frozen=True)
class Action:
    """The person clicked an action (``key``: START or LATER) of notification ``id``."""

    id: int
    key: str


@dataclass(frozen=True)
class Closed:
    """Notification ``id`` went away (expired, dismissed, or closed by us)."""

    id: int


def _why(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


class Notifier:
    """One connection to the session bus (``bus``: "SESSION" or a D-Bus address)."""

    def __init__(self, bus: str = "SESSION") -> None:
        try:
            self.connection: DBusConnection = open_dbus_connection(bus)
        except (OSError, KeyError, ValueError, RuntimeError) as error:
            raise NotifyError(f"no session bus ({_why(error)})") from None
        for member in ("ActionInvoked", "NotificationClosed"):
            rule = MatchRule(type="signal", interface=NAME, path=PATH, member=member)
            self._call(message_bus.AddMatch(rule))

    def _call(self, message: Message) -> tuple[Any, ...]:
        try:
            reply = self.connection.send_and_get_reply(message, timeout=TIMEOUT_S)
        except (OSError, TimeoutError, EOFError) as error:
            raise NotifyError(f"the session bus stopped answering ({_why(error)})") from None
        if reply.header.message_type == MessageType.error:
            name = reply.header.fields.get(HeaderFields.error_name, "error")
            raise NotifyError(f"{name}: {reply.body[0] if reply.body else ''}")
        return tuple(reply.body)

    def server(self) -> str:
        """``name version (vendor)`` of the notification service; NotifyError if none."""
        name, vendor, version, _spec = self._call(new_method_call(SERVICE, "GetServerInformation"))
        return f"{name} {version} ({vendor})"

    def capabilities(self) -> tuple[str, ...]:
        (caps,) = self._call(new_method_call(SERVICE, "GetCapabilities"))
        return tuple(str(c) for c in caps)

    def notify(self, summary: str, body: str, actions: tuple[tuple[str, str], ...]) -> int:
        """Show a notification; returns its id. ``actions``: (key, label) pairs."""
        flat = [part for pair in actions for part in pair]
        hints = {"desktop-entry": ("s", APP_ID), "category": ("s", "presence")}
        (notification_id,) = self._call(
            new_method_call(
                SERVICE,
                "Notify",
                "susssasa{sv}i",
                (APP_NAME, 0, APP_ID, summary, body, flat, hints, -1),
            )
        )
        return int(notification_id)

    def close_notification(self, notification_id: int) -> None:
        self._call(new_method_call(SERVICE, "CloseNotification", "u", (notification_id,)))

    def wait(self, timeout: float) -> Action | Closed | None:
        """The next action or closing signal within ``timeout`` seconds (None: none came).
        Raises NotifyError when the bus went away (the session ended)."""
        try:
            message = self.connection.receive(timeout=timeout)
        except TimeoutError:
            return None
        except (OSError, EOFError) as error:
            raise NotifyError(f"the session bus went away ({_why(error)})") from None
        return signal_of(message)

    def close(self) -> None:
        self.connection.close()


def signal_of(message: Message) -> Action | Closed | None:
    """What a received message means to the reminder process (None: nothing for it)."""
    fields = message.header.fields
    if (
        message.header.message_type != MessageType.signal
        or fields.get(HeaderFields.interface) != NAME
    ):
        return None
    member, body = fields.get(HeaderFields.member), message.body
    if member == "ActionInvoked":
        return Action(int(body[0]), str(body[1]))
    if member == "NotificationClosed":
        return Closed(int(body[0]))
    return None


def describe_service(bus: str = "SESSION") -> str:
    """For ``unclench doctor``: the notification service, or why there is none."""
    try:
        notifier = Notifier(bus)
    except NotifyError as error:
        return f"none reachable: {error} — reminders will not show"
    try:
        return notifier.server()
    except NotifyError as error:
        return f"none reachable: {error} — reminders will not show"
    finally:
        notifier.close()
