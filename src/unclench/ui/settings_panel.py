"""The sound settings panel (S in the menu): voice, speech rate and pitch, volumes, counting
aloud, mute.

The rows are pure (``SETTING_ROWS`` turn a Settings into labels and step them); the panel
only draws them and hands the new Settings to the app, which applies them to the sound
service and has them saved at once, off the render loop. The Volume and Muted rows show
what ↑/↓ and M chose in a session: the settings are the one owner of both.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, replace

import pygame

from unclench.settings import PITCH_RANGE, RATE_PICK_RANGE, Settings
from unclench.ui.overlays import Overlay
from unclench.ui.scene import Host
from unclench.visuals.text import draw_text
from unclench.visuals.theme import Weight
from unclench.visuals.widgets import draw_panel

RATE_STEP = 10
PITCH_STEP = 5
VOLUME_STEP = 0.1


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def step_voice(
    current: str | None, voices: Sequence[tuple[str, str]], direction: int
) -> str | None:
    """Cycle through "automatic" (None) and the installed voices."""
    ids: list[str | None] = [None, *(voice_id for voice_id, _ in voices)]
    index = ids.index(current) if current in ids else 0
    return ids[(index + direction) % len(ids)]


def voice_label(current: str | None, voices: Sequence[tuple[str, str]]) -> str:
    if current is None:
        return "Automatic (follows the routine's language)"
    for voice_id, name in voices:
        if voice_id == current:
            return name
    return current


def step_volume(settings: Settings, direction: int) -> Settings:
    """The overall volume one step louder (which also unmutes) or softer, within 0–1. The
    panel's Volume row and ↑/↓ in a session both step it."""
    volume = round(_clamp(settings.volume + direction * VOLUME_STEP, 0, 1), 2)
    return replace(settings, volume=volume, muted=settings.muted and direction <= 0)


def step_count_aloud(current: bool | None, direction: int) -> bool | None:
    order: list[bool | None] = [None, True, False]
    return order[(order.index(current) + direction) % len(order)]


@dataclass(frozen=True)
class SettingRow:
    title: str
    label: Callable[[Settings, Sequence[tuple[str, str]]], str]
    step: Callable[[Settings, Sequence[tuple[str, str]], int], Settings]


SETTING_ROWS: tuple[SettingRow, ...] = (
    SettingRow(
        "Voice",
        lambda s, v: voice_label(s.voice, v),
        lambda s, v, d: replace(s, voice=step_voice(s.voice, v, d)),
    ),
    SettingRow(
        "Speech rate",
        lambda s, v: f"{s.rate} words a minute",
        lambda s, v, d: replace(s, rate=int(_clamp(s.rate + d * RATE_STEP, *RATE_PICK_RANGE))),
    ),
    SettingRow(
        "Speech pitch",
        lambda s, v: f"{s.pitch} of 100",
        lambda s, v, d: replace(s, pitch=int(_clamp(s.pitch + d * PITCH_STEP, *PITCH_RANGE))),
    ),
    SettingRow(
        "Volume",
        lambda s, v: f"{round(s.volume * 100)} %",
        lambda s, v, d: step_volume(s, d),
    ),
    SettingRow(
        "Voice volume",
        lambda s, v: f"{round(s.voice_volume * 100)} %",
        lambda s, v, d: replace(
            s, voice_volume=round(_clamp(s.voice_volume + d * VOLUME_STEP, 0, 1), 2)
        ),
    ),
    SettingRow(
        "Chime volume",
        lambda s, v: f"{round(s.chime_volume * 100)} %",
        lambda s, v, d: replace(
            s, chime_volume=round(_clamp(s.chime_volume + d * VOLUME_STEP, 0, 1), 2)
        ),
    ),
    SettingRow(
        "Count aloud",
        lambda s, v: {None: "As each routine says", True: "On", False: "Off"}[s.count_aloud],
        lambda s, v, d: replace(s, count_aloud=step_count_aloud(s.count_aloud, d)),
    ),
    SettingRow(
        "Muted",
        lambda s, v: "Yes" if s.muted else "No",
        lambda s, v, d: replace(s, muted=not s.muted),
    ),
)


