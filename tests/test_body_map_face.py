"""The face inset: its shapes (inside the face, apart from each other, bigger than on the
figure), where the card goes at every window size, and what it draws (the exact area lit,
warm while tensing and cool while releasing)."""

from __future__ import annotations

import itertools
import math

import pygame
import pytest

from fakes import FakeClock, FakeHost, RecordingAudio
from unclench.catalog import load_catalog
from unclench.core.body import MUSCLE_GROUPS
from unclench.core.routine import Phase
from unclench.core.timeline import compile_timeline
from unclench.ui.session import SessionScene
from unclench.ui.session_view import body_stage_parts, session_layout
from unclench.visuals.body_map import (
    FACE_REGIONS,
    FIGURE,
    FIGURE_H,
    BodyMode,
    Capsule,
    Circle,
    RoundRect,
    draw_body,
    figure_rect,
    region_bounds,
    region_style,
)
from unclench.visuals.face_inset import (
    EARS,
    FACE_OUTLINE,
    FACE_SHAPES,
    FACE_SIZE,
    FEATURES,
    draw_face_inset,
    face_inset_rect,
    face_origin,
    face_scale,
    shape_contains,
    shows_face_inset,
)
from unclench.visuals.theme import DARK

WINDOW_SIZES = [
    (640, 480),
    (800, 600),
    (1024, 768),
    (1280, 720),
    (1920, 1080),
    (3840, 2160),
    (2560, 1080),
    (1000, 400),
    (640, 360),
    (480, 800),
    (600, 1000),
    (720, 1280),
    (400, 300),
]
LEGS = {f"{part}-{side}" for part in ("thigh", "calf", "foot") for side in ("right", "left")}


def _grid(step: float = 0.5) -> list[tuple[float, float]]:
    n = int(FACE_SIZE / step) + 1
    return [(i * step, j * step) for i in range(n) for j in range(n)]


def _body_rect(size: tuple[int, int]) -> pygame.Rect:
    """The body's rect as the session draws it (the stage's left half, or above the words
    in a narrow window)."""
    return body_stage_parts(session_layout(size))[0]


def _pixel_box(fig: pygame.Rect, region: str) -> pygame.Rect:
    k = fig.height / FIGURE_H
    left, top, right, bottom = region_bounds(region)
    return pygame.Rect(
        math.floor(fig.left + left * k),
        math.floor(fig.top + top * k),
        math.ceil((right - left) * k),
        math.ceil((bottom - top) * k),
    )


# --- shapes ---------------------------------------------------------------------------------


def test_the_inset_draws_exactly_the_face_regions_of_the_figure() -> None:
    assert set(FACE_SHAPES) == set(FACE_REGIONS)
    face_groups = [g for g in MUSCLE_GROUPS.values() if set(g.regions) <= set(FACE_REGIONS)]
    assert {g.id for g in face_groups} >= {"forehead", "upper-face", "jaw", "face"}


def test_shape_contains_knows_circles_capsules_and_rounded_corners() -> None:
    assert shape_contains(Circle(0, 0, 2), 1.9, 0) and not shape_contains(Circle(0, 0, 2), 1.5, 1.5)
    capsule = Capsule(0, 0, 10, 0, 1)
    assert shape_contains(capsule, 5, 0.9) and shape_contains(capsule, 10.9, 0)
    assert not shape_contains(capsule, 5, 1.1) and not shape_contains(capsule, -1.1, 0)
    box = RoundRect(0, 0, 10, 10, 3)
    assert shape_contains(box, 5, 0.1) and shape_contains(box, 0.1, 5)
    assert not shape_contains(box, 0.2, 0.2)  # the rounded corner is cut off
    assert not shape_contains(box, 10.1, 5)


@pytest.mark.parametrize("region", sorted(FACE_SHAPES))
def test_every_lit_shape_lies_inside_the_face_outline(region: str) -> None:
    R, cx, cy = FACE_OUTLINE.r, FACE_OUTLINE.cx, FACE_OUTLINE.cy
    for shape in FACE_SHAPES[region]:
        if isinstance(shape, Circle):
            farthest = math.hypot(shape.cx - cx, shape.cy - cy) + shape.r
        elif isinstance(shape, Capsule):
            farthest = shape.r + max(
                math.hypot(shape.x1 - cx, shape.y1 - cy), math.hypot(shape.x2 - cx, shape.y2 - cy)
            )
        else:
            corners = itertools.product((shape.x, shape.x + shape.w), (shape.y, shape.y + shape.h))
            farthest = max(math.hypot(x - cx, y - cy) for x, y in corners)
        assert farthest <= R, (region, shape)
    inside = [p for p in _grid() if any(shape_contains(s, *p) for s in FACE_SHAPES[region])]
    assert inside and all(shape_contains(FACE_OUTLINE, *p) for p in inside)


