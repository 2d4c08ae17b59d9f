""" "How tense do you feel?" — an optional rating, 0–10, before and after a session.

One key or one click: 0–9 (the number row or the keypad) choose at once, T chooses 10,
a click on one of the eleven chips chooses it; Enter or Esc (or the Skip chip) go on
without a rating. ``on_done`` gets the rating or None. The rating is the user's own note,
kept in the journal; unclench draws no conclusions from it. Off with the setting
``ask_tension``.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

import pygame

from unclench.ui.scene import Host, Scene
from unclench.visuals.text import draw_text
from unclench.visuals.theme import Weight, scale_for
from unclench.visuals.widgets import draw_key_hint, draw_panel, key_hint_row

RATINGS = tuple(range(11))
TEN_KEY = pygame.K_t
_DIGITS = {getattr(pygame, f"K_{n}"): n for n in range(10)} | {
    getattr(pygame, f"K_KP{n}"): n for n in range(10)
}
SKIP_KEYS = (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_ESCAPE)
HINTS = (("0–9", "choose"), ("T", "for 10"), ("Enter", "skip"))


def rating_for_key(key: int) -> int | None:
    """The rating a key chooses (0–9, T for 10), or None for any other key."""
    if key == TEN_KEY:
        return 10
    return _DIGITS.get(key)


class TensionPrompt(Scene):
    """Asks once, then hands over: ``on_done(rating)`` shows whatever comes next."""

    def __init__(
        self, host: Host, after: bool, title: str, on_done: Callable[[int | None], None]
    ) -> None:
        super().__init__(host)
        self.after = after
        self.title = title
        self.on_done = on_done
        self._done = False

    @property
    def question(self) -> str:
        return "How tense do you feel now?" if self.after else "How tense do you feel?"

    def _box(self, size: tuple[int, int]) -> tuple[pygame.Rect, float]:
        u = scale_for(size)
        box = pygame.Rect(0, 0, min(size[0] - round(6 * u), round(110 * u)), round(46 * u))
        box.center = (size[0] // 2, size[1] // 2)
        return box, u

    def chip_rects(self, size: tuple[int, int]) -> list[pygame.Rect]:
        """The eleven rating chips, 0 to 10, where they are drawn and clicked."""
        box, u = self._box(size)
        gap = round(1.4 * u)
        side = min(round(7.5 * u), (box.width - round(8 * u) - 10 * gap) // 11)
        left = box.centerx - (11 * side + 10 * gap) // 2
        top = box.top + round(25 * u)
        return [pygame.Rect(left + i * (side + gap), top, side, side) for i in RATINGS]

    def hint_rects(self, size: tuple[int, int]) -> list[pygame.Rect]:
        box, u = self._box(size)
        return key_hint_row(
            (box.left, box.bottom - round(9 * u)),
            HINTS,
            self.host.fonts,
            round(3.6 * u),
            round(4 * u),
            centre_x=box.centerx,
        )

    def handle(self, event: pygame.event.Event, now: float) -> None:
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            size = pygame.display.get_surface().get_size()
            for rating, rect in zip(RATINGS, self.chip_rects(size), strict=True):
                if rect.collidepoint(event.pos):
                    self._finish(rating)
                    return
            if self.hint_rects(size)[-1].collidepoint(event.pos):
                self._finish(None)
            return
        if event.type != pygame.KEYDOWN:
            return
        chosen = rating_for_key(event.key)
        if chosen is not None:
            self._finish(chosen)
        elif event.key in SKIP_KEYS:
            self._finish(None)

    def _finish(self, rating: int | None) -> None:
        if not self._done:  # one answer, even if two keys arrive in the same frame
            self._done = True
            self.on_done(rating)

    def frame_key(self, now: float, size: tuple[int, int]) -> Hashable:
        return ("tension", self.after, size)

    def draw(self, surface: pygame.Surface, now: float) -> list[pygame.Rect] | None:
        palette, fonts = self.host.palette, self.host.fonts
        size = surface.get_size()
        box, u = self._box(size)
        surface.fill(palette.background)
        draw_panel(surface, box, palette, radius=round(3 * u))
        where = "After" if self.after else "Before"
        draw_text(
            surface,
            fonts,
            f"{where}: {self.title}",
            round(2.6 * u),
            palette.text_dim,
            center=(box.centerx, box.top + round(7 * u)),
        )
        draw_text(
            surface,
            fonts,
            self.question,
            round(5 * u),
            palette.text,
            center=(box.centerx, box.top + round(14 * u)),
            weight=Weight.SEMIBOLD,
        )
        draw_text(
            surface,
            fonts,
            "0 not at all · 10 very — your own note, kept in your journal",
            round(2.3 * u),
            palette.text_dim,
            center=(box.centerx, box.top + round(20.5 * u)),
        )
        for rating, rect in zip(RATINGS, self.chip_rects(size), strict=True):
            draw_panel(surface, rect, palette, radius=rect.height // 4, fill=palette.track)
            draw_text(
                surface,
                fonts,
                str(rating),
                round(3.2 * u),
                palette.text,
                center=rect.center,
                weight=Weight.SEMIBOLD,
            )
        height = round(3.6 * u)
        for (key, label), rect in zip(HINTS, self.hint_rects(size), strict=True):
            draw_key_hint(surface, rect.topleft, key, label, fonts, palette, height)
        return None
