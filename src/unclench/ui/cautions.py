"""The cautions card: a routine's cautions, shown before its session is prepared.

Every way into a session (the menu's Enter or click, ``unclench play``) passes through
``needs_card``: a routine with cautions shows them on a calm card first, unless the user
has read these very cautions before and skipping is allowed (always from the menu; with
``--yes`` for ``play``). Enter, Space or a click starts the session; Esc goes back (to the
menu, or out of ``play``). The settings remember which cautions were read as a digest per
routine, so a routine whose cautions change shows its card again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable
from dataclasses import replace

import pygame

from unclench.about import DISCLAIMER
from unclench.core.routine import Routine
from unclench.core.sources import references
from unclench.settings import Settings
from unclench.ui.scene import Host, Scene
from unclench.visuals.text import draw_text, ellipsize, wrap_text
from unclench.visuals.theme import Weight, scale_for
from unclench.visuals.widgets import draw_key_hint, draw_panel, key_hint_row

MIN_TEXT_PX = 12
"""No text on the card is drawn smaller than this, however small the window."""


def cautions_digest(routine: Routine) -> str:
    """A short fingerprint of the cautions as written (what "seen" refers to)."""
    joined = "\n".join(routine.cautions).encode("utf-8")
    return hashlib.sha256(joined).hexdigest()[:16]


def has_seen(settings: Settings, routine: Routine) -> bool:
    return settings.cautions_seen.get(routine.id) == cautions_digest(routine)


def mark_seen(settings: Settings, routine: Routine) -> Settings:
    """``settings`` with this routine's current cautions recorded as read."""
    seen = dict(settings.cautions_seen)
    seen[routine.id] = cautions_digest(routine)
    return replace(settings, cautions_seen=seen)


def needs_card(routine: Routine, settings: Settings, skip_seen: bool) -> bool:
    """Whether the card comes first: the routine has cautions, and they have not been read
    (or skipping what was read is not allowed)."""
    if not routine.cautions:
        return False
    return not (skip_seen and has_seen(settings, routine))


