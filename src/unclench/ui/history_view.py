"""How the history screen looks: its layout and the painting of one ``History``.

Left, the last 30 days as bars of minutes a day (this week on a lighter band, the number of
sessions above a bar, the mean tension change below it where ratings were given) and the
last sessions; right, the streak and the totals per routine. The bar geometry is
``visuals.history_chart`` (pure, tested numerically).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pygame

from unclench.journal.history import History
from unclench.ui.history_words import (
    change_text,
    count_text,
    day_label,
    minutes_text,
    when_text,
)
from unclench.ui.scene import Host
from unclench.visuals.history_chart import bar_layout, minutes_axis, tick_label
from unclench.visuals.text import draw_text, draw_text_block, ellipsize
from unclench.visuals.theme import Fonts, Weight, mix, scale_for
from unclench.visuals.widgets import draw_card, draw_key_hint, draw_screen_header, key_hint_rect

CLOSE_HINT = ("Esc", "back to the menu")
EMPTY_TITLE = "No sessions yet"
EMPTY_TEXT = (
    "Each session you play is remembered here: minutes a day over the last month, your "
    "streak, totals per routine and the sessions themselves. The journal stays on this "
    "computer."
)


@dataclass(frozen=True)
class HistoryLayout:
    """Where everything goes at one window size (pure arithmetic on the size)."""

    unit: float
    header: pygame.Rect
    chart: pygame.Rect
    recent: pygame.Rect
    streak: pygame.Rect
    totals: pygame.Rect
    footer: pygame.Rect


def history_layout(size: tuple[int, int]) -> HistoryLayout:
    w, h = size
    u = scale_for(size)
    m = round(4 * u)
    gap = round(2 * u)
    header = pygame.Rect(m, m, w - 2 * m, round(10 * u))
    footer = pygame.Rect(m, h - m - round(3.4 * u), w - 2 * m, round(3.4 * u))
    top = header.bottom + gap
    bottom = footer.top - gap
    left_w = round(w * 0.64) - m
    chart = pygame.Rect(m, top, left_w, round((bottom - top) * 0.52))
    recent = pygame.Rect(m, chart.bottom + gap, left_w, bottom - chart.bottom - gap)
    right = chart.right + round(3 * u)
    streak = pygame.Rect(right, top, w - m - right, round(17 * u))
    totals = pygame.Rect(right, streak.bottom + gap, streak.width, bottom - streak.bottom - gap)
    return HistoryLayout(u, header, chart, recent, streak, totals, footer)


def close_chip_rect(fonts: Fonts, layout: HistoryLayout) -> pygame.Rect:
    """Where the "Esc back to the menu" chip is; a click on it closes the screen."""
    return key_hint_rect(layout.footer.topleft, *CLOSE_HINT, fonts, layout.footer.height)


class HistoryView:
    """Paints one History (a new view per frame is cheap: it holds no pixels)."""

    def __init__(self, host: Host, history: History) -> None:
        self.host = host
        self.history = history

    def draw(self, surface: pygame.Surface) -> None:
        palette, fonts = self.host.palette, self.host.fonts
        layout = history_layout(surface.get_size())
        u = layout.unit
        surface.fill(palette.background)
        history = self.history
        subtitle = history.notice or "Minutes a day over the last 30 days, and every session"
        draw_screen_header(
            surface,
            layout.header,
            "Your practice",
            subtitle,
            fonts,
            palette,
            u,
            palette.warning if history.notice else None,
        )
        if history.empty:
            self._draw_empty(surface, layout)
        else:
            self._draw_chart(surface, layout)
            self._draw_recent(surface, layout)
            self._draw_streak(surface, layout)
            self._draw_totals(surface, layout)
        chip = close_chip_rect(fonts, layout)
        draw_key_hint(surface, chip.topleft, *CLOSE_HINT, fonts, palette, layout.footer.height)

    # -- pieces ----------------------------------------------------------------------------

    def _heading(self, surface: pygame.Surface, box: pygame.Rect, text: str, u: float) -> int:
        """A panel's heading at its top left; returns the y below it."""
        draw_text(
            surface,
            self.host.fonts,
            text,
            round(2.6 * u),
            self.host.palette.text,
            topleft=(box.left, box.top),
            weight=Weight.SEMIBOLD,
        )
        return box.top + round(4.4 * u)

    def _draw_empty(self, surface: pygame.Surface, layout: HistoryLayout) -> None:
        palette, fonts, u = self.host.palette, self.host.fonts, layout.unit
        area = pygame.Rect(
            layout.chart.left, layout.chart.top, layout.header.width, layout.recent.bottom
        )
        area.height = layout.recent.bottom - layout.chart.top
        box = pygame.Rect(0, 0, min(area.width, round(90 * u)), round(30 * u))
        box.center = area.center
        draw_card(surface, box, palette, round(2.5 * u))
        inner = box.inflate(-round(8 * u), -round(6 * u))
        title = draw_text_block(
            surface,
            pygame.Rect(inner.left, inner.top, inner.width, round(6 * u)),
            EMPTY_TITLE,
            fonts,
            palette.accent_breath,
            round(4 * u),
            weight=Weight.SEMIBOLD,
            max_lines=1,
        )
        draw_text_block(
            surface,
            pygame.Rect(inner.left, title.bottom + round(2 * u), inner.width, round(14 * u)),
            EMPTY_TEXT,
            fonts,
            palette.text_dim,
            round(2.5 * u),
            max_lines=4,
        )

    def _draw_chart(self, surface: pygame.Surface, layout: HistoryLayout) -> None:
        palette, fonts, u = self.host.palette, self.host.fonts, layout.unit
        history = self.history
        draw_card(surface, layout.chart, palette, round(2 * u))
        inner = layout.chart.inflate(-round(6 * u), -round(5 * u))
        y = self._heading(surface, inner, "Last 30 days", u)
        today = history.today
        monday = today - timedelta(days=today.weekday())
        week = [d for d in history.days if d.day >= monday]
        month_seconds = sum(d.practised_seconds for d in history.days)
        summary = (
            f"this week {minutes_text(sum(d.practised_seconds for d in week))} · "
            f"{count_text(sum(d.sessions for d in week), 'session', 'sessions')}    "
            f"30 days {minutes_text(month_seconds)} · "
            f"{count_text(sum(d.sessions for d in history.days), 'session', 'sessions')}"
        )
        small = round(1.8 * u)
        shown = fonts.render(summary, round(2.1 * u), palette.text_dim)
        surface.blit(shown, shown.get_rect(topright=(inner.right, inner.top + round(0.4 * u))))

        gutter = round(7 * u)
        label_h = round(2.6 * u)
        plot = pygame.Rect(
            inner.left + gutter,
            y + round(3 * u),
            inner.width - gutter,
            inner.bottom - y - round(3 * u) - 2 * label_h - round(0.6 * u),
        )
        axis = minutes_axis(max((d.minutes for d in history.days), default=0.0))
        bars = bar_layout(
            [d.minutes for d in history.days], plot.left, plot.width, plot.height, axis
        )
        if not bars:
            return
        # This week: a lighter band behind its bars, labelled at its top.
        first_week = len(history.days) - len(week)
        band = pygame.Rect(
            round(bars[first_week].left - (bars[0].left - plot.left)),
            plot.top - round(2.6 * u),
            plot.right - round(bars[first_week].left - (bars[0].left - plot.left)),
            plot.height + round(2.6 * u),
        )
        pygame.draw.rect(surface, mix(palette.surface, palette.track, 0.7), band, border_radius=4)
        draw_text(
            surface,
            fonts,
            "this week",
            small,
            palette.text_dim,
            topleft=(band.left + round(0.6 * u), band.top + round(0.3 * u)),
        )
        for tick in axis.ticks:
            ty = plot.bottom - round(plot.height * tick / axis.top)
            pygame.draw.line(surface, palette.surface_edge, (plot.left, ty), (plot.right, ty))
            label = fonts.render(tick_label(tick), small, palette.text_dim)
            surface.blit(label, label.get_rect(midright=(plot.left - round(1 * u), ty)))
        pygame.draw.line(
            surface, palette.text_dim, (plot.left, plot.bottom), (plot.right, plot.bottom)
        )
        dates_y = plot.bottom + round(0.6 * u)
        ratings_y = dates_y + label_h
        rated = False
        for i, (day, bar) in enumerate(zip(history.days, bars, strict=True)):
            centre = round(bar.left + bar.width / 2)
            if bar.height > 0:
                colour = palette.accent_breath if i >= first_week else palette.breath_low
                rect = pygame.Rect(
                    round(bar.left), plot.bottom - round(bar.height), round(bar.width),
                    round(bar.height),
                )  # fmt: skip
                pygame.draw.rect(surface, colour, rect, border_radius=max(1, rect.width // 4))
                count = fonts.render(str(day.sessions), small, palette.text_dim)
                surface.blit(count, count.get_rect(midbottom=(centre, rect.top - 1)))
            back = len(history.days) - 1 - i
            if back % 7 == 0:
                text = "today" if back == 0 else day_label(day.day)
                label = fonts.render(text, small, palette.text_dim)
                where = label.get_rect(midtop=(centre, dates_y))
                where.right = min(where.right, inner.right)
                surface.blit(label, where)
            change = history.rating_changes.get(day.day)
            if change is not None:
                rated = True
                mark = fonts.render(change_text(change), small, palette.release)
                surface.blit(mark, mark.get_rect(midtop=(centre, ratings_y)))
        if rated:
            label = fonts.render("tension", small, palette.release)
            surface.blit(label, label.get_rect(topright=(plot.left - round(1 * u), ratings_y)))

    def _draw_recent(self, surface: pygame.Surface, layout: HistoryLayout) -> None:
        palette, fonts, u = self.host.palette, self.host.fonts, layout.unit
        draw_card(surface, layout.recent, palette, round(2 * u))
        inner = layout.recent.inflate(-round(6 * u), -round(4 * u))
        y = self._heading(surface, inner, "Last sessions", u)
        size = round(2.1 * u)
        step = round(3.9 * u)
        font = fonts.get(size)
        when_w, length_w = round(19 * u), round(9 * u)
        outcome_w = round(inner.width * 0.36)
        title_w = inner.width - when_w - length_w - outcome_w - round(2 * u)
        for record in self.history.last:
            if y + font.get_linesize() > inner.bottom:
                break
            x = inner.left
            when = when_text(record.started, self.history.today)
            draw_text(surface, fonts, when, size, palette.text_dim, topleft=(x, y))
            x += when_w
            title = ellipsize(font, record.title, title_w)
            draw_text(surface, fonts, title, size, palette.text, topleft=(x, y))
            x += title_w + round(2 * u)
            length = fonts.render(minutes_text(record.practised_seconds), size, palette.text)
            surface.blit(length, length.get_rect(topright=(x + length_w - round(2 * u), y)))
            x += length_w
            words = record.outcome_text
            if record.rating_before is not None and record.rating_after is not None:
                words += f" · tension {record.rating_before} → {record.rating_after}"
            words = ellipsize(font, words, inner.right - x)
            colour = palette.text_dim if record.outcome != "completed" else palette.accent_breath
            draw_text(surface, fonts, words, size, colour, topleft=(x, y))
            y += step

    def _draw_streak(self, surface: pygame.Surface, layout: HistoryLayout) -> None:
        palette, fonts, u = self.host.palette, self.host.fonts, layout.unit
        box = layout.streak
        draw_card(surface, box, palette, round(2 * u))
        inner = box.inflate(-round(6 * u), -round(4 * u))
        y = self._heading(surface, inner, "Streak", u)
        streak = self.history.streak
        number = draw_text(
            surface,
            fonts,
            str(streak),
            round(6 * u),
            palette.accent_breath if streak else palette.text_dim,
            topleft=(inner.left, y - round(0.8 * u)),
            weight=Weight.SEMIBOLD,
        )
        words = "day in a row" if streak == 1 else "days in a row"
        draw_text(
            surface,
            fonts,
            words,
            round(2.4 * u),
            palette.text,
            topleft=(number.right + round(1.5 * u), y + round(1.6 * u)),
        )
        note = (
            "with at least one completed session"
            if streak
            else "Complete a session today to begin one."
        )
        draw_text(
            surface,
            fonts,
            ellipsize(fonts.get(round(2 * u)), note, inner.width),
            round(2 * u),
            palette.text_dim,
            topleft=(inner.left, number.bottom + round(0.2 * u)),
        )

    def _draw_totals(self, surface: pygame.Surface, layout: HistoryLayout) -> None:
        palette, fonts, u = self.host.palette, self.host.fonts, layout.unit
        box = layout.totals
        draw_card(surface, box, palette, round(2 * u))
        inner = box.inflate(-round(6 * u), -round(4 * u))
        y = self._heading(surface, inner, "By routine", u)
        size, small = round(2.2 * u), round(1.9 * u)
        step = round(5.6 * u)
        totals = self.history.totals
        for shown, total in enumerate(totals):
            if y + step > inner.bottom:
                more = f"and {count_text(len(totals) - shown, 'other', 'others')}"
                draw_text(surface, fonts, more, small, palette.text_dim, topleft=(inner.left, y))
                return
            time = fonts.render(minutes_text(total.practised_seconds), size, palette.text)
            surface.blit(time, time.get_rect(topright=(inner.right, y)))
            room = inner.width - time.get_width() - round(2 * u)
            title = ellipsize(fonts.get(size, Weight.SEMIBOLD), total.title, room)
            draw_text(
                surface, fonts, title, size, palette.text, topleft=(inner.left, y),
                weight=Weight.SEMIBOLD,
            )  # fmt: skip
            sessions = count_text(total.sessions, "session", "sessions")
            detail = f"{sessions}, {total.completed} completed"
            draw_text(
                surface,
                fonts,
                detail,
                small,
                palette.text_dim,
                topleft=(inner.left, y + round(2.7 * u)),
            )
            y += step
