"""The menu scene: grouping, broken files, keyboard choice and scrolling, cycles and tempo.

The scene runs against a FakeHost (it records what the menu asks of the app) and a real
catalog read from the built-in folder and the user's folder ($UNCLENCH_HOME/data/routines).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pygame
import pytest

from conftest import BUILTIN_IDS
from fakes import FakeClock, FakeHost, key_event
from unclench.about import DISCLAIMER
from unclench.catalog import load_catalog
from unclench.core.routine import Kind
from unclench.paths import user_routines_dir
from unclench.ui.menu import HEADER_UNITS, ROW_UNITS, MenuScene, menu_layout
from unclench.ui.menu_model import GROUP_TITLES, tempo_label
from unclench.ui.overlays import AboutOverlay, HelpOverlay

SIZE = (1280, 720)

GOOD = """\
id: {id}
title: {title}
kind: breath
summary: One of many.
steps:
  - inhale: Breathe in.
    counts: 4
  - exhale: Breathe out.
    counts: 4
"""

BROKEN = "id: broken-one\ntitle: Broken\nkind: breth\nsummary: x\nsteps: []\n"


def user_file(name: str, text: str) -> Path:
    folder = user_routines_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def open_menu(size: tuple[int, int] = SIZE) -> tuple[MenuScene, FakeHost, pygame.Surface]:
    host = FakeHost(FakeClock())
    menu = MenuScene(host, load_catalog())
    host.show(menu)
    surface = pygame.Surface(size)
    menu.frame_key(host.clock(), size)  # the app asks for the key (and so the size) first
    menu.draw(surface, host.clock())
    return menu, host, surface


def press(menu: MenuScene, host: FakeHost, key: int, unicode: str = "") -> None:
    menu.handle(key_event(key, unicode), host.clock())


def selected_id(menu: MenuScene) -> str:
    entry = menu.entry
    assert entry is not None and entry.routine is not None
    return entry.routine.id


def select(menu: MenuScene, host: FakeHost, routine_id: str) -> None:
    press(menu, host, pygame.K_HOME)
    for _ in range(len(menu.rows)):
        if menu.entry and menu.entry.routine and menu.entry.routine.id == routine_id:
            return
        press(menu, host, pygame.K_DOWN)
    raise AssertionError(f"{routine_id} is not in the menu")


def test_builtin_routines_are_grouped_by_kind_breathing_first() -> None:
    menu, _, _ = open_menu()
    headers = [row.header for row in menu.rows if row.header]
    assert headers == [
        GROUP_TITLES[Kind.BREATH],
        GROUP_TITLES[Kind.MUSCLE],
        GROUP_TITLES[Kind.STRETCH],
        GROUP_TITLES[Kind.MIXED],
    ]
    kinds_in_order = [r.entry.routine.kind for r in menu.rows if r.entry and r.entry.routine]
    assert kinds_in_order == sorted(kinds_in_order, key=list(Kind).index)
    assert menu.rows[0].header == "Breathing"
    assert selected_id(menu) == "box-breathing"  # the first routine, not a header


def test_every_routine_row_carries_its_default_duration() -> None:
    menu, _, _ = open_menu()
    for row in menu.rows:
        if row.entry and row.entry.routine:
            assert row.seconds > 60


def test_a_broken_user_file_is_listed_last_under_could_not_load_with_its_error() -> None:
    path = user_file("broken.yaml", BROKEN)
    menu, _, _ = open_menu()
    assert menu.rows[-2].header == "Could not load"
    broken = menu.rows[-1].entry
    assert broken is not None and broken.routine is None and broken.path == path
    assert broken.error is not None
    assert "did you mean 'breath'" in str(broken.error)


def test_enter_on_a_broken_file_starts_nothing_and_says_why() -> None:
    user_file("broken.yaml", BROKEN)
    menu, host, surface = open_menu()
    press(menu, host, pygame.K_END)
    assert menu.entry is not None and menu.entry.routine is None
    press(menu, host, pygame.K_RETURN)
    assert host.started == []
    assert "errors" in menu.message
    menu.frame_key(host.clock(), SIZE)
    menu.draw(surface, host.clock())  # the error pane draws (no crash)
    press(menu, host, pygame.K_UP)
    assert menu.message == ""


def test_a_file_that_is_not_yaml_at_all_does_not_break_the_menu() -> None:
    user_file("binary.yaml", "\x00\x01: [unclosed\n\t- {")
    user_file("empty.yml", "")
    menu, host, surface = open_menu()
    assert sum(1 for row in menu.rows if row.entry and row.entry.routine is None) == 2
    press(menu, host, pygame.K_END)
    press(menu, host, pygame.K_UP)
    for _ in range(2):
        menu.frame_key(host.clock(), SIZE)
        menu.draw(surface, host.clock())
        press(menu, host, pygame.K_DOWN)


def _row_span(menu: MenuScene, index: int) -> tuple[float, float]:
    """Top and bottom of row ``index`` in list units, from the public row heights."""
    top = sum(HEADER_UNITS if row.header else ROW_UNITS for row in menu.rows[:index])
    return top, top + (HEADER_UNITS if menu.rows[index].header else ROW_UNITS)


def _assert_selection_visible(menu: MenuScene, size: tuple[int, int]) -> None:
    layout = menu_layout(size)
    view = layout.listing.height / layout.unit
    top, bottom = _row_span(menu, menu.selected)
    assert menu.scroll - 1e-9 <= top and bottom <= menu.scroll + view + 1e-9, (
        menu.selected,
        menu.scroll,
    )


@pytest.mark.parametrize("size", [(640, 480), (1280, 720)])
def test_up_and_down_keep_the_selection_visible_through_a_thousand_routines(
    size: tuple[int, int],
) -> None:
    for n in range(1000):
        user_file(f"many-{n:04}.yaml", GOOD.format(id=f"many-{n:04}", title=f"Routine {n:04}"))
    menu, host, _ = open_menu(size)
    routines = [i for i, row in enumerate(menu.rows) if row.entry]
    assert len(routines) == 1000 + len(BUILTIN_IDS)
    for expected in routines[1:]:
        press(menu, host, pygame.K_DOWN)
        assert menu.selected == expected
        _assert_selection_visible(menu, size)
    assert menu.scroll > 0
    press(menu, host, pygame.K_DOWN)  # at the end: stays on the last one
    assert menu.selected == routines[-1]
    for expected in reversed(routines[:-1]):
        press(menu, host, pygame.K_UP)
        assert menu.selected == expected
        _assert_selection_visible(menu, size)
    assert menu.scroll == 0  # the "Breathing" header shows above the first routine again


def test_home_and_end_keep_the_selection_visible() -> None:
    # (PgUp/PgDn scroll the detail pane: see test_menu_detail.py.)
    for n in range(200):
        user_file(f"many-{n:04}.yaml", GOOD.format(id=f"many-{n:04}", title=f"Routine {n:04}"))
    menu, host, _ = open_menu()
    for key in (pygame.K_END, pygame.K_HOME, pygame.K_END):
        before = menu.selected
        press(menu, host, key)
        assert menu.selected != before
        _assert_selection_visible(menu, SIZE)
    press(menu, host, pygame.K_HOME)
    assert selected_id(menu) == "box-breathing" and menu.scroll == 0


def test_the_selected_row_of_a_long_list_is_drawn_highlighted() -> None:
    for n in range(300):
        user_file(f"many-{n:04}.yaml", GOOD.format(id=f"many-{n:04}", title=f"Routine {n:04}"))
    menu, host, surface = open_menu()
    for _ in range(150):
        press(menu, host, pygame.K_DOWN)
    menu.frame_key(host.clock(), SIZE)
    menu.draw(surface, host.clock())
    layout = menu_layout(SIZE)

    def left_edge_of_row(index: int) -> tuple[int, int, int]:
        top, _ = _row_span(menu, index)
        y = layout.listing.top + round((top - menu.scroll + ROW_UNITS / 2) * layout.unit)
        assert layout.listing.top < y < layout.listing.bottom
        return tuple(surface.get_at((layout.listing.left + 6, y)))[:3]

    # The highlight panel fills the selected row; its neighbour is plain background.
    assert left_edge_of_row(menu.selected) != host.palette.background
    assert left_edge_of_row(menu.selected - 1) == host.palette.background


def test_left_and_right_change_cycles_within_the_routines_range() -> None:
    menu, host, _ = open_menu()
    routine = menu.entry.routine  # type: ignore[union-attr]
    assert routine is not None and routine.cycles_range == (2, 30)
    press(menu, host, pygame.K_RIGHT)
    assert menu.choice_for(routine).cycles == routine.default_cycles + 1
    for _ in range(40):
        press(menu, host, pygame.K_RIGHT)
    assert menu.choice_for(routine).cycles == 30
    for _ in range(40):
        press(menu, host, pygame.K_LEFT)
    assert menu.choice_for(routine).cycles == 2


def test_cycles_keys_do_nothing_for_a_routine_without_cycles() -> None:
    user_file("no-cycles.yaml", GOOD.format(id="no-cycles", title="No cycles"))
    menu, host, _ = open_menu()
    select(menu, host, "no-cycles")
    routine = menu.entry.routine  # type: ignore[union-attr]
    assert routine is not None and routine.cycles_range is None
    press(menu, host, pygame.K_RIGHT)
    assert menu.choice_for(routine).cycles is None


def test_minus_is_slower_and_plus_faster_by_a_tenth_of_a_second_within_the_range() -> None:
    menu, host, _ = open_menu()
    routine = menu.entry.routine  # type: ignore[union-attr]
    assert routine is not None and (routine.tempo_min, routine.tempo_max) == (0.5, 1.5)
    press(menu, host, pygame.K_MINUS, "-")  # slower: more seconds per count
    assert menu.choice_for(routine).tempo == 1.1
    press(menu, host, pygame.K_KP_PLUS)
    press(menu, host, pygame.K_EQUALS, "=")  # faster: fewer seconds per count
    assert menu.choice_for(routine).tempo == 0.9
    for _ in range(20):
        press(menu, host, pygame.K_PLUS, "+")
    assert menu.choice_for(routine).tempo == 0.5
    for _ in range(20):
        press(menu, host, pygame.K_KP_MINUS)
    assert menu.choice_for(routine).tempo == 1.5


def test_minus_lowers_the_breaths_per_minute_of_coherent_breathing_presets() -> None:
    menu, host, _ = open_menu()
    select(menu, host, "coherent-breathing")
    routine = menu.entry.routine  # type: ignore[union-attr]
    assert routine is not None
    seen = [tempo_label(routine, menu.choice_for(routine).tempo)]
    for key in (pygame.K_MINUS, pygame.K_MINUS, pygame.K_EQUALS, pygame.K_EQUALS, pygame.K_EQUALS):
        press(menu, host, key)
        seen.append(tempo_label(routine, menu.choice_for(routine).tempo))
    assert seen == [
        "5.5 breaths a minute",
        "5 breaths a minute",
        "5 breaths a minute",
        "5.5 breaths a minute",
        "6 breaths a minute",
        "6 breaths a minute",
    ]


def test_enter_starts_the_routine_with_the_chosen_cycles_and_tempo_and_remembers_them() -> None:
    menu, host, _ = open_menu()
    select(menu, host, "coherent-breathing")
    press(menu, host, pygame.K_LEFT)
    press(menu, host, pygame.K_EQUALS, "=")
    press(menu, host, pygame.K_RETURN)
    assert host.started == [("coherent-breathing", 1.0, 29, False)]
    assert host.settings.choices["coherent-breathing"] == {"tempo": 1.0, "cycles": 29.0}


def test_a_remembered_choice_is_where_the_menu_starts_next_time() -> None:
    menu, host, _ = open_menu()
    select(menu, host, "box-breathing")
    press(menu, host, pygame.K_RIGHT)
    press(menu, host, pygame.K_RETURN)
    again = MenuScene(host, load_catalog())
    routine = again.entry.routine  # type: ignore[union-attr]
    assert routine is not None and again.choice_for(routine).cycles == 9


def test_keypad_enter_starts_too() -> None:
    menu, host, _ = open_menu()
    press(menu, host, pygame.K_KP_ENTER)
    assert [s[0] for s in host.started] == ["box-breathing"]


@pytest.mark.parametrize("key, unicode", [(pygame.K_SLASH, "?"), (pygame.K_F1, "")])
def test_question_mark_and_f1_open_help(key: int, unicode: str) -> None:
    menu, host, _ = open_menu()
    press(menu, host, key, unicode)
    assert isinstance(host.overlay_scene, HelpOverlay)


def test_a_opens_about_and_escape_quits() -> None:
    menu, host, _ = open_menu()
    press(menu, host, pygame.K_a, "a")
    assert isinstance(host.overlay_scene, AboutOverlay)
    assert not host.quit_asked
    press(menu, host, pygame.K_ESCAPE)
    assert host.quit_asked


def test_clicking_a_row_selects_it_and_clicking_again_starts_it() -> None:
    menu, host, _ = open_menu()
    layout = menu_layout(SIZE)
    second = next(i for i, row in enumerate(menu.rows) if row.entry and i != menu.selected)
    top, bottom = _row_span(menu, second)
    y = layout.listing.top + round((top + bottom) / 2 * layout.unit)
    click = pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=(layout.listing.left + 20, y))
    menu.handle(click, host.clock())
    assert menu.selected == second and host.started == []
    menu.handle(click, host.clock())
    assert [s[0] for s in host.started] == ["coherent-breathing"]


def test_the_footer_shows_the_disclaimer() -> None:
    _, host, surface = open_menu()
    layout = menu_layout(SIZE)
    text = host.fonts.render(DISCLAIMER, round(2 * layout.unit), host.palette.text_dim)
    area = pygame.Rect(
        layout.footer.left, layout.footer.top + round(4.5 * layout.unit), *text.get_size()
    )
    drawn = surface.subsurface(area)
    assert pygame.image.tobytes(drawn, "RGB") == pygame.image.tobytes(
        _on_background(text, host), "RGB"
    )


def _on_background(text: pygame.Surface, host: FakeHost) -> pygame.Surface:
    flat = pygame.Surface(text.get_size())
    flat.fill(host.palette.background)
    flat.blit(text, (0, 0))
    return flat


def test_the_detail_pane_text_stays_above_the_controls_for_every_builtin_routine() -> None:
    """The detail pane's text (summary, cautions, source) must not run into the Cycles and
    Pace rows: the band between the text and the controls stays empty panel."""
    menu, host, surface = open_menu()
    layout = menu_layout(SIZE)
    for i, row in enumerate(menu.rows):
        if not (row.entry and row.entry.routine):
            continue
        menu.selected = i
        menu.frame_key(host.clock(), SIZE)
        menu.draw(surface, host.clock())
        band = pygame.Rect(
            layout.detail.left + round(3 * layout.unit),
            layout.cycles_minus.top - round(1 * layout.unit),
            round(12 * layout.unit),  # where the "Cycles" label starts, left of the value
            round(1 * layout.unit),
        )
        colours = {
            surface.get_at((x, y))[:3]
            for x in range(band.left, band.right)
            for y in range(band.top, band.bottom)
        }
        assert len(colours) == 1, row.entry.routine.id  # plain panel: no text crosses it


def test_drawing_the_menu_twice_gives_identical_pixels_and_changes_nothing() -> None:
    user_file("broken.yaml", BROKEN)
    menu, host, first = open_menu()
    key = menu.frame_key(host.clock(), SIZE)
    second = pygame.Surface(SIZE)
    menu.draw(second, host.clock())
    assert pygame.image.tobytes(first, "RGB") == pygame.image.tobytes(second, "RGB")
    assert menu.frame_key(host.clock(), SIZE) == key


def test_long_titles_stop_short_of_the_duration_in_a_small_window() -> None:
    """At 640×480 "Progressive muscle relaxation (16 groups)" is wider than its row: it is
    cut with "…" so the gap left of the duration stays empty."""
    size = (640, 480)
    menu, host, surface = open_menu(size)
    layout = menu_layout(size)
    u = layout.unit
    for _ in range(sum(1 for row in menu.rows if row.entry)):
        menu.frame_key(host.clock(), size)
        menu.draw(surface, host.clock())
        top, _ = _row_span(menu, menu.selected)
        row_top = layout.listing.top + round((top - menu.scroll) * u) + round(0.4 * u)
        clock_width = host.fonts.render(
            "00:00" if menu.rows[menu.selected].seconds >= 600 else "0:00",
            round(2.2 * u),
            host.palette.text_dim,
        ).get_width()
        clock_left = layout.listing.right - round(2 * u) - clock_width
        gap = pygame.Rect(clock_left - round(1.5 * u), row_top + round(u), round(u), round(3.5 * u))
        colours = {
            surface.get_at((x, y))[:3]
            for x in range(gap.left, gap.right)
            for y in range(gap.top, gap.bottom)
        }
        assert len(colours) == 1, selected_id(menu)
        press(menu, host, pygame.K_DOWN)


def test_a_routine_with_a_1500_character_url_in_its_source_opens_and_draws() -> None:
    """The detail pane cuts the source at the controls, the URL broken at the pane's width;
    nothing crosses the band above the controls."""
    url = "https://example.org/" + "a1b2c3d4e5" * 148
    text = GOOD.format(id="long-source", title="Long source") + f"source: {url}\n"
    user_file("long-source.yaml", text)
    menu, host, surface = open_menu()
    select(menu, host, "long-source")
    menu.frame_key(host.clock(), SIZE)
    menu.draw(surface, host.clock())
    layout = menu_layout(SIZE)
    band = pygame.Rect(
        layout.detail.left + round(3 * layout.unit),
        layout.cycles_minus.top - round(1 * layout.unit),
        round(12 * layout.unit),
        round(1 * layout.unit),
    )
    colours = {
        surface.get_at((x, y))[:3]
        for x in range(band.left, band.right)
        for y in range(band.top, band.bottom)
    }
    assert len(colours) == 1


def test_choices_saved_under_a_routines_former_id_still_apply() -> None:
    menu, host, _ = open_menu()
    host.settings = replace(host.settings, choices={"twitch-relief": {"tempo": 1.2, "cycles": 4.0}})
    select(menu, host, "calves-hands-eyes")
    routine = menu.entry.routine  # type: ignore[union-attr]
    assert routine is not None and "twitch-relief" in routine.aliases
    choice = menu.choice_for(routine)
    assert (choice.tempo, choice.cycles) == (1.2, 4)
