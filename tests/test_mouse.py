"""Everything the keyboard does in the menu and the sound panel, the mouse does too: the
footer's key chips click like their keys, and the panel's rows change on a click."""

from __future__ import annotations

import pygame

from fakes import FakeClock
from test_app import running_app, shown
from unclench.app import App
from unclench.ui.menu import MenuScene
from unclench.ui.menu_view import MENU_HINTS, footer_hint_rects, menu_layout
from unclench.ui.overlays import AboutOverlay, HelpOverlay
from unclench.ui.settings_panel import SETTING_ROWS, SettingsOverlay

SIZE = (1280, 720)


def click(app: App, pos: tuple[int, int]) -> None:
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=pos))
    app.tick(wait=False)


def chip(app: App, key: int) -> tuple[int, int]:
    rects = footer_hint_rects(app.fonts, menu_layout(SIZE))
    (rect,) = [r for (_, _, k), r in zip(MENU_HINTS, rects, strict=True) if k == key]
    return rect.center


def test_the_footer_chips_open_sound_about_and_help_and_quit() -> None:
    with running_app(FakeClock(), size=SIZE) as app:
        for key, panel in (
            (pygame.K_s, SettingsOverlay),
            (pygame.K_a, AboutOverlay),
            (pygame.K_F1, HelpOverlay),
        ):
            click(app, chip(app, key))
            assert isinstance(shown(app)[1], panel)
            click(app, (1, 1))  # outside the panel (or anywhere, for about/help) closes it
            assert shown(app)[1] is None
        click(app, chip(app, pygame.K_ESCAPE))
        assert app.quitting


def test_the_choose_chip_moves_the_selection_like_the_down_key() -> None:
    with running_app(FakeClock(), size=SIZE) as app:
        menu = shown(app)[0]
        assert isinstance(menu, MenuScene)
        before = menu.selected
        click(app, chip(app, pygame.K_DOWN))
        assert menu.selected != before


def test_a_click_on_a_sound_row_changes_it_left_half_down_right_half_up() -> None:
    with running_app(FakeClock(), size=SIZE) as app:
        click(app, chip(app, pygame.K_s))
        panel = shown(app)[1]
        assert isinstance(panel, SettingsOverlay)
        rate_row = [r.title for r in SETTING_ROWS].index("Speech rate")
        rect = panel._row_rects(SIZE)[rate_row]
        rate = app.settings.rate
        click(app, (rect.right - 5, rect.centery))
        assert app.settings.rate == rate + 10
        click(app, (rect.left + 5, rect.centery))
        click(app, (rect.left + 5, rect.centery))
        assert app.settings.rate == rate - 10
        assert panel.row == rate_row
