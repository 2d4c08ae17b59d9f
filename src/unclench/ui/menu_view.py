"""How the menu looks: its layout, and the painting of the list, the detail pane and the
footer for one state of the menu. Nothing here changes the menu; ``MenuScene`` owns the
state and the input and asks a ``MenuView`` to draw it.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Protocol

import pygame

from unclench.about import DISCLAIMER
from unclench.catalog import Entry
from unclench.core.durations import format_clock
from unclench.core.errors import format_problem
from unclench.core.routine import Routine
from unclench.core.sources import references
from unclench.core.timeline import total_seconds
from unclench.ui.menu_model import (
    Choice,
    Row,
    chosen_seconds,
    cycles_label,
    tempo_label,
    uses_counts,
)
from unclench.ui.scene import Host
from unclench.visuals.text import (
    draw_text,
    draw_text_block,
    ellipsize,
    paragraph_lines,
    shorten,
    wrap_text,
)
from unclench.visuals.theme import Fonts, Palette, Weight, scale_for
from unclench.visuals.widgets import (
    LEGIBLE_PX,
    draw_key_hint,
    draw_panel,
    draw_screen_header,
    fitting_hint_row,
    legible_chip_height,
)

ROW_UNITS = 9.0  # a routine row, in base units (1/100 of the window height)
HEADER_UNITS = 5.5


@dataclass(frozen=True)
class MenuLayout:
    """Where everything goes at one window size (pure arithmetic on the size)."""

    unit: float
    header: pygame.Rect
    listing: pygame.Rect
    detail: pygame.Rect
    footer: pygame.Rect
    cycles_minus: pygame.Rect
    cycles_plus: pygame.Rect
    tempo_minus: pygame.Rect
    tempo_plus: pygame.Rect
    start: pygame.Rect


NARROW = 0.9
"""A window narrower than this share of its height stacks the list above the detail pane."""


def menu_layout(size: tuple[int, int]) -> MenuLayout:
    """Side by side (list left, detail right); in a narrow (portrait) window the list on
    top and the detail pane under it, each the full width."""
    w, h = size
    u = scale_for(size)
    m = round(4 * u)
    header = pygame.Rect(m, m, w - 2 * m, round(9 * u))
    foot_h = max(round(7 * u), legible_chip_height(round(3.2 * u)) + LEGIBLE_PX + round(1.5 * u))
    footer = pygame.Rect(m, h - m - foot_h, w - 2 * m, foot_h)
    top = header.bottom + round(2 * u)
    if w < h * NARROW:
        room = footer.top - top - round(2 * u)
        gap = round(3 * u)
        listing = pygame.Rect(m, top, w - 2 * m, round((room - gap) * 0.5))
        detail = pygame.Rect(m, listing.bottom + gap, w - 2 * m, room - gap - listing.height)
    else:
        listing = pygame.Rect(m, top, round(w * 0.46) - m, footer.top - top - round(2 * u))
        detail = pygame.Rect(
            listing.right + round(3 * u), top, w - listing.right - round(3 * u) - m, listing.height
        )
    button = round(5 * u)
    pad = round(3 * u)
    controls_y = detail.bottom - pad - round(7 * u) - 2 * (button + round(1.5 * u))
    cx = detail.right - pad - button
    cycles_plus = pygame.Rect(cx, controls_y, button, button)
    cycles_minus = cycles_plus.move(-button - round(1.2 * u), 0)
    tempo_plus = cycles_plus.move(0, button + round(1.5 * u))
    tempo_minus = cycles_minus.move(0, button + round(1.5 * u))
    start = pygame.Rect(0, 0, round(22 * u), round(7 * u))
    start.bottomright = (detail.right - pad, detail.bottom - pad)
    return MenuLayout(
        u,
        header,
        listing,
        detail,
        footer,
        cycles_minus,
        cycles_plus,
        tempo_minus,
        tempo_plus,
        start,
    )


MIN_TEXT_PX = 12
"""The detail pane draws no text smaller than this: it scrolls instead."""


@dataclass(frozen=True)
class DetailLine:
    """One line of the detail pane: where (``y`` from the top of its area), what, how."""

    y: int
    x: int
    text: str
    size: int
    colour: tuple[int, int, int]
    weight: Weight = Weight.REGULAR
    marker: bool = False  # the first line of a caution: a small dot before it


@dataclass(frozen=True)
class DetailPlan:
    """The detail pane of one routine at one size: the title lines (window coordinates),
    the body lines (from the body's top), the body's rect and the body's full height."""

    title: tuple[DetailLine, ...]
    lines: tuple[DetailLine, ...]
    body: pygame.Rect
    content: int
    unit: float

    @property
    def overflow_units(self) -> float:
        """How far the body can scroll, in base units (0: it all fits)."""
        return max(0, self.content - self.body.height) / self.unit


def _px(size: float) -> int:
    return max(MIN_TEXT_PX, round(size))


def detail_plan(
    fonts: Fonts, palette: Palette, routine: Routine, layout: MenuLayout, note: str = ""
) -> DetailPlan:
    """Lay out the routine's title, summary, ``note`` (the 4-7-8 progression's line, in the
    breath colour), cautions ("Before you begin", calm text with a small marker) and
    sources (plain references, the keys resolved) in the detail pane."""
    u = layout.unit
    pad = round(3 * u)
    inner = layout.detail.inflate(-2 * pad, -2 * pad)
    title_size = max(MIN_TEXT_PX + 4, round(4 * u))
    title_font = fonts.get(title_size, Weight.SEMIBOLD)
    title_step = round(title_font.get_linesize() * 1.1)
    titles = paragraph_lines(fonts, routine.title, inner.width, title_size, 2, Weight.SEMIBOLD)
    title = tuple(
        DetailLine(
            inner.top + i * title_step, inner.left, t, title_size, palette.text, Weight.SEMIBOLD
        )
        for i, t in enumerate(titles)
    )
    top = inner.top + len(titles) * title_step + round(1.5 * u)
    bottom = layout.cycles_minus.top - round(2 * u)
    body = pygame.Rect(inner.left, top, inner.width - round(1.5 * u), max(1, bottom - top))
    lines: list[DetailLine] = []
    y = 0

    def paragraph(
        text: str,
        size: int,
        colour: tuple[int, int, int],
        indent: int = 0,
        weight: Weight = Weight.REGULAR,
        marker: bool = False,
    ) -> None:
        nonlocal y
        step = round(fonts.get(size, weight).get_linesize() * 1.15)
        for i, line in enumerate(
            paragraph_lines(fonts, text, body.width - indent, size, 400, weight)
        ):
            lines.append(
                DetailLine(y, body.left + indent, line, size, colour, weight, marker and i == 0)
            )
            y += step

    paragraph(routine.summary, _px(2.4 * u), palette.text)
    if note:
        y += round(1.2 * u)
        paragraph(note, _px(2.2 * u), palette.accent_breath)
    if routine.cautions:
        y += round(2 * u)
        paragraph("Before you begin", _px(2.0 * u), palette.text_dim, weight=Weight.SEMIBOLD)
        y += round(0.4 * u)
        for caution in routine.cautions:
            paragraph(caution, _px(2.2 * u), palette.text, indent=round(2.4 * u), marker=True)
            y += round(0.6 * u)
    based = references(routine.source)
    if based:
        y += round(1.6 * u)
        heading = "Source" if len(based) == 1 else "Sources"
        paragraph(heading, _px(2.0 * u), palette.text_dim, weight=Weight.SEMIBOLD)
        y += round(0.4 * u)
        for reference in based:
            paragraph(reference, _px(2.1 * u), palette.text_dim)
            y += round(0.4 * u)
    return DetailPlan(title, tuple(lines), body, y, u)


def detail_body(host: Host, state: MenuState, size: tuple[int, int]) -> tuple[float, float]:
    """(the detail body's height, its content's height), in base units, for the selected
    entry at ``size`` (the scene clamps its scrolling with it)."""
    layout = menu_layout(size)
    entry = state.entry
    if entry is None or entry.routine is None:
        return 1.0, 0.0
    plan = detail_plan(
        host.fonts, host.palette, entry.routine, layout, state.cap_note(entry.routine)
    )
    return plan.body.height / layout.unit, plan.content / layout.unit


# The key chips along the bottom: (key shown, what it does, the key it stands for).
MENU_HINTS: tuple[tuple[str, str, int], ...] = (
    ("↑↓", "choose", pygame.K_DOWN),
    ("←→", "cycles", pygame.K_RIGHT),
    ("− +", "pace", pygame.K_EQUALS),
    ("⏎", "start", pygame.K_RETURN),
    ("S", "sound", pygame.K_s),
    ("H", "history", pygame.K_h),
    ("A", "about", pygame.K_a),
    ("?", "help", pygame.K_F1),
    ("Esc", "quit", pygame.K_ESCAPE),
)


def footer_hint_rects(fonts: Fonts, layout: MenuLayout) -> list[pygame.Rect]:
    """Where the footer's key chips are drawn; clicking one does what its key does."""
    hints = [(key, label) for key, label, _ in MENU_HINTS]
    u = layout.unit
    height = legible_chip_height(round(3.2 * u))
    width = layout.footer.width
    return fitting_hint_row(
        layout.footer.topleft, hints, fonts, height, round(2.5 * u), width, MENU_HINTS_DROP
    )


# Which chips a narrow window leaves out first: about, help, sound, pace, cycles.
MENU_HINTS_DROP = (5, 6, 4, 2, 1)


class MenuState(Protocol):
    """What the view reads from the menu scene."""

    rows: tuple[Row, ...]
    selected: int
    scroll: float
    detail_scroll: float
    message: str

    @property
    def entry(self) -> Entry | None: ...

    def choice_for(self, routine: Routine) -> Choice: ...

    def cap_note(self, routine: Routine) -> str: ...

    def row_tops(self) -> list[float]: ...


class MenuView:
    """Paints one state of the menu (a new view per frame is cheap: it holds no pixels)."""

    def __init__(self, host: Host, state: MenuState) -> None:
        self.host = host
        self.state = state

    def draw(self, surface: pygame.Surface) -> None:
        palette, fonts = self.host.palette, self.host.fonts
        size = surface.get_size()
        layout = menu_layout(size)
        u = layout.unit
        surface.fill(palette.background)
        draw_screen_header(
            surface,
            layout.header,
            "unclench",
            "Guided breathing, muscle relaxation and stretching",
            fonts,
            palette,
            u,
        )
        self._draw_list(surface, layout)
        self._draw_detail(surface, layout)
        self._draw_footer(surface, layout)

    def _draw_list(self, surface: pygame.Surface, layout: MenuLayout) -> None:
        palette, fonts, u = self.host.palette, self.host.fonts, layout.unit
        box = layout.listing
        previous_clip = surface.get_clip()
        surface.set_clip(box)
        tops = self.state.row_tops()
        rows = self.state.rows
        first = max(0, bisect.bisect_right(tops, self.state.scroll) - 1)
        for i in range(first, len(rows)):
            row = rows[i]
            y = box.top + round((tops[i] - self.state.scroll) * u)
            height = round((tops[i + 1] - tops[i]) * u)
            if y > box.bottom:
                break  # only rows in view are drawn
            if row.header:
                draw_text(
                    surface,
                    fonts,
                    row.header.upper(),
                    round(2.1 * u),
                    palette.text_dim,
                    topleft=(box.left + round(2 * u), y + round(2.2 * u)),
                    weight=Weight.SEMIBOLD,
                )
                continue
            rect = pygame.Rect(box.left, y + round(0.4 * u), box.width, height - round(0.8 * u))
            if i == self.state.selected:
                draw_panel(surface, rect, palette, radius=round(1.6 * u))
            self._draw_row(surface, rect, row, u, selected=i == self.state.selected)
        surface.set_clip(previous_clip)

    def _draw_row(
        self, surface: pygame.Surface, rect: pygame.Rect, row: Row, u: float, selected: bool
    ) -> None:
        palette, fonts = self.host.palette, self.host.fonts
        entry = row.entry
        assert entry is not None
        left = rect.left + round(2 * u)
        title_size, small = round(2.9 * u), round(2.2 * u)
        if entry.routine is not None:
            routine = entry.routine
            title = routine.title + ("  · yours" if entry.origin == "user" else "")
            seconds = chosen_seconds(routine, self.state.choice_for(routine))
            clock = fonts.render(format_clock(seconds), small, palette.text_dim)
            # The title never runs under the duration (long titles in a narrow window).
            room = rect.width - round(6 * u) - clock.get_width()
            draw_text(
                surface,
                fonts,
                shorten(fonts.get(title_size, Weight.SEMIBOLD), title, room),
                title_size,
                palette.text,
                topleft=(left, rect.top + round(1.2 * u)),
                weight=Weight.SEMIBOLD,
            )
            surface.blit(
                clock,
                clock.get_rect(topright=(rect.right - round(2 * u), rect.top + round(1.6 * u))),
            )
            summary = ellipsize(fonts.get(small), routine.summary, rect.width - round(4 * u))
            draw_text(
                surface,
                fonts,
                summary,
                small,
                palette.text_dim,
                topleft=(left, rect.top + round(4.8 * u)),
            )
        else:
            draw_text(
                surface,
                fonts,
                entry.path.name,
                title_size,
                palette.warning,
                topleft=(left, rect.top + round(1.2 * u)),
                weight=Weight.SEMIBOLD,
            )
            first = entry.error.problems[0].message if entry.error and entry.error.problems else ""
            text = ellipsize(fonts.get(small), first, rect.width - round(4 * u))
            draw_text(
                surface,
                fonts,
                text,
                small,
                palette.text_dim,
                topleft=(left, rect.top + round(4.8 * u)),
            )

    def _draw_detail(self, surface: pygame.Surface, layout: MenuLayout) -> None:
        palette, fonts, u = self.host.palette, self.host.fonts, layout.unit
        box = layout.detail
        draw_panel(surface, box, palette, radius=round(2 * u))
        entry = self.state.entry
        pad = round(3 * u)
        inner = box.inflate(-2 * pad, -2 * pad)
        if entry is None:
            draw_text_block(
                surface, inner, "No routines found.", fonts, palette.text_dim, round(3 * u)
            )
            return
        if entry.routine is None:
            self._draw_broken(surface, inner, entry, u)
            return
        routine = entry.routine
        choice = self.state.choice_for(routine)
        plan = detail_plan(fonts, palette, routine, layout, self.state.cap_note(routine))
        for line in plan.title:
            draw_text(
                surface,
                fonts,
                line.text,
                line.size,
                line.colour,
                topleft=(line.x, line.y),
                weight=line.weight,
            )
        # The summary, cautions and sources keep a legible size and scroll (wheel, PgUp/PgDn)
        # when they do not fit above the controls.
        body = plan.body
        scroll = round(min(self.state.detail_scroll, plan.overflow_units) * u)
        previous_clip = surface.get_clip()
        surface.set_clip(body.clip(previous_clip) if previous_clip else body)
        for line in plan.lines:
            y = body.top + line.y - scroll
            if y + line.size * 2 < body.top or y > body.bottom:
                continue
            if line.marker:  # an unobtrusive dot in the calm breath colour
                radius = max(2, round(0.45 * u))
                centre = (body.left + radius, y + fonts.get(line.size).get_ascent() * 2 // 3)
                pygame.draw.circle(surface, palette.accent_breath, centre, radius)
            draw_text(
                surface,
                fonts,
                line.text,
                line.size,
                line.colour,
                topleft=(line.x, y),
                weight=line.weight,
            )
        surface.set_clip(previous_clip)
        if plan.overflow_units > 0:
            self._draw_scrollbar(surface, box, body, plan, scroll, u)
        self._draw_controls(surface, layout, routine, choice)

    def _draw_scrollbar(
        self,
        surface: pygame.Surface,
        box: pygame.Rect,
        body: pygame.Rect,
        plan: DetailPlan,
        scroll: int,
        u: float,
    ) -> None:
        """A slim bar at the pane's right edge: how much of the details is in view."""
        palette = self.host.palette
        width = max(3, round(0.6 * u))
        track = pygame.Rect(box.right - round(1.6 * u) - width, body.top, width, body.height)
        pygame.draw.rect(surface, palette.track, track, border_radius=width // 2)
        content = max(1, plan.content)
        height = max(width * 3, round(track.height * body.height / content))
        top = track.top + round((track.height - height) * scroll / max(1, content - body.height))
        thumb = pygame.Rect(track.left, top, width, height)
        pygame.draw.rect(surface, palette.text_dim, thumb, border_radius=width // 2)

    def _paragraph(
        self,
        surface: pygame.Surface,
        x: int,
        y: int,
        width: int,
        text: str,
        size: int,
        colour: tuple[int, int, int],
    ) -> int:
        """Draw ``text`` wrapped to ``width`` from ``y``; return the y below it."""
        fonts = self.host.fonts
        font = fonts.get(size)
        step = round(font.get_linesize() * 1.15)
        for line in wrap_text(text, font, width):
            draw_text(surface, fonts, line, size, colour, topleft=(x, y))
            y += step
        return y

    def _draw_controls(
        self, surface: pygame.Surface, layout: MenuLayout, routine: Routine, choice: Choice
    ) -> None:
        palette, fonts, u = self.host.palette, self.host.fonts, layout.unit
        size = round(2.4 * u)
        left = layout.detail.left + round(3 * u)
        total = total_seconds(
            routine, choice.tempo, choice.cycles if routine.cycles_range else None
        )
        rows = (
            (
                layout.cycles_minus,
                layout.cycles_plus,
                cycles_label(routine),
                f"{choice.cycles}" if choice.cycles is not None else "fixed",
                routine.cycles_range is not None,
            ),
            (
                layout.tempo_minus,
                layout.tempo_plus,
                "Pace",
                tempo_label(routine, choice.tempo) if uses_counts(routine) else "set by the steps",
                uses_counts(routine),
            ),
        )
        for minus, plus, label, value, active in rows:
            draw_text(
                surface,
                fonts,
                label,
                size,
                palette.text_dim,
                topleft=(left, minus.top + round(1 * u)),
            )
            shown = fonts.render(value, size, palette.text, Weight.SEMIBOLD)
            surface.blit(shown, shown.get_rect(midright=(minus.left - round(2 * u), minus.centery)))
            if active:
                for rect, sign in ((minus, "−"), (plus, "+")):
                    draw_panel(surface, rect, palette, radius=rect.height // 3)
                    draw_text(
                        surface,
                        fonts,
                        sign,
                        size,
                        palette.text,
                        center=rect.center,
                        weight=Weight.SEMIBOLD,
                    )
        start = layout.start
        draw_panel(surface, start, palette, radius=start.height // 2, fill=palette.breath_low)
        draw_text(
            surface,
            fonts,
            "Start  ⏎",
            round(2.6 * u),
            palette.text,
            center=start.center,
            weight=Weight.SEMIBOLD,
        )
        draw_text(
            surface,
            fonts,
            f"Takes {format_clock(total)}",
            size,
            palette.text_dim,
            topleft=(left, start.centery - size // 2),
        )
        if self.state.message:
            draw_text(
                surface,
                fonts,
                self.state.message,
                round(2 * u),
                palette.warning,
                topleft=(left, start.top - round(4 * u)),
            )

    def _draw_broken(
        self, surface: pygame.Surface, inner: pygame.Rect, entry: Entry, u: float
    ) -> None:
        palette = self.host.palette
        y = self._paragraph(
            surface,
            inner.left,
            inner.top,
            inner.width,
            str(entry.path),
            round(2.6 * u),
            palette.warning,
        )
        y += round(1.5 * u)
        problems = entry.error.problems if entry.error else ()
        for problem in problems[:8]:
            text = format_problem(problem, in_file=True)
            y = self._paragraph(
                surface, inner.left, y, inner.width, text, round(2.1 * u), palette.text
            )
            y += round(0.8 * u)
        if len(problems) > 8:
            self._paragraph(
                surface,
                inner.left,
                y,
                inner.width,
                f"…and {len(problems) - 8} more. Run `unclench check {entry.path}`.",
                round(2.1 * u),
                palette.text_dim,
            )

    def _draw_footer(self, surface: pygame.Surface, layout: MenuLayout) -> None:
        palette, fonts, u = self.host.palette, self.host.fonts, layout.unit
        foot = layout.footer
        chips = footer_hint_rects(fonts, layout)
        for (key, label, _), rect in zip(MENU_HINTS, chips, strict=True):
            if rect.width:  # a narrow window leaves some chips out
                draw_key_hint(surface, rect.topleft, key, label, fonts, palette, rect.height)
        size = max(LEGIBLE_PX, round(2 * u))
        below = max(foot.top + round(4.5 * u), max(r.bottom for r in chips) + round(1 * u))
        draw_text(surface, fonts, DISCLAIMER, size, palette.text_dim, topleft=(foot.left, below))