def test_the_face_regions_do_not_overlap_and_keep_their_order_top_to_bottom() -> None:
    owners: dict[tuple[float, float], str] = {}
    for region, shapes in FACE_SHAPES.items():
        for point in _grid():
            if any(shape_contains(s, *point) for s in shapes):
                assert point not in owners, (point, region, owners.get(point))
                owners[point] = region

    def centre_y(region: str) -> float:
        ys = [p[1] for p, r in owners.items() if r == region]
        return sum(ys) / len(ys)

    assert centre_y("forehead") < centre_y("eyes") < centre_y("jaw")


def test_each_region_is_a_real_share_of_the_face_and_symmetric() -> None:
    face_points = [p for p in _grid() if shape_contains(FACE_OUTLINE, *p)]
    for region, shapes in FACE_SHAPES.items():
        lit = [p for p in face_points if any(shape_contains(s, *p) for s in shapes)]
        assert len(lit) / len(face_points) > 0.06, region
        mirrored = [(FACE_SIZE - x, y) for x, y in lit]
        assert all(any(shape_contains(s, *p) for s in shapes) for p in mirrored), region


def test_ears_and_features_stay_in_the_drawing() -> None:
    for shape in (*EARS, *FEATURES, FACE_OUTLINE):
        assert isinstance(shape, (Circle, Capsule))
    for x, y in [(s.cx - s.r, s.cy) for s in EARS if isinstance(s, Circle)]:
        assert x >= 0 and y <= FACE_SIZE


# --- where the card goes ------------------------------------------------------------------


@pytest.mark.parametrize("size", WINDOW_SIZES)
def test_the_card_is_inside_the_body_rect_and_clear_of_the_figure(size: tuple[int, int]) -> None:
    rect = _body_rect(size)
    fig = figure_rect(rect)
    card = face_inset_rect(rect, fig)
    assert rect.contains(card)
    assert card.width == card.height
    # Nothing that can be lit with the face is covered; only the legs may be, when there
    # is no room beside or above the figure.
    for region in FIGURE:
        if region not in LEGS:
            assert not card.colliderect(_pixel_box(fig, region)), (size, region)


@pytest.mark.parametrize("size", WINDOW_SIZES)
def test_the_card_is_well_bigger_than_the_figures_head(size: tuple[int, int]) -> None:
    rect = _body_rect(size)
    fig = figure_rect(rect)
    head_px = 2 * FIGURE["head"][0].r * fig.height / FIGURE_H  # type: ignore[union-attr]
    card = face_inset_rect(rect, fig)
    face_px = 2 * FACE_OUTLINE.r * face_scale(card.width)
    assert card.width >= 2.4 * head_px
    assert face_px >= 2.0 * head_px


def test_at_1280x720_the_card_sits_beside_the_head_and_clear_of_the_hand_labels() -> None:
    rect = _body_rect((1280, 720))
    fig = figure_rect(rect)
    card = face_inset_rect(rect, fig)
    k = fig.height / FIGURE_H
    assert card.left > fig.right  # the viewer's right: toward the group's name
    assert card.top <= fig.top + 19 * k <= card.bottom  # level with the head
    assert card.bottom < _pixel_box(fig, "hand-left").top
    assert card.width >= 3.5 * 25 * k  # about four heads across


def test_in_portrait_the_card_goes_above_or_over_the_legs() -> None:
    for size in [(480, 800), (600, 1000), (720, 1280)]:
        rect = _body_rect(size)
        fig = figure_rect(rect)
        card = face_inset_rect(rect, fig)
        k = fig.height / FIGURE_H
        assert card.bottom <= fig.top or card.top >= fig.top + 110 * k, size


def test_the_inset_shows_only_for_face_groups_being_tensed_or_released() -> None:
    for group in ("forehead", "upper-face", "jaw", "face"):
        regions = MUSCLE_GROUPS[group].regions
        assert shows_face_inset(regions, BodyMode.TENSE)
        assert shows_face_inset(regions, BodyMode.RELEASE)
        assert not shows_face_inset(regions, BodyMode.STRETCH)
        assert not shows_face_inset(regions, BodyMode.NEUTRAL)
    for group in ("neck", "dominant-arm", "abdomen", "feet"):
        assert not shows_face_inset(MUSCLE_GROUPS[group].regions, BodyMode.TENSE)


# --- what it draws ------------------------------------------------------------------------


