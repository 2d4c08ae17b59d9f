"""Drawing a stretch's demonstration: a ``Pose`` from ``core/poses.py`` as soft rounded
limbs in a calm rounded window, with its props (a wall, a chair, a horizon).

A frame is cheap: the window and its props are cached per stretch, side and size; the
figure is drawn supersampled once per *visible* pose (how far into the position, how far
up a breath, both quantised to what a person can see) and kept in a small LRU, so a held
stretch reuses a dozen sprites for its whole hold.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from functools import lru_cache

import pygame

from unclench.core.pose_library import EYE_OFFSET, demonstration_for
from unclench.core.poses import (
    Pose,
    Segment,
    View,
    pose_of,
    reach_and_breath,
    segment_at,
    step_timing,
    swap_side,
)
from unclench.core.routine import Side
from unclench.visuals.theme import RGB, Palette, mix

REACH_STEPS = 48
"""Visible steps between neutral and the held position (a 3 s ease: 16 a second)."""
BREATH_STEPS = 16
"""Visible steps of a breath's rise and fall while holding."""

_SS = 2  # supersampling of the figure sprites


@dataclass(frozen=True)
class DemoMoment:
    """What a demonstration shows at one moment: the step's segment and the quantised
    reach and breath that pick the sprite."""

    segment: Segment
    reach: int  # 0..REACH_STEPS
    breath: int  # 0..BREATH_STEPS


def demo_moment(stretch: str, t: float, duration: float, still: bool = False) -> DemoMoment:
    """The moment ``t`` seconds into a stretch step of ``duration`` seconds. ``still``
    (reduced motion) shows the held position without moving or breathing."""
    ease_in, hold, ease_out = step_timing(duration)
    segment = segment_at(t, ease_in, hold)
    if still:
        return DemoMoment(segment, REACH_STEPS, 0)
    period = demonstration_for(stretch).breath_period
    reach, breath = reach_and_breath(t, ease_in, hold, ease_out, period)
    return DemoMoment(segment, round(reach * REACH_STEPS), round(breath * BREATH_STEPS))


def demo_key(stretch: str, side: Side | None, t: float, duration: float, still: bool) -> Hashable:
    """What a demonstration's frame depends on (for the session's redraw decision)."""
    m = demo_moment(stretch, t, duration, still)
    return (stretch, side, m.segment, m.reach, m.breath)


@dataclass(frozen=True)
class DemoColours:
    window: RGB
    figure: RGB
    far: RGB
    face: RGB
    lit: RGB
    prop: RGB
    line: RGB
    detail: RGB


@lru_cache(maxsize=4)
def demo_colours(palette: Palette) -> DemoColours:
    """The demonstration's colours, from the palette: a window a shade off the card, the
    figure between the body colour and the dim text, the moving part in the stretch
    colour, props quieter than the figure."""
    window = mix(palette.surface, palette.background, 0.55)
    figure = mix(palette.body, palette.text_dim, 0.42)
    return DemoColours(
        window=window,
        figure=figure,
        far=mix(figure, window, 0.45),
        face=mix(figure, palette.text, 0.18),
        lit=palette.stretch,
        prop=mix(window, palette.surface_edge, 0.75),
        line=palette.surface_edge,
        detail=mix(window, palette.background, 0.5),
    )


# --- geometry ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fit:
    """Model units → pixels: ``k`` pixels per unit, the model point at pixel (0, 0)."""

    k: float
    origin: tuple[float, float]

    def px(self, p: tuple[float, float]) -> tuple[float, float]:
        return ((p[0] - self.origin[0]) * self.k, (p[1] - self.origin[1]) * self.k)


def fit_frame(frame: tuple[float, float, float, float], size: tuple[int, int]) -> Fit:
    """The largest scale that shows ``frame`` in ``size`` pixels, centred."""
    left, top, width, height = frame
    k = min(size[0] / width, size[1] / height)
    ox = left - (size[0] / k - width) / 2
    oy = top - (size[1] / k - height) / 2
    return Fit(k, (ox, oy))


# --- drawing primitives --------------------------------------------------------------------


def _capsule(
    s: pygame.Surface, a: tuple[float, float], b: tuple[float, float], r: float, c: RGB
) -> None:
    pygame.draw.circle(s, c, a, r)
    pygame.draw.circle(s, c, b, r)
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = math.hypot(dx, dy)
    if length < 1e-6:
        return
    nx, ny = -dy / length * r, dx / length * r
    pygame.draw.polygon(
        s, c, [(a[0] + nx, a[1] + ny), (b[0] + nx, b[1] + ny), (b[0] - nx, b[1] - ny),
               (a[0] - nx, a[1] - ny)]
    )  # fmt: skip


