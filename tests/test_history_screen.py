"""The history screen: its read API over a real journal file, the chart's geometry, the
wording, and the scene (opens from the menu, draws the same twice, closes on Esc or H)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pygame
import pytest

from fakes import FakeClock, FakeHost, key_event
from journal_helpers import at, played
from unclench.catalog import load_catalog
from unclench.journal import Journal
from unclench.journal.history import (
    CHART_DAYS,
    UNREADABLE,
    History,
    empty_days,
    load_first_practice,
    load_history,
    read_history,
)
from unclench.ui.history import HistoryScene
from unclench.ui.history_words import change_text, minutes_text, when_text
from unclench.ui.menu import MenuScene
from unclench.ui.menu_view import MENU_HINTS, footer_hint_rects, menu_layout
from unclench.visuals.history_chart import Axis, bar_layout, minutes_axis, tick_label
from unclench.visuals.theme import DARK
from unclench.visuals.widgets import draw_card, draw_panel

TODAY = date(2024, 5, 1)
SIZE = (1280, 720)


def seeded(path: Path) -> Path:
    journal = Journal(path)
    played(journal, at("2024-05-01", "08:00"), seconds=600)
    played(journal, at("2024-04-30", "08:00"), seconds=300, routine="box-breathing")
    played(journal, at("2024-04-29", "08:00"), seconds=120, outcome="stopped")
    played(journal, at("2024-03-01", "08:00"), seconds=60)  # outside the 30 days
    sid = journal.start_session(
        "box-breathing", "Box", at("2024-04-30", "20:00"), 1.0, 4, True, 5, rating_before=7
    )
    journal.finish(sid, "completed", at("2024-04-30", "20:05"), 300, rating_after=4)
    journal.close()
    return path


# -- the read API ---------------------------------------------------------------------------


def test_the_history_holds_30_days_the_streak_totals_and_last_sessions(tmp_path: Path) -> None:
    history = load_history(seeded(tmp_path / "j.sqlite3"), TODAY)
    assert len(history.days) == CHART_DAYS
    assert history.days[0].day == TODAY - timedelta(days=29) and history.days[-1].day == TODAY
    assert history.days[-1].minutes == 10 and history.days[-2].sessions == 2
    assert history.streak == 2  # the 29th's session was stopped
    assert {t.routine_id: t.sessions for t in history.totals} == {
        "relaxing-breath": 3,
        "box-breathing": 2,
    }
    assert [r.started for r in history.last[:2]] == [at("2024-05-01"), at("2024-04-30", "20:00")]
    assert history.rating_changes == {date(2024, 4, 30): -3.0}
    assert not history.empty and history.notice == ""


def test_a_journal_not_yet_made_gives_an_empty_history_and_is_not_created(
    tmp_path: Path,
) -> None:
    path = tmp_path / "none.sqlite3"
    history = load_history(path, TODAY)
    assert history.empty and len(history.days) == CHART_DAYS and history.notice == ""
    assert load_first_practice(path, "relaxing-breath") is None
    assert not path.exists()


def test_an_unreadable_journal_becomes_a_notice_not_an_error(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    path.write_bytes(b"this is not a database at all" * 100)
    history = load_history(path, TODAY)
    assert history.empty and history.notice == UNREADABLE
    assert load_first_practice(path, "relaxing-breath") is None


def test_the_first_practice_is_the_first_completed_day(tmp_path: Path) -> None:
    path = seeded(tmp_path / "j.sqlite3")
    assert load_first_practice(path, "relaxing-breath") == date(2024, 3, 1)
    assert load_first_practice(path, "slow-stretching") is None


def test_the_mean_rating_change_of_a_day_counts_only_sessions_with_both_ratings() -> None:
    journal = Journal(":memory:")
    for before, after in ((8, 4), (6, 5), (5, None)):
        sid = journal.start_session("x", "X", at("2024-05-01"), 1.0, None, True, 3, before)
        journal.finish(sid, "completed", at("2024-05-01", "08:05"), 300, after)
    assert read_history(journal, TODAY).rating_changes == {TODAY: -2.5}


# -- the chart's geometry --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("most", "axis"),
    [
        (0.0, Axis(10, (5, 10))),
        (0.5, Axis(1, (1,))),
        (3.2, Axis(4, (1, 2, 3, 4))),
        (7.0, Axis(8, (2, 4, 6, 8))),
        (23.0, Axis(30, (10, 20, 30))),
        (40.0, Axis(40, (10, 20, 30, 40))),
        (95.0, Axis(120, (30, 60, 90, 120))),
        (300.0, Axis(360, (120, 240, 360))),
    ],
)
def test_the_minutes_axis_is_the_smallest_round_scale_that_holds_the_most(
    most: float, axis: Axis
) -> None:
    found = minutes_axis(most)
    assert found == axis
    assert found.top >= most and len(found.ticks) <= 4


def test_bars_fill_the_width_in_order_and_scale_to_the_axis() -> None:
    bars = bar_layout([0.0, 5.0, 10.0, 0.01, 50.0], 100, 500, 200, Axis(10, (5, 10)), gap=0.2)
    assert [b.left for b in bars] == pytest.approx([110, 210, 310, 410, 510])
    assert all(b.width == pytest.approx(80) for b in bars)
    assert [b.height for b in bars] == pytest.approx([0, 100, 200, 2, 200])  # sliver, capped


def test_tick_labels_say_hours_when_whole() -> None:
    assert [tick_label(m) for m in (5, 60, 90, 120)] == ["5 min", "1 h", "90 min", "2 h"]


# -- the wording ----------------------------------------------------------------------------


def test_lengths_times_and_changes_are_said_plainly() -> None:
    assert [minutes_text(s) for s in (44, 60, 125, 3600, 3900)] == [
        "44 s", "1 min", "2 min", "1 h", "1 h 5 min",
    ]  # fmt: skip
    started = datetime(2024, 4, 29, 8, 5)
    assert when_text(started, date(2024, 4, 29)) == "today 08:05"
    assert when_text(started, date(2024, 4, 30)) == "yesterday 08:05"
    assert when_text(started, date(2024, 5, 9)) == "Mon 29 Apr 08:05"
    assert when_text(started, date(2025, 1, 2)) == "29 Apr 2024"
    assert [change_text(c) for c in (-2.5, -0.4, 0.0, 1.0)] == ["−3", "±0", "±0", "+1"]


# -- the scene --------------------------------------------------------------------------------


def draw(scene: HistoryScene, host: FakeHost) -> pygame.Surface:
    surface = pygame.Surface(SIZE)
    scene.frame_key(host.clock(), SIZE)
    scene.draw(surface, host.clock())
    return surface


def test_the_screen_draws_the_same_twice_and_a_history_differs_from_the_empty_one(
    tmp_path: Path,
) -> None:
    host = FakeHost(FakeClock())
    full = HistoryScene(host, load_history(seeded(tmp_path / "j.sqlite3"), TODAY))
    empty = HistoryScene(host, History(TODAY, empty_days(TODAY)))
    first = pygame.image.tobytes(draw(full, host), "RGB")
    assert pygame.image.tobytes(draw(full, host), "RGB") == first
    assert pygame.image.tobytes(draw(empty, host), "RGB") != first


@pytest.mark.parametrize("key", [pygame.K_ESCAPE, pygame.K_h])
def test_esc_or_h_closes_the_screen(key: int) -> None:
    host = FakeHost(FakeClock())
    scene = HistoryScene(host, History(TODAY, empty_days(TODAY)))
    host.overlay(scene)
    scene.handle(key_event(pygame.K_SPACE), host.clock())
    assert host.overlay_scene is scene
    scene.handle(key_event(key), host.clock())
    assert host.overlay_scene is None


def test_h_and_the_footer_chip_in_the_menu_open_the_history() -> None:
    host = FakeHost(FakeClock())
    menu = MenuScene(host, load_catalog())
    host.show(menu)
    menu.handle(key_event(pygame.K_h, "h"), host.clock())
    assert host.history_opened == 1
    rects = footer_hint_rects(host.fonts, menu_layout(SIZE))
    (chip,) = [r for (_, _, k), r in zip(MENU_HINTS, rects, strict=True) if k == pygame.K_h]
    assert chip.right <= SIZE[0]
    click = pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=chip.center)
    menu.handle(click, host.clock())
    assert host.history_opened == 2


@pytest.mark.parametrize("size", [(400, 200), (903, 331), (40, 30)])
def test_a_card_looks_like_a_panel_drawn_whole(size: tuple[int, int]) -> None:
    whole, sliced = pygame.Surface((1000, 400)), pygame.Surface((1000, 400))
    for s in (whole, sliced):
        s.fill(DARK.background)
    rect = pygame.Rect((7, 9), size)
    draw_panel(whole, rect, DARK, radius=14)
    draw_card(sliced, rect, DARK, 14)
    a = pygame.surfarray.array3d(whole).astype(int)
    b = pygame.surfarray.array3d(sliced).astype(int)
    assert abs(a - b).max() <= 8
    assert (abs(a - b) > 2).mean() < 0.001
