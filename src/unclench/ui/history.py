"""The history screen (H in the menu): the last 30 days of practice, the streak, totals per
routine and the last sessions, from the journal.

It opens over the menu (which keeps its selection) and covers it whole. The app reads the
journal once when the screen opens (``journal.history.load_history``: a few bounded
queries, under 10 ms with 100,000 sessions — see docs/performance.md) and hands the
result in; drawing never touches the journal. Esc, H or a click on the chip closes it.
"""

from __future__ import annotations

from collections.abc import Hashable

import pygame

from unclench.journal.history import History
from unclench.ui.history_view import HistoryView, close_chip_rect, history_layout
from unclench.ui.scene import Host, Scene

CLOSE_KEYS = (pygame.K_ESCAPE, pygame.K_h, pygame.K_RETURN, pygame.K_KP_ENTER)


class HistoryScene(Scene):
    """Shows one ``History`` (read when the screen opened); changes nothing."""

    def __init__(self, host: Host, history: History) -> None:
        super().__init__(host)
        self.history = history

    def handle(self, event: pygame.event.Event, now: float) -> None:
        if event.type == pygame.KEYDOWN and event.key in CLOSE_KEYS:
            self.host.overlay(None)
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            size = pygame.display.get_surface().get_size()
            if close_chip_rect(self.host.fonts, history_layout(size)).collidepoint(event.pos):
                self.host.overlay(None)

    def frame_key(self, now: float, size: tuple[int, int]) -> Hashable:
        return ("history", size)

    def draw(self, surface: pygame.Surface, now: float) -> list[pygame.Rect] | None:
        HistoryView(self.host, self.history).draw(surface)
        return None
