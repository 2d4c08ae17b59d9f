"""The stretch card: a rounded card with what the step is doing ("Stretch · Hold") beside
a small ring that fills as the step passes, the stretch's name, the side (only when there
is one), a how-to line, and the stretch's demonstration (``visuals/demonstration.py``).

Everything is laid out from the rect it is given: wide rects put the demonstration beside the
text, tall ones put it underneath.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pygame

from unclench.core.body import STRETCHES
from unclench.core.routine import Side
from unclench.visuals.body_map import BodyMode, draw_body
from unclench.visuals.demonstration import draw_demonstration
from unclench.visuals.text import Align, draw_text_block
from unclench.visuals.theme import Fonts, Palette, Weight
from unclench.visuals.widgets import draw_panel, draw_ring

SIDE_WORDS: dict[Side, str] = {
    Side.LEFT: "Left side",
    Side.RIGHT: "Right side",
    Side.BOTH: "Both sides",
}


def side_text(side: Side | None) -> str:
    """What the card says about the side ("Left side"; nothing when no side is given)."""
    return SIDE_WORDS[side] if side is not None else ""


def card_side_text(side: Side | None) -> str:
    """The side in words on a card only when there is one side ("Left side"); nothing for
    both sides or none."""
    return side_text(side) if side in (Side.LEFT, Side.RIGHT) else ""


@dataclass(frozen=True)
class CardLayout:
    """Where the parts of a card go (pixels, all derived from the card's rect)."""

    card: pygame.Rect
    step: pygame.Rect  # the step row: a small hold ring, then "Stretch · Hold"
    name: pygame.Rect
    side: pygame.Rect
    instruction: pygame.Rect
    ring_centre: tuple[int, int]
    ring_radius: float
    ring_width: float
    figure: pygame.Rect  # the demonstration's window


def card_layout(rect: pygame.Rect) -> CardLayout:
    """Split ``rect`` into the card's parts. Wide (at least 1.25:1): the demonstration on
    the right. Otherwise it sits under the text."""
    m = min(rect.width, rect.height)
    pad = round(0.08 * m)
    inner = rect.inflate(-2 * pad, -2 * pad)
    if rect.width >= 1.25 * rect.height:
        fig_w = min(round(inner.height * 1.3), round(inner.width * 0.52))
        figure = pygame.Rect(0, 0, fig_w, inner.height)
        figure.midright = inner.midright
        text = pygame.Rect(inner.left, inner.top, figure.left - pad - inner.left, inner.height)
    else:
        fig_h = min(round(inner.width * 0.85), round(inner.height * 0.55))
        figure = pygame.Rect(0, 0, inner.width, fig_h)
        figure.midbottom = inner.midbottom
        text = pygame.Rect(inner.left, inner.top, inner.width, figure.top - pad - inner.top)
    step_h = round(text.height * 0.15)
    name_h = round(text.height * 0.25)
    side_h = round(text.height * 0.12)
    step = pygame.Rect(text.left, text.top, text.width, step_h)
    name = pygame.Rect(text.left, step.bottom, text.width, name_h)
    side_r = pygame.Rect(text.left, name.bottom, text.width, side_h)
    gap = round(text.height * 0.05)
    instruction = pygame.Rect(
        text.left, side_r.bottom + gap, text.width, text.bottom - side_r.bottom - gap
    )
    ring_radius = step_h * 0.36
    ring_width = max(2.0, ring_radius * 0.28)
    ring_centre = (round(step.left + ring_radius + ring_width), step.centery)
    return CardLayout(
        rect, step, name, side_r, instruction, ring_centre, ring_radius, ring_width, figure
    )


def draw_stretch_card(
    surface: pygame.Surface,
    rect: pygame.Rect,
    name: str,
    instruction: str,
    side: Side | None,
    fraction: float,
    palette: Palette,
    fonts: Fonts,
    regions: Sequence[str] = (),
    *,
    stretch: str | None = None,
    seconds: float = 0.0,
    still: bool = False,
) -> CardLayout:
    """Draw the card for a stretch held ``fraction`` of the way through a step of
    ``seconds`` (the small ring fills clockwise). With ``stretch`` (an id with a
    demonstration) the figure shows how, moving in, holding and coming out (held still
    when ``still``), and the step row says "Ease in" / "Hold" / "Release"; without one,
    the small body map lights ``regions``. ``instruction`` is the how-to line."""
    layout = card_layout(rect)
    draw_panel(surface, rect, palette)
    target = STRETCHES.get(stretch) if stretch else None
    if target is not None:
        moment = draw_demonstration(
            surface, layout.figure, target.id, side, fraction * seconds, seconds, palette, still
        )
        step_words = f"{target.heading}  ·  {moment.segment.value}"
    else:
        draw_body(surface, layout.figure, regions, BodyMode.STRETCH, fraction, palette)
        step_words = "Stretch"
    draw_ring(
        surface,
        layout.ring_centre,
        layout.ring_radius,
        layout.ring_width,
        fraction,
        palette.stretch,
        track=palette.track,
    )
    words_left = round(layout.ring_centre[0] + layout.ring_radius + 2.2 * layout.ring_width)
    step_rect = pygame.Rect(words_left, layout.step.top, layout.step.right - words_left,
                            layout.step.height)  # fmt: skip
    draw_text_block(
        surface,
        step_rect,
        step_words,
        fonts,
        palette.stretch,
        max(8, round(layout.step.height * 0.62)),
        weight=Weight.SEMIBOLD,
        align=Align.LEFT,
        max_lines=1,
    )
    max_name = max(8, round(layout.name.height * 0.5))
    draw_text_block(
        surface,
        layout.name,
        name,
        fonts,
        palette.text,
        max_name,
        weight=Weight.SEMIBOLD,
        align=Align.LEFT,
        max_lines=2,
    )
    words = card_side_text(side)
    if words:
        draw_text_block(
            surface,
            layout.side,
            words,
            fonts,
            palette.stretch,
            max(8, round(layout.side.height * 0.7)),
            weight=Weight.SEMIBOLD,
            align=Align.LEFT,
            max_lines=1,
        )
    draw_text_block(
        surface,
        layout.instruction,
        instruction,
        fonts,
        palette.text_dim,
        max(8, round(max_name * 0.66)),
        align=Align.LEFT,
    )
    return layout
