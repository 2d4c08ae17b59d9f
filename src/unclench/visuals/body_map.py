"""A friendly front-facing body figure whose regions light up for tense, release and stretch.

The figure is pure data: each region of ``body.REGIONS`` (plus the head and hips, which are
never lit) is a list of rounded shapes in figure units (the figure is ``FIGURE_W`` wide and
``FIGURE_H`` tall). Like ``body.py`` says, it is seen from the front: the user's right side
is on the viewer's left, like a mirror.

``region_style`` (colour, scale, halo) is pure and tested numerically. ``draw_body`` keeps a
cache of anti-aliased sprites per size (the neutral figure, each region's mask and halo) so a
frame is a handful of blits.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

import pygame

from unclench.core.body import REGIONS
from unclench.core.routine import Phase
from unclench.visuals.theme import RGB, Fonts, Palette, mix


@dataclass(frozen=True)
class Circle:
    cx: float
    cy: float
    r: float


@dataclass(frozen=True)
class Capsule:
    """A line segment with round ends: limbs, the shoulder bar."""

    x1: float
    y1: float
    x2: float
    y2: float
    r: float


@dataclass(frozen=True)
class RoundRect:
    x: float
    y: float
    w: float
    h: float
    r: float


Shape = Circle | Capsule | RoundRect

FIGURE_W = 100.0
FIGURE_H = 200.0


def _mirror(shape: Shape) -> Shape:
    """The same shape on the other side of the figure's centre line."""
    if isinstance(shape, Circle):
        return Circle(FIGURE_W - shape.cx, shape.cy, shape.r)
    if isinstance(shape, Capsule):
        return Capsule(FIGURE_W - shape.x1, shape.y1, FIGURE_W - shape.x2, shape.y2, shape.r)
    return RoundRect(FIGURE_W - shape.x - shape.w, shape.y, shape.w, shape.h, shape.r)


# The user's right side, drawn on the viewer's left (x < 50); the left side is its mirror.
_RIGHT: dict[str, tuple[Shape, ...]] = {
    "upper-arm": (Capsule(29.5, 50.5, 26.5, 70.0, 5.0),),
    "forearm": (Capsule(25.0, 77.0, 22.0, 99.0, 4.3),),
    "hand": (Circle(21.0, 107.5, 5.0),),
    "thigh": (Capsule(43.0, 104.0, 42.0, 132.0, 6.6),),
    "calf": (Capsule(42.0, 143.0, 42.0, 168.0, 5.2),),
    "foot": (Capsule(42.0, 179.0, 36.5, 181.0, 3.8),),
}

FIGURE: dict[str, tuple[Shape, ...]] = {
    "head": (Circle(50.0, 19.0, 12.5),),
    "hips": (RoundRect(37.0, 90.0, 26.0, 8.0, 4.0),),
    "forehead": (Capsule(44.0, 12.5, 56.0, 12.5, 3.0),),
    "eyes": (Circle(45.2, 19.5, 2.7), Circle(54.8, 19.5, 2.7)),
    "jaw": (Capsule(45.0, 26.8, 55.0, 26.8, 2.9),),
    "neck": (Capsule(50.0, 33.5, 50.0, 36.5, 4.6),),
    "shoulders": (Capsule(34.0, 43.0, 66.0, 43.0, 4.6),),
    "chest": (RoundRect(37.0, 49.5, 26.0, 17.0, 6.0),),
    "abdomen": (RoundRect(38.0, 69.0, 24.0, 18.5, 7.0),),
}
for _part, _shapes in _RIGHT.items():
    FIGURE[f"{_part}-right"] = _shapes
    FIGURE[f"{_part}-left"] = tuple(_mirror(s) for s in _shapes)

BASE_PARTS = ("head", "hips")
"""Parts drawn but never lit."""

FACE_REGIONS = ("forehead", "eyes", "jaw")
"""Regions drawn on top of the head (a shade lighter, so the face reads as a face)."""


def shapes_for(region: str) -> tuple[Shape, ...]:
    """The shapes of one region; a KeyError names the known regions."""
    try:
        return FIGURE[region]
    except KeyError:
        raise KeyError(f"unknown body region {region!r}; known: {', '.join(REGIONS)}") from None


def shape_bounds(shape: Shape) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) of a shape in figure units."""
    if isinstance(shape, Circle):
        return (shape.cx - shape.r, shape.cy - shape.r, shape.cx + shape.r, shape.cy + shape.r)
    if isinstance(shape, Capsule):
        return (
            min(shape.x1, shape.x2) - shape.r,
            min(shape.y1, shape.y2) - shape.r,
            max(shape.x1, shape.x2) + shape.r,
            max(shape.y1, shape.y2) + shape.r,
        )
    return (shape.x, shape.y, shape.x + shape.w, shape.y + shape.h)


def region_bounds(region: str) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) of a region in figure units."""
    boxes = [shape_bounds(s) for s in shapes_for(region)]
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


