"""The one window: its size on the desktop, fullscreen (F11), title and icon, and putting
finished frames on screen.

The window knows nothing of scenes; the app draws on ``surface`` and hands the rectangles it
changed to ``present``. ``Window.open`` is the single place where the display is initialised
and the window created.
"""

from __future__ import annotations

import contextlib
import os

import pygame

from unclench import paths
from unclench.display import HEADLESS_DRIVERS, init_display

MIN_SIZE = (640, 480)
DEFAULT_SIZE = (1280, 720)
TITLE = "unclench"
ICON = "icon-64.png"

_EXPOSED = (pygame.WINDOWEXPOSED, pygame.WINDOWRESTORED, pygame.WINDOWSHOWN)
_RESIZED = (pygame.VIDEORESIZE, pygame.WINDOWSIZECHANGED)


def fit_to_desktop(size: tuple[int, int], desktops: list[tuple[int, int]]) -> tuple[int, int]:
    """The window size to open: ``size``, shrunk (keeping its shape) to 90 % of the first
    desktop when that is smaller, never below MIN_SIZE."""
    if not desktops or desktops[0][0] <= 0 or desktops[0][1] <= 0:
        return size
    dw, dh = desktops[0]
    scale = min(1.0, 0.9 * dw / size[0], 0.9 * dh / size[1])
    return (max(MIN_SIZE[0], round(size[0] * scale)), max(MIN_SIZE[1], round(size[1] * scale)))


class Window:
    """The app's display window. Built closed (no pygame call); ``open`` shows it.

    ``windowed_size`` is the size to come back to when fullscreen ends: the size asked for,
    fitted to the desktop, then whatever the user drags the window to."""

    def __init__(self, size: tuple[int, int] = DEFAULT_SIZE, fullscreen: bool = False) -> None:
        self.windowed_size = size
        self.fullscreen = fullscreen

    def open(self) -> None:
        """Initialise pygame's display, set the title and icon, and open the window."""
        # SDL would draw the window through (often software) OpenGL: ~2.7 ms of CPU per
        # update on X11 without a GPU, against ~0.1 ms for plain framebuffer updates.
        os.environ.setdefault("SDL_FRAMEBUFFER_ACCELERATION", "0")
        # The window's class (X11) and app id (Wayland) are the desktop entry's name, so a
        # dock groups the window under unclench.desktop (unclench.remind.desktop.APP_ID).
        for variable in ("SDL_VIDEO_X11_WMCLASS", "SDL_VIDEO_WAYLAND_WMCLASS", "SDL_APP_ID"):
            os.environ.setdefault(variable, "unclench")
        init_display()  # raises DisplayError when no real window can be opened
        pygame.display.set_caption(TITLE)
        _set_icon()
        if pygame.display.get_driver() not in HEADLESS_DRIVERS:  # their "desktop" is made up
            self.windowed_size = fit_to_desktop(
                self.windowed_size, pygame.display.get_desktop_sizes()
            )
        self._set_mode()

    @property
    def surface(self) -> pygame.Surface:
        """What to draw on: the window's own surface (a new one after each resize)."""
        surface = pygame.display.get_surface()
        assert surface is not None, "the window is not open"
        return surface

    def toggle_fullscreen(self) -> None:
        """Fullscreen on the current desktop, or back to the windowed size."""
        self.fullscreen = not self.fullscreen
        self._set_mode()

    def handle(self, event: pygame.event.Event) -> bool:
        """React to an event that is the window's own (resized, uncovered, F11). True when
        it was one: then the whole window must be drawn again."""
        if event.type in _RESIZED:
            if not self.fullscreen:
                w, h = self.surface.get_size()
                self.windowed_size = (max(w, MIN_SIZE[0]), max(h, MIN_SIZE[1]))
            return True
        if event.type in _EXPOSED:
            return True
        if event.type == pygame.KEYDOWN and event.key == pygame.K_F11:
            self.toggle_fullscreen()
            return True
        return False

    def present(self, changed: list[pygame.Rect] | None) -> None:
        """Show the finished frame: only the ``changed`` rectangles, or all of it (None)."""
        if changed is None:
            pygame.display.flip()
        elif changed:
            pygame.display.update(changed)

    def _set_mode(self) -> None:
        if self.fullscreen:
            pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
        else:
            pygame.display.set_mode(self.windowed_size, pygame.RESIZABLE)


def _set_icon() -> None:
    # An unreadable icon is cosmetic; the window still opens.
    with contextlib.suppress(pygame.error, FileNotFoundError):
        pygame.display.set_icon(pygame.image.load(str(paths.assets_dir() / ICON)))
