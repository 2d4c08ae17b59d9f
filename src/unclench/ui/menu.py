"""The menu: routines grouped by kind on the left, the chosen one's details on the right.

Keys: ↑/↓ choose, ←/→ cycles, −/+ tempo, Enter start, A about, ?/F1 help, Esc quit.
Mouse: click a routine to choose it (click again to start), wheel to scroll, the small
buttons to change cycles and tempo, Start to begin. Only the rows in view are drawn, so a
folder of a thousand routines scrolls as smoothly as eight.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import replace
from itertools import accumulate

import pygame

from unclench.catalog import Catalog, Entry
from unclench.core.routine import Routine
from unclench.ui.menu_model import (
    Choice,
    Row,
    build_rows,
    change_cycles,
    change_tempo,
    initial_choice,
)
from unclench.ui.menu_view import (
    HEADER_UNITS,
    MENU_HINTS,
    ROW_UNITS,
    MenuView,
    footer_hint_rects,
    menu_layout,
)
from unclench.ui.scene import Host, Scene
from unclench.visuals.theme import scale_for


class MenuScene(Scene):
    def __init__(self, host: Host, catalog: Catalog, notice: str = "") -> None:
        """``notice``: a line to show until the user moves (e.g. about damaged settings)."""
        super().__init__(host)
        self.catalog = catalog
        self.rows: tuple[Row, ...] = build_rows(catalog)
        self.selectable = [i for i, row in enumerate(self.rows) if row.selectable]
        self.selected = self.selectable[0] if self.selectable else -1
        self._tops = list(
            accumulate((HEADER_UNITS if r.header else ROW_UNITS for r in self.rows), initial=0.0)
        )
        self.scroll = 0.0  # list scroll offset, in base units
        self.choices: dict[str, Choice] = {}
        self.message = notice  # a one-line notice (e.g. why a routine cannot start)
        self._size = (1280, 720)

    # -- state helpers ---------------------------------------------------------------------

    @property
    def entry(self) -> Entry | None:
        return self.rows[self.selected].entry if self.selected >= 0 else None

    def choice_for(self, routine: Routine) -> Choice:
        if routine.id not in self.choices:
            self.choices[routine.id] = initial_choice(
                routine, self.host.settings.choices.get(routine.id)
            )
        return self.choices[routine.id]

    def row_tops(self) -> list[float]:
        """Where each row starts (and the last one ends), in base units; computed once."""
        return self._tops

    def _keep_visible(self) -> None:
        layout = menu_layout(self._size)
        view = layout.listing.height / layout.unit
        tops = self.row_tops()
        if self.selected < 0:
            return
        top, bottom = tops[self.selected], tops[self.selected + 1]
        # Show the group header above the first routine of a group too.
        if self.selected > 0 and self.rows[self.selected - 1].header:
            top = tops[self.selected - 1]
        if top < self.scroll:
            self.scroll = top
        elif bottom > self.scroll + view:
            self.scroll = bottom - view
        self._clamp_scroll()

    def _clamp_scroll(self) -> None:
        layout = menu_layout(self._size)
        view = layout.listing.height / layout.unit
        self.scroll = max(0.0, min(self.scroll, self.row_tops()[-1] - view))

    def enter(self, now: float) -> None:
        self._warm()

    def _warm(self) -> None:
        """Have the selected routine's prompts rendered while the user reads about it."""
        entry = self.entry
        if entry is not None and entry.routine is not None:
            self.host.warm(entry.routine)

    def move(self, delta: int) -> None:
        if not self.selectable:
            return
        position = self.selectable.index(self.selected)
        position = max(0, min(len(self.selectable) - 1, position + delta))
        changed = self.selectable[position] != self.selected
        self.selected = self.selectable[position]
        self.message = ""
        self._keep_visible()
        if changed:
            self._warm()

    def adjust(self, cycles: int = 0, tempo: int = 0) -> None:
        entry = self.entry
        if entry is None or entry.routine is None:
            return
        routine = entry.routine
        choice = self.choice_for(routine)
        if cycles:
            choice = change_cycles(routine, choice, cycles)
        if tempo:
            choice = change_tempo(routine, choice, tempo)
        self.choices[routine.id] = choice

    def start(self, now: float) -> None:
        entry = self.entry
        if entry is None:
            return
        if entry.routine is None:
            self.message = "This file has errors; fix them (see the details) to play it."
            return
        routine = entry.routine
        choice = self.choice_for(routine)
        remembered = dict(self.host.settings.choices)
        remembered[routine.id] = {"tempo": choice.tempo} | (
            {"cycles": float(choice.cycles)} if choice.cycles is not None else {}
        )
        self.host.settings = replace(self.host.settings, choices=remembered)
        self.host.start_session(routine, choice.tempo, choice.cycles)

    # -- input -----------------------------------------------------------------------------

    def handle(self, event: pygame.event.Event, now: float) -> None:
        if event.type == pygame.KEYDOWN:
            self._key(event.key, event.unicode, now)
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            self._click(event.pos, now)
        elif event.type == pygame.MOUSEWHEEL:
            self.scroll -= event.y * ROW_UNITS
            self._clamp_scroll()

    def _key(self, key: int, unicode: str, now: float) -> None:
        page = max(
            1, int(menu_layout(self._size).listing.height / (ROW_UNITS * scale_for(self._size)))
        )
        actions = {
            pygame.K_UP: lambda: self.move(-1),
            pygame.K_DOWN: lambda: self.move(1),
            pygame.K_PAGEUP: lambda: self.move(-page),
            pygame.K_PAGEDOWN: lambda: self.move(page),
            pygame.K_HOME: lambda: self.move(-len(self.rows)),
            pygame.K_END: lambda: self.move(len(self.rows)),
            pygame.K_LEFT: lambda: self.adjust(cycles=-1),
            pygame.K_RIGHT: lambda: self.adjust(cycles=1),
            pygame.K_MINUS: lambda: self.adjust(tempo=-1),
            pygame.K_KP_MINUS: lambda: self.adjust(tempo=-1),
            pygame.K_EQUALS: lambda: self.adjust(tempo=1),
            pygame.K_PLUS: lambda: self.adjust(tempo=1),
            pygame.K_KP_PLUS: lambda: self.adjust(tempo=1),
            pygame.K_RETURN: lambda: self.start(now),
            pygame.K_KP_ENTER: lambda: self.start(now),
            pygame.K_ESCAPE: self.host.quit,
            pygame.K_F1: self.host.show_help,
            pygame.K_a: self.host.show_about,
            pygame.K_s: self.host.show_settings,
        }
        if unicode == "?":
            self.host.show_help()
        elif key in actions:
            actions[key]()

    def _click(self, pos: tuple[int, int], now: float) -> None:
        layout = menu_layout(self._size)
        buttons: tuple[tuple[pygame.Rect, Callable[[], None]], ...] = (
            (layout.cycles_minus, lambda: self.adjust(cycles=-1)),
            (layout.cycles_plus, lambda: self.adjust(cycles=1)),
            (layout.tempo_minus, lambda: self.adjust(tempo=-1)),
            (layout.tempo_plus, lambda: self.adjust(tempo=1)),
            (layout.start, lambda: self.start(now)),
        )
        for rect, action in buttons:
            if rect.collidepoint(pos):
                action()
                return
        chips = footer_hint_rects(self.host.fonts, layout)
        for (_, _, key), rect in zip(MENU_HINTS, chips, strict=True):
            if rect.collidepoint(pos):
                self._key(key, "", now)
                return
        if layout.listing.collidepoint(pos):
            y = (pos[1] - layout.listing.top) / layout.unit + self.scroll
            tops = self.row_tops()
            for i, row in enumerate(self.rows):
                if row.selectable and tops[i] <= y < tops[i + 1]:
                    if i == self.selected:
                        self.start(now)
                    else:
                        self.selected = i
                        self.message = ""
                        self._warm()
                    return

    # -- drawing ---------------------------------------------------------------------------

    def frame_key(self, now: float, size: tuple[int, int]) -> Hashable:
        self._size = size
        entry = self.entry
        choice = self.choices.get(entry.routine.id) if entry and entry.routine else None
        return (size, self.selected, round(self.scroll, 3), choice, self.message)

    def draw(self, surface: pygame.Surface, now: float) -> None:
        MenuView(self.host, self).draw(surface)
