"""Pure geometry of the visuals: disc radius, ring angle, colours, body regions, layout."""

from __future__ import annotations

import itertools
import math

import pygame
import pytest

from unclench.core.body import MUSCLE_GROUPS, REGIONS, STRETCHES
from unclench.core.routine import Phase, Side
from unclench.visuals.body_map import (
    FIGURE,
    FIGURE_H,
    FIGURE_W,
    BodyMode,
    figure_rect,
    mode_for,
    region_bounds,
    region_style,
    shapes_for,
    tension,
)
from unclench.visuals.breath import (
    breath_colour,
    breath_layout,
    disc_radius,
    ease,
    glow_profile,
    ring_angle,
)
from unclench.visuals.stretch_card import card_layout, side_text
from unclench.visuals.theme import DARK, LIGHT, Palette, mix, scale_for
from unclench.visuals.widgets import arc_points, progress_width

R_MIN, R_MAX = 40.0, 100.0


@pytest.mark.parametrize(
    ("phase", "fraction", "expected"),
    [
        (Phase.INHALE, 0.0, R_MIN),
        (Phase.INHALE, 0.5, 70.0),
        (Phase.INHALE, 1.0, R_MAX),
        (Phase.HOLD, 0.0, R_MAX),
        (Phase.HOLD, 0.7, R_MAX),
        (Phase.EXHALE, 0.0, R_MAX),
        (Phase.EXHALE, 0.5, 70.0),
        (Phase.EXHALE, 1.0, R_MIN),
        (Phase.HOLD_OUT, 0.4, R_MIN),
        (Phase.REST, 0.3, 70.0),
        (Phase.TENSE, 0.9, 70.0),
    ],
)
def test_disc_radius_at_key_fractions(phase: Phase, fraction: float, expected: float) -> None:
    assert disc_radius(phase, fraction, R_MIN, R_MAX) == pytest.approx(expected)


def test_disc_radius_eases_in_slowly_then_faster() -> None:
    early = disc_radius(Phase.INHALE, 0.1, R_MIN, R_MAX) - R_MIN
    middle = disc_radius(Phase.INHALE, 0.5, R_MIN, R_MAX) - disc_radius(
        Phase.INHALE, 0.4, R_MIN, R_MAX
    )
    assert early < middle


def test_disc_radius_clamps_fractions_outside_the_step() -> None:
    assert disc_radius(Phase.INHALE, -0.5, R_MIN, R_MAX) == R_MIN
    assert disc_radius(Phase.INHALE, 1.5, R_MIN, R_MAX) == R_MAX


def test_disc_never_jumps_across_a_4_7_8_cycle_at_60_fps() -> None:
    sequence = [(Phase.INHALE, 4.0), (Phase.HOLD, 7.0), (Phase.EXHALE, 8.0), (Phase.INHALE, 4.0)]
    radii = []
    for phase, seconds in sequence:
        frames = round(seconds * 60)
        radii += [disc_radius(phase, i / frames, R_MIN, R_MAX) for i in range(frames)]
    jumps = [abs(b - a) for a, b in itertools.pairwise(radii)]
    # The steepest point of a 4 s sine-eased inhale moves pi/2 * span / 240 per frame.
    assert max(jumps) <= math.pi / 2 * (R_MAX - R_MIN) / 240 + 1e-9
    assert max(jumps) > 0


def test_disc_is_continuous_at_every_breath_phase_boundary() -> None:
    cycle = [Phase.INHALE, Phase.HOLD, Phase.EXHALE, Phase.HOLD_OUT, Phase.INHALE]
    for a, b in itertools.pairwise(cycle):
        assert disc_radius(a, 1.0, R_MIN, R_MAX) == pytest.approx(disc_radius(b, 0.0, R_MIN, R_MAX))
        assert breath_colour(a, 1.0) == breath_colour(b, 0.0)


def test_ease_starts_and_ends_at_rest() -> None:
    assert ease(0.0) == 0.0
    assert ease(1.0) == 1.0
    assert ease(0.5) == pytest.approx(0.5)
    assert ease(0.01) < 0.01


