"""Drawing demonstrations: the card shows what the step is doing and the side only when
there is one, eye exercises are not called stretches, still mode holds the pose, frames
are deterministic and cached, and the session redraws the figure only when it moves."""

from __future__ import annotations

import pygame
import pytest

from unclench.core.body import STRETCHES
from unclench.core.engine import Progress
from unclench.core.phases import Phase
from unclench.core.poses import Segment
from unclench.core.routine import Side
from unclench.core.timeline import Cue
from unclench.ui.session_view import dynamic_key, how_to_text, paint_dynamic, session_layout
from unclench.visuals import demonstration
from unclench.visuals.demonstration import (
    BREATH_STEPS,
    REACH_STEPS,
    demo_colours,
    demo_moment,
    draw_demonstration,
    fit_frame,
)
from unclench.visuals.stretch_card import card_layout, card_side_text, draw_stretch_card
from unclench.visuals.theme import DARK, LIGHT, Fonts

ALL = sorted(STRETCHES)


@pytest.fixture(scope="module")
def fonts() -> Fonts:
    pygame.font.init()
    return Fonts()


def _lit_pixels(surface: pygame.Surface, colour: tuple[int, int, int]) -> int:
    count = 0
    for x in range(0, surface.get_width(), 2):
        for y in range(0, surface.get_height(), 2):
            c = surface.get_at((x, y))
            if all(abs(c[i] - colour[i]) <= 12 for i in range(3)):
                count += 1
    return count


def test_every_stretch_has_a_how_to_line_and_eye_exercises_are_not_stretches() -> None:
    for target in STRETCHES.values():
        assert 20 < len(target.how_to) < 100, target.id
    assert STRETCHES["far-look"].heading == "Rest your eyes"
    assert STRETCHES["eye-palming"].heading == "Rest your eyes"
    assert STRETCHES["calf-wall"].heading == "Stretch"


def test_card_names_the_side_only_when_there_is_one() -> None:
    assert card_side_text(Side.LEFT) == "Left side"
    assert card_side_text(Side.RIGHT) == "Right side"
    assert card_side_text(Side.BOTH) == ""
    assert card_side_text(None) == ""


def test_moment_names_the_segment_from_the_time_in_the_step() -> None:
    assert demo_moment("calf-wall", 1.0, 20.0).segment is Segment.EASE_IN
    assert demo_moment("calf-wall", 10.0, 20.0).segment is Segment.HOLD
    assert demo_moment("calf-wall", 19.0, 20.0).segment is Segment.RELEASE
    start = demo_moment("calf-wall", 0.0, 20.0)
    assert (start.reach, start.breath) == (0, 0)
    assert demo_moment("calf-wall", 3.0, 20.0).reach == REACH_STEPS


def test_still_shows_the_held_pose_without_breathing_at_any_time() -> None:
    for t in (0.0, 1.0, 7.3, 19.9):
        m = demo_moment("neck-tilt", t, 20.0, still=True)
        assert (m.reach, m.breath) == (REACH_STEPS, 0)
    assert demo_moment("neck-tilt", 0.0, 20.0, still=True).segment is Segment.EASE_IN


def test_a_hold_breathes_through_a_few_quantised_levels() -> None:
    levels = {demo_moment("calf-wall", 3.0 + i / 30, 20.0).breath for i in range(14 * 30)}
    assert 0 in levels and BREATH_STEPS in levels
    assert len(levels) <= BREATH_STEPS + 1


def test_fit_frame_shows_the_whole_frame_centred() -> None:
    fit = fit_frame((-50.0, 0.0, 100.0, 200.0), (300, 200))
    assert fit.k == pytest.approx(1.0)
    assert fit.px((-50.0, 0.0)) == pytest.approx((100.0, 0.0))
    assert fit.px((50.0, 200.0)) == pytest.approx((200.0, 200.0))


@pytest.mark.parametrize("stretch", ALL)
def test_each_demonstration_draws_its_moving_part_in_the_stretch_colour(stretch: str) -> None:
    surface = pygame.Surface((240, 200))
    surface.fill(DARK.surface)
    draw_demonstration(surface, surface.get_rect(), stretch, Side.RIGHT, 10.0, 20.0, DARK)
    assert _lit_pixels(surface, DARK.stretch) > 20


def test_same_time_draws_the_same_frame_and_the_figure_moves_in() -> None:
    rect = pygame.Rect(0, 0, 200, 180)
    a, b, c = (pygame.Surface(rect.size) for _ in range(3))
    for s in (a, b, c):
        s.fill(DARK.surface)
    draw_demonstration(a, rect, "arm-across-chest", Side.LEFT, 8.0, 20.0, DARK)
    draw_demonstration(b, rect, "arm-across-chest", Side.LEFT, 8.0, 20.0, DARK)
    draw_demonstration(c, rect, "arm-across-chest", Side.LEFT, 0.0, 20.0, DARK)
    assert pygame.image.tobytes(a, "RGB") == pygame.image.tobytes(b, "RGB")
    assert pygame.image.tobytes(a, "RGB") != pygame.image.tobytes(c, "RGB")


