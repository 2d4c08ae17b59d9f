"""The pygame shell: one window, one loop, one clock.

The loop is the only place that reads time (``time.perf_counter``). Each pass it asks the
current scene when it next needs attention, waits for input with a timeout up to that
moment, reads the clock once, lets the scene react and advance, and redraws only when the
scene's frame key changed. Nothing slow runs here: speech rendering, file writes and audio
decoding happen on worker threads that report back through pygame's event queue.
"""

from __future__ import annotations

import contextlib
import math
import os
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path

import pygame

from unclench import paths
from unclench.catalog import Catalog
from unclench.core.routine import Routine
from unclench.display import init_display
from unclench.eventlog import EventLog, NullEventLog
from unclench.settings import Settings
from unclench.sound.session_sound import SoundSystem
from unclench.ui.audio_port import SessionAudio, SilentAudio
from unclench.ui.menu import MenuScene
from unclench.ui.overlays import AboutOverlay, HelpOverlay
from unclench.ui.scene import Scene
from unclench.ui.session import session_scene
from unclench.ui.settings_panel import SettingsOverlay
from unclench.visuals.theme import DARK, Fonts

MIN_SIZE = (640, 480)
POLL_SLICE = 0.025  # seconds: how long input may wait while nothing moves
HEADLESS_DRIVERS = frozenset({"dummy", "offscreen"})
DEFAULT_SIZE = (1280, 720)


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


def fit_to_desktop(size: tuple[int, int], desktops: list[tuple[int, int]]) -> tuple[int, int]:
    """The window size to open: ``size``, shrunk (keeping its shape) to 90 % of the first
    desktop when that is smaller, never below MIN_SIZE."""
    if not desktops or desktops[0][0] <= 0 or desktops[0][1] <= 0:
        return size
    dw, dh = desktops[0]
    scale = min(1.0, 0.9 * dw / size[0], 0.9 * dh / size[1])
    return (max(MIN_SIZE[0], round(size[0] * scale)), max(MIN_SIZE[1], round(size[1] * scale)))


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
    notice: str = ""
    """One line the menu shows when it first opens (e.g. the settings file was damaged)."""


class App:
    """Owns the window, the scene, the event log and the audio; runs the loop."""

    def __init__(
        self,
        options: AppOptions,
        clock: Callable[[], float] = time.perf_counter,
        sound: SoundSystem | None = None,
    ) -> None:
        """``clock`` is the one monotonic clock; ``sound`` an already opened sound system
        (tests pass one built on fakes). Otherwise one is opened when ``options.voice`` asks."""
        self.options = options
        self.clock = clock
        self._scene: Scene | None = None
        self._overlay: Scene | None = None
        self._quitting = False
        self._fullscreen = options.fullscreen
        self._windowed_size = options.size
        self._force_redraw = True
        self._last_key: Hashable = None
        self._ready_logged = False
        self._session_origin: float | None = None
        self.settings = options.settings
        self.sound: SoundSystem | None = sound
        self.log: EventLog | NullEventLog = (
            EventLog(options.events) if options.events else NullEventLog()
        )

    # -- what scenes may call -------------------------------------------------------------

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
        audio: SessionAudio = self.sound.session() if self.sound else SilentAudio()
        count_aloud = self.settings.count_aloud
        scene = session_scene(self, routine, tempo, cycles, audio, count_aloud, then_quit)
        self.show(scene)

    def show_menu(self) -> None:
        self._session_origin = None
        notice, self.options.notice = self.options.notice, ""  # shown once, not every time
        self.show(MenuScene(self, self.options.catalog, notice))

    def show_help(self) -> None:
        self.overlay(HelpOverlay(self))

    def show_about(self) -> None:
        self.overlay(AboutOverlay(self))

    def show_settings(self) -> None:
        self.overlay(SettingsOverlay(self))

    def voices(self) -> list[tuple[str, str]]:
        return self.sound.voices if self.sound is not None else []

    def apply_settings(self, settings: Settings) -> None:
        """The user changed a setting: keep it (saved at exit) and apply it to the sound."""
        self.settings = settings
        if self.sound is not None:
            self.sound.update(settings)

    def mark_session_start(self, now: float) -> None:
        """Event-log times count from here (the session's t = 0)."""
        self._session_origin = now

    def since_start(self, now: float) -> float:
        origin = self._session_origin
        return now - (origin if origin is not None else self.options.process_start)

    def toggle_fullscreen(self) -> None:
        self._fullscreen = not self._fullscreen
        self._open_window()

    # -- the loop -------------------------------------------------------------------------

    def _open_window(self) -> None:
        if self._fullscreen:
            self.surface = pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
        else:
            self.surface = pygame.display.set_mode(self._windowed_size, pygame.RESIZABLE)
        self._force_redraw = True

    def _set_icon(self) -> None:
        icon = paths.assets_dir() / "icon-64.png"
        # An unreadable icon is cosmetic; the window still opens.
        with contextlib.suppress(pygame.error, FileNotFoundError):
            pygame.display.set_icon(pygame.image.load(str(icon)))

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
        """Open the window and show the first scene (menu, or the session to play)."""
        if self.sound is None and self.options.sound:
            opts = self.options
            self.sound = SoundSystem(
                self.settings, paths.user_cache_dir(), voice=opts.voice, rate=opts.rate
            )
        # SDL would draw the window through (often software) OpenGL: ~2.7 ms of CPU per
        # update on X11 without a GPU, against ~0.1 ms for plain framebuffer updates.
        os.environ.setdefault("SDL_FRAMEBUFFER_ACCELERATION", "0")
        init_display()  # raises DisplayError when no real window can be opened
        pygame.font.init()
        pygame.key.set_repeat(350, 60)
        pygame.display.set_caption("unclench")
        self._set_icon()
        if pygame.display.get_driver() not in HEADLESS_DRIVERS:  # their "desktop" is made up
            desktops = pygame.display.get_desktop_sizes()
            self._windowed_size = fit_to_desktop(self._windowed_size, desktops)
        self._open_window()
        self.palette = DARK
        self.fonts = Fonts()
        self._start()

    def close(self) -> None:
        if self._scene is not None:
            self._scene.leave(self.clock())
            self._scene = None
        self.log.close()
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
        elif event.type in (pygame.VIDEORESIZE, pygame.WINDOWSIZECHANGED):
            if not self._fullscreen:
                w, h = self.surface.get_size()
                self._windowed_size = (max(w, MIN_SIZE[0]), max(h, MIN_SIZE[1]))
            self._force_redraw = True
        elif event.type in (pygame.WINDOWEXPOSED, pygame.WINDOWRESTORED, pygame.WINDOWSHOWN):
            self._force_redraw = True
        elif event.type == pygame.KEYDOWN and event.key == pygame.K_F11:
            self.toggle_fullscreen()
        else:
            self._current().handle(event, now)
            # Input may change what is shown in ways a frame key cannot see (a new scene).

    def _draw(self, now: float) -> None:
        surface = pygame.display.get_surface()
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
        if changed is None:
            pygame.display.flip()
        elif changed:
            pygame.display.update(changed)
        if not self._ready_logged:
            self._ready_logged = True
            self.log.emit("ready", now - self.options.process_start)


def run_app(options: AppOptions) -> tuple[int, Settings]:
    """Run the app; return its exit code and the settings as the user left them."""
    app = App(options)
    code = app.run()
    return code, app.settings