class SettingsOverlay(Overlay):
    """↑/↓ choose a row, ←/→ change it, Esc or Enter close. Changes apply at once."""

    height_units = 75.0  # one 6.5-unit row per setting

    def __init__(self, host: Host) -> None:
        super().__init__(host)
        self.row = 0

    def _row_rects(self, size: tuple[int, int]) -> list[pygame.Rect]:
        """Each setting's row, where it is drawn and where a click changes it."""
        box, u = self.panel(size)
        inner = box.inflate(-round(8 * u), -round(7 * u))
        row_h = round(6.5 * u)
        top = inner.top + round(8 * u) - round(1.2 * u)
        return [
            pygame.Rect(
                inner.left - round(2 * u),
                top + i * row_h,
                inner.width + round(4 * u),
                row_h - round(0.8 * u),
            )
            for i in range(len(SETTING_ROWS))
        ]

    def handle(self, event: pygame.event.Event, now: float) -> None:
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            self._click(event.pos)
            return
        if event.type != pygame.KEYDOWN:
            return
        voices = self.host.voices()
        if event.key == pygame.K_UP:
            self.row = (self.row - 1) % len(SETTING_ROWS)
        elif event.key == pygame.K_DOWN:
            self.row = (self.row + 1) % len(SETTING_ROWS)
        elif event.key in (pygame.K_LEFT, pygame.K_RIGHT):
            direction = 1 if event.key == pygame.K_RIGHT else -1
            self.host.apply_settings(
                SETTING_ROWS[self.row].step(self.host.settings, voices, direction)
            )
        elif event.key in (pygame.K_ESCAPE, pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_s):
            self.host.overlay(None)

    def _click(self, pos: tuple[int, int]) -> None:
        """A click on a row's right half steps it forward, on its left half back; a click
        outside the panel closes it."""
        size = pygame.display.get_surface().get_size()
        if not self.panel(size)[0].collidepoint(pos):
            self.host.overlay(None)
            return
        for i, rect in enumerate(self._row_rects(size)):
            if rect.collidepoint(pos):
                self.row = i
                direction = 1 if pos[0] >= rect.centerx else -1
                settings = SETTING_ROWS[i].step(self.host.settings, self.host.voices(), direction)
                self.host.apply_settings(settings)
                return

    def frame_key(self, now: float, size: tuple[int, int]) -> Hashable:
        return ("settings", size, self.row, self.host.settings, len(self.host.voices()))

    def draw_inner(self, surface: pygame.Surface, inner: pygame.Rect, u: float) -> None:
        palette, fonts = self.host.palette, self.host.fonts
        voices = self.host.voices()
        draw_text(
            surface,
            fonts,
            "Sound",
            round(4 * u),
            palette.text,
            topleft=inner.topleft,
            weight=Weight.SEMIBOLD,
        )
        size = round(2.6 * u)
        rects = self._row_rects(surface.get_size())
        for i, (row, rect) in enumerate(zip(SETTING_ROWS, rects, strict=True)):
            y = rect.top + round(1.2 * u)
            if i == self.row:
                draw_panel(surface, rect, palette, radius=round(1.5 * u), fill=palette.track)
            draw_text(surface, fonts, row.title, size, palette.text_dim, topleft=(inner.left, y))
            value = row.label(self.host.settings, voices)
            shown = fonts.render(
                f"‹  {value}  ›" if i == self.row else value, size, palette.text, Weight.SEMIBOLD
            )
            surface.blit(shown, shown.get_rect(topright=(inner.right, y)))
        draw_text(
            surface,
            fonts,
            "↑↓ choose · ←→ or click change · Esc close — changes apply at once",
            round(2.1 * u),
            palette.text_dim,
            topleft=(inner.left, inner.bottom - round(2.5 * u)),
        )
