"""The session screen: paces a timeline with the engine and shows the cue for each step.

The engine decides (what is due, where we are); this scene acts: it logs each event, hands
speak/chime beats to the audio, and draws. Drawing is split in two layers so a moving disc
costs little: a *static* layer (background, titles, caption, what comes next) is painted
once per step into an off-screen surface, and each frame only the moving parts (the stage
visual, the clock, the progress bar) are restored from it and redrawn, and only their
rectangles are sent to the display.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import replace
from typing import Any

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
from unclench.core.headings import step_words
from unclench.core.routine import Routine
from unclench.core.timeline import BeatKind, Timeline, compile_timeline
from unclench.ui.audio_port import SessionAudio
from unclench.ui.overlays import ConfirmLeave
from unclench.ui.scene import FRAME_SECONDS, Host, Scene
from unclench.ui.session_view import (
    SESSION_HINTS,
    Shown,
    VolumePill,
    dynamic_key,
    hint_rects,
    paint_dynamic,
    paint_paused,
    paint_preparing,
    paint_static,
    paint_volume_pill,
    session_layout,
    shown_for,
)
from unclench.ui.settings_panel import step_volume
from unclench.ui.summary import SummaryScene
from unclench.ui.tension import TensionPrompt

__all__ = ["PREPARE_LIMIT", "SessionScene", "session_layout", "session_scene"]

PREPARE_LIMIT = 1.2  # seconds a session waits at most for its first prompts
PREPARE_POLL = 0.02
VOLUME_SHOWN = 1.5  # seconds the volume pill stays after ↑/↓


class SessionScene(Scene):
    def __init__(
        self,
        host: Host,
        timeline: Timeline,
        audio: SessionAudio,
        then_quit: bool = False,
        voice_on: bool = False,
        rating_before: int | None = None,
    ) -> None:
        super().__init__(host)
        self.timeline = timeline
        self.audio = audio
        self.then_quit = then_quit
        self.voice_on = voice_on
        self.rating_before = rating_before
        self.journal_id = ""
        self.session: Session | None = None
        self._entered: float | None = None
        self._static: pygame.Surface | None = None
        self._static_key: Hashable = None
        self._keys = self._key_actions()
        self._words = step_words(timeline, host.settings.handedness)
        self._kind_stage = timeline.routine.kind.stage
        self._volume_since: float | None = None  # when ↑/↓ last changed the volume

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
        self.journal_id = self.host.journal.session_started(
            self.timeline, self.voice_on, self.rating_before
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
        """Do what one engine event asks: sound it, log it, or end the session."""
        match event:
            case StepStarted(cue=cue):
                self._log(
                    "step",
                    event.at,
                    event.due,
                    index=cue.index,
                    phase=str(cue.phase),
                    text=cue.caption,
                    seconds=round(cue.duration, 6),
                )
                self.host.journal.step_reached(self.journal_id, cue.index, self.live.practised(now))
            case BeatDue():
                self._play(event, now)
            case Paused():
                self.audio.pause()
                self._log("pause", event.at)
            case Resumed():
                self.audio.resume()
                self._log("resume", event.at, paused_for=round(event.paused_for, 6))
            case Skipped():
                self.audio.silence()
                self._log("skip", event.at, **{"from": event.from_index, "to": event.to_index})
            case Restarted():
                self.audio.silence()
                self._log("restart", event.at, index=event.index)
            case SessionEnded():
                self._end(event, now)

    def _log(self, name: str, at: float, due: float | None = None, /, **fields: Any) -> None:
        """One event-log record, its times counted from the session's t = 0."""
        since = self.live.since_start
        self.host.log.emit(name, since(at), None if due is None else since(due), **fields)

    def _play(self, event: BeatDue, now: float) -> None:
        """Sound a beat: a chime, the routine's own sound, or a prompt or count spoken."""
        beat = event.beat
        if beat.kind is BeatKind.CHIME:
            self.audio.chime(beat.text)
            self._log("chime", event.at, event.due, name=beat.text, step=beat.step)
        elif beat.kind is BeatKind.SOUND:
            why_not = self.audio.sound(beat.text)
            reason = {} if why_not is None else {"reason": why_not}
            self._log(
                "sound" if why_not is None else "sound_missed",
                event.at,
                event.due,
                name=beat.text,
                step=beat.step,
                **reason,
            )
        else:
            started = self.audio.speak(beat.text, now)
            onset = {} if started is None else {"onset": round(self.live.since_start(started), 6)}
            self._log(
                "speak" if started is not None else "speak_missed",
                event.at,
                event.due,
                text=beat.text,
                step=beat.step,
                count=beat.kind is BeatKind.COUNT,
                **onset,
            )

    def _end(self, event: SessionEnded, now: float) -> None:
        """Log the outcome, let the sound end softly (or stop), and show the summary."""
        practised = self.live.practised(now)
        outcome = "completed" if event.completed else "stopped"
        self._log(
            "session_end", event.at, event.due, outcome=outcome, practised=round(practised, 3)
        )
        self.audio.end(event.completed)
        self.host.journal.session_ended(self.journal_id, event.completed, practised)

        def summary(rating_after: int | None) -> None:
            if rating_after is not None:
                self.host.journal.rated_after(self.journal_id, rating_after)
            self.host.show(
                SummaryScene(
                    self.host,
                    self.timeline,
                    event.completed,
                    practised,
                    self.then_quit,
                    (self.rating_before, rating_after),
                )
            )

        if self.host.settings.ask_tension and not self.then_quit:
            title = self.timeline.routine.title
            self.host.show(TensionPrompt(self.host, True, title, summary))
        else:
            summary(None)

    def wake_at(self, now: float) -> float | None:
        if self.session is None:
            return now + PREPARE_POLL
        deadline = self.live.next_deadline(now)
        if self._volume_pill(now) is not None and self._volume_since is not None:
            gone = self._volume_since + VOLUME_SHOWN  # wake to take the pill away
            deadline = gone if deadline is None else min(deadline, gone)
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
        action = self._keys.get(key) or (self._help if unicode == "?" else None)
        if action is not None:
            action(now)

    def _key_actions(self) -> dict[int, Callable[[float], None]]:
        """What each key does in a session (the chips in ``SESSION_HINTS`` name them)."""
        return {
            pygame.K_SPACE: lambda now: self.live.toggle_pause(now),
            pygame.K_p: lambda now: self.live.toggle_pause(now),
            pygame.K_RIGHT: lambda now: self.live.skip(now),
            pygame.K_LEFT: lambda now: self.live.restart_step(now),
            pygame.K_ESCAPE: self._ask_leave,
            pygame.K_m: lambda now: self._toggle_mute(),
            pygame.K_UP: lambda now: self._change_volume(+1, now),
            pygame.K_KP_PLUS: lambda now: self._change_volume(+1, now),
            pygame.K_EQUALS: lambda now: self._change_volume(+1, now),
            pygame.K_DOWN: lambda now: self._change_volume(-1, now),
            pygame.K_KP_MINUS: lambda now: self._change_volume(-1, now),
            pygame.K_MINUS: lambda now: self._change_volume(-1, now),
            pygame.K_F1: self._help,
        }

    def _ask_leave(self, now: float) -> None:
        if self.live.state is SessionState.RUNNING:
            self.live.pause(now)
        self.host.overlay(ConfirmLeave(self.host, self.leave_now))

    def _help(self, now: float) -> None:
        if self.live.state is SessionState.RUNNING:
            self.live.pause(now)
        self.host.show_help()

    def _toggle_mute(self) -> None:
        """Mute is a setting: the host applies it to the sound and saves it."""
        settings = self.host.settings
        self.host.apply_settings(replace(settings, muted=not settings.muted))

    def _change_volume(self, direction: int, now: float) -> None:
        """The overall volume is a setting too; it never unmutes (M does). The level shows
        in a pill for ``VOLUME_SHOWN`` seconds from ``now``."""
        self.host.apply_settings(step_volume(self.host.settings, direction))
        self._volume_since = now

    def _volume_pill(self, now: float) -> VolumePill | None:
        """The pill to show at ``now``, if ↑/↓ was pressed less than ``VOLUME_SHOWN`` ago."""
        since = self._volume_since
        if since is None or not 0 <= now - since < VOLUME_SHOWN:
            return None
        settings = self.host.settings
        return VolumePill(settings.volume, settings.muted)

    def _status_line(self) -> str:
        return "Muted" if self.host.settings.muted else self.audio.notice()

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
        shown = self._shown(progress)
        stage = shown.stage if shown is not None else None
        return (
            self._static_key_for(progress, size),
            dynamic_key(progress, size, stage, self.host.still),
            self._volume_pill(now),
            self.host.overlay_scene is not None,
        )

    def _shown(self, p: Progress) -> Shown | None:
        return shown_for(self._words, self._kind_stage, p, self.host.settings.handedness)

    def _static_key_for(self, p: Progress, size: tuple[int, int]) -> Hashable:
        return (size, p.index, p.paused, self._status_line())

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
                self._status_line(),
                self._shown(progress),
                self.host.settings.handedness,
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
            self._shown(progress),
            self.host.settings.handedness,
            self.host.still,
        )
        pill = self._volume_pill(now)
        if pill is not None:
            paint_volume_pill(surface, layout, pill, self.host.palette, self.host.fonts)
        if progress.paused:
            # A dialog over the session says what the Paused card would: no card under it.
            if self.host.overlay_scene is None:
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
    voice_on: bool = False,
    rating_before: int | None = None,
) -> SessionScene:
    timeline = compile_timeline(routine, tempo, cycles, count_aloud)
    return SessionScene(host, timeline, audio, then_quit, voice_on, rating_before)
