"""Every session is recorded: the session scene through the journal port, the app through
the real recorder into a real SQLite file, the tension prompts, and the summary's lines."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import pygame
import pytest

from fakes import FakeClock, FakeHost, RecordingAudio, key_event, post_key
from journal_helpers import at, played
from unclench.app import App, AppOptions
from unclench.catalog import load_catalog
from unclench.cli.main import main
from unclench.core.timeline import compile_timeline
from unclench.journal import COMPLETED, OPEN, STOPPED, Journal, JournalWriter
from unclench.practice import JOURNAL_MENU_NOTICE, JournalRecorder, start_journal
from unclench.settings import Settings
from unclench.ui.cautions import mark_seen
from unclench.ui.journal_port import PracticeToday
from unclench.ui.menu import MenuScene
from unclench.ui.session import SessionScene
from unclench.ui.summary import SummaryScene, journal_lines
from unclench.ui.tension import TensionPrompt, rating_for_key

FRAME = 0.25
WALL = at("2024-05-01", "08:30")


def fixed_wall() -> datetime:
    return WALL


# ------------------------------------------------------------------- the session scene


def play_through(host: FakeHost, clock: FakeClock, scene: SessionScene, seconds: float) -> None:
    host.show(scene)
    end = clock.now + seconds
    while clock.now < end and host.scene is scene:
        clock.now = min(end, clock.now + FRAME)
        scene.update(clock.now)


def box_scene(host: FakeHost, **kwargs: object) -> SessionScene:
    routine = load_catalog(include_user=False).find("box-breathing")
    timeline = compile_timeline(routine, None, 2)
    return SessionScene(host, timeline, RecordingAudio(), **kwargs)  # type: ignore[arg-type]


def test_a_session_records_its_start_each_step_and_its_end_in_order() -> None:
    clock = FakeClock()
    host = FakeHost(clock, Settings(ask_tension=False))
    scene = box_scene(host, voice_on=True, rating_before=6)
    play_through(host, clock, scene, scene.timeline.total + 1)
    calls = host.recording.calls
    assert calls[0] == ("started", "session-1", "box-breathing", True, 6)
    steps = [c for c in calls if c[0] == "step"]
    assert [c[2] for c in steps] == [cue.index for cue in scene.timeline.cues]
    practised = [c[3] for c in steps]
    assert practised == sorted(practised) and practised[0] == 0.0
    assert practised[1] == pytest.approx(scene.timeline.cues[1].start, abs=FRAME)
    ended = next(c for c in calls if c[0] == "ended")
    assert ended[:3] == ("ended", "session-1", True)
    assert ended[3] == pytest.approx(scene.timeline.total)
    assert isinstance(host.scene, SummaryScene)


def test_a_stopped_session_records_stopped_with_what_was_practised() -> None:
    clock = FakeClock()
    host = FakeHost(clock, Settings(ask_tension=False))
    scene = box_scene(host)
    play_through(host, clock, scene, 7.0)
    scene.leave_now(clock.now)
    scene.update(clock.now)
    ended = [c for c in host.recording.calls if c[0] == "ended"]
    assert ended == [("ended", "session-1", False, pytest.approx(7.0))]


def test_after_the_session_the_prompt_asks_and_its_rating_is_recorded_and_summarised() -> None:
    clock = FakeClock()
    host = FakeHost(clock)  # ask_tension on, as by default
    host.recording.today = PracticeToday(seconds_today=600.0, streak=3)
    scene = box_scene(host, rating_before=7)
    play_through(host, clock, scene, scene.timeline.total + 1)
    prompt = host.scene
    assert isinstance(prompt, TensionPrompt) and prompt.after
    assert prompt.question == "How tense do you feel now?"
    prompt.handle(key_event(pygame.K_4), clock.now)
    assert ("rated_after", "session-1", 4) in host.recording.calls
    summary = host.scene
    assert isinstance(summary, SummaryScene) and summary.ratings == (7, 4)
    texts = [line.text for line in summary._lines()]
    assert "Tension 7 → 4" in texts and "Today: 10 minutes · 3 days in a row" in texts
    # the day's practice is asked after the session's end was recorded
    names = host.recording.names()
    assert names.index("ended") < names.index("rated_after") < names.index("practice_today")


def test_a_scripted_play_asks_nothing_after_the_session() -> None:
    clock = FakeClock()
    host = FakeHost(clock)
    scene = box_scene(host, then_quit=True)
    play_through(host, clock, scene, scene.timeline.total + 1)
    assert isinstance(host.scene, SummaryScene) and host.scene.ratings == (None, None)


# ------------------------------------------------------------------ the tension prompt


@pytest.mark.parametrize(
    ("key", "rating"),
    [(pygame.K_0, 0), (pygame.K_7, 7), (pygame.K_KP3, 3), (pygame.K_t, 10), (pygame.K_a, None)],
)
def test_each_key_chooses_its_rating(key: int, rating: int | None) -> None:
    assert rating_for_key(key) == rating


def prompt_answers(*events: pygame.event.Event) -> list[int | None]:
    clock = FakeClock()
    host = FakeHost(clock)
    answers: list[int | None] = []
    prompt = TensionPrompt(host, False, "Box breathing", answers.append)
    for event in events:
        prompt.handle(event, clock.now)
    return answers


def test_enter_or_esc_skips_and_other_keys_wait() -> None:
    assert prompt_answers(key_event(pygame.K_a), key_event(pygame.K_RETURN)) == [None]
    assert prompt_answers(key_event(pygame.K_ESCAPE)) == [None]
    assert prompt_answers(key_event(pygame.K_SPACE)) == []


def test_the_prompt_answers_once_even_when_two_keys_arrive_together() -> None:
    assert prompt_answers(key_event(pygame.K_3), key_event(pygame.K_9)) == [3]


def test_a_click_on_a_chip_chooses_it_and_on_skip_skips() -> None:
    pygame.display.init()
    pygame.display.set_mode((1280, 720))
    clock = FakeClock()
    host = FakeHost(clock)
    answers: list[int | None] = []
    prompt = TensionPrompt(host, False, "Box breathing", answers.append)
    chips = prompt.chip_rects((1280, 720))
    assert len(chips) == 11 and all(a.right < b.left for a, b in itertools.pairwise(chips))
    click = pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=chips[10].center)
    prompt.handle(click, clock.now)
    skip_prompt = TensionPrompt(host, True, "Box breathing", answers.append)
    skip = skip_prompt.hint_rects((1280, 720))[-1]
    skip_prompt.handle(
        pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=skip.center), clock.now
    )
    assert answers == [10, None]


# ------------------------------------------------------------------- the summary lines


def test_the_summary_shows_the_change_only_when_both_ratings_were_given() -> None:
    assert journal_lines((7, 4), None) == ["Tension 7 → 4"]
    assert journal_lines((7, None), None) == []
    assert journal_lines((None, 3), None) == []


def test_the_summary_says_what_today_adds_up_to() -> None:
    assert journal_lines((None, None), PracticeToday(45.0, 0)) == ["Today: 45 seconds"]
    assert journal_lines((None, None), PracticeToday(61.0, 1)) == [
        "Today: 1 minute · 1 day in a row"
    ]
    assert journal_lines((2, 2), PracticeToday(1500.0, 12)) == [
        "Tension 2 → 2",
        "Today: 25 minutes · 12 days in a row",
    ]


# ---------------------------------------------------- the app, into a real SQLite file


@contextmanager
def app_recording(
    path: Path, clock: FakeClock, settings: Settings, play: str | None = None
) -> Iterator[App]:
    catalog = load_catalog(include_user=False)
    for routine in catalog.routines:  # cautions read: sessions start without their card
        settings = mark_seen(settings, routine)
    recorder, notices = start_journal(path, fixed_wall)
    assert notices == ()
    options = AppOptions(
        catalog=catalog,
        settings=settings,
        play=catalog.find(play) if play else None,
        journal=recorder,
        yes=True,
    )
    app = App(options, clock=clock)
    app.open()
    try:
        app.tick(wait=False)
        yield app
    finally:
        app.close()


def tick_for(app: App, clock: FakeClock, seconds: float) -> None:
    end = clock.now + seconds
    while clock.now < end:
        clock.now = min(end, clock.now + FRAME)
        app.tick(wait=False)


def test_the_menu_asks_before_and_after_and_the_journal_keeps_the_whole_session(
    tmp_path: Path,
) -> None:
    path = tmp_path / "journal.sqlite3"
    clock = FakeClock()
    with app_recording(path, clock, Settings(), play=None) as app:
        assert isinstance(app.scene, MenuScene)
        post_key(pygame.K_RETURN)  # the first routine
        app.tick(wait=False)
        assert isinstance(app.scene, TensionPrompt) and not app.scene.after
        post_key(pygame.K_6)
        app.tick(wait=False)
        session = app.scene
        assert isinstance(session, SessionScene) and session.rating_before == 6
        tick_for(app, clock, session.timeline.total + 1)
        assert isinstance(app.scene, TensionPrompt) and app.scene.after
        post_key(pygame.K_3)
        app.tick(wait=False)
        summary = app.scene
        assert isinstance(summary, SummaryScene)
        summary._today.result(timeout=10)  # the writer thread answers
        assert summary.today is not None and summary.today.streak == 1
        assert summary.today.seconds_today == pytest.approx(session.timeline.total, abs=0.01)
        routine = session.timeline.routine
    journal = Journal(path)
    try:
        (record,) = journal.sessions()
    finally:
        journal.close()
    assert (record.routine_id, record.title) == (routine.id, routine.title)
    assert (record.outcome, record.rating_before, record.rating_after) == (COMPLETED, 6, 3)
    assert record.started == WALL and record.ended == WALL
    assert record.steps_total == len(session.timeline.cues)
    assert record.step_reached == record.steps_total - 1
    assert record.practised_seconds == pytest.approx(session.timeline.total, abs=0.01)
    assert record.tempo == session.timeline.tempo and record.cycles == session.timeline.cycles
    assert record.voice_on is False  # no sound in this app


def test_a_session_left_mid_way_is_recorded_as_stopped_when_the_app_closes(
    tmp_path: Path,
) -> None:
    path = tmp_path / "journal.sqlite3"
    clock = FakeClock()
    with app_recording(path, clock, Settings(ask_tension=False), play="box-breathing") as app:
        session = app.scene
        assert isinstance(session, SessionScene)
        tick_for(app, clock, 11.0)
        post_key(pygame.K_ESCAPE)
        app.tick(wait=False)
        post_key(pygame.K_RETURN)  # "leave?" → yes
        tick_for(app, clock, FRAME)
        assert isinstance(app.scene, SummaryScene)
    journal = Journal(path)
    try:
        (record,) = journal.sessions()
    finally:
        journal.close()
    steps = len(session.timeline.cues)
    assert record.outcome == STOPPED and record.outcome_text == f"stopped at step 3 of {steps}"
    assert record.practised_seconds == pytest.approx(11.0, abs=FRAME)
    assert record.rating_before is None and record.rating_after is None


def test_start_up_closes_a_session_a_dead_app_left_open(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    journal = Journal(path)
    sid = journal.start_session("box-breathing", "Box", at("2024-05-01"), 1.0, 8, False, 28,
                                owner="elsewhere:1")  # fmt: skip
    journal.step_reached(sid, 4, 21.0)
    played(journal, at("2024-04-30"))
    journal.close()
    recorder, notices = start_journal(path, fixed_wall)
    recorder.close()
    journal = Journal(path)
    try:
        outcomes = {r.uuid: (r.outcome, r.practised_seconds) for r in journal.sessions()}
    finally:
        journal.close()
    assert outcomes[sid] == (STOPPED, 21.0) and notices == ()
    assert OPEN not in {outcome for outcome, _ in outcomes.values()}


def test_a_damaged_journal_is_noted_on_the_terminal_and_once_in_the_menu(
    unclench_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from unclench import paths

    shown: list[str] = []

    def run_app(options: AppOptions) -> tuple[int, Settings]:
        """Stands in for the window: keeps what the menu would show first."""
        shown.append(options.notice)
        return 0, options.settings

    monkeypatch.setattr("unclench.app.run_app", run_app)
    path = paths.journal_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a database at all" * 100)
    assert main(["--silent"]) == 0
    assert shown == [JOURNAL_MENU_NOTICE]
    assert "journal is damaged or not a database" in capsys.readouterr().err
    assert path.with_name("journal.sqlite3.damaged-1").exists()


def test_the_recorder_posts_and_the_writer_writes_the_rating_after(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.sqlite3")
    recorder = JournalRecorder(JournalWriter(journal), fixed_wall)
    timeline = compile_timeline(load_catalog(include_user=False).find("box-breathing"))
    sid = recorder.session_started(timeline, True, None)
    recorder.session_ended(sid, False, 12.5)
    recorder.rated_after(sid, 10)
    today = recorder.practice_today().result(timeout=10)
    recorder.close()
    assert today == PracticeToday(12.5, 0)  # stopped sessions count as time, not streak
    journal = Journal(tmp_path / "j.sqlite3")
    try:
        (record,) = journal.sessions()
    finally:
        journal.close()
    assert (record.outcome, record.practised_seconds, record.rating_after) == (STOPPED, 12.5, 10)
    assert recorder.notices == ()
