"""The 4-7-8 progression in the menu: the relaxing breath capped at 4 breaths until four
weeks after the first completed one (read from a journal seeded in tmp_path), the reason in
the detail pane, 8 afterwards said once, and the settings override."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pygame

from fakes import FakeClock, FakeHost, key_event
from journal_helpers import at, played
from unclench.catalog import load_catalog
from unclench.core.progression import BEGINNER_REASON, MONTH_DONE_REASON, OVERRIDE_REASON
from unclench.journal import Journal
from unclench.journal.history import load_first_practice
from unclench.settings import Settings, load_settings, save_settings
from unclench.ui.menu import MenuScene
from unclench.ui.menu_model import BreathPractice, cycles_limits
from unclench.ui.settings_panel import SETTING_ROWS

SIZE = (1280, 720)
FIRST = date(2024, 4, 1)


def journal_first_practised(tmp_path: Path, day: date) -> Path:
    path = tmp_path / "journal.sqlite3"
    journal = Journal(path)
    played(journal, at(day.isoformat()), "relaxing-breath")
    played(journal, at((day - timedelta(days=90)).isoformat()), "relaxing-breath", "stopped")
    journal.close()
    return path


def menu_on(
    tmp_path: Path, today: date, settings: Settings | None = None, host: FakeHost | None = None
) -> tuple[MenuScene, FakeHost]:
    first = load_first_practice(journal_first_practised(tmp_path, FIRST), "relaxing-breath")
    assert first == FIRST  # the stopped session earlier does not count
    host = host or FakeHost(FakeClock(), settings)
    menu = MenuScene(host, load_catalog(), practice=BreathPractice(today, first))
    host.show(menu)
    menu.frame_key(host.clock(), SIZE)
    for _ in range(len(menu.rows)):
        if menu.entry and menu.entry.routine and menu.entry.routine.id == "relaxing-breath":
            break
        menu.handle(key_event(pygame.K_DOWN), host.clock())
    return menu, host


def press_right(menu: MenuScene, host: FakeHost, times: int) -> int | None:
    for _ in range(times):
        menu.handle(key_event(pygame.K_RIGHT), host.clock())
    routine = menu.entry.routine  # type: ignore[union-attr]
    assert routine is not None
    return menu.choice_for(routine).cycles


def test_in_the_first_four_weeks_the_menu_offers_4_breaths_and_says_why(tmp_path: Path) -> None:
    menu, host = menu_on(tmp_path, FIRST + timedelta(days=27))
    assert press_right(menu, host, 10) == 4
    routine = menu.entry.routine  # type: ignore[union-attr]
    assert routine is not None and routine.cycles_range == (1, 8)
    assert menu.cap_note(routine) == BEGINNER_REASON
    pygame.font.init()
    surface = pygame.Surface(SIZE)
    menu.draw(surface, host.clock())  # draws the line (and changes nothing)
    assert menu.cap_note(routine) == BEGINNER_REASON


def test_other_routines_are_not_capped(tmp_path: Path) -> None:
    menu, host = menu_on(tmp_path, FIRST)
    menu.handle(key_event(pygame.K_HOME), host.clock())
    routine = menu.entry.routine  # type: ignore[union-attr]
    assert routine is not None and routine.id != "relaxing-breath"
    assert menu.cap_note(routine) == "" and menu.cycles_cap(routine) is None


def test_after_four_weeks_8_are_offered_and_it_is_said_only_once(tmp_path: Path) -> None:
    menu, host = menu_on(tmp_path, FIRST + timedelta(days=28))
    assert press_right(menu, host, 10) == 8
    routine = menu.entry.routine  # type: ignore[union-attr]
    assert routine is not None
    assert menu.cap_note(routine) == MONTH_DONE_REASON
    assert host.settings.breath_cap_announced
    # The next menu (another visit, the settings remembered) says nothing.
    again, _ = menu_on(tmp_path, FIRST + timedelta(days=29), host=host)
    assert again.cap_note(routine) == "" and again.cycles_cap(routine) == 8


def test_the_override_offers_8_at_once_and_still_passes_on_the_advice(tmp_path: Path) -> None:
    menu, host = menu_on(tmp_path, FIRST + timedelta(days=3), Settings(breath_cap_override=True))
    assert press_right(menu, host, 10) == 8
    routine = menu.entry.routine  # type: ignore[union-attr]
    assert routine is not None and menu.cap_note(routine) == OVERRIDE_REASON
    # Turned off again while 8 are chosen: the choice comes back within 4.
    host.settings = Settings(breath_cap_override=False)
    assert menu.choice_for(routine).cycles == 4


def test_a_remembered_8_is_not_offered_in_the_first_month(tmp_path: Path) -> None:
    settings = Settings(choices={"relaxing-breath": {"cycles": 8.0, "tempo": 1.0}})
    menu, host = menu_on(tmp_path, FIRST + timedelta(days=5), settings)
    assert press_right(menu, host, 0) == 4
    menu.handle(key_event(pygame.K_RETURN), host.clock())
    assert host.started[-1][2] == 4


def test_the_cap_lowers_only_the_top_of_a_range() -> None:
    routine = load_catalog().find("relaxing-breath")
    assert routine is not None
    assert cycles_limits(routine) == (1, 8)
    assert cycles_limits(routine, 4) == (1, 4)
    assert cycles_limits(routine, 0) == (1, 1)


def test_the_override_is_a_setting_with_a_row_in_the_panel(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    save_settings(Settings(breath_cap_override=True), path)
    assert load_settings(path)[0].breath_cap_override is True
    path.write_text('{"breath_cap_override": "yes"}', encoding="utf-8")
    settings, notices = load_settings(path)
    assert settings.breath_cap_override is False and "breath_cap_override" in notices[0]
    (row,) = [r for r in SETTING_ROWS if r.title == "Relaxing breath"]
    flipped = row.step(Settings(), [], 1)
    assert flipped.breath_cap_override is True
    assert row.label(Settings(), []) != row.label(flipped, [])
