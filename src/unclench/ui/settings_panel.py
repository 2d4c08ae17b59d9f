"""The settings panel (S in the menu): voice, speech rate and pitch, volumes, counting
aloud, mute, the relaxing breath's 4-breath start (the 4-7-8 progression's override), the
dominant hand (which side the body map lights and names where a routine says "dominant"),
and sight and motion: theme, text size, reduced motion and the spoken menu.

The rows are pure (``SETTING_ROWS`` turn a Settings into labels and step them); the panel
only draws them and hands the new Settings to the app, which applies them to the sound
service and has them saved at once, off the render loop. The Volume and Muted rows show
what ↑/↓ and M chose in a session: the settings are the one owner of both.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, replace

import pygame

from unclench.core.body import HANDEDNESS
from unclench.settings import (
    MOTION_CHOICES,
    PITCH_RANGE,
    RATE_PICK_RANGE,
    TEXT_SCALE_RANGE,
    THEMES,
    Settings,
    clamp_text_scale,
)
from unclench.ui.overlays import Overlay
from unclench.ui.scene import Host
from unclench.visuals.text import draw_text, ellipsize, fit_text
from unclench.visuals.theme import Fonts, Weight
from unclench.visuals.widgets import draw_panel

RATE_STEP = 10
PITCH_STEP = 5
VOLUME_STEP = 0.1
TEXT_SCALE_STEP = 0.1

THEME_LABELS = {"dark": "Dark", "light": "Light", "contrast": "High contrast"}
MOTION_LABELS = {"system": "As the desktop says", "on": "On", "off": "Off"}


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
    """The overall volume one step louder or softer, within 0–1. The panel's Volume row
    and ↑/↓ in a session both step it. Mute is apart: only M mutes and unmutes, so a
    muted session stays silent while the level is set for later."""
    volume = round(_clamp(settings.volume + direction * VOLUME_STEP, 0, 1), 2)
    return replace(settings, volume=volume)


def step_count_aloud(current: bool | None, direction: int) -> bool | None:
    order: list[bool | None] = [None, True, False]
    return order[(order.index(current) + direction) % len(order)]


def breath_cap_label(override: bool) -> str:
    """The 4-7-8 progression's row: the source's advice, or the user's own choice."""
    return "Up to 8 breaths from the start" if override else "4 breaths the first month"


def step_handedness(current: str, direction: int) -> str:
    """The other side (there are two: either direction toggles)."""
    index = HANDEDNESS.index(current) if current in HANDEDNESS else 0
    return HANDEDNESS[(index + direction) % len(HANDEDNESS)]


def handedness_label(handedness: str) -> str:
    return f"{handedness.capitalize()} hand"


def step_choice(current: str, choices: tuple[str, ...], direction: int) -> str:
    """The next (or previous) of ``choices``, cycling."""
    index = choices.index(current) if current in choices else 0
    return choices[(index + direction) % len(choices)]


def step_text_scale(current: float, direction: int) -> float:
    """One 10 % step bigger or smaller, within 80–160 %."""
    low, high = TEXT_SCALE_RANGE
    return clamp_text_scale(_clamp(current + direction * TEXT_SCALE_STEP, low, high))


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
    SettingRow(
        "Relaxing breath",
        lambda s, v: breath_cap_label(s.breath_cap_override),
        lambda s, v, d: replace(s, breath_cap_override=not s.breath_cap_override),
    ),
    SettingRow(
        "Ask how tense I feel",
        lambda s, v: "Before and after" if s.ask_tension else "No",
        lambda s, v, d: replace(s, ask_tension=not s.ask_tension),
    ),
    SettingRow(
        "Dominant hand",
        lambda s, v: handedness_label(s.handedness),
        lambda s, v, d: replace(s, handedness=step_handedness(s.handedness, d)),
    ),
    SettingRow(
        "Theme",
        lambda s, v: THEME_LABELS[s.theme],
        lambda s, v, d: replace(s, theme=step_choice(s.theme, THEMES, d)),
    ),
    SettingRow(
        "Text size",
        lambda s, v: f"{round(s.text_scale * 100)} %",
        lambda s, v, d: replace(s, text_scale=step_text_scale(s.text_scale, d)),
    ),
    SettingRow(
        "Reduced motion",
        lambda s, v: MOTION_LABELS[s.reduced_motion],
        lambda s, v, d: replace(s, reduced_motion=step_choice(s.reduced_motion, MOTION_CHOICES, d)),
    ),
    SettingRow(
        "Speak the menu",
        lambda s, v: "On" if s.speak_menu else "Off",
        lambda s, v, d: replace(s, speak_menu=not s.speak_menu),
    ),
)

HINT = "↑↓ choose · ←→ or click change · Esc close — changes apply at once"


def fitted_value(fonts: Fonts, title: str, value: str, width: int, size: int) -> str:
    """``value`` shortened so that ``title``, a gap and it fit on one row ``width`` wide at
    ``size`` (times the text scale): a long voice name at 160 % ends in "…", never off the
    panel."""
    title_width = fonts.get(size).size(title)[0]
    gap = fonts.get(size).size("  ")[0]
    return ellipsize(fonts.get(size, Weight.SEMIBOLD), value, max(0, width - title_width - gap))


ROW_UNITS = 5.15  # 15 rows, each tall enough for its text at 160 %
ROW_GAP_UNITS = 0.5


class SettingsOverlay(Overlay):
    """↑/↓ choose a row, ←/→ change it, Esc or Enter close. Changes apply at once."""

    height_units = 94.0  # one ROW_UNITS row per setting, under the title

    def __init__(self, host: Host) -> None:
        super().__init__(host)
        self.row = 0

    def _row_rects(self, size: tuple[int, int]) -> list[pygame.Rect]:
        """Each setting's row, where it is drawn and where a click changes it."""
        box, u = self.panel(size)
        inner = box.inflate(-round(8 * u), -round(7 * u))
        row_h = round(ROW_UNITS * u)
        top = inner.top + round(7.4 * u) - round(0.8 * u)
        return [
            pygame.Rect(
                inner.left - round(2 * u),
                top + i * row_h,
                inner.width + round(4 * u),
                row_h - round(ROW_GAP_UNITS * u),
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
            "Settings",
            round(4 * u),
            palette.text,
            topleft=inner.topleft,
            weight=Weight.SEMIBOLD,
        )
        size = round(2.4 * u)  # 160 % of it still fits a row's height
        rects = self._row_rects(surface.get_size())
        for i, (row, rect) in enumerate(zip(SETTING_ROWS, rects, strict=True)):
            if i == self.row:
                draw_panel(surface, rect, palette, radius=round(1.5 * u), fill=palette.track)
            label = row.label(self.host.settings, voices)
            value = fitted_value(
                fonts,
                row.title,
                f"‹  {label}  ›" if i == self.row else label,
                inner.width,
                size,
            )
            title = fonts.render(row.title, size, palette.text_dim)
            surface.blit(title, title.get_rect(midleft=(inner.left, rect.centery)))
            shown = fonts.render(value, size, palette.text, Weight.SEMIBOLD)
            surface.blit(shown, shown.get_rect(midright=(inner.right, rect.centery)))
        hint_box = pygame.Rect(
            inner.left, rects[-1].bottom, inner.width, inner.bottom - rects[-1].bottom
        )
        hint_size, hint_lines = fit_text(
            fonts, HINT, hint_box.size, round(2.1 * u), 6, Weight.REGULAR, 1
        )
        draw_text(
            surface,
            fonts,
            hint_lines[0] if hint_lines else "",
            hint_size,
            palette.text_dim,
            topleft=hint_box.topleft,
        )