class BodyMode(StrEnum):
    NEUTRAL = "neutral"
    TENSE = "tense"
    RELEASE = "release"
    STRETCH = "stretch"
    PREVIEW = "preview"  # the group a rest or an instruction leads into: a little lighter


PREVIEW_LIGHT = 0.3
"""How much lighter than the body a previewed region is drawn (toward the text colour)."""


def mode_for(phase: Phase) -> BodyMode:
    """The body map's mode for a step's phase (neutral for anything without a target)."""
    return {
        Phase.TENSE: BodyMode.TENSE,
        Phase.RELEASE: BodyMode.RELEASE,
        Phase.STRETCH: BodyMode.STRETCH,
    }.get(phase, BodyMode.NEUTRAL)


@dataclass(frozen=True)
class RegionStyle:
    """How lit regions look at one moment: fill colour, scale about their own centre (below
    1: drawn tighter), and a halo (its colour and strength 0..1)."""

    colour: RGB
    scale: float
    halo: RGB
    halo_strength: float


TENSE_BUILD = 0.15
"""The first part of a tense step in which the tension builds up."""
TENSE_PULSES = 3
"""Gentle pulses across a tense step: the held effort, not a flashing light."""
TENSE_SQUEEZE = 0.06
"""How much a tensed region tightens (shrinks about its centre) at full tension."""
RELEASE_LINGER = 0.35
"""How strongly released regions stay lit at the end (they do not vanish abruptly)."""


def _ease(x: float) -> float:
    x = min(1.0, max(0.0, x))
    return (1.0 - math.cos(math.pi * x)) / 2.0


def tension(fraction: float) -> float:
    """How tense a tense region looks, 0..1: builds over the first ``TENSE_BUILD`` of the
    step, then holds between 0.85 and 1 with ``TENSE_PULSES`` slow pulses."""
    f = min(1.0, max(0.0, fraction))
    build = _ease(f / TENSE_BUILD)
    pulse = 0.925 + 0.075 * math.cos(math.tau * TENSE_PULSES * f)
    return build * pulse


def release_warmth(fraction: float) -> float:
    """How much amber is left in a released region, 1 at the start to 0 by 70% of the step
    (then it rests cool)."""
    return 1.0 - _ease(min(1.0, max(0.0, fraction)) / 0.7)


def region_style(mode: BodyMode, fraction: float, palette: Palette) -> RegionStyle:
    """The look of lit regions for ``mode`` at ``fraction`` of the step.

    Tense: warm amber, pulsing gently, drawn tightened (smaller) with a warm halo.
    Release: from amber to cool blue-green, loosening back to full size, the halo fading
    out and the colour settling toward the neutral body.
    Stretch: steady lavender-blue. Preview: the body a little lighter, no halo. Neutral:
    the unlit body colour.
    """
    f = min(1.0, max(0.0, fraction))
    if mode is BodyMode.TENSE:
        k = tension(f)
        return RegionStyle(
            colour=mix(palette.body, palette.tense, k),
            scale=1.0 - TENSE_SQUEEZE * k,
            halo=palette.tense,
            halo_strength=0.55 * k,
        )
    if mode is BodyMode.RELEASE:
        warm = release_warmth(f)
        hue = mix(palette.release, palette.tense, warm)
        strength = 1.0 - (1.0 - RELEASE_LINGER) * _ease(f)
        return RegionStyle(
            colour=mix(palette.body, hue, strength),
            scale=1.0 - TENSE_SQUEEZE * warm,
            halo=hue,
            halo_strength=0.45 * warm,
        )
    if mode is BodyMode.STRETCH:
        return RegionStyle(palette.stretch, 1.0, palette.stretch, 0.25)
    if mode is BodyMode.PREVIEW:
        return RegionStyle(mix(palette.body, palette.text, PREVIEW_LIGHT), 1.0, palette.body, 0.0)
    return RegionStyle(palette.body, 1.0, palette.body, 0.0)


def figure_rect(rect: pygame.Rect) -> pygame.Rect:
    """The largest rect of the figure's proportions centred in ``rect`` (with a margin of
    4% of its height for the halo)."""
    margin = 0.04 * rect.height
    avail_w, avail_h = rect.width - 2 * margin, rect.height - 2 * margin
    height = max(1.0, min(avail_h, avail_w * FIGURE_H / FIGURE_W))
    width = height * FIGURE_W / FIGURE_H
    out = pygame.Rect(0, 0, max(1, round(width)), max(1, round(height)))
    out.center = rect.center
    return out


# --- drawing -------------------------------------------------------------------------------

