"""The session screen: paces a timeline with the engine and shows the cue for each step.

The engine decides (what is due, where we are); this scene acts: it logs each event, hands
speak/chime beats to the audio, and draws. Drawing is split in two layers so a moving disc
costs little: a *static* layer (background, titles, caption, what comes next) is painted
once per step into an off-screen surface, and each frame only the moving parts (the stage
visual, the clock, the progress bar) are restored from it and redrawn, and only their
rectangles are sent to the display.
"""

from __future__ import annotations

from collections.abc import Hashable

import pygame

from unclench.core.engine import (
    BeatDue,
    Event,
    Paused,
    Progress,
    Restarted,
    Resumed,
    Session,
    SessionEnded,
    SessionState,
    Skipped,
    StepStarted,
)
from unclench.core.routine import Routine
from unclench.core.timeline import BeatKind, Timeline, compile_timeline
from unclench.ui.audio_port import SessionAudio
from unclench.ui.overlays import ConfirmLeave
from unclench.ui.scene import FRAME_SECONDS, Host, Scene
from unclench.ui.session_view import (
    SESSION_HINTS,
    dynamic_key,
    hint_rects,
    paint_dynamic,
    paint_paused,
    paint_preparing,
    paint_static,
    session_layout,
)
from unclench.ui.summary import SummaryScene

__all__ = ["PREPARE_LIMIT", "SessionScene", "session_layout", "session_scene"]

PREPARE_LIMIT = 1.2  # seconds a session waits at most for its first prompts
PREPARE_POLL = 0.02


