"""What a scene is, and what a scene may ask of the app.

Scenes keep ``update`` (react to time and input) apart from ``draw`` (paint the current
state): drawing changes nothing, so the same state and time draw the same frame. The app
asks each frame for a ``frame_key``; when it has not changed since the last frame, nothing
is drawn at all — that is how an idle menu or a paused session costs next to nothing.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING, Protocol

import pygame

# While something moves, scenes ask to be woken once per display refresh (60 Hz).
FRAME_SECONDS = 1 / 60

if TYPE_CHECKING:
    from unclench.core.routine import Routine
    from unclench.eventlog import EventLog, NullEventLog
    from unclench.settings import Settings
    from unclench.ui.journal_port import SessionJournal
    from unclench.visuals.theme import Fonts, Palette


class Host(Protocol):
    """The app, as scenes see it: navigation and shared resources. The app has every one
    of these from construction, before its window opens."""

    palette: Palette
    fonts: Fonts
    log: EventLog | NullEventLog
    settings: Settings
    journal: SessionJournal

    @property
    def still(self) -> bool:
        """Reduced motion: draw without movement (the setting, or the desktop's wish)."""
        ...

    def show(self, scene: Scene) -> None: ...
    def overlay(self, scene: Scene | None) -> None: ...
    def quit(self) -> None: ...
    def toggle_fullscreen(self) -> None: ...
    def start_session(
        self, routine: Routine, tempo: float | None, cycles: int | None, then_quit: bool = False
    ) -> None: ...
    def show_menu(self) -> None: ...
    def show_help(self) -> None: ...
    def show_about(self) -> None: ...
    def show_settings(self) -> None: ...
    def show_history(self) -> None: ...
    def show_reminders(self) -> None: ...
    def voices(self) -> list[tuple[str, str]]: ...
    def apply_settings(self, settings: Settings) -> None: ...
    @property
    def overlay_scene(self) -> Scene | None:
        """The panel open over the current scene, if any."""
        ...

    def say(self, text: str, language: str) -> None:
        """Speak ``text`` soon, newest first (the self-voicing menu; never blocks)."""
        ...

    def warm(self, routine: Routine) -> None:
        """Render ``routine``'s prompts in the background (cheap; never blocks)."""
        ...


class Scene:
    """Base class with do-nothing defaults; subclasses override what they need."""

    def __init__(self, host: Host) -> None:
        self.host = host

    def enter(self, now: float) -> None:
        """Called when the scene becomes the current one."""

    def handle(self, event: pygame.event.Event, now: float) -> None:
        """React to one input or app event."""

    def update(self, now: float) -> None:
        """Advance to ``now`` (fire due cues, finish transitions)."""

    def wake_at(self, now: float) -> float | None:
        """The clock time this scene next needs an update without input; None: only input."""
        return None

    def frame_key(self, now: float, size: tuple[int, int]) -> Hashable:
        """Everything the next frame depends on; an unchanged key means no redraw."""
        return size

    def draw(self, surface: pygame.Surface, now: float) -> list[pygame.Rect] | None:
        """Paint the current state; return the rectangles changed, or None for all of it.
        Must not change what the scene shows (caches of drawn layers are fine)."""
        return None

    def invalidate(self) -> None:
        """Forget any cached drawing: the next draw must paint everything (the app calls
        this after an overlay painted over the scene)."""

    def leave(self, now: float) -> None:
        """Called when the scene stops being current (release resources)."""
