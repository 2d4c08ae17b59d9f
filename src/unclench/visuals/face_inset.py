"""A larger face beside the body figure while a face group is tensed or released.

On the figure the face groups (forehead; upper cheeks and nose; lower cheeks and jaw) are a
few pixels wide, so the session also draws the face on its own, several times bigger, in a
card next to the figure with a thin line to the figure's head, and lights the exact area
there the way the body map does (warm and tightening while tensing, cooling and loosening
while releasing: the same ``region_style``).

Geometry is pure data in face units (a ``FACE_SIZE`` square; the face is the circle
``FACE_OUTLINE``): ``FACE_SHAPES`` per body region, ``face_inset_rect`` (where the card goes
inside the body's rect), ``shows_face_inset``. ``draw_face_inset`` caches the neutral face and
each region's sprites per size, so a frame is a few blits.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from functools import lru_cache

import pygame

from unclench.visuals.body_map import (
    FACE_REGIONS,
    FIGURE,
    FIGURE_H,
    BodyMode,
    Capsule,
    Circle,
    LitSprites,
    Shape,
    blit_lit,
    draw_shape,
    lit_sprites,
    region_style,
)
from unclench.visuals.theme import Palette, mix
from unclench.visuals.widgets import draw_panel

FACE_SIZE = 100.0
FACE_OUTLINE = Circle(50.0, 50.0, 42.0)
"""The face itself; every lit shape lies inside it."""

EARS: tuple[Shape, ...] = (Circle(8.5, 54.0, 7.0), Circle(91.5, 54.0, 7.0))

FACE_SHAPES: dict[str, tuple[Shape, ...]] = {
    # The forehead: a band across the top of the face, above the brows.
    "forehead": (Capsule(33.0, 27.0, 67.0, 27.0, 8.5),),
    # Upper cheeks and nose: round the eyes, and the nose between them.
    "eyes": (
        Circle(35.0, 50.0, 9.5),
        Circle(65.0, 50.0, 9.5),
        Capsule(50.0, 44.0, 50.0, 60.0, 5.5),
    ),
    # Lower cheeks and jaw: a U along the lower face, round the mouth.
    "jaw": (
        Capsule(22.0, 65.0, 36.0, 79.0, 7.0),
        Capsule(36.0, 79.0, 64.0, 79.0, 7.0),
        Capsule(64.0, 79.0, 78.0, 65.0, 7.0),
    ),
}
"""The face regions of the body figure, drawn big; the same names as ``body.REGIONS``."""

FEATURES: tuple[Shape, ...] = (
    Capsule(30.0, 50.5, 40.0, 50.5, 1.6),  # closed eyes: resting, not staring
    Capsule(60.0, 50.5, 70.0, 50.5, 1.6),
    Capsule(29.0, 41.0, 40.0, 39.5, 1.4),  # brows
    Capsule(60.0, 39.5, 71.0, 41.0, 1.4),
    Capsule(43.0, 71.0, 57.0, 71.0, 1.6),  # mouth
)
"""Lines drawn over everything so the face reads as a face."""

INSET_SHARE = 0.5
"""The largest card, as a share of the figure's height (the figure's head is 1/8 of it)."""
MIN_SHARE = 0.28
"""A card smaller than this share of the figure's height is not worth a place beside it;
the card then sits over the figure's legs (never lit while the face is)."""
_HANDS_Y = 96.0
"""Figure units: a card beside the figure ends above the hands, where the side labels are."""
_BELOW_LABELS_Y = 114.0
"""Figure units: a card over the legs starts below the hands and their labels."""


def shape_contains(shape: Shape, x: float, y: float) -> bool:
    """Whether the point (x, y) lies in ``shape`` (its rounded corners included)."""
    if isinstance(shape, Circle):
        return math.hypot(x - shape.cx, y - shape.cy) <= shape.r
    if isinstance(shape, Capsule):
        dx, dy = shape.x2 - shape.x1, shape.y2 - shape.y1
        length2 = dx * dx + dy * dy
        t = 0.0 if length2 == 0 else ((x - shape.x1) * dx + (y - shape.y1) * dy) / length2
        t = min(1.0, max(0.0, t))
        return math.hypot(x - (shape.x1 + t * dx), y - (shape.y1 + t * dy)) <= shape.r
    r = min(shape.r, shape.w / 2, shape.h / 2)
    nx = min(max(x, shape.x + r), shape.x + shape.w - r)
    ny = min(max(y, shape.y + r), shape.y + shape.h - r)
    inside_box = shape.x <= x <= shape.x + shape.w and shape.y <= y <= shape.y + shape.h
    return inside_box and math.hypot(x - nx, y - ny) <= r


def shows_face_inset(lit_regions: Iterable[str], mode: BodyMode) -> bool:
    """A face group is being tensed or released (stretch cards draw their own close-ups)."""
    return mode in (BodyMode.TENSE, BodyMode.RELEASE) and any(
        r in FACE_REGIONS for r in lit_regions
    )