def test_ring_angle_empties_from_a_full_turn() -> None:
    assert ring_angle(0.0) == pytest.approx(math.tau)
    assert ring_angle(0.25) == pytest.approx(math.tau * 0.75)
    assert ring_angle(1.0) == 0.0
    assert ring_angle(2.0) == 0.0


def test_breath_colour_runs_from_deep_when_empty_to_bright_when_full() -> None:
    assert breath_colour(Phase.INHALE, 0.0, DARK) == DARK.breath_low
    assert breath_colour(Phase.HOLD, 0.5, DARK) == DARK.accent_breath
    assert breath_colour(Phase.HOLD_OUT, 0.5, DARK) == DARK.breath_low
    assert breath_colour(Phase.EXHALE, 0.5, DARK) == mix(DARK.breath_low, DARK.accent_breath, 0.5)


def test_glow_fades_to_nothing_at_its_reach() -> None:
    assert glow_profile(1.0) > glow_profile(1.2) > glow_profile(1.4) >= 0.0
    assert glow_profile(2.0) == 0.0


@pytest.mark.parametrize("size", [(640, 480), (1280, 720), (3840, 2160), (480, 800)])
def test_breath_layout_keeps_the_ring_inside_the_rect(size: tuple[int, int]) -> None:
    rect = pygame.Rect((0, 0), size)
    lay = breath_layout(rect)
    assert lay.r_min < lay.r_max < lay.ring_radius
    assert lay.ring_radius + lay.ring_width / 2 <= min(size) / 2


def test_sizes_scale_with_the_window_not_fixed_pixels() -> None:
    small = breath_layout(pygame.Rect(0, 0, 640, 480))
    big = breath_layout(pygame.Rect(0, 0, 1280, 960))
    assert big.r_max == pytest.approx(2 * small.r_max)
    assert scale_for((1280, 720)) == pytest.approx(7.2)
    assert scale_for((3840, 2160)) == pytest.approx(3 * scale_for((1280, 720)))
    assert scale_for((400, 1000)) == pytest.approx(3.0)  # narrow windows follow the width


def test_mix_clamps_and_rounds() -> None:
    assert mix((0, 0, 0), (255, 255, 255), 0.5) == (128, 128, 128)
    assert mix((10, 20, 30), (200, 200, 200), -1) == (10, 20, 30)
    assert mix((10, 20, 30), (200, 200, 200), 3) == (200, 200, 200)


def _luminance(c: tuple[int, int, int]) -> float:
    def lin(v: int) -> float:
        s = v / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    return 0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2])


def _contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize("palette", [DARK, LIGHT])
def test_text_colours_are_readable_on_background_and_cards(palette: Palette) -> None:
    for text in (palette.text, palette.text_dim):
        for back in (palette.background, palette.surface):
            assert _contrast(text, back) >= 4.5


def test_every_region_in_body_py_has_shapes_and_nothing_else_is_lit() -> None:
    assert set(REGIONS) <= set(FIGURE)
    assert set(FIGURE) - set(REGIONS) == {"head", "hips"}


@pytest.mark.parametrize("target", [*MUSCLE_GROUPS.values(), *STRETCHES.values()])
def test_every_muscle_group_and_stretch_lights_shapes_inside_the_figure(target: object) -> None:
    regions = target.regions  # type: ignore[attr-defined]
    assert regions
    for region in regions:
        left, top, right, bottom = region_bounds(region)
        assert 0 <= left < right <= FIGURE_W
        assert 0 <= top < bottom <= FIGURE_H


def test_users_right_side_is_drawn_on_the_viewers_left() -> None:
    for part in ("upper-arm", "forearm", "hand", "thigh", "calf", "foot"):
        right = region_bounds(f"{part}-right")
        left = region_bounds(f"{part}-left")
        assert right[2] < FIGURE_W / 2 < left[0]
        assert right[0] == pytest.approx(FIGURE_W - left[2])


def test_unknown_region_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match="forehead"):
        shapes_for("elbow")


