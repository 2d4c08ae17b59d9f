"""Small shared shapes: anti-aliased arcs and rings, pills, rounded panels, progress bars,
key-hint chips.

Angles are in radians, 0 at twelve o'clock, growing clockwise (the way a clock hand moves),
so a ring "fills" or "empties" the way people expect.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache

import pygame
import pygame.gfxdraw

from unclench.visuals.text import draw_text
from unclench.visuals.theme import RGB, Fonts, Palette, Weight

TAU = math.tau


def arc_points(
    centre: tuple[float, float], radius: float, start: float, sweep: float
) -> list[tuple[float, float]]:
    """Points along a circular arc from angle ``start`` over ``sweep`` (clockwise from
    twelve o'clock). Segments are as long as they can be while the chord strays less than
    0.1 px from the true circle: fewer points keep polygon filling cheap."""
    cx, cy = centre
    segment = max(1.0, math.sqrt(0.8 * max(radius, 1.0)))
    n = max(2, math.ceil(abs(sweep) * radius / segment) + 1)
    return [
        (cx + radius * math.sin(start + sweep * i / (n - 1)),
         cy - radius * math.cos(start + sweep * i / (n - 1)))
        for i in range(n)
    ]  # fmt: skip


def _aa_disc(surface: pygame.Surface, x: float, y: float, r: float, colour: RGB) -> None:
    ix, iy, ir = round(x), round(y), max(1, round(r))
    pygame.gfxdraw.aacircle(surface, ix, iy, ir, colour)
    pygame.gfxdraw.filled_circle(surface, ix, iy, ir, colour)


def draw_arc_band(
    surface: pygame.Surface,
    centre: tuple[float, float],
    radius: float,
    width: float,
    start: float,
    sweep: float,
    colour: RGB,
    round_caps: bool = True,
) -> None:
    """A thick anti-aliased arc centred on ``radius``: a polygon between two arcs, with round
    caps. A ``sweep`` of a full turn or more draws a closed ring; zero or less draws nothing."""
    if sweep <= 1e-4 or width <= 0:
        return
    half = width / 2
    if sweep >= TAU - 1e-6:  # a closed ring: a thick circle with anti-aliased edges (cheap)
        c = (round(centre[0]), round(centre[1]))
        r_out, r_in = round(radius + half), round(radius - half)
        pygame.draw.circle(surface, colour, c, r_out, max(1, r_out - r_in))
        pygame.gfxdraw.aacircle(surface, c[0], c[1], r_out, colour)
        if r_in > 0:
            pygame.gfxdraw.aacircle(surface, c[0], c[1], r_in, colour)
        return
    outer = arc_points(centre, radius + half, start, sweep)
    inner = arc_points(centre, radius - half, start, sweep)
    points = [(round(x), round(y)) for x, y in outer + inner[::-1]]
    pygame.gfxdraw.aapolygon(surface, points, colour)
    pygame.gfxdraw.filled_polygon(surface, points, colour)
    if round_caps:
        for angle in (start, start + sweep):
            _aa_disc(
                surface,
                centre[0] + radius * math.sin(angle),
                centre[1] - radius * math.cos(angle),
                half,
                colour,
            )


def draw_pill(surface: pygame.Surface, rect: pygame.Rect, colour: RGB) -> None:
    """A horizontal capsule filling ``rect`` (ends as round as the rect is high)."""
    if rect.width <= 0 or rect.height <= 0:
        return
    r = rect.height / 2
    if rect.width <= rect.height:
        _aa_disc(surface, rect.centerx, rect.centery, r, colour)
        return
    left, right = rect.left + r, rect.right - r
    _aa_disc(surface, left, rect.centery, r - 0.5, colour)
    _aa_disc(surface, right, rect.centery, r - 0.5, colour)
    pygame.draw.rect(
        surface, colour, pygame.Rect(round(left), rect.top, round(right - left), rect.height)
    )


def progress_width(width: int, height: int, fraction: float) -> int:
    """How wide the filled part of a progress bar is: never thinner than its height once
    anything has passed (a dot, not a sliver), never wider than the bar."""
    f = min(1.0, max(0.0, fraction))
    if f <= 0.0:
        return 0
    return min(width, max(height, round(width * f)))


def draw_progress_bar(
    surface: pygame.Surface,
    rect: pygame.Rect,
    fraction: float,
    palette: Palette,
    colour: RGB | None = None,
) -> None:
    """A rounded bar: the track across ``rect`` and the elapsed part from the left."""
    draw_pill(surface, rect, palette.track)
    filled = progress_width(rect.width, rect.height, fraction)
    if filled:
        draw_pill(
            surface,
            pygame.Rect(rect.left, rect.top, filled, rect.height),
            colour or palette.text_dim,
        )


def draw_ring(
    surface: pygame.Surface,
    centre: tuple[float, float],
    radius: float,
    width: float,
    fraction: float,
    colour: RGB,
    track: RGB | None = None,
) -> None:
    """A ring filled clockwise from twelve o'clock to ``fraction`` of a turn, over an
    optional full ``track`` ring."""
    if track is not None:
        draw_arc_band(surface, centre, radius, width, 0.0, TAU, track)
    draw_arc_band(surface, centre, radius, width, 0.0, TAU * min(1.0, max(0.0, fraction)), colour)


@lru_cache(maxsize=64)
def panel_surface(
    size: tuple[int, int], radius: int, fill: RGB, edge: RGB | None, edge_width: int
) -> pygame.Surface:
    """A rounded rectangle with smooth corners (drawn at 3× and scaled down), cached per
    size and colours: cards are static, so this is drawn once, not every frame."""
    ss = 3
    w, h = max(1, size[0]), max(1, size[1])
    big = pygame.Surface((w * ss, h * ss), pygame.SRCALPHA)
    r = max(0, min(radius, min(w, h) // 2)) * ss
    if edge is not None and edge_width > 0:
        pygame.draw.rect(big, edge, big.get_rect(), border_radius=r)
        inner = big.get_rect().inflate(-2 * edge_width * ss, -2 * edge_width * ss)
        pygame.draw.rect(big, fill, inner, border_radius=max(0, r - edge_width * ss))
    else:
        pygame.draw.rect(big, fill, big.get_rect(), border_radius=r)
    return pygame.transform.smoothscale(big, (w, h))


def draw_panel(
    surface: pygame.Surface,
    rect: pygame.Rect,
    palette: Palette,
    radius: int | None = None,
    fill: RGB | None = None,
    edge: bool = True,
) -> None:
    """A card: ``palette.surface`` with a hairline edge and rounded corners (default radius:
    a tenth of the shorter side, so it scales with the rect)."""
    r = radius if radius is not None else min(rect.width, rect.height) // 10
    hairline = max(1, round(min(rect.width, rect.height) / 300))
    sprite = panel_surface(
        (rect.width, rect.height),
        r,
        fill or palette.surface,
        palette.surface_edge if edge else None,
        hairline,
    )
    surface.blit(sprite, rect.topleft)


def _key_hint_parts(
    topleft: tuple[int, int], key: str, label: str, fonts: Fonts, height: int
) -> tuple[int, pygame.Rect, pygame.Rect]:
    """Font size, the key chip's rect and the label's rect of a key hint (no drawing)."""
    size = max(6, round(height * _CHIP_TEXT))
    font = fonts.get(size, Weight.SEMIBOLD)
    key_w = max(height, font.size(key)[0] + height // 2)
    chip = pygame.Rect(topleft[0], topleft[1], key_w, height)
    label_w, label_h = fonts.get(size).size(label)
    label_rect = pygame.Rect(0, 0, label_w, label_h)
    label_rect.midleft = (chip.right + height // 3, chip.centery)
    return size, chip, label_rect


def key_hint_rect(
    topleft: tuple[int, int], key: str, label: str, fonts: Fonts, height: int
) -> pygame.Rect:
    """Where ``draw_key_hint`` would draw, without drawing (for laying out and clicking)."""
    _, chip, label_rect = _key_hint_parts(topleft, key, label, fonts, height)
    return chip.union(label_rect)


def key_hint_row(
    topleft: tuple[int, int],
    hints: Sequence[tuple[str, str]],
    fonts: Fonts,
    height: int,
    gap: int,
    centre_x: int | None = None,
) -> list[pygame.Rect]:
    """The rects of a row of key hints, ``gap`` pixels apart, starting at ``topleft`` (or
    centred on ``centre_x``). Scenes draw the chips there and hit-test clicks against them."""
    rects: list[pygame.Rect] = []
    x, y = topleft
    for key, label in hints:
        rect = key_hint_rect((x, y), key, label, fonts, height)
        rects.append(rect)
        x = rect.right + gap
    if centre_x is not None and rects:
        shift = centre_x - (rects[0].left + rects[-1].right) // 2
        rects = [r.move(shift, 0) for r in rects]
    return rects


LEGIBLE_PX = 12
"""The smallest text a key chip shows; below it a row drops chips instead of shrinking."""
_CHIP_TEXT = 0.55  # a chip's text size, as a share of its height


def legible_chip_height(height: int) -> int:
    """``height``, raised so the chip's text is at least ``LEGIBLE_PX`` tall."""
    return max(height, math.ceil(LEGIBLE_PX / _CHIP_TEXT))


def fitting_hint_row(
    topleft: tuple[int, int],
    hints: Sequence[tuple[str, str]],
    fonts: Fonts,
    height: int,
    gap: int,
    width: int,
    drop_order: Sequence[int] = (),
) -> list[pygame.Rect]:
    """``key_hint_row`` kept within ``width`` pixels: while the row is too wide, the hints
    at ``drop_order`` (indexes, least needed first; then from the end) are left out. The
    list has one rect per hint, in order; a left-out hint's rect is empty (``Rect()``: it
    is not drawn and no click lands in it)."""
    order = [*drop_order, *(i for i in reversed(range(len(hints))) if i not in drop_order)]
    kept = list(range(len(hints)))
    while True:
        rects = key_hint_row(topleft, [hints[i] for i in kept], fonts, height, gap)
        if not rects or rects[-1].right - topleft[0] <= width or len(kept) == 1:
            break
        kept.remove(next(i for i in order if i in kept))
    placed = dict(zip(kept, rects, strict=True))
    return [placed.get(i, pygame.Rect(0, 0, 0, 0)) for i in range(len(hints))]


def draw_key_hint(
    surface: pygame.Surface,
    topleft: tuple[int, int],
    key: str,
    label: str,
    fonts: Fonts,
    palette: Palette,
    height: int,
) -> pygame.Rect:
    """A chip showing a key ("Space") followed by what it does ("pause"), ``height`` pixels
    tall; returns the rect covered so callers can lay several out in a row."""
    size, chip, label_rect = _key_hint_parts(topleft, key, label, fonts, height)
    draw_panel(surface, chip, palette, radius=height // 4)
    draw_text(surface, fonts, key, size, palette.text, center=chip.center, weight=Weight.SEMIBOLD)
    rendered = fonts.render(label, size, palette.text_dim)
    surface.blit(rendered, rendered.get_rect(midleft=label_rect.midleft))
    return chip.union(label_rect)


def draw_card(surface: pygame.Surface, rect: pygame.Rect, palette: Palette, radius: int) -> None:
    """The same card as ``draw_panel``, for large ones: only a small corner sprite is drawn
    smooth (and cached); the edges are stretched from it and the middle filled. A screen of
    big panels (the history) then costs a few blits, not a full-size smoothscale each."""
    r = max(1, min(radius, min(rect.width, rect.height) // 2 - 1))
    side = 2 * r + 3
    if rect.width < side or rect.height < side:
        draw_panel(surface, rect, palette, radius)
        return
    hairline = max(1, round(min(rect.width, rect.height) / 300))
    sprite = panel_surface((side, side), r, palette.surface, palette.surface_edge, hairline)
    c = r + 1  # corner size; the sprite's middle row and column are plain edge and fill
    inner_w, inner_h = rect.width - 2 * c, rect.height - 2 * c
    x, y, right, bottom = rect.left, rect.top, rect.right - c, rect.bottom - c
    for sx, sy, dx, dy in (
        (0, 0, x, y),
        (side - c, 0, right, y),
        (0, side - c, x, bottom),
        (side - c, side - c, right, bottom),
    ):
        surface.blit(sprite, (dx, dy), pygame.Rect(sx, sy, c, c))
    strips = (
        (pygame.Rect(c, 0, 1, c), (inner_w, c), (x + c, y)),
        (pygame.Rect(c, side - c, 1, c), (inner_w, c), (x + c, bottom)),
        (pygame.Rect(0, c, c, 1), (c, inner_h), (x, y + c)),
        (pygame.Rect(side - c, c, c, 1), (c, inner_h), (right, y + c)),
    )
    for area, size, at in strips:
        surface.blit(pygame.transform.scale(sprite.subsurface(area), size), at)
    surface.fill(palette.surface, pygame.Rect(x + c, y + c, inner_w, inner_h))


def draw_screen_header(
    surface: pygame.Surface,
    head: pygame.Rect,
    title: str,
    subtitle: str,
    fonts: Fonts,
    palette: Palette,
    u: float,
    subtitle_colour: RGB | None = None,
) -> None:
    """A full screen's title and the line under it (the menu, the history)."""
    draw_text(
        surface, fonts, title, round(5.5 * u), palette.text, topleft=head.topleft,
        weight=Weight.SEMIBOLD,
    )  # fmt: skip
    colour = palette.text_dim if subtitle_colour is None else subtitle_colour
    draw_text(
        surface, fonts, subtitle, round(2.4 * u), colour,
        topleft=(head.left, head.top + round(6.5 * u)),
    )  # fmt: skip