class SessionScene(Scene):
    def __init__(
        self, host: Host, timeline: Timeline, audio: SessionAudio, then_quit: bool = False
    ) -> None:
        super().__init__(host)
        self.timeline = timeline
        self.audio = audio
        self.then_quit = then_quit
        self.session: Session | None = None
        self._entered: float | None = None
        self._static: pygame.Surface | None = None
        self._static_key: Hashable = None

    # -- life cycle ------------------------------------------------------------------------

    def enter(self, now: float) -> None:
        if self._entered is not None:
            return  # coming back from an overlay
        self._entered = now
        self.audio.begin(self.timeline)
        self.update(now)

    def _start(self, now: float) -> None:
        """Begin pacing: t = 0 of the timeline is ``now``."""
        self.session = Session(self.timeline, now)
        self.host.mark_session_start(now)
        routine = self.timeline.routine
        self.host.log.emit(
            "session_start",
            0.0,
            0.0,
            routine=routine.id,
            tempo=self.timeline.tempo,
            cycles=self.timeline.cycles,
            total=round(self.timeline.total, 6),
            prepared=round(now - (self._entered or now), 6),
        )

    @property
    def live(self) -> Session:
        assert self.session is not None
        return self.session

    # -- time ------------------------------------------------------------------------------

    def update(self, now: float) -> None:
        if self.session is None:
            waited = now - (self._entered if self._entered is not None else now)
            if not (self.audio.prepared() or waited >= PREPARE_LIMIT):
                return
            self._start(now)
        for event in self.live.update(now):
            self._act(event, now)

    def _act(self, event: Event, now: float) -> None:
        log, since = self.host.log, self.live.since_start
        if isinstance(event, StepStarted):
            cue = event.cue
            log.emit(
                "step",
                since(event.at),
                since(event.due),
                index=cue.index,
                phase=str(cue.phase),
                text=cue.caption,
                seconds=round(cue.duration, 6),
            )
        elif isinstance(event, BeatDue):
            beat = event.beat
            if beat.kind is BeatKind.CHIME:
                self.audio.chime(beat.text)
                log.emit("chime", since(event.at), since(event.due), name=beat.text, step=beat.step)
            elif beat.kind is BeatKind.SOUND:
                self.audio.sound(beat.text, self.timeline.routine.origin)
            else:
                started = self.audio.speak(beat.text, event.due, now)
                log.emit(
                    "speak" if started is not None else "speak_missed",
                    since(event.at),
                    since(event.due),
                    text=beat.text,
                    step=beat.step,
                    count=beat.kind is BeatKind.COUNT,
                    **({"onset": round(since(started), 6)} if started is not None else {}),
                )
        elif isinstance(event, Paused):
            self.audio.pause()
            log.emit("pause", since(event.at))
        elif isinstance(event, Resumed):
            self.audio.resume()
            log.emit("resume", since(event.at), paused_for=round(event.paused_for, 6))
        elif isinstance(event, Skipped):
            self.audio.silence()
            log.emit("skip", since(event.at), **{"from": event.from_index, "to": event.to_index})
        elif isinstance(event, Restarted):
            self.audio.silence()
            log.emit("restart", since(event.at), index=event.index)
        elif isinstance(event, SessionEnded):
            outcome = "completed" if event.completed else "stopped"
            log.emit(
                "session_end",
                since(event.at),
                since(event.due),
                outcome=outcome,
                practised=round(self.live.practised(now), 3),
            )
            self.audio.end(event.completed)
            self.host.show(
                SummaryScene(
                    self.host,
                    self.timeline,
                    event.completed,
                    self.live.practised(now),
                    self.then_quit,
                )
            )

    def wake_at(self, now: float) -> float | None:
        if self.session is None:
            return now + PREPARE_POLL
        deadline = self.live.next_deadline(now)
        if self.live.state is not SessionState.RUNNING:
            return deadline
        frame = now + FRAME_SECONDS
        return frame if deadline is None else min(frame, deadline)

    # -- input -----------------------------------------------------------------------------

    def handle(self, event: pygame.event.Event, now: float) -> None:
        if self.session is None:
            if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
                self.host.show_menu()
            return
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            self._click(event.pos, now)
            return
        if event.type != pygame.KEYDOWN:
            return
        self._key(event.key, event.unicode, now)

    def _click(self, pos: tuple[int, int], now: float) -> None:
        """A chip acts like its key; a click anywhere else pauses or goes on."""
        layout = session_layout(pygame.display.get_surface().get_size())
        for (_, _, key), rect in zip(
            SESSION_HINTS, hint_rects(self.host.fonts, layout), strict=True
        ):
            if rect.collidepoint(pos):
                self._key(key, "", now)
                return
        self.live.toggle_pause(now)

    def _key(self, key: int, unicode: str, now: float) -> None:
        session = self.live
        if key == pygame.K_SPACE or key == pygame.K_p:
            session.toggle_pause(now)
        elif key == pygame.K_RIGHT:
            session.skip(now)
        elif key == pygame.K_LEFT:
            session.restart_step(now)
        elif key == pygame.K_ESCAPE:
            if session.state is SessionState.RUNNING:
                session.pause(now)
            self.host.overlay(ConfirmLeave(self.host, self.leave_now))
        elif key == pygame.K_m:
            self.audio.toggle_mute()
        elif key in (pygame.K_UP, pygame.K_KP_PLUS, pygame.K_EQUALS):
            self.audio.change_volume(+0.1)
        elif key in (pygame.K_DOWN, pygame.K_KP_MINUS, pygame.K_MINUS):
            self.audio.change_volume(-0.1)
        elif key == pygame.K_F1 or unicode == "?":
            if session.state is SessionState.RUNNING:
                session.pause(now)
            self.host.show_help()

    def invalidate(self) -> None:
        self._static_key = None

    def leave_now(self, now: float) -> None:
        """Called by the confirm dialog: stop; the summary follows on the next update."""
        self.live.stop(now)

    # -- drawing ---------------------------------------------------------------------------

    def frame_key(self, now: float, size: tuple[int, int]) -> Hashable:
        if self.session is None:
            return ("preparing", size)
        progress = self.live.current(now)
        return (self._static_key_for(progress, size), dynamic_key(progress, size))

    def _static_key_for(self, p: Progress, size: tuple[int, int]) -> Hashable:
        return (size, p.index, p.paused, self.audio.status_line())

    def draw(self, surface: pygame.Surface, now: float) -> list[pygame.Rect] | None:
        if self.session is None:
            paint_preparing(
                surface, self.timeline.routine.title, self.host.palette, self.host.fonts
            )
            return None
        progress = self.live.current(now)
        size = surface.get_size()
        layout = session_layout(size)
        static_key = self._static_key_for(progress, size)
        full = static_key != self._static_key or self._static is None
        if full:
            self._static = (
                pygame.Surface(size).convert()
                if pygame.display.get_surface()
                else pygame.Surface(size)
            )
            paint_static(
                self._static,
                layout,
                progress,
                self.host.palette,
                self.host.fonts,
                self.audio.status_line(),
            )
            self._static_key = static_key
            surface.blit(self._static, (0, 0))
        assert self._static is not None
        dirty = [layout.top, layout.bar.inflate(2, 2), layout.stage]
        if not full:
            for rect in dirty:
                surface.blit(self._static, rect, rect)
        paint_dynamic(
            surface,
            layout,
            progress,
            self.timeline.routine.title,
            self.host.palette,
            self.host.fonts,
        )
        if progress.paused:
            paint_paused(surface, layout, self.host.palette, self.host.fonts)
            return None if full else [layout.stage]
        return None if full else dirty


def session_scene(
    host: Host,
    routine: Routine,
    tempo: float | None,
    cycles: int | None,
    audio: SessionAudio,
    count_aloud: bool | None = None,
    then_quit: bool = False,
) -> SessionScene:
    timeline = compile_timeline(routine, tempo, cycles, count_aloud)
    return SessionScene(host, timeline, audio, then_quit)
