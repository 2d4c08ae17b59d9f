"""Which running app a session belongs to, so that one app's start-up never closes a session
another app is still playing (two instances at once both record correctly)."""

from __future__ import annotations

import os
import socket


def this_process() -> str:
    """The owner tag written on each session: ``host:pid``."""
    return f"{socket.gethostname()}:{os.getpid()}"


def is_running(owner: str) -> bool:
    """Whether the app that wrote ``owner`` is still running, as far as we can tell.

    Only processes on this host can be checked, and only on POSIX (``kill(pid, 0)``
    sends nothing); for any other owner the answer is False, so its open session is closed
    as stopped. A late ``finish`` from that app would still record the true outcome.
    """
    host, _, pid_text = owner.rpartition(":")
    if os.name != "posix" or host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by someone else
    except OSError:
        return False
    return True
