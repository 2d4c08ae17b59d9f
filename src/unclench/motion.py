"""Reduced motion (WCAG 2.3.3): whether the app keeps still, from the setting and the desktop.

The desktop's wish is read once at start-up on a thread (``DesktopMotion``), never on the
render loop: GNOME's ``org.gnome.desktop.interface enable-animations`` through
``gsettings``. Where it cannot be read (no gsettings, another desktop, a timeout) the
answer is "unknown", which counts as full motion.
"""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Callable, Sequence

GSETTINGS = ("gsettings", "get", "org.gnome.desktop.interface", "enable-animations")
TIMEOUT_SECONDS = 2.0

Runner = Callable[[Sequence[str]], str]
"""Runs a command and returns its standard output; raises OSError or
subprocess.SubprocessError when it cannot."""


def _run(command: Sequence[str]) -> str:
    done = subprocess.run(
        list(command),
        capture_output=True,
        text=True,
        timeout=TIMEOUT_SECONDS,
        check=True,
        stdin=subprocess.DEVNULL,
    )
    return done.stdout


def desktop_wants_still(run: Runner = _run) -> bool | None:
    """True when the desktop has animations turned off, False when on, None when unknown."""
    try:
        answer = run(GSETTINGS).strip().lower()
    except (OSError, subprocess.SubprocessError, ValueError):
        return None
    if answer == "false":
        return True
    if answer == "true":
        return False
    return None


def keeps_still(setting: str, desktop: bool | None) -> bool:
    """Whether to reduce motion: the setting "on"/"off" decides; "system" follows the
    desktop (full motion when the desktop's wish is unknown)."""
    if setting == "on":
        return True
    if setting == "off":
        return False
    return bool(desktop)


class DesktopMotion:
    """The desktop's reduced-motion wish, read once on a background thread. Until the
    answer comes (a few ms) it is None: full motion, as when it cannot be read."""

    def __init__(self, run: Runner = _run) -> None:
        self.wants_still: bool | None = None
        self._run = run
        self._thread = threading.Thread(target=self._read, name="unclench-motion", daemon=True)
        self._thread.start()

    def _read(self) -> None:
        self.wants_still = desktop_wants_still(self._run)

    def join(self, timeout: float | None = None) -> None:
        self._thread.join(timeout)
