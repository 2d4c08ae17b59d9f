"""The reminders panel (R in the menu): the reminders set, and a row to add one.

The model is pure (``ReminderDraft`` and the functions below turn Settings into rows and
back); the panel draws it and hands the new Settings to the app, which has them saved off
the render loop. The reminder process (``unclench remind run``) reads them from the settings
file, so a reminder added here rings without a restart (docs/reminders.md)."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, replace

import pygame

from unclench.core.reminders import Reminder, format_minute
from unclench.settings import Settings
from unclench.ui.overlays import Overlay
from unclench.ui.scene import Host
from unclench.visuals.text import draw_text
from unclench.visuals.theme import Weight
from unclench.visuals.widgets import draw_panel

TIME_STEP = 15  # minutes that ←/→ move the new reminder's time by
MAX_SHOWN = 6


@dataclass(frozen=True)
class ReminderDraft:
    """The reminder the add rows describe: the routine (index into the routines), the
    time (minute of the day) and weekdays only."""

    routine: int = 0
    minute: int = 8 * 60
    weekdays_only: bool = False

    def step(self, field: int, direction: int, routines: int) -> ReminderDraft:
        if field == 0:
            return replace(self, routine=(self.routine + direction) % max(1, routines))
        if field == 1:
            return replace(self, minute=(self.minute + direction * TIME_STEP) % 1440)
        return replace(self, weekdays_only=not self.weekdays_only)

    def reminder(self, routines: Sequence[tuple[str, str]]) -> Reminder:
        return Reminder(routines[self.routine][0], format_minute(self.minute), self.weekdays_only)


def add_reminder(settings: Settings, reminder: Reminder) -> Settings:
    return replace(settings, reminders=(*settings.reminders, reminder))


def remove_reminder(settings: Settings, index: int) -> Settings:
    kept = settings.reminders[:index] + settings.reminders[index + 1 :]
    return replace(settings, reminders=kept)


class RemindersOverlay(Overlay):
    """↑/↓ choose a row; on a reminder Delete removes it; on the add rows ←/→ change the
    routine, the time and the days, Enter adds. Esc or R close."""

    height_units = 75.0

    def __init__(self, host: Host, routines: Sequence[tuple[str, str]]) -> None:
        super().__init__(host)
        self.routines = list(routines)  # (id, title)
        self.draft = ReminderDraft()
        self.row = 0

    @property
    def rows(self) -> int:
        """The reminders, then three add rows (routine, time, days), then "Add"."""
        return len(self.host.settings.reminders) + 4

    def handle(self, event: pygame.event.Event, now: float) -> None:
        if event.type != pygame.KEYDOWN:
            return
        count = len(self.host.settings.reminders)
        if event.key == pygame.K_UP:
            self.row = (self.row - 1) % self.rows
        elif event.key == pygame.K_DOWN:
            self.row = (self.row + 1) % self.rows
        elif event.key in (pygame.K_DELETE, pygame.K_BACKSPACE) and self.row < count:
            self.host.apply_settings(remove_reminder(self.host.settings, self.row))
            self.row = min(self.row, self.rows - 1)
        elif event.key in (pygame.K_LEFT, pygame.K_RIGHT) and count <= self.row < count + 3:
            direction = 1 if event.key == pygame.K_RIGHT else -1
            self.draft = self.draft.step(self.row - count, direction, len(self.routines))
        elif event.key in (pygame.K_RETURN, pygame.K_KP_ENTER) and self.row >= count:
            if self.routines:
                reminder = self.draft.reminder(self.routines)
                self.host.apply_settings(add_reminder(self.host.settings, reminder))
                self.row += 1  # stays on the same add row, now one further down
        elif event.key in (pygame.K_ESCAPE, pygame.K_r):
            self.host.overlay(None)

    def frame_key(self, now: float, size: tuple[int, int]) -> Hashable:
        return ("reminders", size, self.row, self.draft, self.host.settings.reminders)

    def _lines(self) -> list[tuple[str, str]]:
        lines = [(f"{i + 1}.", r.describe()) for i, r in enumerate(self.host.settings.reminders)]
        title = self.routines[self.draft.routine][1] if self.routines else "(no routines)"
        days = "Weekdays only" if self.draft.weekdays_only else "Every day"
        lines += [("New: routine", title), ("Time", format_minute(self.draft.minute))]
        lines += [("Days", days), ("", "Add this reminder (Enter)")]
        return lines

    def draw_inner(self, surface: pygame.Surface, inner: pygame.Rect, u: float) -> None:
        palette, fonts = self.host.palette, self.host.fonts
        draw_text(surface, fonts, "Reminders", round(4 * u), palette.text,
                  topleft=inner.topleft, weight=Weight.SEMIBOLD)  # fmt: skip
        size, row_h = round(2.6 * u), round(5.2 * u)
        lines = self._lines()
        first = max(0, min(self.row - MAX_SHOWN + 1, len(lines) - MAX_SHOWN - 4))
        count = len(self.host.settings.reminders)
        shown = [i for i in range(len(lines)) if i >= count or first <= i < first + MAX_SHOWN]
        y = inner.top + round(7 * u)
        if not count:
            draw_text(surface, fonts, "No reminders yet: add one below.", size,
                      palette.text_dim, topleft=(inner.left, y))  # fmt: skip
            y += row_h
        for i in shown:
            label, value = lines[i]
            rect = pygame.Rect(inner.left - round(2 * u), y - round(1.2 * u),
                               inner.width + round(4 * u), row_h - round(0.8 * u))  # fmt: skip
            if i == self.row:
                draw_panel(surface, rect, palette, radius=round(1.5 * u), fill=palette.track)
            draw_text(surface, fonts, label, size, palette.text_dim, topleft=(inner.left, y))
            changeable = i == self.row and count <= i < count + 3
            text = fonts.render(f"‹  {value}  ›" if changeable else value, size,
                                palette.text, Weight.SEMIBOLD)  # fmt: skip
            surface.blit(text, text.get_rect(topright=(inner.right, y)))
            y += row_h
        draw_text(
            surface,
            fonts,
            "↑↓ choose · Delete remove · ←→ change · Enter add · Esc close — shown while "
            "`unclench remind run` runs",
            round(2.1 * u),
            palette.text_dim,
            topleft=(inner.left, inner.bottom - round(2.5 * u)),
        )
