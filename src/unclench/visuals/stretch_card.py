"""The stretch card: a rounded card with the stretch's name, which side, the instruction,
and a hold ring (with a small body map inside it) that fills as the hold passes.

Everything is laid out from the rect it is given: wide rects put the ring beside the text,
tall ones put it underneath.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pygame

from unclench.core.routine import Side
from unclench.visuals.body_map import BodyMode, draw_body
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


@dataclass(frozen=True)
class CardLayout:
    """Where the parts of a card go (pixels, all derived from the card's rect)."""

    card: pygame.Rect
    name: pygame.Rect
    side: pygame.Rect
    instruction: pygame.Rect
    ring_centre: tuple[int, int]
    ring_radius: float
    ring_width: float
    figure: pygame.Rect


def card_layout(rect: pygame.Rect) -> CardLayout:
    """Split ``rect`` into the card's parts. Wide (at least 1.25:1): ring on the right.
    Otherwise the ring sits under the text."""
    m = min(rect.width, rect.height)
    pad = round(0.08 * m)
    inner = rect.inflate(-2 * pad, -2 * pad)
    if rect.width >= 1.25 * rect.height:
        ring_side = min(inner.height, round(inner.width * 0.4))
        ring_box = pygame.Rect(0, 0, ring_side, ring_side)
        ring_box.midright = inner.midright
        text = pygame.Rect(inner.left, inner.top, ring_box.left - pad - inner.left, inner.height)
    else:
        side = min(inner.width, round(inner.height * 0.5))
        ring_box = pygame.Rect(0, 0, side, side)
        ring_box.midbottom = inner.midbottom
        text = pygame.Rect(inner.left, inner.top, inner.width, ring_box.top - pad - inner.top)
    name_h = round(text.height * 0.26)
    side_h = round(text.height * 0.14)
    name = pygame.Rect(text.left, text.top, text.width, name_h)
    side_r = pygame.Rect(text.left, name.bottom, text.width, side_h)
    gap = round(text.height * 0.06)
    instruction = pygame.Rect(
        text.left, side_r.bottom + gap, text.width, text.bottom - side_r.bottom - gap
    )
    ring_radius = ring_box.width * 0.44
    ring_width = max(2.0, ring_box.width * 0.045)
    fig_side = round(2 * (ring_radius - ring_width) * 0.9)
    figure = pygame.Rect(0, 0, fig_side, fig_side)
    figure.center = ring_box.center
    return CardLayout(
        rect, name, side_r, instruction, ring_box.center, ring_radius, ring_width, figure
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
) -> CardLayout:
    """Draw the card for a stretch held ``fraction`` of the way through (the ring fills
    clockwise); ``regions`` are lit on the small body map inside the ring."""
    layout = card_layout(rect)
    draw_panel(surface, rect, palette)
    max_name = max(8, round(layout.name.height * 0.62))
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
    words = side_text(side)
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
        max(8, round(max_name * 0.62)),
        align=Align.LEFT,
    )
    draw_ring(
        surface,
        layout.ring_centre,
        layout.ring_radius,
        layout.ring_width,
        fraction,
        palette.stretch,
        track=palette.track,
    )
    draw_body(surface, layout.figure, regions, BodyMode.STRETCH, fraction, palette)
    return layout
