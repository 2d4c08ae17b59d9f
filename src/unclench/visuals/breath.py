"""The breathing disc: it grows through the in-breath, stays full on a hold, shrinks through
the out-breath and rests small on an empty hold; a ring counts holds down.

The geometry (``disc_radius``, ``ring_angle``, ``breath_colour``, ``breath_layout``) is pure
and tested numerically. ``draw_breath`` draws the same pixels for the same inputs; the only
state it keeps is a cache of glow sprites per size, which makes a frame cost a fraction of a
millisecond (the halo is one pre-drawn gradient, scaled and added onto the background).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import pygame
import pygame.gfxdraw

from unclench.core.routine import Phase
from unclench.visuals.theme import DARK, RGB, Palette, mix
from unclench.visuals.widgets import TAU, draw_arc_band

REST_LEVEL = 0.5
"""Where the disc rests (between empty and full) during non-breath phases."""

GLOW_REACH = 1.42
"""How far the halo reaches, as a multiple of the disc's radius."""

GLOW_PEAK = 0.26
"""The halo's brightness right at the disc's edge (0: none, 1: as bright as the disc)."""

MAX_GLOW_SPRITE = 1024
"""The largest glow sprite drawn (pixels); bigger halos scale it up (it is a soft gradient,
so scaling does not show), which keeps 4K memory and frame time in bounds."""


def ease(x: float) -> float:
    """Sine ease-in-out on 0..1: starts and ends with zero speed, like a calm breath."""
    x = min(1.0, max(0.0, x))
    return (1.0 - math.cos(math.pi * x)) / 2.0


def lung_level(phase: Phase, fraction: float) -> float:
    """How full the lungs are, 0 (empty) to 1 (full), ``fraction`` of the way through a step
    of ``phase``: eased from the phase's start level to its end level (its ``lungs`` fact),
    so it is continuous across inhale → hold → exhale → hold_out → inhale."""
    lungs = phase.facts.lungs
    if lungs is None:
        return REST_LEVEL
    start, end = lungs
    return start + (end - start) * ease(fraction)


def glide_level(phase: Phase, fraction: float, before: Phase | None, after: Phase | None) -> float:
    """The disc's level ``fraction`` through a step of ``phase``, between the steps
    ``before`` and ``after`` it. Breath phases follow ``lung_level``; any other step glides
    (eased) from where the step before left the disc to where the step after will start it
    (the calm midpoint when a neighbour is not a breath step), so the disc never jumps at a
    boundary — not even from an out-breath into a rest, or from a set-up step into the
    first in-breath."""
    if phase.is_breath:
        return lung_level(phase, fraction)
    before_lungs = before.facts.lungs if before is not None else None
    after_lungs = after.facts.lungs if after is not None else None
    start = before_lungs[1] if before_lungs is not None else REST_LEVEL
    end = after_lungs[0] if after_lungs is not None else REST_LEVEL
    return start + (end - start) * ease(fraction)


def disc_radius(phase: Phase, fraction: float, r_min: float, r_max: float) -> float:
    """The disc's radius: ``r_min`` with empty lungs, ``r_max`` with full ones, eased in
    between; the calm midpoint for non-breath phases."""
    return r_min + (r_max - r_min) * lung_level(phase, fraction)


def ring_angle(fraction: float) -> float:
    """What is left of a hold, as an angle in radians: a full turn at the start, nothing at
    the end (the countdown ring empties clockwise as the hold passes)."""
    return TAU * (1.0 - min(1.0, max(0.0, fraction)))


def breath_colour(phase: Phase, fraction: float, palette: Palette = DARK) -> RGB:
    """The disc's colour: deep sea-green when empty, soft bright teal when full, blended
    with the same ease as the radius so colour and size move together."""
    return mix(palette.breath_low, palette.accent_breath, lung_level(phase, fraction))


@dataclass(frozen=True)
class BreathLayout:
    """Where the disc and its ring sit in a rect (all pixels, all derived from the rect)."""

    centre: tuple[int, int]
    r_min: float
    r_max: float
    ring_radius: float
    ring_width: float


def breath_layout(rect: pygame.Rect) -> BreathLayout:
    """The disc fills most of the shorter side of ``rect``; its halo and ring stay inside."""
    m = min(rect.width, rect.height)
    r_max = 0.36 * m
    return BreathLayout(
        centre=rect.center,
        r_min=0.42 * r_max,
        r_max=r_max,
        ring_radius=0.455 * m,
        ring_width=max(2.0, 0.016 * m),
    )


def glow_profile(d: float) -> float:
    """Halo brightness at ``d`` disc radii from the centre: ``GLOW_PEAK`` at the edge,
    fading smoothly to 0 at ``GLOW_REACH`` (and 0 beyond)."""
    if d <= 1.0:
        return GLOW_PEAK
    if d >= GLOW_REACH:
        return 0.0
    t = 1.0 - (d - 1.0) / (GLOW_REACH - 1.0)
    return GLOW_PEAK * math.pow(t, 2.6)


