"""After a session: completed or stopped, time practised; again, or back to the menu.

When the app was started with ``unclench play`` the summary closes the app by itself after
``AUTO_CLOSE`` seconds (it says so on screen), so a scripted run always ends.
"""

from __future__ import annotations

import math
from collections.abc import Hashable

import pygame

from unclench.core.durations import format_clock
from unclench.core.timeline import Timeline
from unclench.ui.scene import Host, Scene
from unclench.visuals.text import draw_text
from unclench.visuals.theme import Weight, scale_for
from unclench.visuals.widgets import draw_key_hint, draw_panel, key_hint_row

AUTO_CLOSE = 20.0


def practised_words(seconds: float) -> str:
    whole = round(seconds)
    if whole < 60:
        return f"{whole} second{'s' if whole != 1 else ''}"
    return format_clock(seconds)


class SummaryScene(Scene):
    def __init__(
        self, host: Host, timeline: Timeline, completed: bool, practised: float, then_quit: bool
    ) -> None:
        super().__init__(host)
        self.timeline = timeline
        self.completed = completed
        self.practised = practised
        self.then_quit = then_quit
        self.entered = 0.0

    def enter(self, now: float) -> None:
        self.entered = now

    def _left(self, now: float) -> int:
        return max(0, math.ceil(AUTO_CLOSE - (now - self.entered)))

    def update(self, now: float) -> None:
        if self.then_quit and self._left(now) <= 0:
            self.host.quit()

    def wake_at(self, now: float) -> float | None:
        if not self.then_quit:
            return None
        elapsed = now - self.entered
        return self.entered + math.floor(elapsed) + 1.0

    def _hints(self) -> tuple[tuple[str, str], ...]:
        return (("Enter", "again"), ("Esc", "close" if self.then_quit else "menu"))

    def _box(self, size: tuple[int, int]) -> pygame.Rect:
        u = scale_for(size)
        box = pygame.Rect(0, 0, min(size[0] - round(8 * u), round(90 * u)), round(54 * u))
        box.center = (size[0] // 2, size[1] // 2)
        return box

    def _hint_rects(self, size: tuple[int, int]) -> list[pygame.Rect]:
        """The Enter/Esc chips (clickable); the same rects are drawn and hit-tested."""
        u = scale_for(size)
        box = self._box(size)
        top = (box.left, box.bottom - round(11 * u))
        return key_hint_row(
            top, self._hints(), self.host.fonts, round(3.6 * u), round(4 * u), centre_x=box.centerx
        )

    def handle(self, event: pygame.event.Event, now: float) -> None:
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            rects = self._hint_rects(pygame.display.get_surface().get_size())
            if rects[0].collidepoint(event.pos):
                self._again()
            elif rects[1].collidepoint(event.pos):
                self._close()
            return
        if event.type != pygame.KEYDOWN:
            return
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_r):
            self._again()
        elif event.key in (pygame.K_ESCAPE, pygame.K_q):
            self._close()

    def _again(self) -> None:
        t = self.timeline
        self.host.start_session(t.routine, t.tempo, t.cycles, then_quit=self.then_quit)

    def _close(self) -> None:
        if self.then_quit:
            self.host.quit()
        else:
            self.host.show_menu()

    def frame_key(self, now: float, size: tuple[int, int]) -> Hashable:
        return (size, self._left(now) if self.then_quit else None)

    def draw(self, surface: pygame.Surface, now: float) -> list[pygame.Rect] | None:
        palette, fonts = self.host.palette, self.host.fonts
        size = surface.get_size()
        u = scale_for(size)
        surface.fill(palette.background)
        box = self._box(size)
        draw_panel(surface, box, palette, radius=round(3 * u))
        cx = box.centerx
        headline = "Well done." if self.completed else "Session stopped."
        colour = palette.accent_breath if self.completed else palette.text
        draw_text(
            surface,
            fonts,
            headline,
            round(6 * u),
            colour,
            center=(cx, box.top + round(10 * u)),
            weight=Weight.SEMIBOLD,
        )
        draw_text(
            surface,
            fonts,
            self.timeline.routine.title,
            round(3 * u),
            palette.text_dim,
            center=(cx, box.top + round(18 * u)),
        )
        draw_text(
            surface,
            fonts,
            f"You practised for {practised_words(self.practised)}",
            round(3.4 * u),
            palette.text,
            center=(cx, box.top + round(27 * u)),
        )
        if self.completed:
            note = "Take a moment before you get up."
        else:
            note = f"of {format_clock(self.timeline.total)}. Any practice counts."
        draw_text(
            surface,
            fonts,
            note,
            round(2.4 * u),
            palette.text_dim,
            center=(cx, box.top + round(33 * u)),
        )
        height = round(3.6 * u)
        for (key, label), rect in zip(self._hints(), self._hint_rects(size), strict=True):
            draw_key_hint(surface, rect.topleft, key, label, fonts, palette, height)
        if self.then_quit:
            left = self._left(now)
            draw_text(
                surface,
                fonts,
                f"Closing in {left} s",
                round(2.2 * u),
                palette.text_dim,
                center=(cx, box.bottom + round(4 * u)),
            )
        return None
