"""Panels drawn over the current scene: help, about, and "leave this session?".

An overlay takes the keyboard while it is open; the scene beneath keeps its state (a session
stays paused under it) and is drawn first, dimmed.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

import pygame

from unclench.about import ABOUT_TEXT, DISCLAIMER
from unclench.ui.scene import Host, Scene
from unclench.visuals.text import Align, Measures, draw_text, draw_text_block, wrap_text
from unclench.visuals.theme import Weight, scale_for
from unclench.visuals.widgets import draw_key_hint, draw_panel, key_hint_row, legible_chip_height

HELP_KEYS: tuple[tuple[str, str], ...] = (
    ("Space", "pause or go on (or click; the key chips at the bottom click too)"),
    ("→", "next step"),
    ("←", "back to the start of the step"),
    ("Esc", "leave the session (asks first) · close a panel · quit from the menu"),
    ("M", "mute or unmute the voice and chimes"),
    ("↑ ↓", "louder / softer during a session; choose a routine in the menu"),
    ("← →", "fewer / more cycles in the menu"),
    ("− +", "slower / faster pace in the menu"),
    ("PgUp/Dn", "scroll the chosen routine's details (or the wheel over them)"),
    ("Enter", "start the chosen routine"),
    ("S", "sound settings: voice, speech rate, volumes, counting aloud (menu)"),
    ("H", "your practice: the last 30 days, streak, sessions (menu)"),
    ("R", "reminders: list, add and remove them (menu)"),
    ("A", "about these exercises (menu)"),
    ("F11", "fullscreen on or off"),
    ("? F1", "this help"),
)


def _veil(surface: pygame.Surface, colour: tuple[int, int, int]) -> None:
    veil = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
    veil.fill((*colour, 200))
    surface.blit(veil, (0, 0))


class Overlay(Scene):
    """A centred panel over a dimmed scene; any subclass draws its content in ``inner``."""

    width_units = 110.0
    height_units = 78.0

    def panel(self, size: tuple[int, int]) -> tuple[pygame.Rect, float]:
        u = scale_for(size)
        box = pygame.Rect(
            0,
            0,
            min(size[0] - round(6 * u), round(self.width_units * u)),
            min(size[1] - round(6 * u), round(self.height_units * u)),
        )
        box.center = (size[0] // 2, size[1] // 2)
        return box, u

    def frame_key(self, now: float, size: tuple[int, int]) -> Hashable:
        return (type(self).__name__, size)

    def draw(self, surface: pygame.Surface, now: float) -> list[pygame.Rect] | None:
        palette = self.host.palette
        _veil(surface, palette.background)
        box, u = self.panel(surface.get_size())
        draw_panel(surface, box, palette, radius=round(2.5 * u))
        self.draw_inner(surface, box.inflate(-round(8 * u), -round(7 * u)), u)
        return None

    def draw_inner(self, surface: pygame.Surface, inner: pygame.Rect, u: float) -> None:
        raise NotImplementedError


class HelpOverlay(Overlay):
    def handle(self, event: pygame.event.Event, now: float) -> None:
        if event.type in (pygame.KEYDOWN, pygame.MOUSEBUTTONDOWN):
            self.host.overlay(None)

    def draw_inner(self, surface: pygame.Surface, inner: pygame.Rect, u: float) -> None:
        palette, fonts = self.host.palette, self.host.fonts
        draw_text(
            surface,
            fonts,
            "Keys",
            round(4 * u),
            palette.text,
            topleft=inner.topleft,
            weight=Weight.SEMIBOLD,
        )
        y = inner.top + round(7 * u)
        size = round(2.5 * u)
        step = round(4.3 * u)
        for key, what in HELP_KEYS:
            draw_text(
                surface,
                fonts,
                key,
                size,
                palette.accent_breath,
                topleft=(inner.left, y),
                weight=Weight.SEMIBOLD,
            )
            draw_text(
                surface, fonts, what, size, palette.text, topleft=(inner.left + round(14 * u), y)
            )
            y += step
        draw_text(
            surface,
            fonts,
            "Any key closes this panel.",
            round(2.1 * u),
            palette.text_dim,
            topleft=(inner.left, inner.bottom - round(2.5 * u)),
        )


def about_lines(text: str, font: Measures, width: int) -> list[tuple[str, bool]]:
    """The about page wrapped to ``width``: (line, is_heading). A heading is a short
    paragraph with no closing punctuation ("Where the idea comes from")."""
    lines: list[tuple[str, bool]] = []
    for paragraph in text.strip().split("\n"):
        words = paragraph.strip()
        if not words:
            lines.append(("", False))
            continue
        heading = len(words) < 60 and words[-1] not in '.:?!)"' and not words.startswith("•")
        lines.extend((line, heading) for line in wrap_text(words, font, width))
    return lines


class AboutOverlay(Overlay):
    """The "About these exercises" page; ↑/↓ scroll, any other key closes."""

    def __init__(self, host: Host) -> None:
        super().__init__(host)
        self.scroll = 0

    def _layout(
        self, size: tuple[int, int]
    ) -> tuple[pygame.Rect, int, list[tuple[str, bool]], int]:
        box, u = self.panel(size)
        inner = box.inflate(-round(8 * u), -round(7 * u))
        font_size = round(2.3 * u)
        lines = about_lines(ABOUT_TEXT, self.host.fonts.get(font_size), inner.width)
        step = round(self.host.fonts.get(font_size).get_linesize() * 1.2)
        visible = max(1, (inner.height - round(5 * u)) // step)
        return inner, font_size, lines, visible

    def handle(self, event: pygame.event.Event, now: float) -> None:
        _, _, lines, visible = self._layout(pygame.display.get_surface().get_size())
        last = max(0, len(lines) - visible)
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_DOWN, pygame.K_PAGEDOWN):
            self.scroll = min(last, self.scroll + (3 if event.key == pygame.K_DOWN else visible))
        elif event.type == pygame.KEYDOWN and event.key in (pygame.K_UP, pygame.K_PAGEUP):
            self.scroll = max(0, self.scroll - (3 if event.key == pygame.K_UP else visible))
        elif event.type == pygame.MOUSEWHEEL:
            self.scroll = max(0, min(last, self.scroll - 3 * event.y))
        elif event.type in (pygame.KEYDOWN, pygame.MOUSEBUTTONDOWN):
            self.host.overlay(None)

    def frame_key(self, now: float, size: tuple[int, int]) -> Hashable:
        return ("about", size, self.scroll)

    def draw_inner(self, surface: pygame.Surface, inner: pygame.Rect, u: float) -> None:
        palette, fonts = self.host.palette, self.host.fonts
        inner, size, lines, visible = self._layout(surface.get_size())
        step = round(fonts.get(size).get_linesize() * 1.2)
        y = inner.top
        for line, heading in lines[self.scroll : self.scroll + visible]:
            draw_text(
                surface,
                fonts,
                line,
                size,
                palette.accent_breath if heading else palette.text,
                topleft=(inner.left, y),
                weight=Weight.SEMIBOLD if heading else Weight.REGULAR,
            )
            y += step
        more = "↑↓ scroll · " if len(lines) > visible else ""
        draw_text(
            surface,
            fonts,
            f"{DISCLAIMER}   {more}any other key closes",
            round(2 * u),
            palette.text_dim,
            topleft=(inner.left, inner.bottom - round(2.5 * u)),
        )


class ConfirmLeave(Overlay):
    """Asked when Esc is pressed during a session: leaving ends it (the summary follows)."""

    width_units = 70.0
    height_units = 30.0

    def __init__(self, host: Host, on_leave: Callable[[float], None]) -> None:
        super().__init__(host)
        self.on_leave = on_leave

    CHOICES = (("Enter", "leave"), ("Esc", "stay (paused)"))

    def _choice_rects(self, size: tuple[int, int]) -> list[pygame.Rect]:
        box, u = self.panel(size)
        inner = box.inflate(-round(8 * u), -round(7 * u))
        height = legible_chip_height(round(3.8 * u))
        top = (inner.left, inner.bottom - height - round(1 * u))
        return key_hint_row(
            top, self.CHOICES, self.host.fonts, height, round(5 * u), centre_x=inner.centerx
        )

    def handle(self, event: pygame.event.Event, now: float) -> None:
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            leave, stay = self._choice_rects(pygame.display.get_surface().get_size())
            if leave.collidepoint(event.pos):
                self._leave(now)
            elif stay.collidepoint(event.pos):
                self.host.overlay(None)
            return
        if event.type != pygame.KEYDOWN:
            return
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_y):
            self._leave(now)
        elif event.key in (pygame.K_ESCAPE, pygame.K_n, pygame.K_SPACE):
            self.host.overlay(None)

    def _leave(self, now: float) -> None:
        self.host.overlay(None)
        self.on_leave(now)

    def draw_inner(self, surface: pygame.Surface, inner: pygame.Rect, u: float) -> None:
        palette, fonts = self.host.palette, self.host.fonts
        top = pygame.Rect(inner.left, inner.top, inner.width, inner.height // 2)
        draw_text_block(
            surface,
            top,
            "Leave this session?",
            fonts,
            palette.text,
            round(4 * u),
            weight=Weight.SEMIBOLD,
            align=Align.CENTRE,
            max_lines=1,
        )
        rects = self._choice_rects(surface.get_size())
        for (key, label), rect in zip(self.CHOICES, rects, strict=True):
            draw_key_hint(surface, rect.topleft, key, label, fonts, palette, rect.height)
