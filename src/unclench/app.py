"""The pygame shell: one loop, one clock, the scenes it shows.

The loop is the only place that reads time (``time.perf_counter``). Each pass it asks the
current scene when it next needs attention, waits for input with a timeout up to that
moment, reads the clock once, lets the scene react and advance, and redraws only when the
scene's frame key changed. The window itself (size, fullscreen, presenting a frame) is
``unclench.window``. Nothing slow runs here: speech rendering, file writes and audio
decoding happen on worker threads that report back through pygame's event queue.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pygame

from unclench import paths
from unclench.catalog import Catalog
from unclench.core.progression import RELAXING_BREATH_ID
from unclench.core.routine import Routine
from unclench.eventlog import EventLog, NullEventLog
from unclench.journal.history import load_first_practice, load_history
from unclench.motion import DesktopMotion, keeps_still
from unclench.settings import Settings
from unclench.sound.service import SoundService
from unclench.ui.audio_port import SessionAudio, SilentSessionAudio
from unclench.ui.cautions import CautionsCard, mark_seen, needs_card
from unclench.ui.history import HistoryScene
from unclench.ui.journal_port import NoJournal, SessionJournal
from unclench.ui.menu import MenuScene
from unclench.ui.menu_model import BreathPractice
from unclench.ui.overlays import AboutOverlay, HelpOverlay
from unclench.ui.scene import Scene
from unclench.ui.session import session_scene
from unclench.ui.settings_panel import SettingsOverlay
from unclench.ui.tension import TensionPrompt
from unclench.visuals.theme import THEMES, Fonts
from unclench.window import DEFAULT_SIZE, Window

POLL_SLICE = 0.025  # seconds: how long input may wait while nothing moves


def process_started_at(clock: Callable[[], float] = time.perf_counter) -> float:
    """The ``clock`` reading at which this process started, so that the ``ready`` event can
    count interpreter start-up too. Linux: from /proc (10 ms resolution); elsewhere: now."""
    try:
        with open("/proc/self/stat", encoding="ascii") as stat:
            after_name = stat.read().rsplit(")", 1)[1].split()
        with open("/proc/uptime", encoding="ascii") as uptime:
            up = float(uptime.read().split()[0])
        age = up - int(after_name[19]) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return clock()
    return clock() - max(0.0, age)


@dataclass
class AppOptions:
    """What the command line asked for."""

    catalog: Catalog
    settings: Settings
    play: Routine | None = None
    tempo: float | None = None
    cycles: int | None = None
    fullscreen: bool = False
    events: Path | None = None
    size: tuple[int, int] = DEFAULT_SIZE
    process_start: float = field(default_factory=time.perf_counter)
    sound: bool = False
    """Voice and chimes on (as the settings say); off runs every session silent (--silent)."""
    voice: str | None = None
    """A speech voice for this run only (--voice)."""
    rate: int | None = None
    """A speech rate for this run only (--rate)."""
    pitch: int | None = None
    """A speech pitch for this run only (--pitch)."""
    save_settings: Callable[[Settings], None] | None = None
    """Called with the settings each time the user changes them (M, ↑/↓, the sound panel, a
    routine's choices); it must return at once (``settings.SettingsSaver.save`` writes on a
    thread). None: changes are not saved (tests, scripts)."""
    notice: str = ""
    """One line the menu shows when it first opens (e.g. the settings file was damaged)."""
    yes: bool = False
    """--yes: ``play`` skips the cautions card of a routine whose cautions were read before
    (the menu always skips what was read)."""
    journal: SessionJournal | None = None
    """Where sessions are recorded (``practice.start_journal``); the app closes it, which
    writes what is queued. None: nothing is recorded (tests, scripts)."""


class App:
    """Runs the loop; owns the window, the scenes shown, the event log and the sound.

    Everything ``Host`` promises the scenes (palette, fonts, log, settings) exists from
    construction; ``open`` only opens the window and the sound and shows the first scene."""

    def __init__(
        self,
        options: AppOptions,
        clock: Callable[[], float] = time.perf_counter,
        sound: SoundService | None = None,
    ) -> None:
        """``clock`` is the one monotonic clock; ``sound`` an already opened sound system
        (tests pass one built on fakes). Otherwise ``open`` opens one when ``options.sound``
        asks for sound (not with --silent)."""
        self.options = options
        self.clock = clock
        self.window = Window(options.size, options.fullscreen)
        self.settings = options.settings
        self.palette = THEMES[self.settings.theme]
        self.fonts = Fonts(scale=self.settings.text_scale)
        self.desktop: DesktopMotion | None = None  # read as the window opens, off the loop
        self._scene: Scene | None = None
        self._overlay: Scene | None = None
        self._quitting = False
        self._force_redraw = True
        self._last_key: Hashable = None
        self._ready_logged = False
        self._last_played: str | None = None  # the menu keeps it selected
        self._read_here: set[str] = set()  # cautions read in this run: not shown again
        self.journal: SessionJournal = options.journal or NoJournal()
        self.sound: SoundService | None = sound
        self.log: EventLog | NullEventLog = (
            EventLog(options.events) if options.events else NullEventLog()
        )

    # -- what scenes may call -------------------------------------------------------------

    @property
    def still(self) -> bool:
        """Reduced motion, as the setting says (or the desktop, with "system")."""
        desktop = self.desktop.wants_still if self.desktop is not None else None
        return keeps_still(self.settings.reduced_motion, desktop)

    def show(self, scene: Scene) -> None:
        now = self.clock()
        if self._scene is not None:
            self._scene.leave(now)
        self._scene = scene
        self._overlay = None
        self._force_redraw = True
        scene.enter(now)

    def overlay(self, scene: Scene | None) -> None:
        now = self.clock()
        if self._overlay is not None:
            self._overlay.leave(now)
        self._overlay = scene
        self._force_redraw = True
        if self._scene is not None:
            self._scene.invalidate()
        if scene is not None:
            scene.enter(now)

    def quit(self) -> None:
        self._quitting = True

    def start_session(
        self, routine: Routine, tempo: float | None, cycles: int | None, then_quit: bool = False
    ) -> None:
        """The routine's cautions card first (see ``ui.cautions``), then its session."""
        self._last_played = routine.id
        skip_seen = self.options.yes or not then_quit or routine.id in self._read_here
        if not needs_card(routine, self.settings, skip_seen):
            self._begin(routine, tempo, cycles, then_quit)
            return

        def ready() -> None:
            self._read_here.add(routine.id)
            self.apply_settings(mark_seen(self.settings, routine))
            self._begin(routine, tempo, cycles, then_quit)

        self.show(CautionsCard(self, routine, ready, self.quit if then_quit else self.show_menu))

    def _begin(
        self, routine: Routine, tempo: float | None, cycles: int | None, then_quit: bool
    ) -> None:
        """Ask how tense the user feels (unless the setting is off, or the command line
        asked to play: a scripted run starts at once), then begin the session."""

        def begin(rating_before: int | None) -> None:
            audio: SessionAudio = self.sound.session() if self.sound else SilentSessionAudio()
            voice_on = self.sound is not None and not self.settings.muted
            count_aloud = self.settings.count_aloud
            self.show(
                session_scene(
                    self, routine, tempo, cycles, audio, count_aloud, then_quit, voice_on,
                    rating_before,
                )
            )  # fmt: skip

        if self.settings.ask_tension and not then_quit:
            self.show(TensionPrompt(self, False, routine.title, begin))
        else:
            begin(None)

    def show_menu(self) -> None:
        notice, self.options.notice = self.options.notice, ""  # shown once, not every time
        today = datetime.now().astimezone().date()
        first = load_first_practice(paths.journal_path(), RELAXING_BREATH_ID)
        practice = BreathPractice(today, first)
        self.show(
            MenuScene(
                self, self.options.catalog, notice, select=self._last_played, practice=practice
            )
        )

    def show_help(self) -> None:
        self.overlay(HelpOverlay(self))

    def show_about(self) -> None:
        self.overlay(AboutOverlay(self))

    def show_settings(self) -> None:
        self.overlay(SettingsOverlay(self))

    def show_history(self) -> None:
        """The history screen over the menu, read from the journal as it opens (bounded
        queries, a few ms with years of sessions: docs/performance.md)."""
        today = datetime.now().astimezone().date()
        self.overlay(HistoryScene(self, load_history(paths.journal_path(), today)))

    def show_reminders(self) -> None:
        from unclench.ui.reminders_panel import RemindersOverlay

        routines = [(r.id, r.title) for r in self.options.catalog.routines]
        self.overlay(RemindersOverlay(self, routines))

    def voices(self) -> list[tuple[str, str]]:
        return self.sound.voices if self.sound is not None else []

    def warm(self, routine: Routine) -> None:
        if self.sound is not None:
            self.sound.warm(routine)

    def say(self, text: str, language: str) -> None:
        if self.sound is not None:
            self.sound.say(text, language)

    def apply_settings(self, settings: Settings) -> None:
        """The user changed a setting: keep it (the app owns the settings), apply it to the
        sound and have it saved (off the loop). A new theme or text size shows at once:
        every scene is redrawn, and new Fonts leave no layout cached at the old size."""
        before, self.settings = self.settings, settings
        if settings.theme != before.theme:
            self.palette = THEMES[settings.theme]
            self._force_redraw = True
        if settings.text_scale != before.text_scale:
            self.fonts = Fonts(self.fonts.folder, scale=settings.text_scale)
            self._force_redraw = True
        if settings.reduced_motion != before.reduced_motion:
            self._force_redraw = True
        if self.sound is not None:
            self.sound.update(settings)
        if self.options.save_settings is not None:
            self.options.save_settings(settings)

    def toggle_fullscreen(self) -> None:
        self.window.toggle_fullscreen()
        self._force_redraw = True

    # -- the loop -------------------------------------------------------------------------

    def run(self) -> int:
        self.open()
        try:
            while not self._quitting:
                self.tick()
        finally:
            self.close()
        return 0

    @property
    def quitting(self) -> bool:
        return self._quitting

    @property
    def scene(self) -> Scene | None:
        """The current scene (menu, session or summary)."""
        return self._scene

    @property
    def overlay_scene(self) -> Scene | None:
        """The panel open over it, if any (help, about, sound, leave?)."""
        return self._overlay

    def open(self) -> None:
        """Open the sound (unless given, or --silent), then the window, and show the first
        scene (the menu, or the session to play)."""
        if self.sound is None and self.options.sound:
            opts = self.options
            self.sound = SoundService(
                self.settings,
                paths.user_cache_dir(),
                voice=opts.voice,
                rate=opts.rate,
                pitch=opts.pitch,
            )
        if self.desktop is None:
            self.desktop = DesktopMotion()
        self.window.open()
        self._force_redraw = True
        pygame.font.init()
        pygame.key.set_repeat(350, 60)
        self._start()

    def close(self) -> None:
        if self._scene is not None:
            self._scene.leave(self.clock())
            self._scene = None
        self.log.close()
        self.journal.close()  # writes what is queued (a session's end), then closes
        if self.sound is not None:
            self.sound.close()
        pygame.quit()

    def _start(self) -> None:
        opts = self.options
        if opts.play is not None:
            self.start_session(opts.play, opts.tempo, opts.cycles, then_quit=True)
        else:
            self.show_menu()

    def _current(self) -> Scene:
        scene = self._overlay or self._scene
        assert scene is not None
        return scene

    def _timeout_ms(self, now: float) -> int | None:
        """How long to wait for input: until the earliest wake, never a frame too long."""
        if self._force_redraw:
            return 0
        wakes = [w for w in (s.wake_at(now) for s in self._scenes()) if w is not None]
        if not wakes:
            return None
        return max(0, math.ceil((min(wakes) - now) * 1000))

    def _scenes(self) -> list[Scene]:
        return [s for s in (self._scene, self._overlay) if s is not None]

    def tick(self, wait: bool = True) -> None:
        """One pass of the loop: wait for input or the next wake-up, read the clock once,
        dispatch, update, draw. ``wait=False`` (scripts, tests) does not block."""
        timeout = self._timeout_ms(self.clock()) if wait else 0
        events = self._wait_for_events(timeout)
        now = self.clock()
        for event in events:
            self._dispatch(event, now)
        for scene in self._scenes():
            scene.update(now)
        self._draw(now)

    def _wait_for_events(self, timeout_ms: int | None) -> list[pygame.event.Event]:
        """Block until input arrives or ``timeout_ms`` passes (None: until input).

        pygame 2.6's ``event.wait`` polls every millisecond on every video driver (about
        850 wake-ups a second on an idle X11 menu), so we sleep in short slices instead and
        look for input between them: input waits at most one slice, deadlines not at all
        (the last slice ends exactly at the deadline)."""
        if timeout_ms == 0:
            return pygame.event.get()
        deadline = None if timeout_ms is None else self.clock() + timeout_ms / 1000
        while True:
            events = pygame.event.get()
            if events:
                return events
            left = POLL_SLICE if deadline is None else min(POLL_SLICE, deadline - self.clock())
            if left <= 0:
                return []
            time.sleep(left)

    def _dispatch(self, event: pygame.event.Event, now: float) -> None:
        if event.type == pygame.QUIT:
            self._quitting = True
        elif self.window.handle(event):
            self._force_redraw = True
        else:
            self._current().handle(event, now)
            # Input may change what is shown in ways a frame key cannot see (a new scene):
            # ``show`` and ``overlay`` force a full redraw for that.

    def _draw(self, now: float) -> None:
        surface = self.window.surface
        size = surface.get_size()
        key = tuple(s.frame_key(now, size) for s in self._scenes())
        if key == self._last_key and not self._force_redraw:
            return
        full = self._force_redraw
        self._last_key = key
        self._force_redraw = False
        if full or self._overlay is not None:
            for scene in self._scenes():
                scene.invalidate()
        changed: list[pygame.Rect] | None = []
        for scene in self._scenes():
            rects = scene.draw(surface, now)
            if rects is None or changed is None:
                changed = None
            else:
                changed.extend(rects)
        self.window.present(changed)
        if not self._ready_logged:
            self._ready_logged = True
            self.log.emit("ready", now - self.options.process_start)


def run_app(options: AppOptions) -> tuple[int, Settings]:
    """Run the app; return its exit code and the settings as the user left them."""
    app = App(options)
    code = app.run()
    return code, app.settings