def face_inset_rect(rect: pygame.Rect, fig: pygame.Rect) -> pygame.Rect:
    """The square card for the face inside ``rect`` (the body's rect), ``fig`` being the
    figure drawn in it: beside the figure's head where there is room (the side with more,
    the viewer's right on a tie), above the figure in a tall rect, else over the figure's
    legs. Always inside ``rect``."""
    k = fig.height / FIGURE_H
    pad = max(2, round(0.02 * min(rect.width, rect.height)))
    head = FIGURE["head"][0]
    assert isinstance(head, Circle)
    head_y = fig.top + head.cy * k
    cap = INSET_SHARE * fig.height
    beside_h = fig.top + _HANDS_Y * k - (rect.top + pad)
    right_w = rect.right - fig.right - 2 * pad
    left_w = fig.left - rect.left - 2 * pad
    above_h = fig.top - rect.top - 2 * pad
    wide = rect.width - 2 * pad
    options = (
        ("right", min(right_w, beside_h, cap)),
        ("left", min(left_w, beside_h, cap)),
        ("above", min(above_h, wide, cap)),
    )
    where, size = max(options, key=lambda o: o[1])  # the first of equals wins
    if size < MIN_SHARE * fig.height:
        top = fig.top + _BELOW_LABELS_Y * k
        where = "legs"
        size = min(wide, rect.bottom - pad - top, cap)
    side = max(1, math.floor(size))
    out = pygame.Rect(0, 0, side, side)
    if where == "right":
        out.left, out.centery = fig.right + pad, round(head_y)
    elif where == "left":
        out.right, out.centery = fig.left - pad, round(head_y)
    elif where == "above":
        out.centerx, out.bottom = fig.centerx, fig.top - pad
    else:
        out.centerx = fig.centerx
        out.top = round(fig.top + _BELOW_LABELS_Y * k)
    return out.clamp(rect.inflate(-2 * pad, -2 * pad)) if side <= wide else out.clamp(rect)


# --- drawing -------------------------------------------------------------------------------

_SS = 3
CARD_MARGIN = 0.02
"""Of the card's side, around the face drawing (whose ears reach its edges)."""


def face_scale(side: int) -> float:
    """Pixels per face unit on a card ``side`` pixels wide."""
    return side * (1 - 2 * CARD_MARGIN) / FACE_SIZE


def face_origin(card: pygame.Rect) -> tuple[int, int]:
    """The pixel where face point (0, 0) lands on ``card``."""
    margin = round(card.width * CARD_MARGIN)
    return (card.left + margin, card.top + margin)


@lru_cache(maxsize=4)
def _face_layer(side: int, palette: Palette) -> pygame.Surface:
    """The neutral face on its card, anti-aliased."""
    k = face_scale(side) * _SS
    margin = round(side * CARD_MARGIN) * _SS
    big = pygame.Surface((side * _SS, side * _SS), pygame.SRCALPHA)
    origin = (-margin / k, -margin / k)
    for shape in (*EARS, FACE_OUTLINE):
        draw_shape(big, shape, k, origin, palette.body)
    face = mix(palette.body, palette.surface_edge, 0.35)  # the areas, faintly
    for shapes in FACE_SHAPES.values():
        for shape in shapes:
            draw_shape(big, shape, k, origin, face)
    return pygame.transform.smoothscale(big, (side, side))


@lru_cache(maxsize=4)
def _features_layer(side: int, palette: Palette) -> pygame.Surface:
    k = face_scale(side) * _SS
    margin = round(side * CARD_MARGIN) * _SS
    big = pygame.Surface((side * _SS, side * _SS), pygame.SRCALPHA)
    colour = mix(palette.background, palette.body, 0.35)
    for shape in FEATURES:
        draw_shape(big, shape, k, (-margin / k, -margin / k), colour)
    return pygame.transform.smoothscale(big, (side, side))


@lru_cache(maxsize=16)
def _face_sprites(region: str, side: int) -> LitSprites:
    return lit_sprites(FACE_SHAPES[region], face_scale(side), max(2, round(0.06 * side)))


def draw_face_inset(
    surface: pygame.Surface,
    rect: pygame.Rect,
    fig: pygame.Rect,
    lit_regions: Iterable[str],
    mode: BodyMode,
    fraction: float,
    palette: Palette,
) -> pygame.Rect:
    """Draw the face card for the figure ``fig`` in the body's ``rect``: a thin line from the
    figure's head, the card, the face with ``lit_regions``' face parts styled for ``mode`` at
    ``fraction``. Returns the card's rect."""
    card = face_inset_rect(rect, fig)
    k = fig.height / FIGURE_H
    head = FIGURE["head"][0]
    assert isinstance(head, Circle)
    centre = (fig.left + head.cx * k, fig.top + head.cy * k)
    _draw_leader(surface, centre, head.r * k, card, palette)
    radius = max(2, round(card.width * 0.12))
    draw_panel(surface, card, palette, radius=radius)
    side = card.width
    surface.blit(_face_layer(side, palette), card.topleft)
    style = region_style(mode, fraction, palette)
    origin = face_origin(card)
    for region in dict.fromkeys(lit_regions):
        if region in FACE_SHAPES:
            sprites = _face_sprites(region, side)
            blit_lit(surface, sprites, origin, style, ("face", region, side))
    surface.blit(_features_layer(side, palette), card.topleft)
    return card


def _draw_leader(
    surface: pygame.Surface,
    centre: tuple[float, float],
    head_r: float,
    card: pygame.Rect,
    palette: Palette,
) -> None:
    """A thin line from the edge of the figure's head toward the card's nearest edge, when
    the card is beside or above the head (a card over the legs needs none: the line would
    cross the figure)."""
    if card.top > centre[1]:
        return
    tx = min(max(centre[0], card.left), card.right)
    ty = min(max(centre[1], card.top), card.bottom)
    dx, dy = tx - centre[0], ty - centre[1]
    length = math.hypot(dx, dy)
    if length <= head_r + 2:
        return
    start = (centre[0] + dx / length * (head_r + 2), centre[1] + dy / length * (head_r + 2))
    pygame.draw.aaline(surface, palette.surface_edge, start, (tx, ty))
