"""Text layout: wrap to a width, shrink to fit a rect, draw centred or aligned.

Measuring goes through a font's ``size()`` (cheap); rendering goes through ``Fonts.render``
(cached), so a caption that stays on screen for a whole step is rendered once.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Protocol

import pygame

from unclench.visuals.theme import RGB, Fonts, Weight

LINE_SPACING = 1.2


class Measures(Protocol):
    """Anything that can say how wide a string is (a pygame Font; a fake in tests)."""

    def size(self, text: str) -> tuple[int, int]: ...


class Align(StrEnum):
    LEFT = "left"
    CENTRE = "centre"


def wrap_text(text: str, font: Measures, width: int) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` pixels, at spaces. Explicit
    newlines start a new line. A single word wider than ``width`` is split between letters
    rather than allowed to overflow."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        words = paragraph.split()
        if not words:
            lines.append("")
            continue
        current = ""
        for word in words:
            candidate = f"{current} {word}" if current else word
            if font.size(candidate)[0] <= width:
                current = candidate
                continue
            if current:
                lines.append(current)
            current = ""
            # The word alone may still be too wide: split it between letters.
            while font.size(word)[0] > width and len(word) > 1:
                cut = len(word) - 1
                while cut > 1 and font.size(word[:cut])[0] > width:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            current = word
        lines.append(current)
    return lines


def fit_text(
    fonts: Fonts,
    text: str,
    box: tuple[int, int],
    max_size: int,
    min_size: int = 8,
    weight: Weight = Weight.REGULAR,
    max_lines: int | None = None,
) -> tuple[int, list[str]]:
    """The largest font size (≤ ``max_size``, ≥ ``min_size``) at which ``text``, wrapped,
    fits in ``box`` (width, height), and the wrapped lines at that size. When nothing fits,
    the smallest size is returned (the text may overflow; never smaller than readable)."""
    width, height = box
    low, high = max(6, min_size), max(max_size, min_size)
    best: tuple[int, list[str]] | None = None
    while low <= high:  # binary search: fits() is monotone in the size
        mid = (low + high) // 2
        font = fonts.get(mid, weight)
        lines = wrap_text(text, font, width)
        block = _block_height(font, len(lines))
        fits = block <= height and (max_lines is None or len(lines) <= max_lines)
        if fits and all(font.size(line)[0] <= width for line in lines):
            best = (mid, lines)
            low = mid + 1
        else:
            high = mid - 1
    if best is None:
        size = max(6, min_size)
        return size, wrap_text(text, fonts.get(size, weight), width)
    return best


def _block_height(font: Any, lines: int) -> int:
    if lines <= 0:
        return 0
    line: int = font.get_linesize()
    height: int = font.get_height()
    return round(height + (lines - 1) * line * LINE_SPACING)


def draw_text(
    surface: pygame.Surface,
    fonts: Fonts,
    text: str,
    size: int,
    colour: RGB,
    *,
    center: tuple[int, int] | None = None,
    topleft: tuple[int, int] | None = None,
    weight: Weight = Weight.REGULAR,
) -> pygame.Rect:
    """Draw one line of text centred on ``center`` (or at ``topleft``); return its rect."""
    rendered = fonts.render(text, size, colour, weight)
    rect = rendered.get_rect()
    if center is not None:
        rect.center = center
    elif topleft is not None:
        rect.topleft = topleft
    surface.blit(rendered, rect)
    return rect


def draw_text_block(
    surface: pygame.Surface,
    rect: pygame.Rect,
    text: str,
    fonts: Fonts,
    colour: RGB,
    max_size: int,
    *,
    min_size: int = 8,
    weight: Weight = Weight.REGULAR,
    align: Align = Align.CENTRE,
    max_lines: int | None = None,
) -> pygame.Rect:
    """Wrap and shrink ``text`` to fit ``rect``, draw it vertically centred in the rect
    (lines centred or left-aligned) and return the rect the text covers."""
    size, lines = fit_text(
        fonts, text, (rect.width, rect.height), max_size, min_size, weight, max_lines
    )
    font = fonts.get(size, weight)
    step = round(font.get_linesize() * LINE_SPACING)
    top = rect.centery - _block_height(font, len(lines)) // 2
    covered = pygame.Rect(rect.centerx, top, 0, 0)
    for i, line in enumerate(lines):
        if not line:
            continue
        y = top + i * step
        if align is Align.CENTRE:
            r = draw_text(
                surface,
                fonts,
                line,
                size,
                colour,
                center=(rect.centerx, y + font.get_height() // 2),
                weight=weight,
            )
        else:
            r = draw_text(surface, fonts, line, size, colour, topleft=(rect.left, y), weight=weight)
        covered = covered.union(r) if covered.size != (0, 0) else r
    return covered


def ellipsize(font: Measures, text: str, width: int) -> str:
    """``text`` cut with "…" so it fits ``width`` pixels (unchanged when it already fits).
    Finds the cut by bisection: a list of a thousand summaries stays cheap to draw."""
    if font.size(text)[0] <= width:
        return text
    low, high = 0, len(text)  # text[:low] + "…" fits; text[:high] + "…" does not
    if font.size(text[:0] + "…")[0] > width:
        return "…"
    while high - low > 1:
        mid = (low + high) // 2
        if font.size(text[:mid] + "…")[0] <= width:
            low = mid
        else:
            high = mid
    return text[:low].rstrip() + "…"
