"""Text layout of the worst texts the loader accepts, as ratios against references measured
side by side in the same run (never absolute times as targets).

    .venv/bin/python benchmarks/text_layout.py [--repeat 5]

Lays out, with the bundled font under SDL's dummy video driver at 1280×720, each case the
way the app does: a caption in the session's caption box (``fit_text``, up to 3 lines, as
``paint_static`` does), a source note in the menu's detail pane (``paragraph_lines`` at the
pane's width, cut at the controls), a summary ellipsised in a menu row (``ellipsize``).
The cases are the longest texts each field allows (docs/routines.md, "Limits"): one word
of the whole length (a URL), and many short words; plus a 40,000-word text, beyond any
field's limit, to show the layout stays bounded by the box.

For each case it reports:
- ``chars/char``: characters the font measured per character of text (deterministic);
- ``vs short``: the time of the layout ÷ (the time of the same layout of a short caption,
  "Breathe in slowly through your nose", per character × the text's length). Near-linear
  layout stays near 1 or below (the box bounds the work); a cubic one grows with the text;
- ``vs measure``: the time of the layout ÷ one ``font.size()`` of the whole text (the least
  any layout that looks at every character could cost).
Layout caches are cleared before each run, so every figure is a cold layout; the cached
case (the same caption drawn again next frame) is reported last.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from typing import Any

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame

from unclench.core.load.text_rules import PROMPT, SOURCE, SUMMARY
from unclench.ui.menu_view import menu_layout
from unclench.ui.session_view import session_layout
from unclench.visuals import text as layout
from unclench.visuals.theme import Fonts, Weight

SIZE = (1280, 720)
SHORT = "Breathe in slowly through your nose"


class CountingFont:
    """A real font that counts the characters it is asked to measure."""

    def __init__(self, font: Any, tally: list[int]) -> None:
        self.font, self.tally = font, tally

    def size(self, text: str) -> tuple[int, int]:
        self.tally[0] += len(text)
        size: tuple[int, int] = self.font.size(text)
        return size

    def get_height(self) -> int:
        return int(self.font.get_height())

    def get_linesize(self) -> int:
        return int(self.font.get_linesize())


class CountingFonts(Fonts):
    """The app's fonts, each wrapped in a CountingFont sharing one tally."""

    def __init__(self) -> None:
        super().__init__()
        self.tally = [0]

    def get(self, size: int, weight: Weight = Weight.REGULAR) -> Any:
        return CountingFont(super().get(size, weight), self.tally)


def url(length: int) -> str:
    head = "https://example.org/a/very/long/path/"
    return (head + "segment-" * length)[:length]


def words(length: int) -> str:
    return ("calm " * length)[:length].strip()


def arabic(length: int) -> str:
    """Words in another script (system fonts, shaped right to left, per run)."""
    return ("تنفس ببطء " * length)[:length].strip()


def best_time(run: Callable[[], object], repeat: int) -> float:
    """The fastest of ``repeat`` runs (after one warm-up), caches cleared before each."""
    times = []
    for _ in range(repeat + 1):
        layout.clear_layout_caches()
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times[1:])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    pygame.font.init()
    fonts = CountingFonts()
    session, menu = session_layout(SIZE), menu_layout(SIZE)
    u = session.unit
    caption_box = (session.caption.width, session.caption.height)
    pane = menu.detail.inflate(-round(6 * menu.unit), -round(6 * menu.unit))
    source_size = round(1.9 * menu.unit)
    source_lines = max(1, (menu.cycles_minus.top - pane.top) // round(source_size * 1.2))
    row_width = menu.listing.width - round(4 * menu.unit)
    small = round(2.2 * menu.unit)

    def caption(text: str) -> Callable[[], object]:
        return lambda: layout.fit_text(
            fonts, text, caption_box, round(3.8 * u), round(2.2 * u), max_lines=3
        )

    def source(text: str) -> Callable[[], object]:
        return lambda: layout.paragraph_lines(fonts, text, pane.width, source_size, source_lines)

    def summary(text: str) -> Callable[[], object]:
        return lambda: layout.ellipsize(fonts.get(small), text, row_width)

    cases: list[tuple[str, str, Callable[[str], Callable[[], object]], int]] = [
        ("caption, one word", url(PROMPT.max_length), caption, round(3.8 * u)),
        ("caption, many words", words(PROMPT.max_length), caption, round(3.8 * u)),
        ("source, one word (URL)", url(SOURCE.max_length), source, source_size),
        ("source, many words", words(SOURCE.max_length), source, source_size),
        ("summary row, one word", url(SUMMARY.max_length), summary, small),
        ("summary row, many words", words(SUMMARY.max_length), summary, small),
        ("caption, Arabic words", arabic(PROMPT.max_length), caption, round(3.8 * u)),
        ("40,000 words (caption box)", words(200_000), caption, round(3.8 * u)),
    ]
    print(f"text layout at {SIZE[0]}×{SIZE[1]}, bundled font, best of {args.repeat} cold runs")
    print(f"  {'case':28s} {'chars':>7s} {'chars/char':>10s} {'vs short':>9s} {'vs measure':>11s}")
    for name, text, make, size in cases:
        short_time = best_time(make(SHORT), args.repeat) / len(SHORT)
        whole = fonts.get(size)
        measure_time = best_time(lambda t=text, f=whole: f.size(t), args.repeat)
        run = make(text)
        layout.clear_layout_caches()
        fonts.tally[0] = 0
        run()
        measured = fonts.tally[0]
        elapsed = best_time(run, args.repeat)
        print(
            f"  {name:28s} {len(text):7,d} {measured / len(text):10.2f}"
            f" {elapsed / (short_time * len(text)):9.2f} {elapsed / measure_time:11.1f}"
        )
    text = url(PROMPT.max_length)
    run = caption(text)
    cold = best_time(run, args.repeat)
    run()
    start = time.perf_counter()
    for _ in range(100):
        run()
    warm = (time.perf_counter() - start) / 100
    print(f"  the same caption again (cached) ÷ cold: {warm / cold:.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