_SS = 3  # supersampling factor for the cached sprites


def draw_shape(
    target: pygame.Surface, shape: Shape, k: float, origin: tuple[float, float], colour: RGB
) -> None:
    """Draw ``shape`` scaled by ``k`` pixels per unit, with ``origin`` the unit point that
    lands at pixel (0, 0). Aliased: callers supersample."""
    ox, oy = origin
    if isinstance(shape, Circle):
        pygame.draw.circle(target, colour, ((shape.cx - ox) * k, (shape.cy - oy) * k), shape.r * k)
    elif isinstance(shape, Capsule):
        a = ((shape.x1 - ox) * k, (shape.y1 - oy) * k)
        b = ((shape.x2 - ox) * k, (shape.y2 - oy) * k)
        pygame.draw.circle(target, colour, a, shape.r * k)
        pygame.draw.circle(target, colour, b, shape.r * k)
        dx, dy = b[0] - a[0], b[1] - a[1]
        length = math.hypot(dx, dy) or 1.0
        nx, ny = -dy / length * shape.r * k, dx / length * shape.r * k
        pygame.draw.polygon(
            target,
            colour,
            [(a[0] + nx, a[1] + ny), (b[0] + nx, b[1] + ny), (b[0] - nx, b[1] - ny),
             (a[0] - nx, a[1] - ny)],
        )  # fmt: skip
    else:
        r = pygame.Rect(
            round((shape.x - ox) * k),
            round((shape.y - oy) * k),
            round(shape.w * k),
            round(shape.h * k),
        )
        pygame.draw.rect(target, colour, r, border_radius=round(shape.r * k))


@lru_cache(maxsize=4)
def _figure_layer(height: int, palette: Palette) -> pygame.Surface:
    """The whole figure in its neutral colours, anti-aliased, transparent around it."""
    width = max(1, round(height * FIGURE_W / FIGURE_H))
    big = pygame.Surface((width * _SS, height * _SS), pygame.SRCALPHA)
    k = height * _SS / FIGURE_H
    face = mix(palette.body, palette.surface_edge, 0.7)
    for name, shapes in FIGURE.items():
        colour = face if name in FACE_REGIONS else palette.body
        for shape in shapes:
            draw_shape(big, shape, k, (0.0, 0.0), colour)
    return pygame.transform.smoothscale(big, (width, height))


@dataclass(frozen=True)
class LitSprites:
    """One lit region's sprites at one size: a white mask (alpha = coverage) at the region's
    box, an opaque black-with-white-light halo for BLEND_RGB_ADD, and the region's centre in
    pixels from the drawing's origin."""

    mask: pygame.Surface
    halo: pygame.Surface
    centre: tuple[float, float]


