"""Drawing: text layout, deterministic frames, caches, and golden images.

Golden images live in tests/golden/; regenerate them after an intended change with
``UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_visuals_drawing.py`` and look at them.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pygame
import pytest

from unclench.core.body import MUSCLE_GROUPS, STRETCHES
from unclench.core.routine import Phase, Side
from unclench.visuals.body_map import BodyMode, draw_body
from unclench.visuals.breath import draw_breath
from unclench.visuals.icon import draw_icon
from unclench.visuals.stretch_card import draw_stretch_card
from unclench.visuals.text import fit_text, wrap_text
from unclench.visuals.theme import DARK, Fonts

GOLDEN = Path(__file__).parent / "golden"
TOLERANCE = 24  # per channel: survives font hinting and scaler rounding, not a changed look
MAX_OFF_PIXELS = 0.005  # share of pixels allowed beyond the tolerance


class FixedWidth:
    """A fake font: every character is 10 pixels wide."""

    def size(self, text: str) -> tuple[int, int]:
        return (10 * len(text), 12)


@pytest.fixture(scope="module")
def fonts() -> Fonts:
    pygame.font.init()
    return Fonts()


def test_wrap_breaks_at_spaces_within_the_width() -> None:
    assert wrap_text("breathe in slowly now", FixedWidth(), 100) == ["breathe in", "slowly now"]


def test_wrap_keeps_explicit_newlines_and_splits_overlong_words() -> None:
    assert wrap_text("a\nb", FixedWidth(), 100) == ["a", "b"]
    assert wrap_text("abcdefghijkl", FixedWidth(), 50) == ["abcde", "fghij", "kl"]


def test_bundled_font_loads(fonts: Fonts) -> None:
    fonts.get(20)
    assert not fonts.fallback_used


def test_missing_font_falls_back_to_pygames_default(tmp_path: Path) -> None:
    pygame.font.init()
    plain = Fonts(folder=tmp_path)
    assert plain.get(20).size("Hold")[0] > 0
    assert plain.fallback_used


def test_fit_text_shrinks_long_text_and_keeps_short_text_large(fonts: Fonts) -> None:
    short_size, short_lines = fit_text(fonts, "Hold", (400, 100), max_size=60)
    long_size, long_lines = fit_text(fonts, "Breathe in through your nose " * 6, (400, 100), 60)
    assert short_size == 60 and short_lines == ["Hold"]
    assert long_size < short_size
    font = fonts.get(long_size)
    assert all(font.size(line)[0] <= 400 for line in long_lines)


def test_rendered_text_is_cached_and_the_cache_is_bounded() -> None:
    pygame.font.init()
    small = Fonts(text_cache_size=3)
    first = small.render("Hold", 20, (255, 255, 255))
    assert small.render("Hold", 20, (255, 255, 255)) is first
    for word in ("a", "b", "c"):
        small.render(word, 20, (255, 255, 255))
    assert small.cached_texts == 3
    assert small.render("Hold", 20, (255, 255, 255)) is not first


def _frame(draw: Callable[[pygame.Surface], object], size: tuple[int, int]) -> pygame.Surface:
    surface = pygame.Surface(size)
    surface.fill(DARK.background)
    draw(surface)
    return surface


def test_the_same_inputs_draw_the_same_pixels() -> None:
    def breath(s: pygame.Surface) -> None:
        draw_breath(s, s.get_rect(), Phase.HOLD, 0.3, DARK)

    def body(s: pygame.Surface) -> None:
        draw_body(s, s.get_rect(), ("jaw", "neck"), BodyMode.TENSE, 0.4, DARK)

    for draw in (breath, body):
        a, b = _frame(draw, (200, 150)), _frame(draw, (200, 150))
        assert pygame.image.tobytes(a, "RGB") == pygame.image.tobytes(b, "RGB")


def test_disc_colour_is_at_the_centre_and_background_far_outside() -> None:
    s = _frame(lambda s: draw_breath(s, s.get_rect(), Phase.HOLD, 0.0, DARK), (300, 300))
    assert tuple(s.get_at((150, 150)))[:3] == DARK.accent_breath
    assert tuple(s.get_at((2, 2)))[:3] == DARK.background


def test_hold_ring_appears_only_on_holds() -> None:
    top_of_ring = (150, round(150 - 0.455 * 300))
    hold = _frame(lambda s: draw_breath(s, s.get_rect(), Phase.HOLD, 0.5, DARK), (300, 300))
    inhale = _frame(lambda s: draw_breath(s, s.get_rect(), Phase.INHALE, 0.5, DARK), (300, 300))
    assert tuple(hold.get_at(top_of_ring))[:3] != tuple(inhale.get_at(top_of_ring))[:3]


def test_tensed_region_is_drawn_amber_where_it_lies() -> None:
    rect = pygame.Rect(0, 0, 200, 400)
    s = _frame(lambda s: draw_body(s, rect, ("abdomen",), BodyMode.TENSE, 0.5, DARK), rect.size)
    fig_centre_abdomen = s.get_at((100, round(400 * 0.04 + (400 * 0.92) * 78 / 200)))
    r, g, b = tuple(fig_centre_abdomen)[:3]
    assert r > g > b  # warm


def test_unknown_region_fails_before_drawing() -> None:
    s = pygame.Surface((100, 100))
    with pytest.raises(KeyError):
        draw_body(s, s.get_rect(), ("elbow",), BodyMode.TENSE, 0.5, DARK)


def test_icon_is_square_with_transparent_corners() -> None:
    icon = draw_icon(64)
    assert icon.get_size() == (64, 64)
    assert icon.get_at((0, 0)).a == 0
    assert icon.get_at((32, 32)).a >= 250  # opaque inside (smoothscale rounds a little)


# --- golden images ---------------------------------------------------------------------


def _golden_scenes(fonts: Fonts) -> dict[str, Callable[[pygame.Surface], object]]:
    calf = STRETCHES["calf-wall"]
    return {
        "breath_hold": lambda s: draw_breath(s, s.get_rect(), Phase.HOLD, 0.35, DARK),
        "body_release_arm": lambda s: draw_body(
            s,
            s.get_rect(),
            MUSCLE_GROUPS["dominant-arm"].regions,
            BodyMode.RELEASE,
            0.4,
            DARK,
            fonts=fonts,
            side_labels=("dominant", "other"),
        ),
        "stretch_card": lambda s: draw_stretch_card(
            s,
            s.get_rect().inflate(-16, -16),
            calf.name,
            "Hands on the wall, one foot back, heel down.",
            Side.LEFT,
            0.6,
            DARK,
            fonts,
            calf.regions,
            stretch=calf.id,
            seconds=20.0,
        ),
    }


@pytest.mark.parametrize("name", ["breath_hold", "body_release_arm", "stretch_card"])
def test_golden_image(name: str, fonts: Fonts) -> None:
    surface = _frame(_golden_scenes(fonts)[name], (320, 240))
    path = GOLDEN / f"{name}.png"
    if os.environ.get("UPDATE_GOLDEN") or not path.exists():
        if not os.environ.get("UPDATE_GOLDEN"):
            pytest.fail(f"{path} is missing — run with UPDATE_GOLDEN=1 to create it, then look")
        GOLDEN.mkdir(exist_ok=True)
        pygame.image.save(surface, str(path))
        pytest.skip(f"wrote {path}")
    expected = pygame.image.load(str(path))
    assert expected.get_size() == surface.get_size()
    got = pygame.image.tobytes(surface, "RGB")
    want = pygame.image.tobytes(expected, "RGB")
    off = sum(
        1
        for i in range(0, len(got), 3)
        if max(abs(got[i + k] - want[i + k]) for k in range(3)) > TOLERANCE
    )
    assert off <= MAX_OFF_PIXELS * surface.get_width() * surface.get_height(), (
        f"{off} pixels differ from {path}; if the change is intended, regenerate with "
        "UPDATE_GOLDEN=1 and look at the new image"
    )