def test_tense_glows_amber_and_tightens_while_release_cools_and_loosens() -> None:
    tense = region_style(BodyMode.TENSE, 0.5, DARK)
    start = region_style(BodyMode.RELEASE, 0.0, DARK)
    end = region_style(BodyMode.RELEASE, 1.0, DARK)
    assert tense.scale < 1.0
    assert _distance(tense.colour, DARK.tense) < _distance(tense.colour, DARK.release)
    assert start.colour == DARK.tense  # release begins where the tension was
    assert end.scale == pytest.approx(1.0)
    assert end.halo_strength == pytest.approx(0.0)
    assert _distance(end.colour, DARK.release) < _distance(end.colour, DARK.tense)
    assert end.colour != DARK.body  # a released region stays softly visible


def _distance(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    return math.dist(a, b)


def test_tension_builds_then_pulses_gently_between_085_and_1() -> None:
    assert tension(0.0) == 0.0
    held = [tension(0.15 + i * 0.85 / 200) for i in range(201)]
    assert min(held) >= 0.85 - 1e-9
    assert max(held) <= 1.0 + 1e-9
    assert max(held) - min(held) > 0.1  # it does pulse


def test_release_moves_monotonically_from_warm_to_cool() -> None:
    styles = [region_style(BodyMode.RELEASE, i / 50, DARK) for i in range(51)]
    warmth = [_distance(s.colour, DARK.release) for s in styles]
    scales = [s.scale for s in styles]
    assert scales == sorted(scales)
    assert warmth[0] > warmth[-1]


def test_neutral_and_stretch_styles() -> None:
    assert region_style(BodyMode.NEUTRAL, 0.5, DARK).colour == DARK.body
    assert region_style(BodyMode.STRETCH, 0.5, DARK).colour == DARK.stretch


def test_mode_for_phase() -> None:
    assert mode_for(Phase.TENSE) is BodyMode.TENSE
    assert mode_for(Phase.RELEASE) is BodyMode.RELEASE
    assert mode_for(Phase.STRETCH) is BodyMode.STRETCH
    assert mode_for(Phase.INHALE) is BodyMode.NEUTRAL


@pytest.mark.parametrize("size", [(640, 480), (1280, 720), (200, 900)])
def test_figure_keeps_its_proportions_inside_the_rect(size: tuple[int, int]) -> None:
    rect = pygame.Rect((10, 20), size)
    fig = figure_rect(rect)
    assert rect.contains(fig)
    assert fig.width / fig.height == pytest.approx(FIGURE_W / FIGURE_H, abs=0.02)


def test_side_text() -> None:
    assert side_text(Side.LEFT) == "Left side"
    assert side_text(Side.RIGHT) == "Right side"
    assert side_text(Side.BOTH) == "Both sides"
    assert side_text(None) == ""


@pytest.mark.parametrize("size", [(1024, 480), (400, 700), (3000, 1400)])
def test_card_parts_stay_inside_the_card_without_overlapping(size: tuple[int, int]) -> None:
    rect = pygame.Rect((5, 5), size)
    lay = card_layout(rect)
    for part in (lay.name, lay.side, lay.instruction, lay.figure):
        assert rect.contains(part)
    assert not lay.name.colliderect(lay.instruction)
    ring = pygame.Rect(0, 0, 2 * lay.ring_radius, 2 * lay.ring_radius)
    ring.center = lay.ring_centre
    assert rect.contains(ring)
    assert not ring.colliderect(lay.instruction)


def test_arc_points_run_clockwise_from_twelve_oclock() -> None:
    pts = arc_points((0, 0), 10, 0.0, math.pi / 2)
    assert pts[0] == pytest.approx((0, -10))
    assert pts[-1] == pytest.approx((10, 0))


def test_progress_width_is_a_dot_at_least_and_never_overflows() -> None:
    assert progress_width(200, 10, 0.0) == 0
    assert progress_width(200, 10, 0.01) == 10
    assert progress_width(200, 10, 0.5) == 100
    assert progress_width(200, 10, 1.5) == 200
