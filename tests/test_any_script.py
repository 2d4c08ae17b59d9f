"""Text in any script: runs per font, shaping, right-to-left order, emoji, missing glyphs.

The first tests use fake faces (no system fonts needed). The rest render with the real
Noto fonts; they skip locally when fontconfig or a Noto font is missing, and fail on CI
(CI=true), which installs fonts-noto-core, fonts-noto-cjk and fonts-noto-color-emoji.
Golden images live in tests/golden/script_*.png; regenerate with UPDATE_GOLDEN=1 and look.
"""

from __future__ import annotations

import os
from pathlib import Path

import pygame
import pytest

from unclench.visuals.coverage import missing_glyphs
from unclench.visuals.fonts import (
    MISSING,
    PRIMARY,
    REPLACEMENT,
    Face,
    FallbackChain,
    Run,
    discover_faces,
    parse_charset,
    parse_faces,
    system_faces,
    visual_runs,
)
from unclench.visuals.scripts import script_of
from unclench.visuals.text import ellipsize, fit_text
from unclench.visuals.theme import DARK, Fonts

GOLDEN = Path(__file__).parent / "golden"
TOLERANCE = 24
MAX_OFF_PIXELS = 0.005

SAMPLES = {
    "german": "Atme langsam ein – die Schultern sinken",
    "french": "Inspirez doucement, les épaules relâchées",
    "japanese": "ゆっくり息を吸って",
    "arabic": "تنفس ببطء",
    "hindi": "धीरे से साँस अंदर लें",
    "emoji": "Breathe 😌 🌿 calm",
}


# --- without system fonts ---------------------------------------------------------------


def test_fontconfig_charsets_parse_into_ranges() -> None:
    assert parse_charset("20-7e a0 600-6ff") == ((0x20, 0x7E), (0xA0, 0xA0), (0x600, 0x6FF))


def test_fc_match_output_keeps_openable_first_faces_in_order() -> None:
    output = (
        "/f/NotoSansArabic.ttf\t0\tFalse\t600-6ff 20\n"
        "/f/NotoSansCJK.ttc\t1\tFalse\t4e00-9fff\n"  # a later face of a collection
        "/f/NotoSansCJK.ttc\t0\tFalse\t3040-30ff 4e00-9fff\n"
        "/f/fixed.pcf.gz\t0\tFalse\t20-7e\n"  # a bitmap font SDL_ttf does not open
        "/f/NotoColorEmoji.ttf\t0\tTrue\t1f300-1faff\n"
    )
    faces = parse_faces(output)
    assert [face.path for face in faces] == [
        "/f/NotoSansArabic.ttf",
        "/f/NotoSansCJK.ttc",
        "/f/NotoColorEmoji.ttf",
    ]
    assert faces[1].covers("ゆ") and not faces[0].covers("ゆ")
    assert faces[2].colour


def test_no_fontconfig_means_the_bundled_font_alone() -> None:
    def absent(args: object) -> str:
        return ""

    assert discover_faces(False, absent) == ()


def _chain(primary: str, *faces: Face) -> FallbackChain:
    return FallbackChain(lambda char: char in primary, lambda: faces)


ARABIC_FACE = Face("arabic.ttf", ((0x20, 0x20), (0x600, 0x6FF)))
CJK_FACE = Face("cjk.ttc", ((0x20, 0x7E), (0x3040, 0x30FF), (0x4E00, 0x9FFF)))
LATIN = "abcdefghijklmnopqrstuvwxyz .,"


def test_each_character_goes_to_the_first_font_that_has_it() -> None:
    chain = _chain(LATIN, ARABIC_FACE, CJK_FACE)
    runs = chain.runs("calm 息 ok")
    assert [(run.text, run.face) for run in runs] == [("calm ", PRIMARY), ("息", 2), (" ok", 0)]
    runs = chain.runs("calm تنفس")
    assert [(run.text, run.face) for run in runs] == [("calm ", PRIMARY), ("تنفس", 1)]