def lit_sprites(shapes: tuple[Shape, ...], k: float, pad: int) -> LitSprites:
    """Render ``shapes`` (``k`` pixels per unit) as a mask and a soft halo ``pad`` wide."""
    boxes = [shape_bounds(s) for s in shapes]
    left, top = min(b[0] for b in boxes), min(b[1] for b in boxes)
    right, bottom = max(b[2] for b in boxes), max(b[3] for b in boxes)
    w = max(1, math.ceil((right - left) * k))
    h = max(1, math.ceil((bottom - top) * k))
    big = pygame.Surface((w * _SS, h * _SS), pygame.SRCALPHA)
    for shape in shapes:
        draw_shape(big, shape, k * _SS, (left, top), (255, 255, 255))
    mask = pygame.transform.smoothscale(big, (w, h))
    light = pygame.Surface((w + 2 * pad, h + 2 * pad))
    light.fill((0, 0, 0))
    light.blit(mask, (pad, pad))
    # A cheap blur: shrink a lot, then grow back smoothly.
    small = pygame.transform.smoothscale(light, (max(1, light.get_width() // 6),
                                                 max(1, light.get_height() // 6)))  # fmt: skip
    halo = pygame.transform.smoothscale(small, light.get_size())
    centre = ((left + right) / 2 * k, (top + bottom) / 2 * k)
    return LitSprites(mask, halo, centre)


@lru_cache(maxsize=64)
def _region_sprites(region: str, height: int) -> LitSprites:
    return lit_sprites(shapes_for(region), height / FIGURE_H, max(2, round(0.05 * height)))


_TINTED: OrderedDict[tuple[object, ...], pygame.Surface] = OrderedDict()
_TINTED_MAX = 256


def _tinted(
    base: pygame.Surface, key: tuple[object, ...], colour: RGB, size: tuple[int, int]
) -> pygame.Surface:
    """``base`` multiplied by ``colour`` and scaled to ``size``, from a small LRU (styles are
    quantised, so a step's frames reuse a few dozen sprites)."""
    full_key = (*key, colour, size)
    hit = _TINTED.get(full_key)
    if hit is not None:
        _TINTED.move_to_end(full_key)
        return hit
    sprite = base if size == base.get_size() else pygame.transform.smoothscale(base, size)
    sprite = sprite.copy()
    sprite.fill((*colour, 255), special_flags=pygame.BLEND_RGBA_MULT)
    _TINTED[full_key] = sprite
    if len(_TINTED) > _TINTED_MAX:
        _TINTED.popitem(last=False)
    return sprite


def _quantise(colour: RGB, step: int = 3) -> RGB:
    return (colour[0] // step * step, colour[1] // step * step, colour[2] // step * step)


def draw_body(
    surface: pygame.Surface,
    rect: pygame.Rect,
    lit_regions: Iterable[str],
    mode: BodyMode,
    fraction: float,
    palette: Palette,
    *,
    fonts: Fonts | None = None,
    side_labels: tuple[str, str] | None = None,
) -> pygame.Rect:
    """Draw the figure centred in ``rect`` with ``lit_regions`` styled for ``mode`` at
    ``fraction`` of the step. ``side_labels`` (viewer's left, viewer's right), e.g.
    ``body.side_labels(handedness)``, are written beside the hands when ``fonts`` is given.
    A face group's larger face is ``face_inset.draw_face_inset``, drawn after this.
    Returns the figure's rect."""
    fig = figure_rect(rect)
    surface.blit(_figure_layer(fig.height, palette), fig.topleft)
    lit = [r for r in dict.fromkeys(lit_regions)]
    for region in lit:
        shapes_for(region)  # unknown regions fail loudly, before anything is drawn
    if lit and mode is not BodyMode.NEUTRAL:
        style = region_style(mode, fraction, palette)
        for region in lit:
            sprites = _region_sprites(region, fig.height)
            blit_lit(surface, sprites, fig.topleft, style, ("body", region, fig.height))
    if fonts is not None and side_labels is not None:
        _draw_side_labels(surface, rect, fig, fonts, palette, side_labels)
    return fig


def blit_lit(
    surface: pygame.Surface,
    sprites: LitSprites,
    origin: tuple[int, int],
    style: RegionStyle,
    key: tuple[object, ...],
) -> None:
    """Draw one lit region in ``style``: its halo added to what is below, then its mask
    tinted and scaled about its centre. ``key`` names the sprites in the tint cache."""
    colour = _quantise(style.colour)
    scale = round(style.scale, 3)
    halo_k = round(style.halo_strength, 2)
    halo_colour = _quantise(
        (
            round(style.halo[0] * halo_k),
            round(style.halo[1] * halo_k),
            round(style.halo[2] * halo_k),
        )
    )
    cx = origin[0] + sprites.centre[0]
    cy = origin[1] + sprites.centre[1]
    if halo_k > 0:
        halo = _tinted(sprites.halo, ("halo", *key), halo_colour, sprites.halo.get_size())
        surface.blit(
            halo, halo.get_rect(center=(round(cx), round(cy))), special_flags=pygame.BLEND_RGB_ADD
        )
    w, h = sprites.mask.get_size()
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    body = _tinted(sprites.mask, ("mask", *key), colour, size)
    surface.blit(body, body.get_rect(center=(round(cx), round(cy))))


def _draw_side_labels(
    surface: pygame.Surface,
    rect: pygame.Rect,
    fig: pygame.Rect,
    fonts: Fonts,
    palette: Palette,
    labels: tuple[str, str],
) -> None:
    """Each label beside its hand, inside ``rect``: a label too long for the room there is
    cut to its first word ("right (dominant)" → "right")."""
    size = max(8, round(fig.height * 0.035))
    k = fig.height / FIGURE_H
    hand = _RIGHT["hand"][0]
    assert isinstance(hand, Circle)
    y = fig.top + round(hand.cy * k)
    gap = (hand.r + 3.0) * k
    end = round(fig.left + hand.cx * k - gap)
    left = _fitting_label(fonts, labels[0], size, palette, end - rect.left)
    surface.blit(left, left.get_rect(midright=(end, y)))
    start = round(fig.left + (FIGURE_W - hand.cx) * k + gap)
    right = _fitting_label(fonts, labels[1], size, palette, rect.right - start)
    surface.blit(right, right.get_rect(midleft=(start, y)))


def _fitting_label(
    fonts: Fonts, text: str, size: int, palette: Palette, room: int
) -> pygame.Surface:
    shown = rendered_label(fonts, text, size, palette)
    if shown.get_width() > room and " " in text:
        shown = rendered_label(fonts, text.split(" ", 1)[0], size, palette)
    return shown


def rendered_label(fonts: Fonts, text: str, size: int, palette: Palette) -> pygame.Surface:
    return fonts.render(text, size, palette.text_dim)