class CautionsCard(Scene):
    """The card itself. ``on_ready``: start the session; ``on_back``: go back."""

    CHOICES = (("Enter", "begin"), ("Esc", "back"))

    def __init__(
        self,
        host: Host,
        routine: Routine,
        on_ready: Callable[[], None],
        on_back: Callable[[], None],
    ) -> None:
        super().__init__(host)
        self.routine = routine
        self.on_ready = on_ready
        self.on_back = on_back
        self.scroll = 0  # lines scrolled (only when the cautions do not fit)
        self._size = (1280, 720)

    # -- layout ----------------------------------------------------------------------------

    def _box(self, size: tuple[int, int]) -> tuple[pygame.Rect, float]:
        u = scale_for(size)
        box = pygame.Rect(
            0, 0, min(size[0] - round(6 * u), round(120 * u)), size[1] - round(12 * u)
        )
        box.center = (size[0] // 2, size[1] // 2)
        return box, u

    def _choice_rects(self, size: tuple[int, int]) -> list[pygame.Rect]:
        box, u = self._box(size)
        height = max(MIN_TEXT_PX + 8, round(4.2 * u))
        top = (box.left, box.bottom - height - round(4 * u))
        return key_hint_row(
            top, self.CHOICES, self.host.fonts, height, round(5 * u), centre_x=box.centerx
        )

    def _lines(self, size: tuple[int, int]) -> tuple[list[tuple[str, bool]], int, int, int]:
        """(line, starts a caution) for the wrapped cautions, the font size, the line step
        and how many lines fit."""
        box, u = self._box(size)
        text_size = max(MIN_TEXT_PX, round(2.6 * u))
        font = self.host.fonts.get(text_size)
        indent = round(3.5 * u)
        width = box.width - round(16 * u) - indent
        lines: list[tuple[str, bool]] = []
        for caution in self.routine.cautions:
            for i, line in enumerate(wrap_text(caution, font, width)):
                lines.append((line, i == 0))
            lines.append(("", False))
        step = round(font.get_linesize() * 1.2)
        top = box.top + round(19 * u)
        bottom = self._choice_rects(size)[0].top - round(9 * u)
        return lines[:-1], text_size, step, max(1, (bottom - top) // step)

    # -- input -----------------------------------------------------------------------------

    def handle(self, event: pygame.event.Event, now: float) -> None:
        if event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
                self.on_ready()
            elif event.key == pygame.K_ESCAPE:
                self.on_back()
            elif event.key in (pygame.K_DOWN, pygame.K_UP):
                self._scroll(1 if event.key == pygame.K_DOWN else -1)
        elif event.type == pygame.MOUSEWHEEL:
            self._scroll(-event.y)
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            back = self._choice_rects(self._size)[1]
            if back.collidepoint(event.pos):
                self.on_back()
            else:
                self.on_ready()

    def _scroll(self, lines: int) -> None:
        all_lines, _, _, visible = self._lines(self._size)
        self.scroll = max(0, min(len(all_lines) - visible, self.scroll + lines))

    # -- drawing ---------------------------------------------------------------------------

    def frame_key(self, now: float, size: tuple[int, int]) -> Hashable:
        self._size = size
        return ("cautions", size, self.routine.id, self.scroll)

    def draw(self, surface: pygame.Surface, now: float) -> list[pygame.Rect] | None:
        palette, fonts = self.host.palette, self.host.fonts
        size = surface.get_size()
        self._size = size
        surface.fill(palette.background)
        box, u = self._box(size)
        draw_panel(surface, box, palette, radius=round(2.5 * u))
        left = box.left + round(8 * u)
        draw_text(
            surface,
            fonts,
            "Before you begin",
            max(MIN_TEXT_PX, round(2.4 * u)),
            palette.text_dim,
            topleft=(left, box.top + round(5 * u)),
        )
        title_size = max(MIN_TEXT_PX + 4, round(4.2 * u))
        title_font = fonts.get(title_size, Weight.SEMIBOLD)
        draw_text(
            surface,
            fonts,
            ellipsize(title_font, self.routine.title, box.width - round(16 * u)),
            title_size,
            palette.text,
            topleft=(left, box.top + round(9.5 * u)),
            weight=Weight.SEMIBOLD,
        )
        lines, text_size, step, visible = self._lines(size)
        y = box.top + round(19 * u)
        indent = round(3.5 * u)
        dot = max(2, round(0.55 * u))
        for line, first in lines[self.scroll : self.scroll + visible]:
            if first:  # an unobtrusive marker in the calm breath colour
                centre = (left + dot, y + fonts.get(text_size).get_ascent() * 2 // 3)
                pygame.draw.circle(surface, palette.accent_breath, centre, dot)
            if line:
                draw_text(surface, fonts, line, text_size, palette.text, topleft=(left + indent, y))
            y += step
        small = max(MIN_TEXT_PX, round(2.1 * u))
        chips = self._choice_rects(size)
        more = len(lines) > visible
        # The disclaimer; then "↑↓ more" (first, so it is never cut off) and the sources.
        second = ["↑↓ more cautions"] if more else []
        based = references(self.routine.source)
        if based:
            second.append("Based on " + "; ".join(based[:2]) + ("; …" if len(based) > 2 else ""))
        note_y = chips[0].top - round(7.5 * u)
        note_font = fonts.get(small)
        for note in [DISCLAIMER] + ([" · ".join(second)] if second else []):
            shown = ellipsize(note_font, note, box.width - round(16 * u))
            draw_text(surface, fonts, shown, small, palette.text_dim, topleft=(left, note_y))
            note_y += round(note_font.get_linesize() * 1.15)
        for (key, label), rect in zip(self.CHOICES, chips, strict=True):
            draw_key_hint(surface, rect.topleft, key, label, fonts, palette, rect.height)
        return None
