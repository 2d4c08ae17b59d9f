"""Settings for sight and motion: themes and their contrast, text size, reduced motion and
the self-voicing menu."""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from dataclasses import asdict, replace
from pathlib import Path

import pygame
import pytest

from fakes import FakeClock, FakeHost, key_event
from unclench.catalog import load_catalog
from unclench.core.routine import Phase
from unclench.motion import GSETTINGS, desktop_wants_still, keeps_still
from unclench.settings import Settings, load_settings, save_settings
from unclench.ui.menu import MenuScene
from unclench.ui.settings_panel import HINT, SETTING_ROWS, SettingsOverlay, fitted_value
from unclench.visuals.breath import breath_layout, draw_breath, fill_band, still_fill
from unclench.visuals.text import fit_text
from unclench.visuals.theme import (
    CONTRAST,
    DARK,
    ESSENTIAL_COLOURS,
    LIGHT,
    TEXT_COLOURS,
    THEMES,
    Fonts,
    Palette,
    Weight,
    contrast_ratio,
)


def test_contrast_ratio_is_the_wcag_formula() -> None:
    assert contrast_ratio((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert contrast_ratio((119, 119, 119), (255, 255, 255)) == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio((40, 40, 40), (40, 40, 40)) == 1.0


@pytest.mark.parametrize("name", ["dark", "light"])
def test_text_in_dark_and_light_keeps_4_5_to_1(name: str) -> None:
    palette = THEMES[name]
    for field in TEXT_COLOURS:
        for back in (palette.background, palette.surface):
            ratio = contrast_ratio(getattr(palette, field), back)
            assert ratio >= 4.5, (name, field, round(ratio, 2))


def test_high_contrast_keeps_7_to_1_for_text_and_essential_graphics() -> None:
    for field in ESSENTIAL_COLOURS:
        for back in (CONTRAST.background, CONTRAST.surface):
            ratio = contrast_ratio(getattr(CONTRAST, field), back)
            assert ratio >= 7.0, (field, round(ratio, 2))
    # The count drawn on the disc (in the background's colour) reads on it too.
    assert contrast_ratio(CONTRAST.background, CONTRAST.accent_breath) >= 7.0


def test_the_three_themes_are_distinct_palettes() -> None:
    assert set(THEMES) == {"dark", "light", "contrast"}
    assert len({THEMES[n] for n in THEMES}) == 3
    assert THEMES["dark"] is DARK and THEMES["light"] is LIGHT


def test_sight_settings_read_back_and_invalid_ones_get_their_defaults(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    chosen = replace(
        Settings(), theme="contrast", text_scale=1.4, reduced_motion="on", speak_menu=True
    )
    save_settings(chosen, path)
    assert load_settings(path) == (chosen, [])
    path.write_text(
        '{"theme": "neon", "text_scale": 9, "reduced_motion": true, "speak_menu": "yes"}'
    )
    settings, notices = load_settings(path)
    assert settings.theme == "dark"
    assert settings.text_scale == 1.6  # clamped, not rejected
    assert settings.reduced_motion == "system"
    assert settings.speak_menu is False
    assert "'theme'" in notices[0] and "'reduced_motion'" in notices[0]


def test_text_scale_is_clamped_and_kept_to_steps_of_a_tenth(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    for raw, kept in ((0.2, 0.8), (1.23, 1.2), (1.6, 1.6)):
        path.write_text(f'{{"text_scale": {raw}}}')
        assert load_settings(path)[0].text_scale == kept


def _row(title: str) -> int:
    return [row.title for row in SETTING_ROWS].index(title)


def test_the_panel_steps_theme_text_size_motion_and_the_spoken_menu() -> None:
    s = Settings()
    theme, size = SETTING_ROWS[_row("Theme")], SETTING_ROWS[_row("Text size")]
    seen = [s.theme]
    for _ in range(3):
        s = theme.step(s, [], 1)
        seen.append(s.theme)
    assert seen == ["dark", "light", "contrast", "dark"]
    for _ in range(10):
        s = size.step(s, [], 1)
    assert s.text_scale == 1.6 and size.label(s, []) == "160 %"
    for _ in range(10):
        s = size.step(s, [], -1)
    assert s.text_scale == 0.8
    motion = SETTING_ROWS[_row("Reduced motion")]
    assert motion.step(Settings(), [], 1).reduced_motion == "on"
    assert SETTING_ROWS[_row("Speak the menu")].step(Settings(), [], 1).speak_menu is True


def _fake_run(answer: str | Exception):  # type: ignore[no-untyped-def]
    def run(command: Sequence[str]) -> str:
        assert tuple(command) == GSETTINGS
        if isinstance(answer, Exception):
            raise answer
        return answer

    return run


def test_the_desktops_wish_is_read_from_gnome_and_unknown_when_it_cannot_be() -> None:
    assert desktop_wants_still(_fake_run("false\n")) is True
    assert desktop_wants_still(_fake_run("true\n")) is False
    assert desktop_wants_still(_fake_run("No such schema")) is None
    assert desktop_wants_still(_fake_run(FileNotFoundError("gsettings"))) is None
    assert desktop_wants_still(_fake_run(subprocess.TimeoutExpired("gsettings", 2))) is None


def test_the_setting_overrides_the_desktop_and_system_follows_it() -> None:
    assert keeps_still("on", False) and not keeps_still("off", True)
    assert keeps_still("system", True) and not keeps_still("system", False)
    assert not keeps_still("system", None)


def _disc_pixels(level: float, still: bool) -> tuple[pygame.Surface, pygame.Rect]:
    rect = pygame.Rect(0, 0, 400, 400)
    surface = pygame.Surface(rect.size)
    surface.fill(DARK.background)
    draw_breath(surface, rect, Phase.INHALE, level, DARK, level=level, still=still)
    return surface, rect


def test_the_still_disc_keeps_its_size_and_a_band_carries_the_breath() -> None:
    empty, rect = _disc_pixels(0.0, still=True)
    full, _ = _disc_pixels(1.0, still=True)
    layout = breath_layout(rect)
    cx, cy = layout.centre
    edge = round(layout.r_min + (layout.r_max - layout.r_min) * 0.8) - 3
    for x, y in ((cx + edge, cy), (cx, cy - edge), (cx - edge, cy)):
        assert empty.get_at((x, y))[:3] == full.get_at((x, y))[:3] == DARK.accent_breath
    band, _ = fill_band(layout)
    probe = (cx, round(cy + band))  # half way round the band (it fills from the top)
    assert empty.get_at(probe)[:3] == DARK.track
    assert full.get_at(probe)[:3] == DARK.accent_breath
    # In full motion the disc's size does change with the breath.
    moving_empty, _ = _disc_pixels(0.0, still=False)
    moving_full, _ = _disc_pixels(1.0, still=False)
    far = (cx + round(layout.r_max * 0.8), cy)
    assert moving_empty.get_at(far)[:3] != moving_full.get_at(far)[:3]


def test_the_still_band_shows_only_on_breaths_so_nothing_glides_between_steps() -> None:
    assert still_fill(Phase.INHALE, 0.3) == 0.3
    assert still_fill(Phase.REST, 0.3) is None
    assert still_fill(Phase.INSTRUCTION, 0.9) is None


def test_text_scale_multiplies_every_font_size() -> None:
    pygame.font.init()
    normal, big = Fonts(), Fonts(scale=1.6)
    assert big.get(20).get_height() > normal.get(20).get_height() * 1.4
    assert (
        big.render("Breathe in", 20, DARK.text).get_width()
        > 1.4 * normal.render("Breathe in", 20, DARK.text).get_width()
    )


@pytest.mark.parametrize("size", [(1280, 720), (640, 480)])
@pytest.mark.parametrize("theme", ["dark", "contrast"])
def test_the_settings_panel_at_160_percent_keeps_every_row_inside(
    size: tuple[int, int], theme: str
) -> None:
    host = FakeHost(FakeClock(), replace(Settings(), voice="a-voice", text_scale=1.6))
    host.fonts = Fonts(scale=1.6)
    host.palette = THEMES[theme]
    voices = [("a-voice", "A very long voice name, English (Received Pronunciation), female")]
    panel = SettingsOverlay(host)
    box, u = panel.panel(size)
    inner = box.inflate(-round(8 * u), -round(7 * u))
    rects = panel._row_rects(size)
    text_size = round(2.4 * u)
    font, bold = host.fonts.get(text_size), host.fonts.get(text_size, Weight.SEMIBOLD)
    for row, rect in zip(SETTING_ROWS, rects, strict=True):
        assert inner.top <= rect.top and rect.bottom <= inner.bottom
        value = fitted_value(
            host.fonts,
            row.title,
            f"‹  {row.label(host.settings, voices)}  ›",
            inner.width,
            text_size,
        )
        assert font.size(row.title)[0] + bold.size(value)[0] <= inner.width
        assert max(font.get_height(), bold.get_height()) <= rect.height
    hint = pygame.Rect(inner.left, rects[-1].bottom, inner.width, inner.bottom - rects[-1].bottom)
    hint_size, lines = fit_text(host.fonts, HINT, hint.size, round(2.1 * u), 6, Weight.REGULAR, 1)
    hint_font = host.fonts.get(hint_size)
    assert len(lines) == 1 and hint_font.size(lines[0])[0] <= hint.width
    assert hint_font.get_height() <= hint.height
    surface = pygame.Surface(size)
    panel.draw(surface, 0.0)  # and it draws


def test_the_self_voicing_menu_says_the_focused_routines_title_and_length() -> None:
    host = FakeHost(FakeClock(), replace(Settings(), speak_menu=True))
    menu = MenuScene(host, load_catalog())
    menu.enter(0.0)
    menu.handle(key_event(pygame.K_DOWN), 0.0)
    assert len(host.said) == 2
    entry = menu.entry
    assert entry is not None and entry.routine is not None
    assert host.said[-1].startswith(entry.routine.title + ".")
    assert "minute" in host.said[-1] or "seconds" in host.said[-1]


def test_the_menu_stays_quiet_when_speaking_is_off() -> None:
    host = FakeHost(FakeClock())
    menu = MenuScene(host, load_catalog())
    menu.enter(0.0)
    menu.handle(key_event(pygame.K_DOWN), 0.0)
    assert host.said == []


def test_palettes_are_plain_data() -> None:
    assert all(isinstance(v, tuple) for v in asdict(CONTRAST).values())
    assert isinstance(CONTRAST, Palette)
