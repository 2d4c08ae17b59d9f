"""The menu: routines grouped by kind on the left, the chosen one's details on the right.

Keys: ↑/↓ choose, ←/→ cycles, − slower / + faster, PgUp/PgDn scroll the details, Enter
start, S settings, H history, A about, ?/F1 help, Esc quit. Mouse: click a routine to choose
it (click again to start), wheel to scroll the list or the details (whichever is under the
pointer), the small buttons to change cycles and pace, Start to begin. Only the rows in view
are drawn, so a folder of a thousand routines scrolls as smoothly as eight. Routine files
changed on disk are noticed (``CatalogWatcher``) and shown in place, errors included.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Hashable
from dataclasses import replace
from datetime import date
from itertools import accumulate

import pygame

from unclench.catalog import Catalog, Entry, saved_choice
from unclench.catalog_watch import CatalogWatcher
from unclench.core.progression import RELAXING_BREATH_ID, BreathCap, breath_cap
from unclench.core.routine import Routine
from unclench.ui.menu_model import (
    BreathPractice,
    Choice,
    Row,
    build_rows,
    change_cycles,
    change_tempo,
    initial_choice,
    spoken_entry,
)
from unclench.ui.menu_view import (
    HEADER_UNITS,
    MENU_HINTS,
    ROW_UNITS,
    MenuView,
    detail_body,
    footer_hint_rects,
    menu_layout,
)
from unclench.ui.scene import Host, Scene

CATALOG_CHANGED = pygame.event.custom_type()
"""Posted by the watcher's thread to wake the loop: routine files changed on disk."""


def _wake_loop() -> None:
    with contextlib.suppress(pygame.error):  # no event queue (the window is closing)
        pygame.event.post(pygame.event.Event(CATALOG_CHANGED))


