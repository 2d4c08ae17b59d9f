"""How the session screen looks: its layout and painting, as functions of what is true at
one moment (a ``Progress``). Nothing here changes state; the scene decides what to draw when.

Painting is split in two layers: ``paint_static`` draws what stays put for a whole step
(the scene keeps it off-screen), ``paint_dynamic`` the parts that move, whose rectangles
alone go to the display each frame.
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from dataclasses import dataclass

import pygame

from unclench.core.body import STRETCHES, target_for
from unclench.core.durations import format_clock
from unclench.core.engine import Progress
from unclench.core.phases import Phase, Stage
from unclench.core.routine import Side
from unclench.core.timeline import Cue
from unclench.visuals.body_map import draw_body, mode_for
from unclench.visuals.breath import breath_layout, draw_breath, glide_level, ring_angle
from unclench.visuals.demonstration import demo_key
from unclench.visuals.stretch_card import draw_stretch_card
from unclench.visuals.text import Align, draw_text, draw_text_block, ellipsize
from unclench.visuals.theme import RGB, Fonts, Palette, Weight, phase_colours, scale_for
from unclench.visuals.widgets import draw_key_hint, draw_panel, draw_progress_bar, key_hint_row

# The key chips along the bottom: (key shown, what it does, the key it stands for).
SESSION_HINTS: tuple[tuple[str, str, int], ...] = (
    ("Space", "pause", pygame.K_SPACE),
    ("→", "next", pygame.K_RIGHT),
    ("←", "restart step", pygame.K_LEFT),
    ("M", "mute", pygame.K_m),
    ("Esc", "leave", pygame.K_ESCAPE),
    ("?", "help", pygame.K_F1),
)


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
        target = target_for(cue.target)
        if target:
            what = f"{what}: {target.name}"
    return f"Next: {what} · {seconds}"


def target_name(cue: Cue) -> str:
    target = target_for(cue.target) if cue.target else None
    return target.name if target else cue.phase.word


def target_regions(cue: Cue) -> tuple[str, ...]:
    """The body regions to light; a one-sided step lights only that side's regions."""
    target = target_for(cue.target) if cue.target else None
    if target is None:
        return ()
    if cue.side in (Side.LEFT, Side.RIGHT):
        other = "-right" if cue.side is Side.LEFT else "-left"
        one_side = tuple(r for r in target.regions if not r.endswith(other))
        return one_side or target.regions
    return target.regions


def disc_level(p: Progress) -> float:
    """How full the breathing disc is now, gliding across non-breath steps (no jumps)."""
    assert p.cue is not None
    before = p.previous_cue.phase if p.previous_cue else None
    after = p.next_cue.phase if p.next_cue else None
    return glide_level(p.cue.phase, p.fraction, before, after)


def dynamic_key(p: Progress, size: tuple[int, int], still: bool = False) -> Hashable:
    """What the moving parts of a frame depend on, quantised to what a person can see
    (whole pixels of radius, 1.5° of ring, whole seconds of clock, the demonstration's
    visible pose). ``still``: reduced motion, the demonstration holds still."""
    cue = p.cue
    layout = session_layout(size)
    clock = (int(p.elapsed), int(p.remaining + 0.999))
    bar = round(layout.bar.width * (p.elapsed / p.total if p.total else 1))
    if cue is None:
        return (clock, bar)
    count = count_shown(cue, p.fraction, p.step_left)
    if cue.phase.facts.stage is Stage.DISC:
        geometry = breath_layout(layout.stage)
        level = disc_level(p)
        radius = round(geometry.r_min + (geometry.r_max - geometry.r_min) * level)
        ring = round(math.degrees(ring_angle(p.fraction)) / 1.5)
        visual: Hashable = (radius, ring if cue.phase.facts.holds_breath else 0)
    elif cue.phase.facts.stage is Stage.CARD and cue.target in STRETCHES:
        seconds = step_seconds(p)
        demo = demo_key(cue.target, cue.side, p.fraction * seconds, seconds, still)
        visual = (round(p.fraction * 150), demo)
    else:
        visual = round(p.fraction * 150)
    return (clock, bar, count, visual)


def step_seconds(p: Progress) -> float:
    """How long the current step lasts, in seconds of session (pace changes included)."""
    assert p.cue is not None
    if p.fraction < 0.999:
        return p.step_left / (1.0 - p.fraction)
    return p.cue.duration


def how_to_text(cue: Cue) -> str:
    """The card's how-to line: the stretch's default from the vocabulary, else what the
    step says."""
    target = STRETCHES.get(cue.target) if cue.target else None
    if target is not None and target.how_to:
        return target.how_to
    return cue.say or cue.caption


def paint_static(
    surface: pygame.Surface,
    layout: SessionLayout,
    p: Progress,
    palette: Palette,
    fonts: Fonts,
    status: str,
) -> None:
    """What stays put for a whole step: phase word, caption, what comes next, key chips."""
    u = layout.unit
    surface.fill(palette.background)
    cue = p.cue
    if cue is not None:
        colour = phase_colour(palette, cue)
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
    for (key, label, _), rect in zip(SESSION_HINTS, hint_rects(fonts, layout), strict=True):
        draw_key_hint(surface, rect.topleft, key, label, fonts, palette, layout.hints.height)
    if status:
        size = round(2 * u)
        room = layout.hints.right - hint_rects(fonts, layout)[-1].right - round(3 * u)
        status = ellipsize(fonts.get(size), status, room)
        shown = fonts.render(status, size, palette.text_dim)
        surface.blit(shown, shown.get_rect(midright=layout.hints.midright))


