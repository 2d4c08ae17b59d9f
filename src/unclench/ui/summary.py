"""After a session: completed or stopped, time practised; again, or back to the menu.

When the app was started with ``unclench play`` the summary closes the app by itself after
``AUTO_CLOSE`` seconds (it says so on screen), so a scripted run always ends.
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from dataclasses import dataclass

import pygame

from unclench.core.durations import format_clock
from unclench.core.timeline import Timeline
from unclench.ui.journal_port import PracticeToday
from unclench.ui.scene import Host, Scene
from unclench.visuals.text import draw_text, shorten
from unclench.visuals.theme import RGB, Weight, scale_for
from unclench.visuals.widgets import (
    draw_key_hint,
    draw_panel,
    key_hint_row,
    legible_chip_height,
)

AUTO_CLOSE = 20.0
JOURNAL_POLL = 0.05  # seconds between looks for the journal's answer (it takes a few ms)


def practised_words(seconds: float) -> str:
    whole = round(seconds)
    if whole < 60:
        return f"{whole} second{'s' if whole != 1 else ''}"
    return format_clock(seconds)


def journal_lines(ratings: tuple[int | None, int | None], today: PracticeToday | None) -> list[str]:
    """What this session adds, from the journal: the user's own tension note ("Tension
    7 → 4", when both were given) and today's practice with the streak."""
    lines = []
    before, after = ratings
    if before is not None and after is not None:
        lines.append(f"Tension {before} → {after}")
    if today is not None:
        seconds = today.seconds_today
        practised = (
            practised_words(seconds)
            if seconds < 60
            else f"{round(seconds / 60)} minute{'s' if round(seconds / 60) != 1 else ''}"
        )
        streak = f" · {today.streak} day{'s' if today.streak != 1 else ''} in a row"
        lines.append(f"Today: {practised}{streak if today.streak else ''}")
    return lines


@dataclass(frozen=True)
class SummaryLine:
    """One centred line of the summary panel; ``size`` and ``below_top`` (where its centre
    sits below the panel's top) are in units of ``scale_for``."""

    text: str
    size: float
    colour: RGB
    below_top: float
    weight: Weight = Weight.REGULAR