def _draw(regions: tuple[str, ...], mode: BodyMode, fraction: float) -> tuple[
    pygame.Surface, pygame.Rect
]:  # fmt: skip
    size = (1280, 720)
    surface = pygame.Surface(size)
    surface.fill(DARK.background)
    rect = _body_rect(size)
    fig = draw_body(surface, rect, regions, mode, fraction, DARK)
    card = draw_face_inset(surface, rect, fig, regions, mode, fraction, DARK)
    return surface, card


def _at(card: pygame.Rect, x: float, y: float) -> tuple[int, int]:
    """The pixel of face point (x, y) on the card."""
    k = face_scale(card.width)
    left, top = face_origin(card)
    return (round(left + x * k), round(top + y * k))


# A point inside each region, clear of the features drawn over it.
PROBES = {"forehead": (50.0, 27.0), "eyes": (50.0, 57.0), "jaw": (50.0, 81.0)}


@pytest.mark.parametrize("region", sorted(FACE_SHAPES))
def test_tensing_lights_the_exact_area_warm_and_releasing_cool(region: str) -> None:
    tense, card = _draw((region,), BodyMode.TENSE, 0.5)
    r, g, b = tuple(tense.get_at(_at(card, *PROBES[region])))[:3]
    assert r > g > b and r > b + 80  # warm amber
    for other, probe in PROBES.items():
        if other != region:
            r, g, b = tuple(tense.get_at(_at(card, *probe)))[:3]
            assert not r > b + 40, other  # the other areas stay unlit
    release, card = _draw((region,), BodyMode.RELEASE, 0.8)
    r, g, b = tuple(release.get_at(_at(card, *PROBES[region])))[:3]
    assert b > r and g > r  # cool blue-green


def test_a_tensed_area_is_drawn_tighter_than_at_the_end_of_its_release() -> None:
    def filled_width(mode: BodyMode, fraction: float) -> int:
        """Pixels across the forehead's middle painted in the style's fill (the halo is only
        around the fill, so this is the drawn band's width)."""
        surface, card = _draw(("forehead",), mode, fraction)
        fill = region_style(mode, fraction, DARK).colour
        y = _at(card, 50.0, 27.0)[1]
        return sum(
            1
            for x in range(card.left, card.right)
            if max(abs(a - b) for a, b in zip(surface.get_at((x, y))[:3], fill, strict=True)) <= 4
        )

    tense, released = filled_width(BodyMode.TENSE, 0.5), filled_width(BodyMode.RELEASE, 1.0)
    full = 2 * (17 + 8.5) * face_scale(face_inset_rect(_body_rect((1280, 720)), figure_rect(
        _body_rect((1280, 720)))).width)  # fmt: skip
    assert abs(released - full) <= 4  # loosened back to its full width
    assert tense < released - 3  # tightened


def test_the_whole_face_lights_all_three_areas() -> None:
    surface, card = _draw(MUSCLE_GROUPS["face"].regions, BodyMode.TENSE, 0.5)
    for probe in PROBES.values():
        r, _, b = tuple(surface.get_at(_at(card, *probe)))[:3]
        assert r > b + 80


def test_the_same_moment_draws_the_same_inset() -> None:
    a, _ = _draw(("jaw",), BodyMode.RELEASE, 0.3)
    b, _ = _draw(("jaw",), BodyMode.RELEASE, 0.3)
    assert pygame.image.tobytes(a, "RGB") == pygame.image.tobytes(b, "RGB")


@pytest.mark.parametrize("size", [(1280, 720), (640, 480), (480, 800)])
def test_the_session_shows_the_card_for_the_face_and_not_for_the_neck(
    size: tuple[int, int],
) -> None:
    host = FakeHost(FakeClock())
    routine = load_catalog().find("progressive-relaxation-short")
    scene = SessionScene(host, compile_timeline(routine, None, None), RecordingAudio())
    host.show(scene)
    rect = _body_rect(size)
    card = face_inset_rect(rect, figure_rect(rect))

    def warm_in_card(target: str) -> int:
        cue = next(c for c in scene.timeline.cues if c.phase is Phase.TENSE and c.target == target)
        end = 1000.0 + cue.start + cue.duration * 0.5
        while host.clock.now < end:
            host.clock.now = min(end, host.clock.now + 0.25)
            scene.update(host.clock())
        surface = pygame.Surface(size)
        scene.invalidate()
        scene.frame_key(host.clock(), size)
        scene.draw(surface, host.clock())
        data = pygame.image.tobytes(surface.subsurface(card), "RGB")
        return sum(1 for i in range(0, len(data), 3) if data[i] > data[i + 2] + 80)

    assert warm_in_card("face") > card.width * card.height * 0.05
    assert warm_in_card("neck") == 0