def hint_rects(fonts: Fonts, layout: SessionLayout) -> list[pygame.Rect]:
    """The key chips along the bottom; clicking one does what its key does."""
    hints = [(key, label) for key, label, _ in SESSION_HINTS]
    return key_hint_row(
        layout.hints.topleft,
        hints,
        fonts,
        layout.hints.height,
        round(2.5 * layout.unit),
    )


def phase_colour(palette: Palette, cue: Cue) -> RGB:
    return phase_colours(palette)[cue.phase]


def paint_dynamic(
    surface: pygame.Surface,
    layout: SessionLayout,
    p: Progress,
    title: str,
    palette: Palette,
    fonts: Fonts,
    still: bool = False,
) -> None:
    """The moving parts: clock, progress bar and the stage (disc, body map or card).
    ``still``: reduced motion (the stretch demonstration shows the held pose)."""
    _paint_top(surface, layout, p, title, palette, fonts)
    cue = p.cue
    if cue is None:
        return
    stage = cue.phase.facts.stage
    if stage is Stage.BODY:
        _paint_body_stage(surface, layout, p, cue, palette, fonts)
    elif stage is Stage.CARD:
        _paint_card_stage(surface, layout, p, cue, palette, fonts, still)
    else:
        _paint_disc_stage(surface, layout, p, cue, palette, fonts)


def _paint_top(
    surface: pygame.Surface,
    layout: SessionLayout,
    p: Progress,
    title: str,
    palette: Palette,
    fonts: Fonts,
) -> None:
    """The routine's title, the clock (elapsed · left) and the progress bar."""
    size = round(2.4 * layout.unit)
    draw_text(surface, fonts, title, size, palette.text_dim, topleft=layout.top.topleft)
    clock = f"{format_clock(p.elapsed)}  ·  {format_clock(p.remaining)} left"
    shown = fonts.render(clock, size, palette.text_dim)
    surface.blit(shown, shown.get_rect(topright=layout.top.topright))
    draw_progress_bar(surface, layout.bar, p.elapsed / p.total if p.total else 1.0, palette)


def _paint_body_stage(
    surface: pygame.Surface,
    layout: SessionLayout,
    p: Progress,
    cue: Cue,
    palette: Palette,
    fonts: Fonts,
) -> None:
    """Tense and release: the body map on the left half, the muscle group's name and the
    count on the right half."""
    stage = layout.stage
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
    _paint_target_and_count(surface, words, layout.unit, p, cue, palette, fonts)


def _paint_target_and_count(
    surface: pygame.Surface,
    words: pygame.Rect,
    u: float,
    p: Progress,
    cue: Cue,
    palette: Palette,
    fonts: Fonts,
) -> None:
    """The target's name in the phase's colour, under it the count and its unit."""
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
        phase_colour(palette, cue),
        round(4.6 * u),
        weight=Weight.SEMIBOLD,
        align=Align.LEFT,
        max_lines=2,
    )
    count = str(count_shown(cue, p.fraction, p.step_left))
    number = draw_text(
        surface,
        fonts,
        count,
        round(9 * u),
        palette.text,
        topleft=(words.left, name.bottom + round(2 * u)),
        weight=Weight.SEMIBOLD,
    )
    unit = "count" if cue.counts else ("second left" if count == "1" else "seconds left")
    draw_text(
        surface,
        fonts,
        unit,
        round(2.4 * u),
        palette.text_dim,
        topleft=(number.right + round(1.5 * u), number.bottom - round(4 * u)),
    )


def _paint_card_stage(
    surface: pygame.Surface,
    layout: SessionLayout,
    p: Progress,
    cue: Cue,
    palette: Palette,
    fonts: Fonts,
    still: bool = False,
) -> None:
    """A stretch: its card with the demonstration, centred on the stage."""
    stage = layout.stage
    card = stage.inflate(-round(stage.width * 0.2), -round(2 * layout.unit))
    card.width = min(card.width, round(card.height * 2.0))
    card.center = stage.center
    draw_stretch_card(
        surface,
        card,
        target_name(cue),
        how_to_text(cue),
        cue.side,
        p.fraction,
        palette,
        fonts,
        target_regions(cue),
        stretch=cue.target,
        seconds=step_seconds(p),
        still=still,
    )


def _paint_disc_stage(
    surface: pygame.Surface,
    layout: SessionLayout,
    p: Progress,
    cue: Cue,
    palette: Palette,
    fonts: Fonts,
) -> None:
    """Breaths, rests and instructions: the disc, with the count in its middle."""
    geometry = draw_breath(
        surface, layout.stage, cue.phase, p.fraction, palette, level=disc_level(p)
    )
    count = str(count_shown(cue, p.fraction, p.step_left))
    size = round(geometry.r_min * 0.9)
    colour = palette.background if cue.phase.is_breath else palette.text
    draw_text(surface, fonts, count, size, colour, center=geometry.centre, weight=Weight.SEMIBOLD)


def paint_preparing(surface: pygame.Surface, title: str, palette: Palette, fonts: Fonts) -> None:
    """ "Getting ready…" while the first prompts are prepared."""
    layout = session_layout(surface.get_size())
    surface.fill(palette.background)
    draw_breath(surface, layout.stage, Phase.REST, 0.0, palette)
    draw_text_block(
        surface,
        layout.phase,
        title,
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


def paint_paused(
    surface: pygame.Surface, layout: SessionLayout, palette: Palette, fonts: Fonts
) -> None:
    u = layout.unit
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