def _rounded_fill(s: pygame.Surface, points: list[tuple[float, float]], r: float, c: RGB) -> None:
    pygame.draw.polygon(s, c, points)
    for a, b in zip(points, points[1:] + points[:1], strict=True):
        _capsule(s, a, b, r, c)


# --- the static window ---------------------------------------------------------------------

_WINDOWS: OrderedDict[Hashable, pygame.Surface] = OrderedDict()
_SPRITES: OrderedDict[Hashable, tuple[pygame.Surface, pygame.Rect]] = OrderedDict()
_WINDOWS_MAX = 8
_SPRITES_MAX = 72  # one step's ease (shared by ease in and release) and its breaths


def _remember(
    cache: OrderedDict[Hashable, pygame.Surface], key: Hashable, value: pygame.Surface, cap: int
) -> pygame.Surface:
    cache[key] = value
    if len(cache) > cap:
        cache.popitem(last=False)
    return value


def _window(pose: Pose, size: tuple[int, int], palette: Palette) -> pygame.Surface:
    """The rounded window and its props, which stay put for a whole step."""
    key = (pose.stretch, pose.mirrored, size, palette)
    hit = _WINDOWS.get(key)
    if hit is not None:
        _WINDOWS.move_to_end(key)
        return hit
    colours = demo_colours(palette)
    w, h = size
    big = pygame.Surface((w * _SS, h * _SS), pygame.SRCALPHA)
    radius = round(min(w, h) * 0.08 * _SS)
    pygame.draw.rect(big, colours.window, big.get_rect(), border_radius=radius)
    fit = fit_frame(pose.frame, size)
    k = fit.k * _SS
    for prop in pose.props:
        left, top, pw, ph = prop.box
        x, y = fit.px((left, top))
        box = pygame.Rect(round(x * _SS), round(y * _SS), round(pw * k), round(ph * k))
        if prop.kind == "floor":
            pygame.draw.rect(big, colours.line, box.inflate(0, 0), border_radius=box.height // 2)
        elif prop.kind in ("wall", "block", "screen"):
            pygame.draw.rect(big, colours.prop, box, border_radius=max(1, round(1.5 * k)))
        elif prop.kind == "horizon":
            _horizon(big, box, k, colours)
    mask = pygame.Surface(big.get_size(), pygame.SRCALPHA)
    pygame.draw.rect(mask, (255, 255, 255, 255), mask.get_rect(), border_radius=radius)
    big.blit(mask, (0, 0), special_flags=pygame.BLEND_RGBA_MIN)
    # Composited onto the card's colour once, so each frame is a plain opaque copy.
    window = pygame.Surface(size)
    window.fill(palette.surface)
    window.blit(pygame.transform.smoothscale(big, size), (0, 0))
    return _remember(_WINDOWS, key, window, _WINDOWS_MAX)


def _horizon(big: pygame.Surface, box: pygame.Rect, k: float, colours: DemoColours) -> None:
    """A far horizon: a low sun, two soft hills and the line where land meets sky."""
    sun = (box.left + 88 * k, box.top - 10 * k)
    pygame.draw.circle(big, mix(colours.prop, colours.lit, 0.35), sun, 7 * k)
    hill = mix(colours.prop, colours.window, 0.35)
    clip = big.get_clip()
    big.set_clip(pygame.Rect(box.left, 0, box.width, box.top + 1))
    pygame.draw.ellipse(big, hill, (box.left + 6 * k, box.top - 8 * k, 62 * k, 24 * k))
    pygame.draw.ellipse(big, hill, (box.left + 48 * k, box.top - 5 * k, 90 * k, 20 * k))
    big.set_clip(clip)
    land = mix(colours.window, colours.prop, 0.55)
    pygame.draw.rect(big, land, (box.left, box.top, box.width, box.height))
    pygame.draw.line(big, colours.line, box.topleft, box.topright, max(1, round(0.8 * k)))


# --- the figure ----------------------------------------------------------------------------


def figure_box(pose: Pose, size: tuple[int, int]) -> pygame.Rect:
    """The pixels the figure can cover in a window of ``size``: its joints' bounds plus the
    widest bone (a head's radius), inside the window."""
    fit = fit_frame(pose.frame, size)
    points = [fit.px(p) for _, p in pose.joints]
    margin = max(b.width for b in pose.skeleton.bones) * fit.k * 1.3 + 2
    left = min(x for x, _ in points) - margin
    top = min(y for _, y in points) - margin
    box = pygame.Rect(
        math.floor(left),
        math.floor(top),
        math.ceil(max(x for x, _ in points) + margin - left),
        math.ceil(max(y for _, y in points) + margin - top),
    )
    return box.clip(pygame.Rect((0, 0), size))


def _figure(
    pose: Pose, size: tuple[int, int], palette: Palette
) -> tuple[pygame.Surface, pygame.Rect]:
    """The figure alone on a transparent sprite covering only ``figure_box``, anti-aliased
    by supersampling; returns the sprite and where it goes in the window."""
    colours = demo_colours(palette)
    box = figure_box(pose, size)
    big = pygame.Surface((max(1, box.width) * _SS, max(1, box.height) * _SS), pygame.SRCALPHA)
    fit = fit_frame(pose.frame, size)
    k = fit.k * _SS
    joints = {
        n: ((x - box.left) * _SS, (y - box.top) * _SS)
        for n, (x, y) in ((n, fit.px(p)) for n, p in pose.joints)
    }
    lit = set(pose.lit)
    breath = pose.extra("breath")
    facing = -1.0 if pose.mirrored else 1.0
    for names, corner in pose.skeleton.fills:
        shown = [swap_side(n) if pose.mirrored else n for n in names]
        colour = colours.lit if lit & set(shown) else colours.figure
        _rounded_fill(big, [joints[n] for n in shown], corner * k, colour)
    bones = sorted(pose.skeleton.bones, key=lambda b: not b.behind)  # stable: behind first
    for bone in bones:
        if bone.parent is None or bone.kind == "none":
            continue
        name = swap_side(bone.name) if pose.mirrored else bone.name
        parent = swap_side(bone.parent) if pose.mirrored else bone.parent
        far = (pose.view is View.SIDE and bone.name.endswith("_l")) or bone.name.startswith("h_")
        colour = colours.lit if name in lit else (colours.far if far else colours.figure)
        if name in lit and far:
            colour = mix(colours.lit, colours.window, 0.3)
        if bone.kind == "head":
            _head(big, pose, joints, name, bone.width * k, facing, colours)
            continue
        width = bone.width * (1.0 + 0.07 * breath if name == "chest" else 1.0)
        _capsule(big, joints[parent], joints[name], width * k / 2, colour)
    if pose.view is View.FACE and "focus" in joints:
        _gaze(big, joints["eye"], joints["focus"], k, colours)
    return pygame.transform.smoothscale(big, (max(1, box.width), max(1, box.height))), box


def _head(
    big: pygame.Surface,
    pose: Pose,
    joints: dict[str, tuple[float, float]],
    name: str,
    r: float,
    facing: float,
    colours: DemoColours,
) -> None:
    cx, cy = joints[name]
    if pose.view is View.FACE and "eye" in joints:  # profile close-up: nose and eye
        nx, ny = joints["nose"]
        pygame.draw.circle(big, colours.face, (cx, cy), r)
        pygame.draw.circle(big, colours.face, (nx, ny), r * 0.2)  # the nose
        _eye(big, joints["eye"], r * 0.16, pose.extra("lids"), colours, "eye" in pose.lit)
        return
    if pose.view is View.FACE:  # front close-up: ears, eyes, brows, mouth
        for side in (-1, 1):
            pygame.draw.circle(big, colours.face, (cx + side * r * 0.97, cy + r * 0.08), r * 0.18)
        pygame.draw.circle(big, colours.face, (cx, cy), r)
        for side in (-1, 1):
            ex, ey = cx + side * EYE_OFFSET[0] / 38.0 * r, cy + EYE_OFFSET[1] / 38.0 * r
            _eye(big, (ex, ey), r * 0.13, pose.extra("lids"), colours, False)
            brow_y = ey - r * 0.22
            _capsule(big, (ex - r * 0.14, brow_y), (ex + r * 0.14, brow_y), r * 0.03,
                     colours.detail)  # fmt: skip
        _capsule(big, (cx - r * 0.16, cy + r * 0.52), (cx + r * 0.16, cy + r * 0.52), r * 0.03,
                 colours.detail)  # fmt: skip
        return
    colour = colours.lit if name in pose.lit else colours.face
    pygame.draw.circle(big, colour, (cx, cy), r)
    if pose.view is View.FRONT:
        yaw = pose.extra("yaw")
        if abs(yaw) > 0.05:  # the ear that turns toward the viewer
            ear = (cx - math.copysign(r * 0.9, yaw), cy + r * 0.05)
            pygame.draw.circle(big, colour, ear, r * 0.22 * min(1.0, abs(yaw) * 1.5))
        for side in (-1, 1):
            ex = cx + (side * 0.36 + yaw * 0.42) * r * math.cos(yaw * 0.4)
            pygame.draw.circle(big, colours.detail, (ex, cy - r * 0.02), r * 0.11)
        pygame.draw.circle(big, colours.detail, (cx + yaw * 0.62 * r, cy + r * 0.3), r * 0.08)
    else:  # side view: a small nose shows which way the figure faces
        angle = math.radians(_head_angle(joints, name, pose))
        nose = (cx + math.cos(angle + facing * 1.45) * r, cy + math.sin(angle + facing * 1.45) * r)
        pygame.draw.circle(big, colour, nose, r * 0.24)
        eye = (cx + math.cos(angle + facing * 1.05) * r * 0.6,
               cy + math.sin(angle + facing * 1.05) * r * 0.6)  # fmt: skip
        pygame.draw.circle(big, colours.detail, eye, r * 0.1)


def _head_angle(joints: dict[str, tuple[float, float]], name: str, pose: Pose) -> float:
    neck = swap_side("neck") if pose.mirrored else "neck"
    (x1, y1), (x2, y2) = joints[neck], joints[name]
    return math.degrees(math.atan2(y2 - y1, x2 - x1))


def _eye(
    big: pygame.Surface,
    centre: tuple[float, float],
    r: float,
    lids: float,
    colours: DemoColours,
    lit: bool,
) -> None:
    """An almond eye that closes to a soft line as ``lids`` goes to 1."""
    x, y = centre
    open_h = max(0.0, 1.0 - lids)
    if open_h > 0.08:
        rect = pygame.Rect(0, 0, round(2.6 * r), max(2, round(1.7 * r * open_h)))
        rect.center = (round(x), round(y))
        pygame.draw.ellipse(big, colours.detail if not lit else colours.lit, rect)
    else:
        _capsule(big, (x - 1.2 * r, y), (x + 1.2 * r, y), max(1.0, 0.22 * r), colours.detail)


def _gaze(
    big: pygame.Surface,
    eye: tuple[float, float],
    focus: tuple[float, float],
    k: float,
    colours: DemoColours,
) -> None:
    """A dotted line of sight from the eye to where it rests, and a soft mark there."""
    dx, dy = focus[0] - eye[0], focus[1] - eye[1]
    length = math.hypot(dx, dy)
    step = 6.0 * k
    for i in range(1, int(length / step)):
        t = i * step / length
        pygame.draw.circle(big, colours.lit, (eye[0] + dx * t, eye[1] + dy * t), 1.3 * k)
    pygame.draw.circle(big, colours.lit, focus, 2.6 * k, width=max(1, round(0.8 * k)))


# --- the public entry points ---------------------------------------------------------------


def draw_pose(surface: pygame.Surface, rect: pygame.Rect, pose: Pose, palette: Palette) -> None:
    """Draw ``pose`` in its window filling ``rect`` (uncached figure: for stills)."""
    size = (max(1, rect.width), max(1, rect.height))
    surface.blit(_window(pose, size, palette), rect.topleft)
    sprite, box = _figure(pose, size, palette)
    surface.blit(sprite, box.move(rect.topleft))


def draw_demonstration(
    surface: pygame.Surface,
    rect: pygame.Rect,
    stretch: str,
    side: Side | None,
    t: float,
    duration: float,
    palette: Palette,
    still: bool = False,
) -> DemoMoment:
    """Draw the demonstration of ``stretch`` ``t`` seconds into a step of ``duration``
    seconds, filling ``rect``. Returns the moment shown (its segment names the step)."""
    moment = demo_moment(stretch, t, duration, still)
    demo = demonstration_for(stretch)
    pose = pose_of(demo, side, moment.reach / REACH_STEPS, moment.breath / BREATH_STEPS)
    size = (max(1, rect.width), max(1, rect.height))
    surface.blit(_window(pose, size, palette), rect.topleft)
    key = (stretch, pose.mirrored, moment.reach, moment.breath, size, palette)
    hit = _SPRITES.get(key)
    if hit is None:
        hit = _figure(pose, size, palette)
        _SPRITES[key] = hit
        if len(_SPRITES) > _SPRITES_MAX:
            _SPRITES.popitem(last=False)
    else:
        _SPRITES.move_to_end(key)
    sprite, box = hit
    surface.blit(sprite, box.move(rect.topleft))
    return moment