class SummaryScene(Scene):
    def __init__(
        self,
        host: Host,
        timeline: Timeline,
        completed: bool,
        practised: float,
        then_quit: bool,
        ratings: tuple[int | None, int | None] = (None, None),
    ) -> None:
        super().__init__(host)
        self.timeline = timeline
        self.completed = completed
        self.practised = practised
        self.then_quit = then_quit
        self.ratings = ratings
        """How tense the user said they felt before and after (None: not given)."""
        self.entered = 0.0
        # Asked now, answered on the journal's thread after this session's end is written.
        self._today = host.journal.practice_today()

    @property
    def today(self) -> PracticeToday | None:
        """What the journal says about today, once it has answered (None until then)."""
        return self._today.result() if self._today.done() else None

    def enter(self, now: float) -> None:
        self.entered = now

    def _left(self, now: float) -> int:
        return max(0, math.ceil(AUTO_CLOSE - (now - self.entered)))

    def update(self, now: float) -> None:
        if self.then_quit and self._left(now) <= 0:
            self.host.quit()

    def wake_at(self, now: float) -> float | None:
        if not self._today.done():
            return now + JOURNAL_POLL
        if not self.then_quit:
            return None
        elapsed = now - self.entered
        return self.entered + math.floor(elapsed) + 1.0

    def _hints(self) -> tuple[tuple[str, str], ...]:
        return (("Enter", "again"), ("Esc", "close" if self.then_quit else "menu"))

    def _box(self, size: tuple[int, int]) -> pygame.Rect:
        u = scale_for(size)
        # Room for the journal's lines while its answer is on the way, so the panel does not
        # grow under the user's eyes (a journal that records nothing answers at once).
        room = not self._today.done() or journal_lines(self.ratings, self.today)
        height = 64 if room else 54
        box = pygame.Rect(0, 0, min(size[0] - round(8 * u), round(90 * u)), round(height * u))
        box.center = (size[0] // 2, size[1] // 2)
        return box

    def _hint_rects(self, size: tuple[int, int]) -> list[pygame.Rect]:
        """The Enter/Esc chips (clickable); the same rects are drawn and hit-tested."""
        u = scale_for(size)
        box = self._box(size)
        top = (box.left, box.bottom - round(11 * u))
        height = legible_chip_height(round(3.6 * u))
        return key_hint_row(
            top, self._hints(), self.host.fonts, height, round(4 * u), centre_x=box.centerx
        )

    def handle(self, event: pygame.event.Event, now: float) -> None:
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            rects = self._hint_rects(pygame.display.get_surface().get_size())
            if rects[0].collidepoint(event.pos):
                self._again()
            elif rects[1].collidepoint(event.pos):
                self._close()
            return
        if event.type != pygame.KEYDOWN:
            return
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_r):
            self._again()
        elif event.key in (pygame.K_ESCAPE, pygame.K_q):
            self._close()

    def _again(self) -> None:
        t = self.timeline
        self.host.start_session(t.routine, t.tempo, t.cycles, then_quit=self.then_quit)

    def _close(self) -> None:
        if self.then_quit:
            self.host.quit()
        else:
            self.host.show_menu()

    def frame_key(self, now: float, size: tuple[int, int]) -> Hashable:
        return (size, self._left(now) if self.then_quit else None, self.today)

    def draw(self, surface: pygame.Surface, now: float) -> list[pygame.Rect] | None:
        """The panel with the outcome, the Enter/Esc chips and, under a scripted run, the
        countdown to closing. Changes nothing: the same time draws the same frame."""
        size = surface.get_size()
        u = scale_for(size)
        surface.fill(self.host.palette.background)
        box = self._box(size)
        draw_panel(surface, box, self.host.palette, radius=round(3 * u))
        self._draw_words(surface, box, u)
        self._draw_hints(surface, size, u)
        if self.then_quit:
            self._draw_countdown(surface, box, u, now)
        return None

    def _lines(self) -> list[SummaryLine]:
        """What the panel says, line by line."""
        palette = self.host.palette
        if self.completed:
            headline, colour = "Well done.", palette.accent_breath
            note = "Take a moment before you get up."
        else:
            headline, colour = "Session stopped.", palette.text
            note = f"of {format_clock(self.timeline.total)}. Any practice counts."
        practised = f"You practised for {practised_words(self.practised)}"
        return [
            SummaryLine(headline, 6, colour, 10, Weight.SEMIBOLD),
            SummaryLine(self.timeline.routine.title, 3, palette.text_dim, 18),
            SummaryLine(practised, 3.4, palette.text, 27),
            SummaryLine(note, 2.4, palette.text_dim, 33),
            *(
                SummaryLine(text, 2.6, palette.text, 40 + 5 * i)
                for i, text in enumerate(journal_lines(self.ratings, self.today))
            ),
        ]

    def _draw_words(self, surface: pygame.Surface, box: pygame.Rect, u: float) -> None:
        """Each line centred in the panel, shortened to its width (a long routine title
        keeps what tells it apart: ``shorten``)."""
        room = box.width - round(6 * u)
        for line in self._lines():
            size = round(line.size * u)
            text = shorten(self.host.fonts.get(size, line.weight), line.text, room)
            draw_text(
                surface,
                self.host.fonts,
                text,
                size,
                line.colour,
                center=(box.centerx, box.top + round(line.below_top * u)),
                weight=line.weight,
            )

    def _draw_hints(self, surface: pygame.Surface, size: tuple[int, int], u: float) -> None:
        height = legible_chip_height(round(3.6 * u))
        for (key, label), rect in zip(self._hints(), self._hint_rects(size), strict=True):
            draw_key_hint(
                surface, rect.topleft, key, label, self.host.fonts, self.host.palette, height
            )

    def _draw_countdown(
        self, surface: pygame.Surface, box: pygame.Rect, u: float, now: float
    ) -> None:
        draw_text(
            surface,
            self.host.fonts,
            f"Closing in {self._left(now)} s",
            round(2.2 * u),
            self.host.palette.text_dim,
            center=(box.centerx, box.bottom + round(4 * u)),
        )