def test_a_space_between_two_arabic_words_stays_in_the_shaped_run() -> None:
    runs = _chain(LATIN, ARABIC_FACE).runs("تنفس ببطء")
    assert runs == [Run("تنفس ببطء", 1, "Arab")]


def test_kanji_and_kana_share_one_run() -> None:
    runs = _chain(LATIN, CJK_FACE).runs("ゆっくり息を吸って")
    assert len(runs) == 1 and runs[0].face == 1


def test_a_character_no_font_has_becomes_a_replacement_mark_and_joiners_are_dropped() -> None:
    chain = _chain(LATIN + REPLACEMENT, ARABIC_FACE)
    runs = chain.runs("a\U0010fffdb\u200d")
    assert "".join(run.text for run in runs) == f"a{REPLACEMENT}b"
    assert chain.first_face("\U0010fffd") == MISSING


def test_right_to_left_runs_are_drawn_in_reverse_and_embedded_latin_keeps_its_order() -> None:
    logical = [Run("שלום ", 1, "Hebr"), Run("calm", 0, None), Run(" עולם", 1, "Hebr")]
    shown = visual_runs(logical)
    assert [run.text for run in shown] == [" עולם", "calm", "שלום "]
    assert [run.level % 2 for run in shown] == [1, 0, 1]


def test_left_to_right_text_is_not_reordered() -> None:
    logical = [Run("calm ", 0, None), Run("息", 2, "Hani")]
    assert visual_runs(logical) == logical


def test_the_script_table_knows_the_scripts_the_app_shapes() -> None:
    assert script_of("ت") is not None and script_of("ت").tag == "Arab"  # type: ignore[union-attr]
    assert script_of("ध").tag == "Deva"  # type: ignore[union-attr]
    assert script_of("息").package == "fonts-noto-cjk"  # type: ignore[union-attr]
    assert script_of("a") is None


def test_check_warns_at_the_line_and_column_of_a_character_no_font_has() -> None:
    pygame.font.init()
    bare = Fonts(faces=lambda bold: ())  # the bundled font alone
    text = "id: x\ntitle: Calm\n# 息 in a comment is not drawn\nsummary: Breathe, 息 slowly\n"
    (problem,) = missing_glyphs(Path("x.yaml"), text, bare)
    assert (problem.line, problem.column) == (4, 19)
    assert "U+606F" in problem.message and "fonts-noto-cjk" in problem.fix


def test_check_is_silent_when_the_bundled_font_draws_everything() -> None:
    pygame.font.init()
    bare = Fonts(faces=lambda bold: ())
    assert missing_glyphs(Path("x.yaml"), "title: Atme ruhig – épaules\n", bare) == []


# --- with the real Noto fonts -----------------------------------------------------------

NEEDED = {
    "Arabic": "ت",
    "Devanagari": "ध",
    "Japanese": "ゆ",
    "emoji": "😌",
}


@pytest.fixture(scope="module")
def fonts() -> Fonts:
    pygame.font.init()
    found = Fonts()
    chain = found.chain()
    lacking = [name for name, char in NEEDED.items() if chain.first_face(char) == MISSING]
    if lacking or not system_faces(False):
        message = f"no system font for {', '.join(lacking) or 'anything'} (fontconfig, Noto)"
        if os.environ.get("CI") == "true":
            pytest.fail(
                f"{message} on CI — install fonts-noto-core fonts-noto-cjk "
                "fonts-noto-color-emoji fontconfig"
            )
        pytest.skip(message)
    return found


@pytest.mark.parametrize("name", list(SAMPLES))
def test_every_character_gets_a_font_that_has_it(name: str, fonts: Fonts) -> None:
    chain = fonts.chain()
    runs = chain.runs(SAMPLES[name])
    assert REPLACEMENT not in "".join(run.text for run in runs)
    for run in runs:
        for char in run.text:
            assert chain.covers(run.face, char), f"{char!r} in face {run.face}"