class MenuScene(Scene):
    def __init__(
        self,
        host: Host,
        catalog: Catalog,
        notice: str = "",
        select: str | None = None,
        practice: BreathPractice | None = None,
    ) -> None:
        """``notice``: a line to show until the user moves (e.g. about damaged settings);
        ``select``: the id of the routine to select (the one just played), else the first;
        ``practice``: what the journal says of the relaxing breath, for the 4-7-8
        progression (None: no journal, and no cap)."""
        super().__init__(host)
        self.practice = practice
        self._announcing = False  # saying, this once, that 8 breaths are now offered
        self.choices: dict[str, Choice] = {}
        self.scroll = 0.0  # list scroll offset, in base units
        self.detail_scroll = 0.0  # the detail pane's scroll offset, in base units
        self.message = notice  # a one-line notice (e.g. why a routine cannot start)
        self._size = (1280, 720)
        self.selected = -1
        self.generation = 0  # counts reloads: the frame key's stand-in for the catalog
        self._set_catalog(catalog)
        self.watcher = CatalogWatcher(catalog, _wake_loop)
        if select is not None:
            self._select_where(lambda e: e.routine is not None and e.routine.id == select)

    def _set_catalog(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.rows: tuple[Row, ...] = build_rows(catalog)
        self.selectable = [i for i, row in enumerate(self.rows) if row.selectable]
        self.selected = self.selectable[0] if self.selectable else -1
        self._tops = list(
            accumulate((HEADER_UNITS if r.header else ROW_UNITS for r in self.rows), initial=0.0)
        )

    def _select_where(self, wanted: Callable[[Entry], bool]) -> bool:
        for i in self.selectable:
            entry = self.rows[i].entry
            if entry is not None and wanted(entry):
                self.selected = i
                self._keep_visible()
                return True
        return False

    def reload(self, catalog: Catalog) -> None:
        """Show ``catalog`` (the files changed on disk), keeping the selection on the same
        file; choices of routines that changed start again from their defaults."""
        entry = self.entry
        old = {e.routine.id: e.routine for e in self.catalog.entries if e.routine is not None}
        self._set_catalog(catalog)
        self.generation += 1
        for routine in catalog.routines:
            if old.get(routine.id) != routine:
                self.choices.pop(routine.id, None)
        if entry is not None:
            self._select_where(lambda e: e.path == entry.path)
        self.detail_scroll = 0.0
        self._clamp_scroll()

    # -- state helpers ---------------------------------------------------------------------

    @property
    def entry(self) -> Entry | None:
        return self.rows[self.selected].entry if self.selected >= 0 else None

    def breath_cap(self, routine: Routine) -> BreathCap[date] | None:
        """The 4-7-8 progression's cap for ``routine`` (None: it has none)."""
        if routine.id != RELAXING_BREATH_ID or self.practice is None:
            return None
        days = [self.practice.first_day] if self.practice.first_day else []
        return breath_cap(days, self.practice.today, self.host.settings.breath_cap_override)

    def cycles_cap(self, routine: Routine) -> int | None:
        cap = self.breath_cap(routine)
        return cap.max_breaths if cap is not None else None

    def cap_note(self, routine: Routine) -> str:
        """The line the detail pane shows about the cap: why 4 (or 8 by the user's choice)
        every time; that 8 are now offered only the once."""
        cap = self.breath_cap(routine)
        if cap is None or (cap.unlocked_on is not None and not self._announcing):
            return ""
        return cap.reason

    def _note_unlock(self) -> None:
        """When the relaxing breath is shown with 8 newly offered by the rule, say so this
        once (remembered in the settings, so no later menu says it again)."""
        entry = self.entry
        if self._announcing or entry is None or entry.routine is None:
            return
        cap = self.breath_cap(entry.routine)
        settings = self.host.settings
        if cap is not None and cap.unlocked_on is not None and not settings.breath_cap_announced:
            self._announcing = True
            self.host.apply_settings(replace(settings, breath_cap_announced=True))

    def choice_for(self, routine: Routine) -> Choice:
        cap = self.cycles_cap(routine)
        if routine.id not in self.choices:
            self.choices[routine.id] = initial_choice(
                routine, saved_choice(self.host.settings.choices, routine), cap
            )
        # Brought within the cap each time (the override may have been turned off).
        return change_cycles(routine, self.choices[routine.id], 0, cap)

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

    def _warm(self) -> None:
        """Have the selected routine's prompts rendered while the user reads about it."""
        entry = self.entry
        if entry is not None and entry.routine is not None:
            self.host.warm(entry.routine)
            if self.host.settings.speak_menu:  # self-voicing: say where the user is
                seconds = self.rows[self.selected].seconds
                self.host.say(spoken_entry(entry.routine.title, seconds), entry.routine.language)

    def move(self, delta: int) -> None:
        if not self.selectable:
            return
        position = self.selectable.index(self.selected)
        position = max(0, min(len(self.selectable) - 1, position + delta))
        changed = self.selectable[position] != self.selected
        if changed:
            self.detail_scroll = 0.0
        self.selected = self.selectable[position]
        self.message = ""
        self._keep_visible()
        self._note_unlock()
        if changed:
            self._warm()

    def scroll_detail(self, units: float) -> None:
        """Scroll the detail pane by ``units`` (base units), within what it holds."""
        room, content = detail_body(self.host, self, self._size)
        self.detail_scroll = max(0.0, min(self.detail_scroll + units, content - room))

    def _detail_page(self) -> float:
        room, _ = detail_body(self.host, self, self._size)
        return max(ROW_UNITS, room * 0.85)

    def adjust(self, cycles: int = 0, pace: int = 0) -> None:
        """``cycles`` ±1: fewer / more; ``pace`` −1: slower, +1: faster."""
        entry = self.entry
        if entry is None or entry.routine is None:
            return
        routine = entry.routine
        choice = self.choice_for(routine)
        if cycles:
            choice = change_cycles(routine, choice, cycles, self.cycles_cap(routine))
        if pace:
            choice = change_tempo(routine, choice, pace)
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

    # -- the catalog on disk -----------------------------------------------------------------

    def enter(self, now: float) -> None:
        self.watcher.start()
        self._note_unlock()
        self._warm()

    def leave(self, now: float) -> None:
        self.watcher.stop()

    def update(self, now: float) -> None:
        fresh = self.watcher.take()
        if fresh is not None:
            self.reload(fresh)

    # -- input -----------------------------------------------------------------------------

    def handle(self, event: pygame.event.Event, now: float) -> None:
        if event.type == pygame.KEYDOWN:
            self._key(event.key, event.unicode, now)
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            self._click(event.pos, now)
        elif event.type == pygame.MOUSEWHEEL:
            over_detail = menu_layout(self._size).detail.collidepoint(pygame.mouse.get_pos())
            if over_detail:
                self.scroll_detail(-event.y * 3.0)
            else:
                self.scroll -= event.y * ROW_UNITS
                self._clamp_scroll()
        elif event.type == getattr(pygame, "WINDOWFOCUSGAINED", -1):
            self.watcher.poke()

    def _key(self, key: int, unicode: str, now: float) -> None:
        actions = {
            pygame.K_UP: lambda: self.move(-1),
            pygame.K_DOWN: lambda: self.move(1),
            pygame.K_PAGEUP: lambda: self.scroll_detail(-self._detail_page()),
            pygame.K_PAGEDOWN: lambda: self.scroll_detail(self._detail_page()),
            pygame.K_HOME: lambda: self.move(-len(self.rows)),
            pygame.K_END: lambda: self.move(len(self.rows)),
            pygame.K_LEFT: lambda: self.adjust(cycles=-1),
            pygame.K_RIGHT: lambda: self.adjust(cycles=1),
            pygame.K_MINUS: lambda: self.adjust(pace=-1),
            pygame.K_KP_MINUS: lambda: self.adjust(pace=-1),
            pygame.K_EQUALS: lambda: self.adjust(pace=1),
            pygame.K_PLUS: lambda: self.adjust(pace=1),
            pygame.K_KP_PLUS: lambda: self.adjust(pace=1),
            pygame.K_RETURN: lambda: self.start(now),
            pygame.K_KP_ENTER: lambda: self.start(now),
            pygame.K_ESCAPE: self.host.quit,
            pygame.K_F1: self.host.show_help,
            pygame.K_a: self.host.show_about,
            pygame.K_s: self.host.show_settings,
            pygame.K_h: self.host.show_history,
            pygame.K_r: self.host.show_reminders,
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
            (layout.tempo_minus, lambda: self.adjust(pace=-1)),
            (layout.tempo_plus, lambda: self.adjust(pace=1)),
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
                        self.detail_scroll = 0.0
                        self.message = ""
                        self._note_unlock()
                        self._warm()
                    return

    # -- drawing ---------------------------------------------------------------------------

    def frame_key(self, now: float, size: tuple[int, int]) -> Hashable:
        self._size = size
        entry = self.entry
        choice = self.choices.get(entry.routine.id) if entry and entry.routine else None
        override = self.host.settings.breath_cap_override
        return (
            size,
            self.generation,
            self.selected,
            round(self.scroll, 3),
            round(self.detail_scroll, 3),
            choice,
            self.message,
            override,
            self._announcing,
        )

    def draw(self, surface: pygame.Surface, now: float) -> None:
        MenuView(self.host, self).draw(surface)
