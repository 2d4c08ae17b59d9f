"""Hand-written fakes shared by the UI tests: a clock that moves only when told, a host that
records what scenes ask of the app, and a SessionAudio that records every call.

These are small working stand-ins (no mock library): each behaves like the real thing as
far as the scenes can see, so a test can drive a scene exactly as the app does.
"""

from __future__ import annotations

import json
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pygame

from unclench.core.routine import Routine
from unclench.core.timeline import Timeline
from unclench.eventlog import EventLog, EventRecord, NullEventLog
from unclench.settings import Settings
from unclench.ui.journal_port import PracticeToday, SessionJournal
from unclench.ui.scene import Scene
from unclench.visuals.theme import DARK, Fonts, Palette


class FakeClock:
    """A clock that stands still until a test moves it (``advance`` or setting ``now``)."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> float:
        self.now += seconds
        return self.now


class RecordingLog(NullEventLog):
    """An event log kept in memory: the EventRecords EventLog would write, and as dicts
    exactly what the file would hold."""

    def __init__(self) -> None:
        self.written: list[EventRecord] = []

    def write(self, record: EventRecord) -> None:
        self.written.append(record)

    @property
    def records(self) -> list[dict[str, Any]]:
        """Each record read back from its JSON line, as a test of the file would see it."""
        return [json.loads(record.to_json()) for record in self.written]

    def events(self) -> list[str]:
        return [record.event for record in self.written]


@dataclass
class RecordingAudio:
    """A SessionAudio that plays nothing and remembers every call, in order."""

    ready: bool = True
    calls: list[tuple[str, Any]] = field(default_factory=list)
    notice_text: str = ""
    """What ``notice`` answers (a missing speech engine, say)."""

    def begin(self, timeline: Timeline) -> None:
        self.calls.append(("begin", timeline.routine.id))

    def prepared(self) -> bool:
        return self.ready

    def speak(self, text: str, now: float) -> float | None:
        self.calls.append(("speak", text))
        return now

    def chime(self, name: str) -> None:
        self.calls.append(("chime", name))

    def sound(self, path: str) -> str | None:
        self.calls.append(("sound", path))
        return None

    def pause(self) -> None:
        self.calls.append(("pause", None))

    def resume(self) -> None:
        self.calls.append(("resume", None))

    def silence(self) -> None:
        self.calls.append(("silence", None))

    def end(self, completed: bool) -> None:
        self.calls.append(("end", completed))

    def notice(self) -> str:
        return self.notice_text

    def names(self) -> list[str]:
        return [name for name, _ in self.calls]


class RecordingJournal:
    """A SessionJournal that keeps every call in order (``calls``) and answers
    ``practice_today`` with ``today`` at once."""

    def __init__(self, today: PracticeToday | None = None) -> None:
        self.calls: list[tuple[Any, ...]] = []
        self.today = today
        self.closed = False

    def session_started(self, timeline: Timeline, voice_on: bool, rating_before: int | None) -> str:
        session_id = f"session-{sum(1 for c in self.calls if c[0] == 'started') + 1}"
        self.calls.append(("started", session_id, timeline.routine.id, voice_on, rating_before))
        return session_id

    def step_reached(self, session_id: str, step_index: int, practised: float) -> None:
        self.calls.append(("step", session_id, step_index, practised))

    def session_ended(self, session_id: str, completed: bool, practised: float) -> None:
        self.calls.append(("ended", session_id, completed, practised))

    def rated_after(self, session_id: str, rating: int) -> None:
        self.calls.append(("rated_after", session_id, rating))

    def practice_today(self) -> Future[PracticeToday | None]:
        self.calls.append(("practice_today",))
        done: Future[PracticeToday | None] = Future()
        done.set_result(self.today)
        return done

    def close(self) -> None:
        self.closed = True

    def names(self) -> list[str]:
        return [call[0] for call in self.calls]


class FakeHost:
    """The app as a scene sees it (the Host protocol), recording navigation instead of
    running a loop. ``scene``/``overlay_scene`` are what the app would show now."""

    def __init__(self, clock: FakeClock, settings: Settings | None = None) -> None:
        pygame.font.init()
        self.clock = clock
        self.palette: Palette = DARK
        self.fonts = Fonts()
        self.still = False
        self.recorded = RecordingLog()
        self.log: EventLog | NullEventLog = self.recorded
        self.settings = settings or Settings()
        self.recording = RecordingJournal()
        self.journal: SessionJournal = self.recording
        self.scene: Scene | None = None
        self.overlay_scene: Scene | None = None
        self.quit_asked = False
        self.started: list[tuple[str, float | None, int | None, bool]] = []
        self.menus_shown = 0
        self.fullscreen_toggles = 0
        self.settings_opened = 0
        self.history_opened = 0
        self.warmed: list[str] = []
        self.reminders_opened = 0
        self.said: list[str] = []

    def show(self, scene: Scene) -> None:
        if self.scene is not None:
            self.scene.leave(self.clock())
        self.scene = scene
        self.overlay_scene = None
        scene.enter(self.clock())

    def overlay(self, scene: Scene | None) -> None:
        self.overlay_scene = scene
        if scene is not None:
            scene.enter(self.clock())

    def quit(self) -> None:
        self.quit_asked = True

    def toggle_fullscreen(self) -> None:
        self.fullscreen_toggles += 1

    def start_session(
        self, routine: Routine, tempo: float | None, cycles: int | None, then_quit: bool = False
    ) -> None:
        self.started.append((routine.id, tempo, cycles, then_quit))

    def show_menu(self) -> None:
        self.menus_shown += 1

    def warm(self, routine: Routine) -> None:
        self.warmed.append(routine.id)

    def say(self, text: str, language: str) -> None:
        self.said.append(text)

    def show_help(self) -> None:
        from unclench.ui.overlays import HelpOverlay

        self.overlay(HelpOverlay(self))

    def show_about(self) -> None:
        from unclench.ui.overlays import AboutOverlay

        self.overlay(AboutOverlay(self))

    def show_settings(self) -> None:
        self.settings_opened += 1

    def show_history(self) -> None:
        self.history_opened += 1

    def show_reminders(self) -> None:
        self.reminders_opened += 1

    def voices(self) -> list[tuple[str, str]]:
        return [("en-fake", "A fake English voice")]

    def apply_settings(self, settings: Settings) -> None:
        self.settings = settings


def key_event(key: int, unicode: str = "") -> pygame.event.Event:
    return pygame.event.Event(pygame.KEYDOWN, key=key, unicode=unicode, mod=0, scancode=0)


def post_key(key: int, unicode: str = "") -> None:
    """Queue a key press the way SDL would deliver it to the app."""
    pygame.event.post(key_event(key, unicode))


def read_events(path: Path) -> list[dict[str, Any]]:
    """The records of a --events file (complete lines only: a file still being written may
    end in a partial line)."""
    if not path.exists():
        return []
    records = []
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        if line.endswith("\n"):
            records.append(json.loads(line))
    return records
