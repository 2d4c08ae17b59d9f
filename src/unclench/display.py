"""Whether a real window can be opened, decided once when the display starts.

With ``DISPLAY`` pointing at no server (or no desktop session at all), SDL quietly falls
back to its ``offscreen`` driver: the app would run, invisibly, until killed. The headless
drivers are only right when the user asked for one (``SDL_VIDEODRIVER=dummy``, as tests
and scripts do); otherwise the app stops with a message saying why and how to run without
a window on purpose. A driver name SDL does not know is a message too, not a traceback.
"""

from __future__ import annotations

import os

import pygame

from unclench.core.errors import UnclenchError

HEADLESS_DRIVERS = frozenset({"dummy", "offscreen"})
HEADLESS_HINT = "to run without a window on purpose, set SDL_VIDEODRIVER=dummy"


class DisplayError(UnclenchError):
    """No window can be shown here."""


def _where() -> str:
    """The display the environment names, for the message."""
    names = ("DISPLAY", "WAYLAND_DISPLAY")
    named = [f"{name}={os.environ[name]}" for name in names if name in os.environ]
    return ", ".join(named) if named else "neither DISPLAY nor WAYLAND_DISPLAY is set"


def asked_driver() -> str | None:
    """The video driver the user asked for with SDL_VIDEODRIVER, if any."""
    return os.environ.get("SDL_VIDEODRIVER") or None


def init_display() -> str:
    """Start pygame's display and return the video driver it chose.

    Side effect: ``pygame.display.init()`` (quit again before raising). Raises DisplayError
    when SDL cannot start the asked-for driver, or when it fell back to a headless one that
    nobody asked for (no real window could be opened)."""
    asked = asked_driver()
    try:
        pygame.display.init()
    except pygame.error as error:
        if asked:
            raise DisplayError(
                f"cannot start the video driver SDL_VIDEODRIVER={asked} ({error}) — unset "
                f"it to let SDL choose, or name one SDL has; {HEADLESS_HINT}"
            ) from None
        raise DisplayError(f"cannot open a window ({error}) — {HEADLESS_HINT}") from None
    driver = str(pygame.display.get_driver())
    wanted = {name.strip() for name in (asked or "").split(",")}
    if driver in HEADLESS_DRIVERS and driver not in wanted:
        pygame.display.quit()
        raise DisplayError(
            f"no display: cannot open a window ({_where()}; SDL found only its {driver} "
            f"driver) — run unclench from a desktop session, or check DISPLAY; "
            f"{HEADLESS_HINT}"
        )
    return driver


def describe_display() -> str:
    """For ``unclench doctor``: which driver a window would use, or why none can open.
    Starts the display and stops it again (no window is opened)."""
    try:
        driver = init_display()
    except DisplayError as error:
        return str(error)
    try:
        if driver in HEADLESS_DRIVERS:
            return f"video driver {driver} (SDL_VIDEODRIVER): no window is shown, on purpose"
        sizes = pygame.display.get_desktop_sizes()
        desktop = f", desktop {sizes[0][0]}x{sizes[0][1]}" if sizes else ""
        return f"video driver {driver} ({_where()}){desktop}"
    finally:
        pygame.display.quit()
