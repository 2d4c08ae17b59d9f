"""The reminders panel (R in the menu): lists, adds and removes reminders in the settings."""

from __future__ import annotations

import pygame

from fakes import FakeClock, FakeHost, key_event
from unclench.catalog import load_catalog
from unclench.core.reminders import Reminder
from unclench.settings import Settings
from unclench.ui.menu import MenuScene
from unclench.ui.overlays import HELP_KEYS
from unclench.ui.reminders_panel import RemindersOverlay

ROUTINES = [("relaxing-breath", "Relaxing breath (4-7-8)"), ("box-breathing", "Box breathing")]


def press(panel: RemindersOverlay, host: FakeHost, *keys: int) -> None:
    for key in keys:
        panel.handle(key_event(key), host.clock())


def opened(settings: Settings | None = None) -> tuple[FakeHost, RemindersOverlay]:
    host = FakeHost(FakeClock(), settings)
    panel = RemindersOverlay(host, ROUTINES)
    host.overlay(panel)
    return host, panel


def test_add_a_reminder_for_the_second_routine_at_08_30_on_weekdays() -> None:
    host, panel = opened()
    press(panel, host, pygame.K_RIGHT)  # routine row: the next routine
    press(panel, host, pygame.K_DOWN, pygame.K_RIGHT, pygame.K_RIGHT)  # time: +30 min
    press(panel, host, pygame.K_DOWN, pygame.K_RIGHT)  # days: weekdays only
    press(panel, host, pygame.K_DOWN, pygame.K_RETURN)
    assert host.settings.reminders == (Reminder("box-breathing", "08:30", True),)


def test_delete_removes_the_chosen_reminder_and_the_panel_draws() -> None:
    kept = Reminder("relaxing-breath", "08:00")
    host, panel = opened(Settings(reminders=(Reminder("box-breathing", "12:00"), kept)))
    surface = pygame.Surface((1280, 720))
    panel.draw(surface, host.clock())
    press(panel, host, pygame.K_DELETE)
    assert host.settings.reminders == (kept,)
    panel.draw(surface, host.clock())
    press(panel, host, pygame.K_ESCAPE)
    assert host.overlay_scene is None


def test_r_in_the_menu_opens_it_and_help_lists_it() -> None:
    host = FakeHost(FakeClock())
    menu = MenuScene(host, load_catalog())
    host.show(menu)
    menu.handle(key_event(pygame.K_r), host.clock())
    assert host.reminders_opened == 1
    assert ("R", "reminders: list, add and remove them (menu)") in HELP_KEYS