@lru_cache(maxsize=8)
def _glow_sprite(diameter: int, colour: RGB) -> pygame.Surface:
    """An opaque square: black with the halo drawn as light, meant to be added
    (``BLEND_RGB_ADD``) onto whatever is behind, so it works on any background."""
    sprite = pygame.Surface((diameter, diameter))
    sprite.fill((0, 0, 0))
    half = diameter / 2
    disc = half / GLOW_REACH
    centre = (round(half), round(half))
    for r in range(math.ceil(half), 0, -1):  # outside in, one pixel ring at a time
        k = glow_profile(r / disc)
        if k <= 0:
            continue
        c = (round(colour[0] * k), round(colour[1] * k), round(colour[2] * k))
        pygame.draw.circle(sprite, c, centre, r)
    return sprite


def draw_breath(
    surface: pygame.Surface,
    rect: pygame.Rect,
    phase: Phase,
    fraction: float,
    palette: Palette = DARK,
    *,
    show_ring: bool = True,
    level: float | None = None,
    still: bool = False,
) -> BreathLayout:
    """Draw the disc (with its halo) for ``phase`` at ``fraction`` centred in ``rect``, and
    on holds the countdown ring. Expects the caller to have painted the background.
    Returns the layout, so a scene can place text relative to the disc.

    ``still`` (reduced motion): the disc keeps one size and colour, and the pace is a
    band around it filling with the breath (``draw_still_breath``)."""
    layout = breath_layout(rect)
    cx, cy = layout.centre
    if level is None:
        level = lung_level(phase, fraction)
    if still:
        draw_still_breath(surface, layout, phase, fraction, level, palette, show_ring=show_ring)
        return layout
    radius = layout.r_min + (layout.r_max - layout.r_min) * level
    colour = mix(palette.breath_low, palette.accent_breath, level)

    base = min(MAX_GLOW_SPRITE, max(8, round(2 * layout.r_max * GLOW_REACH)))
    glow = _glow_sprite(base, palette.accent_breath)
    size = max(2, round(2 * radius * GLOW_REACH))
    scaled = glow if size == base else pygame.transform.scale(glow, (size, size))
    surface.blit(scaled, scaled.get_rect(center=(cx, cy)), special_flags=pygame.BLEND_RGB_ADD)

    r = max(1, round(radius))
    pygame.gfxdraw.filled_circle(surface, cx, cy, r, colour)
    pygame.gfxdraw.aacircle(surface, cx, cy, r, colour)

    if show_ring and phase.facts.holds_breath:
        remaining = ring_angle(fraction)
        draw_arc_band(
            surface, (cx, cy), layout.ring_radius, layout.ring_width, 0.0, TAU, palette.track
        )
        ring_colour = mix(palette.track, palette.accent_breath, 0.75)
        draw_arc_band(
            surface,
            (cx, cy),
            layout.ring_radius,
            layout.ring_width,
            TAU - remaining,
            remaining,
            ring_colour,
        )
    return layout


def still_fill(phase: Phase, level: float) -> float | None:
    """How much of the still disc's band is filled (0–1): how full the lungs are on a
    breath step; None (no band) on any other step, so nothing glides between steps."""
    return min(1.0, max(0.0, level)) if phase.is_breath else None


def fill_band(layout: BreathLayout) -> tuple[float, float]:
    """The still disc's fill band (radius, width): between the disc and the hold ring."""
    r = layout.r_max
    return (r + layout.ring_radius) / 2 - layout.ring_width * 0.3, layout.ring_width * 2.2


def draw_still_breath(
    surface: pygame.Surface,
    layout: BreathLayout,
    phase: Phase,
    fraction: float,
    level: float,
    palette: Palette,
    *,
    show_ring: bool = True,
) -> None:
    """Reduced motion: the disc at one size and colour (no halo that swells), a band around
    it that fills clockwise from the top as the lungs fill and empties as they empty, and
    on holds the countdown ring. Only the band's filled angle and the ring change."""
    cx, cy = layout.centre
    r = max(1, round(layout.r_min + (layout.r_max - layout.r_min) * 0.8))
    pygame.gfxdraw.filled_circle(surface, cx, cy, r, palette.accent_breath)
    pygame.gfxdraw.aacircle(surface, cx, cy, r, palette.accent_breath)
    fill = still_fill(phase, level)
    if fill is not None:
        band_radius, band_width = fill_band(layout)
        draw_arc_band(surface, (cx, cy), band_radius, band_width, 0.0, TAU, palette.track)
        if fill > 0:
            draw_arc_band(
                surface, (cx, cy), band_radius, band_width, 0.0, TAU * fill, palette.accent_breath
            )
    if show_ring and phase.facts.holds_breath:
        _draw_hold_ring(surface, layout, fraction, palette)


def _draw_hold_ring(
    surface: pygame.Surface, layout: BreathLayout, fraction: float, palette: Palette
) -> None:
    """The countdown ring of a hold: what is left of it, emptying clockwise."""
    remaining = ring_angle(fraction)
    ring = layout.ring_radius, layout.ring_width
    draw_arc_band(surface, layout.centre, *ring, 0.0, TAU, palette.track)
    ring_colour = mix(palette.track, palette.accent_breath, 0.75)
    draw_arc_band(surface, layout.centre, *ring, TAU - remaining, remaining, ring_colour)