def test_left_side_draws_the_mirror_image() -> None:
    rect = pygame.Rect(0, 0, 200, 180)
    right, left = pygame.Surface(rect.size), pygame.Surface(rect.size)
    draw_demonstration(right, rect, "calf-wall", Side.RIGHT, 8.0, 20.0, DARK)
    draw_demonstration(left, rect, "calf-wall", Side.LEFT, 8.0, 20.0, DARK)
    flipped = pygame.transform.flip(left, True, False)

    def differs(x: int, y: int) -> bool:
        a, b = right.get_at((x, y)), flipped.get_at((x, y))
        return max(abs(a[i] - b[i]) for i in range(3)) > 40

    diff = sum(1 for x in range(0, 200, 4) for y in range(0, 180, 4) if differs(x, y))
    assert diff < 0.03 * (50 * 45)


def test_held_frames_come_from_the_sprite_cache() -> None:
    demonstration._SPRITES.clear()
    surface = pygame.Surface((220, 180))
    for i in range(14 * 30):  # a whole hold at 30 frames a second
        draw_demonstration(surface, surface.get_rect(), "thumb-palm", Side.RIGHT,
                           3.0 + i / 30, 20.0, DARK)  # fmt: skip
    assert len(demonstration._SPRITES) <= BREATH_STEPS + 1


def test_colours_follow_the_palette() -> None:
    assert demo_colours(DARK).lit == DARK.stretch
    assert demo_colours(LIGHT).lit == LIGHT.stretch
    assert demo_colours(DARK).window != DARK.surface


def test_card_heading_says_what_the_step_is_doing(fonts: Fonts) -> None:
    target = STRETCHES["far-look"]
    surface = pygame.Surface((900, 380))
    surface.fill(DARK.background)
    draw_stretch_card(surface, surface.get_rect(), target.name, target.how_to, Side.BOTH, 0.5,
                      DARK, fonts, target.regions, stretch="far-look", seconds=20.0)  # fmt: skip
    layout = card_layout(surface.get_rect())
    assert not layout.figure.colliderect(layout.instruction)
    assert layout.card.contains(layout.figure) and layout.card.contains(layout.step)
    # The side row stays empty for "both sides": nothing drawn there but the card's colour.
    side = surface.subsurface(layout.side)
    colours = {tuple(side.get_at((x, y)))[:3] for x in range(0, side.get_width(), 3)
               for y in range(0, side.get_height(), 3)}  # fmt: skip
    assert len(colours) == 1


def test_tall_card_puts_the_demonstration_under_the_text() -> None:
    layout = card_layout(pygame.Rect(0, 0, 400, 600))
    assert layout.figure.top >= layout.instruction.bottom
    assert pygame.Rect(0, 0, 400, 600).contains(layout.figure)


def _cue(target: str, side: Side | None) -> Cue:
    return Cue(0, 0.0, 20.0, Phase.STRETCH, "Hold, and breathe easily.", "A caption", target,
               side, None, 0, False, None, None, None, None, 1)  # fmt: skip


def _progress(cue: Cue, fraction: float) -> Progress:
    return Progress(0, cue, fraction, 20.0 * (1 - fraction), 20.0 * fraction, 20.0, False,
                    False, None)  # fmt: skip


def test_session_redraws_only_when_the_figure_visibly_moves() -> None:
    cue = _cue("calf-wall", Side.LEFT)
    size = (1280, 720)

    def figure_keys(frames: range, still: bool = False) -> set[object]:
        keys = (dynamic_key(_progress(cue, i / 600), size, still=still) for i in frames)
        return {key[3][1] for key in keys}  # type: ignore[index]

    assert len(figure_keys(range(0, 30))) > 10  # the first second: gliding in
    assert len(figure_keys(range(0, 30), still=True)) == 1  # reduced motion: held still
    hold = figure_keys(range(120, 480))  # 12 s of the hold at 30 frames a second
    assert len(hold) <= BREATH_STEPS + 1


def test_how_to_line_comes_from_the_vocabulary() -> None:
    assert how_to_text(_cue("thumb-palm", Side.LEFT)) == STRETCHES["thumb-palm"].how_to


def test_session_stage_draws_the_demonstration(fonts: Fonts) -> None:
    surface = pygame.Surface((1280, 720))
    surface.fill(DARK.background)
    layout = session_layout((1280, 720))
    paint_dynamic(surface, layout, _progress(_cue("eye-palming", Side.BOTH), 0.5), "T", DARK,
                  fonts)  # fmt: skip
    assert _lit_pixels(surface.subsurface(layout.stage), DARK.stretch) > 200


def test_eye_exercises_are_headed_rest_your_eyes_not_stretch() -> None:
    from unclench.catalog import load_catalog
    from unclench.core.headings import step_words
    from unclench.core.timeline import compile_timeline

    timeline = compile_timeline(load_catalog(include_user=False).find("calves-hands-eyes"))
    words = step_words(timeline)
    eyes = [w.heading for c, w in zip(timeline.cues, words, strict=True) if c.target == "far-look"]
    assert eyes and all(h == "Rest your eyes" for h in eyes)
