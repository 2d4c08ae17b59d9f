"""The menu's detail pane and list rows: plain references, calm cautions, legible text that
scrolls, the routine's own word for cycles, rows that follow the choice, and routine files
fixed on disk shown without a restart."""

from __future__ import annotations

import re
from pathlib import Path

import pygame

from fakes import FakeClock, FakeHost, key_event
from unclench.catalog import Catalog, load_catalog
from unclench.catalog_watch import CatalogWatcher
from unclench.core.durations import format_clock
from unclench.core.timeline import total_seconds
from unclench.paths import user_routines_dir
from unclench.ui.menu import MenuScene, menu_layout
from unclench.ui.menu_model import cycles_label
from unclench.ui.menu_view import MIN_TEXT_PX, detail_plan

GOOD = """\
id: fixed-one
title: Fixed
kind: breath
summary: Now it loads.
steps:
  - inhale: Breathe in.
    counts: 4
"""
BROKEN = GOOD.replace("kind: breath", "kind: breth")


def open_menu(size: tuple[int, int], catalog: Catalog | None = None) -> tuple[MenuScene, FakeHost]:
    host = FakeHost(FakeClock())
    menu = MenuScene(host, catalog or load_catalog())
    menu.frame_key(host.clock(), size)
    return menu, host


def select(menu: MenuScene, host: FakeHost, routine_id: str) -> None:
    menu.handle(key_event(pygame.K_HOME), host.clock())
    while not (menu.entry and menu.entry.routine and menu.entry.routine.id == routine_id):
        before = menu.selected
        menu.handle(key_event(pygame.K_DOWN), host.clock())
        assert menu.selected != before, f"{routine_id} is not in the menu"


def test_the_pane_shows_references_not_keys_cautions_calm_and_text_legible() -> None:
    host = FakeHost(FakeClock())
    for size in ((1280, 720), (640, 480)):
        layout = menu_layout(size)
        for routine in load_catalog(include_user=False).routines:
            plan = detail_plan(host.fonts, host.palette, routine, layout)
            texts = " ".join(line.text for line in plan.lines)
            assert not re.search(r"\b[WPSB]\d{1,2}\b", texts), routine.id
            assert "seed Q&A" not in texts and "unclench's own" not in texts
            assert all(line.size >= MIN_TEXT_PX for line in plan.lines + plan.title)
            assert all(line.colour != host.palette.warning for line in plan.lines)
            markers = [line for line in plan.lines if line.marker]
            assert len(markers) == len(routine.cautions)
            assert all(line.colour == host.palette.text for line in markers)
    box = load_catalog().find("box-breathing")
    plan = detail_plan(host.fonts, host.palette, box, menu_layout((1280, 720)))
    assert any("Balban et al. (2023)" in line.text for line in plan.lines)


def test_page_keys_scroll_a_long_pane_and_draw_it_moved() -> None:
    size = (640, 480)
    menu, host = open_menu(size)
    select(menu, host, "calves-hands-eyes")
    routine = menu.entry.routine  # type: ignore[union-attr]
    assert routine is not None
    plan = detail_plan(host.fonts, host.palette, routine, menu_layout(size))
    assert plan.overflow_units > 0  # too long for the pane at this size
    top = pygame.Surface(size)
    menu.draw(top, host.clock())
    menu.handle(key_event(pygame.K_PAGEDOWN), host.clock())
    assert menu.detail_scroll > 0
    scrolled = pygame.Surface(size)
    menu.draw(scrolled, host.clock())
    body = plan.body
    assert pygame.image.tobytes(top.subsurface(body), "RGB") != pygame.image.tobytes(
        scrolled.subsurface(body), "RGB"
    )
    for _ in range(50):
        menu.handle(key_event(pygame.K_PAGEDOWN), host.clock())
    assert menu.detail_scroll == plan.overflow_units  # stops at the end
    menu.handle(key_event(pygame.K_PAGEUP), host.clock())
    assert 0 < menu.detail_scroll < plan.overflow_units
    menu.handle(key_event(pygame.K_UP), host.clock())  # another routine: back to the top
    assert menu.detail_scroll == 0


def test_cycles_take_the_repeats_own_label() -> None:
    catalog = load_catalog(include_user=False)
    assert cycles_label(catalog.find("progressive-relaxation-short")) == "Rounds per group"
    assert cycles_label(catalog.find("box-breathing")) == "Boxes"


def test_list_rows_show_the_length_of_the_chosen_cycles(tmp_path: Path) -> None:
    size = (1280, 720)
    menu, host = open_menu(size)
    routine = menu.entry.routine  # type: ignore[union-attr]
    assert routine is not None and routine.default_cycles is not None
    for _ in range(3):
        menu.handle(key_event(pygame.K_RIGHT), host.clock())
    chosen = total_seconds(routine, routine.tempo, routine.default_cycles + 3)
    assert chosen != total_seconds(routine)
    drawn: list[str] = []
    real_render = host.fonts.render

    def render(text: str, *args: object, **kwargs: object) -> pygame.Surface:
        drawn.append(text)
        return real_render(text, *args, **kwargs)  # type: ignore[arg-type]

    host.fonts.render = render  # type: ignore[method-assign]
    menu.draw(pygame.Surface(size), host.clock())
    assert format_clock(chosen) in drawn
    assert format_clock(total_seconds(routine)) not in drawn


def test_a_broken_file_fixed_on_disk_loads_in_place_keeping_it_selected() -> None:
    folder = user_routines_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "fixed.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    menu, host = open_menu((1280, 720))
    menu.handle(key_event(pygame.K_END), host.clock())
    assert menu.entry is not None and menu.entry.path == path and menu.entry.routine is None
    menu.update(host.clock())  # nothing changed yet: nothing to take
    assert menu.entry.routine is None
    assert not menu.watcher.check()
    path.write_text(GOOD, encoding="utf-8")
    assert menu.watcher.check()  # what the watcher's thread does every few seconds
    menu.update(host.clock())
    assert menu.entry is not None and menu.entry.path == path
    assert menu.entry.routine is not None and menu.entry.routine.id == "fixed-one"
    path.write_text(BROKEN, encoding="utf-8")  # broken again: the error shows in place
    assert menu.watcher.check()
    menu.update(host.clock())
    assert menu.entry is not None and menu.entry.path == path and menu.entry.error is not None


def test_the_watcher_only_stats_until_a_file_changes(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(GOOD, encoding="utf-8")
    catalog = load_catalog(extra_dirs=[tmp_path], include_user=False)
    woken: list[int] = []
    watcher = CatalogWatcher(catalog, lambda: woken.append(1))
    assert not watcher.check() and watcher.take() is None and woken == []
    (tmp_path / "b.yaml").write_text(GOOD.replace("fixed-one", "other"), encoding="utf-8")
    assert watcher.check() and woken == [1]
    fresh = watcher.take()
    assert fresh is not None and "other" in [r.id for r in fresh.routines]
    assert watcher.take() is None and not watcher.check()


def test_a_catalog_built_by_hand_is_never_watched() -> None:
    watcher = CatalogWatcher(Catalog(()), lambda: None)
    watcher.start()
    assert watcher._thread is None
