"""The session screen: paces a timeline with the engine and shows the cue for each step.

The engine decides (what is due, where we are); this scene acts: it logs each event, hands
speak/chime beats to the audio, and draws. Drawing is split in two layers so a moving disc
costs little: a *static* layer (background, titles, caption, what comes next) is painted
once per step into an off-screen surface, and each frame only the moving parts (the stage
visual, the clock, the progress bar) are restored from it and redrawn, and only their
rectangles are sent to the display.
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from dataclasses import dataclass

import pygame

from ..body import MUSCLE_GROUPS, STRETCHES
from ..engine import (
    BeatDue,
    Event,
    Paused,
    Progress,
    Restarted,
    Resumed,
    Session,
    SessionEnded,
    Skipped,
    StepStarted,
)
from ..routine import Phase, Routine, Side
from ..timeline import BeatKind, Cue, Timeline, compile_timeline, format_clock
from ..visuals.body_map import draw_body, mode_for
from ..visuals.breath import breath_layout, disc_radius, draw_breath, ring_angle
from ..visuals.stretch_card import draw_stretch_card
from ..visuals.text import Align, draw_text, draw_text_block, ellipsize
from ..visuals.theme import Weight, scale_for
from ..visuals.widgets import draw_key_hint, draw_panel, draw_progress_bar, key_hint_row
from .audio_port import SessionAudio
from .overlays import ConfirmLeave
from .scene import FRAME_SECONDS, Host, Scene
from .summary import SummaryScene

BODY_PHASES = (Phase.TENSE, Phase.RELEASE)
# The key chips along the bottom: (key shown, what it does, the key it stands for).
SESSION_HINTS: tuple[tuple[str, str, int], ...] = (
    ("Space", "pause", pygame.K_SPACE),
    ("→", "next", pygame.K_RIGHT),
    ("←", "restart step", pygame.K_LEFT),
    ("M", "mute", pygame.K_m),
    ("Esc", "leave", pygame.K_ESCAPE),
    ("?", "help", pygame.K_F1),
)
PREPARE_LIMIT = 1.2  # seconds a session waits at most for its first prompts
PREPARE_POLL = 0.02


@dataclass(frozen=True)
class SessionLayout:
    unit: float
    top: pygame.Rect  # title, clock and progress bar
    bar: pygame.Rect
    stage: pygame.Rect  # the visual cue
    phase: pygame.Rect  # the phase word
    caption: pygame.Rect
    upcoming: pygame.Rect
    hints: pygame.Rect


def session_layout(size: tuple[int, int]) -> SessionLayout:
    w, h = size
    u = scale_for(size)
    m = round(4 * u)
    top = pygame.Rect(m, m, w - 2 * m, round(4 * u))
    bar = pygame.Rect(m, top.bottom + round(1.2 * u), w - 2 * m, max(3, round(0.9 * u)))
    hints = pygame.Rect(m, h - m - round(3 * u), w - 2 * m, round(3 * u))
    upcoming = pygame.Rect(m, hints.top - round(6 * u), w - 2 * m, round(4 * u))
    caption = pygame.Rect(m, upcoming.top - round(12 * u), w - 2 * m, round(11 * u))
    phase = pygame.Rect(m, caption.top - round(7.5 * u), w - 2 * m, round(7 * u))
    stage_top = bar.bottom + round(2 * u)
    stage = pygame.Rect(m, stage_top, w - 2 * m, phase.top - stage_top - round(1 * u))
    return SessionLayout(u, top, bar, stage, phase, caption, upcoming, hints)


def count_shown(cue: Cue, fraction: float, step_left: float) -> int:
    """The number in the middle of the cue: the current count (1, 2, 3…) on counted steps,
    the whole seconds left on timed ones."""
    if cue.counts:
        return min(cue.counts, int(fraction * cue.counts) + 1)
    return max(1, math.ceil(step_left - 1e-9))


def upcoming_text(cue: Cue | None) -> str:
    if cue is None:
        return "Next: the end"
    seconds = f"{cue.duration:.0f} s" if cue.duration >= 1 else f"{cue.duration:.1f} s"
    what = cue.phase.word
    if cue.target:
        target = MUSCLE_GROUPS.get(cue.target) or STRETCHES.get(cue.target)
        if target:
            what = f"{what}: {target.name}"
    return f"Next: {what} · {seconds}"


def target_name(cue: Cue) -> str:
    target = (MUSCLE_GROUPS.get(cue.target) or STRETCHES.get(cue.target)) if cue.target else None
    return target.name if target else cue.phase.word


def target_regions(cue: Cue) -> tuple[str, ...]:
    """The body regions to light; a one-sided step lights only that side's regions."""
    target = (MUSCLE_GROUPS.get(cue.target) or STRETCHES.get(cue.target)) if cue.target else None
    if target is None:
        return ()
    if cue.side in (Side.LEFT, Side.RIGHT):
        other = "-right" if cue.side is Side.LEFT else "-left"
        one_side = tuple(r for r in target.regions if not r.endswith(other))
        return one_side or target.regions
    return target.regions


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
        if self.live.state.value != "running":
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
        for (_, _, key), rect in zip(SESSION_HINTS, self._hint_rects(layout), strict=True):
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
            if session.state.value == "running":
                session.pause(now)
            self.host.overlay(ConfirmLeave(self.host, self.leave_now))
        elif key == pygame.K_m:
            self.audio.toggle_mute()
        elif key in (pygame.K_UP, pygame.K_KP_PLUS, pygame.K_EQUALS):
            self.audio.change_volume(+0.1)
        elif key in (pygame.K_DOWN, pygame.K_KP_MINUS, pygame.K_MINUS):
            self.audio.change_volume(-0.1)
        elif key == pygame.K_F1 or unicode == "?":
            if session.state.value == "running":
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
        return (self._static_key_for(progress, size), self._dynamic_key(progress, size))

    def _static_key_for(self, p: Progress, size: tuple[int, int]) -> Hashable:
        return (size, p.index, p.paused, self.audio.status_line())

    def _dynamic_key(self, p: Progress, size: tuple[int, int]) -> Hashable:
        cue = p.cue
        layout = session_layout(size)
        clock = (int(p.elapsed), int(p.remaining + 0.999))
        bar = round(layout.bar.width * (p.elapsed / p.total if p.total else 1))
        if cue is None:
            return (clock, bar)
        count = count_shown(cue, p.fraction, p.step_left)
        if cue.phase.is_breath or cue.phase in (Phase.REST, Phase.INSTRUCTION):
            geometry = breath_layout(layout.stage)
            radius = round(disc_radius(cue.phase, p.fraction, geometry.r_min, geometry.r_max))
            ring = round(math.degrees(ring_angle(p.fraction)) / 1.5)
            visual: Hashable = (radius, ring if cue.phase in (Phase.HOLD, Phase.HOLD_OUT) else 0)
        else:
            visual = round(p.fraction * 150)
        return (clock, bar, count, visual)

    def draw(self, surface: pygame.Surface, now: float) -> list[pygame.Rect] | None:
        if self.session is None:
            self._paint_preparing(surface)
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
            self._paint_static(self._static, layout, progress)
            self._static_key = static_key
            surface.blit(self._static, (0, 0))
        assert self._static is not None
        dirty = [layout.top, layout.bar.inflate(2, 2), layout.stage]
        if not full:
            for rect in dirty:
                surface.blit(self._static, rect, rect)
        self._paint_dynamic(surface, layout, progress)
        if progress.paused:
            self._paint_paused(surface, layout)
            return None if full else [layout.stage]
        return None if full else dirty

    def _paint_static(self, surface: pygame.Surface, layout: SessionLayout, p: Progress) -> None:
        palette, fonts, u = self.host.palette, self.host.fonts, layout.unit
        surface.fill(palette.background)
        cue = p.cue
        if cue is not None:
            colour = self._phase_colour(cue)
            draw_text_block(
                surface,
                layout.phase,
                cue.phase.word,
                fonts,
                colour,
                round(5.2 * u),
                weight=Weight.SEMIBOLD,
                max_lines=1,
            )
            draw_text_block(
                surface,
                layout.caption,
                cue.caption,
                fonts,
                palette.text,
                round(3.8 * u),
                min_size=round(2.2 * u),
                max_lines=3,
            )
        draw_text_block(
            surface,
            layout.upcoming,
            upcoming_text(p.next_cue),
            fonts,
            palette.text_dim,
            round(2.4 * u),
            max_lines=1,
        )
        for (key, label, _), rect in zip(SESSION_HINTS, self._hint_rects(layout), strict=True):
            draw_key_hint(surface, rect.topleft, key, label, fonts, palette, layout.hints.height)
        status = self.audio.status_line()
        if status:
            size = round(2 * u)
            room = layout.hints.right - self._hint_rects(layout)[-1].right - round(3 * u)
            status = ellipsize(fonts.get(size), status, room)
            shown = fonts.render(status, size, palette.text_dim)
            surface.blit(shown, shown.get_rect(midright=layout.hints.midright))

    def _hint_rects(self, layout: SessionLayout) -> list[pygame.Rect]:
        """The key chips along the bottom; clicking one does what its key does."""
        hints = [(key, label) for key, label, _ in SESSION_HINTS]
        return key_hint_row(
            layout.hints.topleft,
            hints,
            self.host.fonts,
            layout.hints.height,
            round(2.5 * layout.unit),
        )

    def _phase_colour(self, cue: Cue) -> tuple[int, int, int]:
        palette = self.host.palette
        if cue.phase is Phase.TENSE:
            return palette.tense
        if cue.phase is Phase.RELEASE:
            return palette.release
        if cue.phase is Phase.STRETCH:
            return palette.stretch
        return palette.accent_breath if cue.phase.is_breath else palette.text_dim

    def _paint_dynamic(self, surface: pygame.Surface, layout: SessionLayout, p: Progress) -> None:
        palette, fonts, u = self.host.palette, self.host.fonts, layout.unit
        title = self.timeline.routine.title
        draw_text(
            surface, fonts, title, round(2.4 * u), palette.text_dim, topleft=layout.top.topleft
        )
        clock = f"{format_clock(p.elapsed)}  ·  {format_clock(p.remaining)} left"
        shown = fonts.render(clock, round(2.4 * u), palette.text_dim)
        surface.blit(shown, shown.get_rect(topright=layout.top.topright))
        draw_progress_bar(surface, layout.bar, p.elapsed / p.total if p.total else 1.0, palette)
        cue = p.cue
        if cue is None:
            return
        stage = layout.stage
        count = str(count_shown(cue, p.fraction, p.step_left))
        if cue.phase in BODY_PHASES:
            figure = pygame.Rect(stage.left, stage.top, stage.width // 2, stage.height)
            draw_body(
                surface,
                figure,
                target_regions(cue),
                mode_for(cue.phase),
                p.fraction,
                palette,
                fonts=fonts,
                side_labels=("dominant", "other"),
            )
            words = pygame.Rect(stage.centerx, stage.top, stage.width // 2, stage.height)
            name = pygame.Rect(
                words.left,
                words.top + round(words.height * 0.2),
                words.width,
                round(words.height * 0.3),
            )
            draw_text_block(
                surface,
                name,
                target_name(cue),
                fonts,
                self._phase_colour(cue),
                round(4.6 * u),
                weight=Weight.SEMIBOLD,
                align=Align.LEFT,
                max_lines=2,
            )
            draw_text(
                surface,
                fonts,
                count,
                round(9 * u),
                palette.text,
                topleft=(words.left, name.bottom + round(2 * u)),
                weight=Weight.SEMIBOLD,
            )
        elif cue.phase is Phase.STRETCH:
            card = stage.inflate(-round(stage.width * 0.2), -round(2 * u))
            card.width = min(card.width, round(card.height * 2.0))
            card.center = stage.center
            draw_stretch_card(
                surface,
                card,
                target_name(cue),
                cue.say or cue.caption,
                cue.side,
                p.fraction,
                palette,
                fonts,
                target_regions(cue),
            )
        else:
            geometry = draw_breath(surface, stage, cue.phase, p.fraction, palette)
            size = round(geometry.r_min * 0.9)
            colour = palette.background if cue.phase.is_breath else palette.text
            draw_text(
                surface, fonts, count, size, colour, center=geometry.centre, weight=Weight.SEMIBOLD
            )

    def _paint_preparing(self, surface: pygame.Surface) -> None:
        palette, fonts = self.host.palette, self.host.fonts
        layout = session_layout(surface.get_size())
        surface.fill(palette.background)
        draw_breath(surface, layout.stage, Phase.REST, 0.0, palette)
        draw_text_block(
            surface,
            layout.phase,
            self.timeline.routine.title,
            fonts,
            palette.text,
            round(4.6 * layout.unit),
            weight=Weight.SEMIBOLD,
            max_lines=1,
        )
        draw_text_block(
            surface,
            layout.caption,
            "Getting ready…",
            fonts,
            palette.text_dim,
            round(3 * layout.unit),
            max_lines=1,
        )

    def _paint_paused(self, surface: pygame.Surface, layout: SessionLayout) -> None:
        palette, fonts, u = self.host.palette, self.host.fonts, layout.unit
        box = pygame.Rect(0, 0, round(50 * u), round(20 * u))
        box.center = layout.stage.center
        draw_panel(surface, box, palette, radius=round(3 * u))
        draw_text(
            surface,
            fonts,
            "Paused",
            round(5 * u),
            palette.text,
            center=(box.centerx, box.top + round(7 * u)),
            weight=Weight.SEMIBOLD,
        )
        draw_text(
            surface,
            fonts,
            "Space to go on  ·  Esc to leave",
            round(2.4 * u),
            palette.text_dim,
            center=(box.centerx, box.top + round(14 * u)),
        )


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