@pytest.mark.parametrize("name", list(SAMPLES))
def test_every_sample_has_a_positive_width_and_draws_ink(name: str, fonts: Fonts) -> None:
    font = fonts.get(32)
    width, height = font.size(SAMPLES[name])
    assert width > 0 and height == font.get_height()
    drawn = fonts.render(SAMPLES[name], 32, (255, 255, 255))
    assert abs(drawn.get_width() - width) <= 2
    assert pygame.mask.from_surface(drawn).count() > 0


@pytest.mark.parametrize("text", [SAMPLES["arabic"], SAMPLES["hindi"]])
def test_shaped_text_is_not_the_sum_of_its_isolated_letters(text: str, fonts: Fonts) -> None:
    font = fonts.get(32)
    isolated = sum(font.size(char)[0] for char in text)
    assert font.size(text)[0] != isolated


def _ink(surface: pygame.Surface, left: int, right: int) -> int:
    mask = pygame.mask.from_surface(surface)
    return sum(
        1 for x in range(left, right) for y in range(surface.get_height()) if mask.get_at((x, y))
    )


@pytest.mark.parametrize("first", ["ש", "ش"])
def test_the_first_logical_letter_of_right_to_left_text_is_drawn_at_the_right(
    first: str, fonts: Fonts
) -> None:
    # A letter then six full stops: drawn right to left, the letter's ink is on the right.
    drawn = fonts.render(first + "." * 6, 40, (255, 255, 255))
    quarter = drawn.get_width() // 4
    width = drawn.get_width()
    assert _ink(drawn, width - quarter, width) > 2 * _ink(drawn, 0, quarter)


def test_an_emoji_is_a_colour_glyph_the_height_of_the_line(fonts: Fonts) -> None:
    drawn = fonts.render("😌", 30, (255, 255, 255))
    assert drawn.get_height() <= fonts.get(30).get_height() * 1.2
    pixels = [
        drawn.get_at((x, y)) for x in range(drawn.get_width()) for y in range(drawn.get_height())
    ]
    coloured = [p for p in pixels if p.a > 200 and max(p.r, p.g, p.b) - min(p.r, p.g, p.b) > 60]
    assert len(coloured) > 20  # yellow face, not a white outline box


@pytest.mark.parametrize("name", list(SAMPLES))
def test_golden_image_of_each_script(name: str, fonts: Fonts) -> None:
    surface = pygame.Surface((640, 64))
    surface.fill(DARK.background)
    shown = fonts.render(SAMPLES[name], 28, DARK.text)
    surface.blit(shown, shown.get_rect(center=surface.get_rect().center))
    path = GOLDEN / f"script_{name}.png"
    if os.environ.get("UPDATE_GOLDEN"):
        pygame.image.save(surface, str(path))
        pytest.skip(f"wrote {path}")
    if not path.exists():
        pytest.fail(f"{path} is missing — run with UPDATE_GOLDEN=1 to create it, then look")
    want = pygame.image.tobytes(pygame.image.load(str(path)), "RGB")
    got = pygame.image.tobytes(surface, "RGB")
    assert len(want) == len(got)
    off = sum(
        1
        for i in range(0, len(got), 3)
        if max(abs(got[i + k] - want[i + k]) for k in range(3)) > TOLERANCE
    )
    assert off <= MAX_OFF_PIXELS * 640 * 64, f"{off} pixels differ from {path}"


def test_wrapping_and_fitting_measure_other_scripts_by_their_shaped_runs(fonts: Fonts) -> None:
    text = " ".join([SAMPLES["arabic"], SAMPLES["hindi"], SAMPLES["japanese"]] * 3)
    size, lines = fit_text(fonts, text, (300, 200), max_size=40)
    font = fonts.get(size)
    assert len(lines) > 1
    assert all(0 < font.size(line)[0] <= 300 for line in lines)
    cut = ellipsize(fonts.get(24), SAMPLES["hindi"] * 4, 200)
    assert cut.endswith("…") and fonts.get(24).size(cut)[0] <= 200
