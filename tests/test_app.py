"""The real App, headless (SDL dummy driver), driven by key events on a fake clock.

Each test opens the app the way ``unclench`` does, posts key presses, ticks the loop
without waiting, and checks the --events file and what is on screen. Times in the event
log are exact because the clock only moves when the test moves it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pygame
import pytest

from fakes import FakeClock, post_key, read_events
from unclench.app import App, AppOptions
from unclench.catalog import load_catalog
from unclench.core.timeline import compile_timeline
from unclench.settings import Settings
from unclench.ui.cautions import CautionsCard, mark_seen
from unclench.ui.menu import MenuScene
from unclench.ui.overlays import AboutOverlay, ConfirmLeave, HelpOverlay
from unclench.ui.scene import Host, Scene
from unclench.ui.session import SessionScene
from unclench.ui.summary import AUTO_CLOSE, SummaryScene

FRAME = 0.25  # the fake loop's frame step, seconds (exact in binary)


@contextmanager
def running_app(
    clock: FakeClock,
    events: Path | None = None,
    play: str | None = None,
    size: tuple[int, int] = (1280, 720),
    cautions_read: bool = True,
    settings: Settings | None = None,
    **choices: Any,
) -> Iterator[App]:
    """The app on ``clock``; with ``cautions_read`` every routine's cautions count as read
    (and --yes is given), so sessions start without their cautions card; by default
    without the tension prompts (tests of the menu and the session; the tension tests ask)."""
    catalog = load_catalog()
    settings = settings or Settings(ask_tension=False)
    if cautions_read:
        for routine in catalog.routines:
            settings = mark_seen(settings, routine)
        choices.setdefault("yes", True)
    options = AppOptions(
        catalog=catalog,
        settings=settings,
        play=catalog.find(play) if play else None,
        events=events,
        size=size,
        process_start=clock(),
        voice=None,
        **choices,
    )
    app = App(options, clock=clock)
    app.open()
    try:
        app.tick(wait=False)
        yield app
    finally:
        app.close()


def test_everything_a_scene_may_ask_of_the_app_exists_before_the_window_opens() -> None:
    promised = set(Host.__annotations__) | {n for n in vars(Host) if not n.startswith("_")}
    assert {"palette", "fonts", "log", "settings", "show", "quit"} <= promised
    app = App(AppOptions(catalog=load_catalog(), settings=Settings()), clock=FakeClock())
    assert sorted(n for n in promised if not hasattr(app, n)) == []


def press(app: App, key: int, unicode: str = "") -> None:
    post_key(key, unicode)
    app.tick(wait=False)


def run_for(app: App, clock: FakeClock, seconds: float) -> None:
    """Let ``seconds`` pass frame by frame, as the real loop would."""
    end = clock.now + seconds
    while clock.now < end:
        clock.now = min(end, clock.now + FRAME)
        app.tick(wait=False)


def shown(app: App) -> tuple[Scene | None, Scene | None]:
    """(scene, overlay) the app shows now. The app has no public accessor for them."""
    return app.scene, app.overlay_scene


def session_of(app: App) -> SessionScene:
    scene = shown(app)[0]
    assert isinstance(scene, SessionScene)
    return scene


def start_coherent_breathing(app: App) -> None:
    """From the menu: Down to the second breathing routine, Enter."""
    press(app, pygame.K_DOWN)
    press(app, pygame.K_RETURN)


def test_app_opens_on_the_menu_and_logs_ready_once(tmp_path: Path) -> None:
    log = tmp_path / "events.jsonl"
    clock = FakeClock()
    with running_app(clock, events=log) as app:
        assert isinstance(shown(app)[0], MenuScene)
        clock.advance(1.0)
        app.tick(wait=False)
    assert [r["event"] for r in read_events(log)] == ["ready"]


def test_enter_in_the_menu_starts_the_chosen_routine_and_logs_session_start(
    tmp_path: Path,
) -> None:
    log = tmp_path / "events.jsonl"
    clock = FakeClock()
    with running_app(clock, events=log) as app:
        start_coherent_breathing(app)
        assert isinstance(shown(app)[0], SessionScene)
    records = read_events(log)
    start = next(r for r in records if r["event"] == "session_start")
    assert start["routine"] == "coherent-breathing"
    assert start["cycles"] == 30
    assert start["t"] == 0.0 and start["prepared"] == 0.0
    first_step = next(r for r in records if r["event"] == "step")
    assert (first_step["index"], first_step["due"], first_step["t"]) == (0, 0.0, 0.0)


def test_step_events_are_due_at_the_cue_starts_and_logged_within_a_frame(tmp_path: Path) -> None:
    log = tmp_path / "events.jsonl"
    clock = FakeClock()
    with running_app(clock, events=log) as app:
        start_coherent_breathing(app)
        run_for(app, clock, 40.0)
    routine = load_catalog().find("coherent-breathing")
    cues = compile_timeline(routine).cues
    steps = [r for r in read_events(log) if r["event"] == "step"]
    assert [s["index"] for s in steps] == list(range(len(steps)))
    assert len(steps) >= 7  # 40 s covers two instructions and a few breaths
    for step in steps:
        assert step["due"] == pytest.approx(cues[step["index"]].start, abs=1e-6)
        assert 0 <= step["t"] - step["due"] < FRAME


def test_pause_then_resume_shifts_the_rest_of_the_schedule_by_exactly_the_paused_time(
    tmp_path: Path,
) -> None:
    log = tmp_path / "events.jsonl"
    clock = FakeClock()
    with running_app(clock, events=log) as app:
        start_coherent_breathing(app)
        run_for(app, clock, 2.0)
        press(app, pygame.K_SPACE, " ")
        run_for(app, clock, 7.5)  # paused: step 1 (due at 5 s) must not start
        press(app, pygame.K_SPACE, " ")
        run_for(app, clock, 20.0)
    records = read_events(log)
    pause = next(r for r in records if r["event"] == "pause")
    resume = next(r for r in records if r["event"] == "resume")
    assert pause["t"] == 2.0
    assert resume["t"] == 9.5 and resume["paused_for"] == 7.5
    between = records[records.index(pause) + 1 : records.index(resume)]
    assert not [r for r in between if r["event"] == "step"]
    cues = compile_timeline(load_catalog().find("coherent-breathing")).cues
    later = [r for r in records[records.index(resume) :] if r["event"] == "step"]
    assert later, "steps go on after the resume"
    for step in later:
        assert step["due"] == pytest.approx(cues[step["index"]].start + 7.5, abs=1e-6)


def test_right_arrow_skips_to_the_next_step_at_once(tmp_path: Path) -> None:
    log = tmp_path / "events.jsonl"
    clock = FakeClock()
    with running_app(clock, events=log) as app:
        start_coherent_breathing(app)
        run_for(app, clock, 1.0)
        press(app, pygame.K_RIGHT)
    records = read_events(log)
    skip = next(r for r in records if r["event"] == "skip")
    assert (skip["from"], skip["to"], skip["t"]) == (0, 1, 1.0)
    step1 = next(r for r in records if r["event"] == "step" and r["index"] == 1)
    assert step1["t"] == 1.0 and step1["due"] == 1.0


def test_left_arrow_restarts_the_current_step(tmp_path: Path) -> None:
    log = tmp_path / "events.jsonl"
    clock = FakeClock()
    with running_app(clock, events=log) as app:
        start_coherent_breathing(app)
        run_for(app, clock, 3.0)
        press(app, pygame.K_LEFT)
        run_for(app, clock, 4.0)  # step 1 now starts at 3 + 5 = 8 s, not at 5 s
    records = read_events(log)
    restart = next(r for r in records if r["event"] == "restart")
    assert (restart["index"], restart["t"]) == (0, 3.0)
    assert [r["index"] for r in records if r["event"] == "step"] == [0, 0]


def test_escape_asks_first_and_escape_again_stays_paused(tmp_path: Path) -> None:
    log = tmp_path / "events.jsonl"
    clock = FakeClock()
    with running_app(clock, events=log) as app:
        start_coherent_breathing(app)
        run_for(app, clock, 1.0)
        press(app, pygame.K_ESCAPE)
        scene, overlay = shown(app)
        assert isinstance(scene, SessionScene) and isinstance(overlay, ConfirmLeave)
        press(app, pygame.K_ESCAPE)
        assert shown(app) == (scene, None)
        run_for(app, clock, 10.0)
        assert scene.live.state.value == "paused"
    events = [r["event"] for r in read_events(log)]
    assert "session_end" not in events
    assert events.count("pause") == 1 and "resume" not in events
    assert events.count("step") == 1  # nothing moved while the dialog and the pause were up


def test_escape_then_enter_stops_the_session_and_shows_the_summary(tmp_path: Path) -> None:
    log = tmp_path / "events.jsonl"
    clock = FakeClock()
    with running_app(clock, events=log) as app:
        start_coherent_breathing(app)
        run_for(app, clock, 6.0)
        press(app, pygame.K_ESCAPE)
        clock.advance(3.0)  # thinking about it
        press(app, pygame.K_RETURN)
        summary, overlay = shown(app)
        assert isinstance(summary, SummaryScene) and overlay is None
        assert summary.completed is False
        assert summary.practised == 6.0  # the time spent in the dialog is not practice
    records = read_events(log)
    end = records[-1]
    assert end["event"] == "session_end"
    assert (end["outcome"], end["t"], end["practised"]) == ("stopped", 9.0, 6.0)


def _stop_session(app: App) -> None:
    press(app, pygame.K_ESCAPE)
    press(app, pygame.K_RETURN)


def test_enter_on_the_summary_starts_the_same_routine_again(tmp_path: Path) -> None:
    log = tmp_path / "events.jsonl"
    clock = FakeClock()
    with running_app(clock, events=log) as app:
        press(app, pygame.K_DOWN)
        press(app, pygame.K_RIGHT)  # 31 breaths instead of 30
        press(app, pygame.K_MINUS, "-")  # slower: the next preset, 5 breaths a minute
        press(app, pygame.K_RETURN)
        run_for(app, clock, 1.0)
        _stop_session(app)
        press(app, pygame.K_RETURN)
        assert isinstance(shown(app)[0], SessionScene)
    starts = [r for r in read_events(log) if r["event"] == "session_start"]
    assert len(starts) == 2
    for start in starts:
        assert (start["routine"], start["cycles"], start["tempo"]) == (
            "coherent-breathing",
            31,
            1.2,
        )


def test_escape_on_the_summary_goes_back_to_the_menu(tmp_path: Path) -> None:
    clock = FakeClock()
    with running_app(clock) as app:
        start_coherent_breathing(app)
        _stop_session(app)
        press(app, pygame.K_ESCAPE)
        assert isinstance(shown(app)[0], MenuScene)
        assert not app.quitting
        press(app, pygame.K_ESCAPE)
        assert app.quitting


def test_play_mode_starts_the_session_directly_and_escape_on_the_summary_quits(
    tmp_path: Path,
) -> None:
    clock = FakeClock()
    with running_app(clock, play="box-breathing", cycles=3, tempo=0.5) as app:
        scene = shown(app)[0]
        assert isinstance(scene, SessionScene)
        assert (scene.timeline.cycles, scene.timeline.tempo) == (3, 0.5)
        _stop_session(app)
        assert isinstance(shown(app)[0], SummaryScene)
        assert not app.quitting
        press(app, pygame.K_ESCAPE)
        assert app.quitting


def test_play_mode_summary_closes_the_app_by_itself_after_twenty_seconds() -> None:
    clock = FakeClock()
    with running_app(clock, play="relaxing-breath", cycles=1) as app:
        total = session_of(app).timeline.total
        run_for(app, clock, total)
        summary = shown(app)[0]
        assert isinstance(summary, SummaryScene) and summary.completed
        run_for(app, clock, AUTO_CLOSE - FRAME)
        assert not app.quitting
        run_for(app, clock, FRAME)
        assert app.quitting


def test_a_completed_session_logs_completed_at_the_timelines_end(tmp_path: Path) -> None:
    log = tmp_path / "events.jsonl"
    clock = FakeClock()
    with running_app(clock, events=log, play="relaxing-breath", cycles=1) as app:
        total = session_of(app).timeline.total
        run_for(app, clock, total + 1.0)
    end = next(r for r in read_events(log) if r["event"] == "session_end")
    assert end["outcome"] == "completed"
    assert end["due"] == pytest.approx(total, abs=1e-6)


@pytest.mark.parametrize("key, unicode", [(pygame.K_SLASH, "?"), (pygame.K_F1, "")])
def test_help_opens_from_the_menu_with_question_mark_and_f1_and_any_key_closes_it(
    key: int, unicode: str
) -> None:
    clock = FakeClock()
    with running_app(clock) as app:
        press(app, key, unicode)
        menu, overlay = shown(app)
        assert isinstance(overlay, HelpOverlay)
        press(app, pygame.K_SPACE, " ")
        assert shown(app) == (menu, None)


@pytest.mark.parametrize("key, unicode", [(pygame.K_SLASH, "?"), (pygame.K_F1, "")])
def test_help_during_a_session_pauses_it(key: int, unicode: str, tmp_path: Path) -> None:
    log = tmp_path / "events.jsonl"
    clock = FakeClock()
    with running_app(clock, events=log) as app:
        start_coherent_breathing(app)
        run_for(app, clock, 1.0)
        press(app, key, unicode)
        assert isinstance(shown(app)[1], HelpOverlay)
        assert session_of(app).live.state.value == "paused"
    assert [r["event"] for r in read_events(log)][-1] == "pause"


def test_a_opens_the_about_page_from_the_menu() -> None:
    clock = FakeClock()
    with running_app(clock) as app:
        press(app, pygame.K_a, "a")
        assert isinstance(shown(app)[1], AboutOverlay)
        press(app, pygame.K_DOWN)  # scrolls, does not close
        assert isinstance(shown(app)[1], AboutOverlay)
        press(app, pygame.K_ESCAPE)
        assert shown(app)[1] is None
        assert not app.quitting


def _visit_every_screen(app: App, clock: FakeClock) -> None:
    """Menu, help, about, a session (paused, confirm dialog), the summary."""
    size = pygame.display.get_surface().get_size()
    press(app, pygame.K_F1)
    press(app, pygame.K_ESCAPE)
    press(app, pygame.K_a, "a")
    press(app, pygame.K_ESCAPE)
    press(app, pygame.K_END)  # the last routine, with the longest detail
    press(app, pygame.K_HOME)
    start_coherent_breathing(app)
    run_for(app, clock, 12.0)
    press(app, pygame.K_SPACE, " ")
    _stop_session(app)
    assert isinstance(shown(app)[0], SummaryScene)
    assert pygame.display.get_surface().get_size() == size


@pytest.mark.parametrize("size", [(640, 480), (3840, 2160)])
def test_every_screen_draws_at_the_smallest_and_a_4k_window(size: tuple[int, int]) -> None:
    clock = FakeClock()
    with running_app(clock, size=size) as app:
        _visit_every_screen(app, clock)


def test_resizing_during_a_session_redraws_at_the_new_size() -> None:
    clock = FakeClock()
    with running_app(clock) as app:
        start_coherent_breathing(app)
        run_for(app, clock, 12.0)  # a breathing step
        for size in ((640, 480), (3840, 2160)):
            # What SDL does when the user drags the window edge: a new surface, then the event.
            pygame.display.set_mode(size, pygame.RESIZABLE)
            pygame.event.post(
                pygame.event.Event(pygame.VIDEORESIZE, size=size, w=size[0], h=size[1])
            )
            run_for(app, clock, 0.5)
            surface = pygame.display.get_surface()
            assert surface.get_size() == size
            # The teal disc sits in the middle of the stage at the new size too.
            stage_centre = (size[0] // 2, size[1] // 2)
            colours = {
                tuple(surface.get_at((x, stage_centre[1] - size[1] // 10)))[:3]
                for x in range(stage_centre[0] - 5, stage_centre[0] + 5)
            }
            assert any(g > r + 50 and b > r + 30 for r, g, b in colours), colours


def test_f11_toggles_fullscreen_and_back_without_losing_the_session() -> None:
    clock = FakeClock()
    with running_app(clock) as app:
        start_coherent_breathing(app)
        scene = shown(app)[0]
        press(app, pygame.K_F11)
        press(app, pygame.K_F11)
        run_for(app, clock, 1.0)
        # (The size after leaving fullscreen is not checked: SDL's dummy driver keeps the
        # fullscreen size, a quirk of the driver, not of the app.)
        assert shown(app)[0] is scene
        assert session_of(app).live.state.value == "running"


# -- the cautions card -------------------------------------------------------------------------


def test_play_shows_the_cautions_card_first_and_enter_starts_the_session() -> None:
    clock = FakeClock()
    with running_app(clock, play="box-breathing", cautions_read=False) as app:
        card = shown(app)[0]
        assert isinstance(card, CautionsCard) and card.routine.id == "box-breathing"
        run_for(app, clock, 5.0)  # the card waits for the user: no session behind it
        assert isinstance(shown(app)[0], CautionsCard)
        press(app, pygame.K_RETURN)
        assert isinstance(shown(app)[0], SessionScene)
        assert app.settings.cautions_seen.keys() == {"box-breathing"}


def test_escape_on_the_cautions_card_of_play_leaves_without_a_session(tmp_path: Path) -> None:
    log = tmp_path / "events.jsonl"
    clock = FakeClock()
    with running_app(clock, events=log, play="box-breathing", cautions_read=False) as app:
        press(app, pygame.K_ESCAPE)
        assert app.quitting
        assert app.settings.cautions_seen == {}
    assert not [r for r in read_events(log) if r["event"] == "session_start"]


def test_play_without_yes_shows_read_cautions_again_and_with_yes_skips_them() -> None:
    catalog = load_catalog()
    routine = catalog.find("box-breathing")
    read = mark_seen(Settings(), routine)
    for yes, expected in ((False, CautionsCard), (True, SessionScene)):
        options = AppOptions(catalog=catalog, settings=read, play=routine, yes=yes)
        app = App(options, clock=FakeClock())
        app.open()
        try:
            app.tick(wait=False)
            assert isinstance(shown(app)[0], expected)
        finally:
            app.close()


def test_changed_cautions_show_their_card_again_even_with_yes() -> None:
    from dataclasses import replace

    catalog = load_catalog()
    routine = catalog.find("box-breathing")
    read = mark_seen(Settings(), routine)
    changed = replace(routine, cautions=(*routine.cautions, "A new caution."))
    app = App(AppOptions(catalog=catalog, settings=read, play=changed, yes=True))
    app.open()
    try:
        app.tick(wait=False)
        assert isinstance(shown(app)[0], CautionsCard)
    finally:
        app.close()


def test_the_menu_shows_the_card_until_read_then_starts_at_once() -> None:
    clock = FakeClock()
    with running_app(clock, cautions_read=False) as app:
        start_coherent_breathing(app)
        assert isinstance(shown(app)[0], CautionsCard)
        press(app, pygame.K_ESCAPE)  # back to the menu, the routine still chosen
        menu = shown(app)[0]
        assert isinstance(menu, MenuScene)
        assert menu.entry is not None and menu.entry.routine is not None
        assert menu.entry.routine.id == "coherent-breathing"
        press(app, pygame.K_RETURN)
        press(app, pygame.K_SPACE, " ")  # Space dismisses the card too
        assert isinstance(shown(app)[0], SessionScene)
        _stop_session(app)
        press(app, pygame.K_ESCAPE)  # the summary: back to the menu
        assert isinstance(shown(app)[0], MenuScene)
        press(app, pygame.K_RETURN)  # read before: straight into the session
        assert isinstance(shown(app)[0], SessionScene)


def test_a_click_on_the_card_begins_and_a_click_on_back_goes_back() -> None:
    clock = FakeClock()
    with running_app(clock, cautions_read=False) as app:
        start_coherent_breathing(app)
        card = shown(app)[0]
        assert isinstance(card, CautionsCard)
        back = card._choice_rects(app.window.surface.get_size())[1]
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=back.center))
        app.tick(wait=False)
        assert isinstance(shown(app)[0], MenuScene)
        press(app, pygame.K_RETURN)
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=(10, 10)))
        app.tick(wait=False)
        assert isinstance(shown(app)[0], SessionScene)


def test_after_a_session_the_menu_keeps_the_routine_played_selected() -> None:
    clock = FakeClock()
    with running_app(clock) as app:
        start_coherent_breathing(app)
        _stop_session(app)
        press(app, pygame.K_ESCAPE)
        menu = shown(app)[0]
        assert isinstance(menu, MenuScene)
        assert menu.entry is not None and menu.entry.routine is not None
        assert menu.entry.routine.id == "coherent-breathing"
