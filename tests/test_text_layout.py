"""Text layout of any length: long words, long URLs and huge captions wrap into a box,
every line fits, nothing is lost, and the work grows near-linearly with the text (and stays
bounded by the box when only a box's worth is shown).

Cost is counted, never timed: a fake font counts its measurements and the characters it
measured (a real font's cost follows the characters).
"""

from __future__ import annotations

import random
import string

import pytest

from unclench.visuals.text import clip_lines, ellipsize, fit_text, wrap_text
from unclench.visuals.theme import Weight

# Letters of different widths, so a cut cannot be found by dividing.
WIDTHS = {c: 6 + (ord(c) * 7) % 9 for c in string.ascii_letters + string.digits + "/:.-_?=&"}


class CountingFont:
    """A fake font: each character has its own width (scaled by the size); counts how many
    times it was measured and how many characters those measurements covered."""

    def __init__(self, size: int = 10, counter: CountingFont | None = None) -> None:
        self.scale = size / 10
        self.counter = counter or self
        self.calls = 0
        self.chars = 0

    def size(self, text: str) -> tuple[int, int]:
        self.counter.calls += 1
        self.counter.chars += len(text)
        width = sum(WIDTHS.get(c, 8) for c in text)
        return (round(width * self.scale), self.get_height())

    def get_height(self) -> int:
        return round(12 * self.scale)

    def get_linesize(self) -> int:
        return round(14 * self.scale)


class CountingFonts:
    """A fake ``Fonts``: one CountingFont per size, all counting into one tally."""

    def __init__(self) -> None:
        self.tally = CountingFont()
        self._fonts: dict[int, CountingFont] = {}

    def get(self, size: int, weight: Weight = Weight.REGULAR) -> CountingFont:
        return self._fonts.setdefault(size, CountingFont(size, self.tally))


def long_word(n: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    return "".join(rng.choice(string.ascii_letters) for _ in range(n))


def many_words(n: int, seed: int = 2) -> str:
    rng = random.Random(seed)
    letters = string.ascii_letters
    return " ".join("".join(rng.choices(letters, k=rng.randint(1, 12))) for _ in range(n))


def url(n: int) -> str:
    head = "https://example.org/"
    return head + long_word(n - len(head), seed=3).lower()


def assert_wrapped_fully(text: str, lines: list[str], font: CountingFont, width: int) -> None:
    assert all(font.size(line)[0] <= width for line in lines)
    assert "".join("".join(line.split()) for line in lines) == "".join(text.split())


def test_a_2000_character_word_breaks_at_the_width_and_loses_no_letter() -> None:
    font, word = CountingFont(), long_word(2000)
    lines = wrap_text(word, font, 300)
    assert len(lines) > 10
    assert_wrapped_fully(word, lines, font, 300)
    # Cut cleanly at the width: one more letter would not have fitted.
    start = 0
    for line in lines[:-1]:
        start += len(line)
        assert font.size(line + word[start])[0] > 300


def test_a_1500_character_url_in_a_source_note_wraps_fully() -> None:
    font = CountingFont()
    text = "Source: adapted from " + url(1500) + " (retrieved 2024)."
    lines = wrap_text(text, font, 420)
    assert lines[0] == "Source: adapted from"
    assert_wrapped_fully(text, lines, font, 420)


def test_a_40000_word_caption_wraps_fully_and_every_line_fits() -> None:
    font, text = CountingFont(), many_words(40_000)
    lines = wrap_text(text, font, 500)
    assert_wrapped_fully(text, lines, font, 500)


@pytest.mark.parametrize(
    "make", [long_word, many_words, url], ids=["one long word", "many words", "a long URL"]
)
def test_measurements_grow_near_linearly_with_the_text(make: object) -> None:
    assert callable(make)
    costs = []
    for n in (2000, 8000):
        font = CountingFont()
        wrap_text(make(n), font, 300)
        costs.append((font.calls, font.chars))
    (calls_1, chars_1), (calls_4, chars_4) = costs
    assert calls_4 < 6 * calls_1
    assert chars_4 < 6 * chars_1


def test_layout_stops_after_max_lines_whatever_the_length_of_the_text() -> None:
    costs = []
    for n in (2000, 40_000):
        font = CountingFont()
        lines = wrap_text(many_words(n), font, 300, max_lines=5)
        assert len(lines) == 5
        costs.append(font.chars)
    assert costs[1] < 1.5 * costs[0]


def test_clip_lines_ends_the_last_line_in_an_ellipsis_when_text_remains() -> None:
    font = CountingFont()
    lines = clip_lines(many_words(500), font, 300, 3)
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert all(font.size(line)[0] <= 300 for line in lines)
    assert clip_lines("Breathe in", font, 300, 3) == ["Breathe in"]
    assert clip_lines("Breathe in", font, 300, 0) == []


def test_fit_text_of_a_huge_caption_shows_what_fits_the_box_at_a_bounded_cost() -> None:
    costs = []
    for n in (2000, 40_000):
        fonts = CountingFonts()
        size, lines = fit_text(fonts, many_words(n), (400, 120), 40, 10)  # type: ignore[arg-type]
        font = fonts.get(size)
        assert size == 10 and lines[-1].endswith("…")
        assert 1 < len(lines) <= 120 // font.get_linesize()
        assert all(font.size(line)[0] <= 400 for line in lines)
        costs.append(fonts.tally.chars)
    assert costs[1] < 1.5 * costs[0]  # bounded by the box, not by the text


def test_fit_text_lays_out_unchanged_text_once() -> None:
    fonts = CountingFonts()
    text = "Breathe out slowly " + long_word(2000)
    first = fit_text(fonts, text, (400, 200), 40, 10)  # type: ignore[arg-type]
    measured = fonts.tally.calls
    assert measured > 0
    assert fit_text(fonts, text, (400, 200), 40, 10) == first  # type: ignore[arg-type]
    assert fonts.tally.calls == measured


def test_fit_text_still_keeps_short_text_at_its_largest_size() -> None:
    fonts = CountingFonts()
    size, lines = fit_text(fonts, "Hold", (400, 100), 40)  # type: ignore[arg-type]
    assert (size, lines) == (40, ["Hold"])


def test_ellipsize_cost_follows_the_width_not_the_text() -> None:
    costs = []
    for n in (2000, 8000):
        font = CountingFont()
        cut = ellipsize(font, many_words(n), 300)
        assert cut.endswith("…") and font.size(cut)[0] <= 300
        costs.append(font.chars)
    assert costs[1] < 1.5 * costs[0]


def test_ellipsize_keeps_text_that_fits_and_cuts_text_that_does_not() -> None:
    font = CountingFont()
    assert ellipsize(font, "Hold", 300) == "Hold"
    text = many_words(30)
    cut = ellipsize(font, text, 200)
    assert text.startswith(cut[:-1].rstrip()) and font.size(cut)[0] <= 200
