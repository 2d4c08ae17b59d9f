"""Text layout: wrap to a width, shrink to fit a rect, draw centred or aligned.

Measuring goes through a font's ``size()`` (cheap); rendering goes through ``Fonts.render``
(cached), so a caption that stays on screen for a whole step is rendered once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from enum import StrEnum
from functools import lru_cache
from itertools import islice
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


def wrap_text(text: str, font: Measures, width: int, max_lines: int | None = None) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` pixels, at spaces. Explicit
    newlines start a new line. A single word wider than ``width`` is broken between
    letters at the width rather than allowed to overflow (only a single letter wider than
    the whole line can). With ``max_lines``, layout stops after that many lines.

    Near-linear in the text's length: each word is measured once as part of the line it
    joins (twice when it starts a line); a long word is cut by galloping bisection over
    its prefixes, never by re-measuring a shrinking string letter by letter."""
    return list(islice(_lines(text, font, width), max_lines))


def _lines(text: str, font: Measures, width: int) -> Iterator[str]:
    """The wrapped lines of ``text``, lazily: a caller that needs ten lines of a
    40,000-word caption lays out ten lines."""
    for paragraph in text.split("\n"):
        current = ""
        for match in _WORD.finditer(paragraph):
            word = match.group()
            candidate = f"{current} {word}" if current else word
            # One measurement per word, of a string no longer than a line plus the word.
            candidate_width = font.size(candidate)[0]
            if candidate_width <= width:
                current = candidate
                continue
            if current:
                yield current
            word_width = font.size(word)[0] if current else candidate_width
            if word_width <= width:
                current = word
                continue
            pieces = _break_word(word, word_width, font, width)
            yield from pieces[:-1]
            current = pieces[-1]
        yield current


_WORD = re.compile(r"\S+")


def _break_word(word: str, word_width: int, font: Measures, width: int) -> list[str]:
    """``word`` (``word_width`` pixels, wider than ``width``) cut into pieces that each fit
    ``width``, all but the last as wide as fits. Each cut is found by galloping from an
    estimate (the word's mean letter width) and then bisecting, so a piece of k letters
    costs O(log k) measurements of at most 2k letters: O(n log k) for the word."""
    pieces: list[str] = []
    guess = max(1, width * len(word) // max(1, word_width))
    start = 0
    while start < len(word):
        rest = len(word) - start
        fits = _longest_fitting(word, start, min(guess, rest), font, width)
        if fits == rest:
            pieces.append(word[start:])
            break
        pieces.append(word[start : start + fits])
        start += fits
    return pieces


def _longest_fitting(word: str, start: int, guess: int, font: Measures, width: int) -> int:
    """The most letters of ``word`` from ``start`` that fit ``width`` (at least one)."""
    rest = len(word) - start

    def fit(count: int) -> bool:
        return font.size(word[start : start + count])[0] <= width

    if fit(guess):
        low, high = guess, guess * 2  # low fits; high (if within the word) may not
        while high <= rest and fit(high):
            low, high = high, high * 2
        if high > rest:
            if fit(rest):
                return rest
            high = rest
    else:
        low, high = guess // 2, guess  # high does not fit
        while low >= 1 and not fit(low):
            low, high = low // 2, low
        if low < 1:
            return 1  # one letter wider than the line: it overflows, alone
    while high - low > 1:
        mid = (low + high) // 2
        if fit(mid):
            low = mid
        else:
            high = mid
    return low


def fit_text(
    fonts: Fonts,
    text: str,
    box: tuple[int, int],
    max_size: int,
    min_size: int = 8,
    weight: Weight = Weight.REGULAR,
    max_lines: int | None = None,
    balance: bool = False,
) -> tuple[int, list[str]]:
    """The largest font size (≤ ``max_size``, ≥ ``min_size``) at which ``text``, wrapped,
    fits in ``box`` (width, height), and the wrapped lines at that size. When nothing fits,
    the smallest size is returned with the lines that fit the box, the last one ending in
    "…" (never smaller than readable, never more lines than the box holds).

    Bounded: each size tried lays out at most one line more than the box can hold, so the
    cost follows the box, not the text. Cached by (fonts, text, box, sizes, weight, lines):
    a caption on screen for a whole step is laid out once, not every frame. With
    ``balance`` the lines are made even (``balanced``)."""
    size, lines = _fit_text(fonts, text, box, max_size, min_size, weight, max_lines, balance)
    return size, list(lines)


@lru_cache(maxsize=256)
def _fit_text(
    fonts: Fonts,
    text: str,
    box: tuple[int, int],
    max_size: int,
    min_size: int,
    weight: Weight,
    max_lines: int | None,
    balance: bool = False,
) -> tuple[int, tuple[str, ...]]:
    width, height = box
    low, high = max(6, min_size), max(max_size, min_size)
    best: tuple[int, tuple[str, ...]] | None = None
    while low <= high:  # binary search: fits() is monotone in the size
        mid = (low + high) // 2
        font = fonts.get(mid, weight)
        room = _room(font, height, max_lines)
        lines = wrap_text(text, font, width, room + 1)
        fits = len(lines) <= room
        if fits and all(font.size(line)[0] <= width for line in lines):
            best = (mid, tuple(balanced(lines, text, font, width) if balance else lines))
            low = mid + 1
        else:
            high = mid - 1
    if best is not None:
        return best
    size = max(6, min_size)
    font = fonts.get(size, weight)
    return size, tuple(clip_lines(text, font, width, max(1, _room(font, height, max_lines))))


def clip_lines(text: str, font: Measures, width: int, max_lines: int) -> list[str]:
    """``text`` wrapped to ``width`` in at most ``max_lines`` lines; when more would
    follow, the last line ends in "…". Lays out only those lines (plus one, to know)."""
    if max_lines <= 0:
        return []
    lines = wrap_text(text, font, width, max_lines + 1)
    if len(lines) > max_lines:
        cut, lines = lines[max_lines], lines[:max_lines]
        # The last line plus the next one is too wide, so this ends in "…".
        lines[-1] = ellipsize(font, f"{lines[-1]} {cut}", width)
    return lines


@lru_cache(maxsize=256)
def paragraph_lines(
    fonts: Fonts, text: str, width: int, size: int, max_lines: int, weight: Weight = Weight.REGULAR
) -> tuple[str, ...]:
    """``clip_lines`` at one font size, cached by its arguments: a paragraph drawn every
    frame (the menu's summary, cautions and source) is laid out once per size and width."""
    return tuple(clip_lines(text, fonts.get(size, weight), width, max_lines))


def _room(font: Any, height: int, max_lines: int | None) -> int:
    """How many lines of ``font`` fit ``height`` pixels (and ``max_lines``)."""
    first: int = font.get_height()
    step = font.get_linesize() * LINE_SPACING
    room = 0 if height < first else int((height - first) // step) + 1
    # _block_height rounds; step back where rounding made the last line not fit.
    while room > 0 and _block_height(font, room) > height:
        room -= 1
    while _block_height(font, room + 1) <= height:
        room += 1
    return room if max_lines is None else min(room, max_lines)


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
    balance: bool = False,
) -> pygame.Rect:
    """Wrap and shrink ``text`` to fit ``rect``, draw it vertically centred in the rect
    (lines centred or left-aligned; even, with ``balance``) and return the rect the text
    covers."""
    size, lines = fit_text(
        fonts, text, (rect.width, rect.height), max_size, min_size, weight, max_lines, balance
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

    The cost follows the width, not the text: prefixes are measured at doubling lengths
    until one is too wide (a 2,000-character source is never measured whole), then the
    cut is found by bisection, so a list of a thousand summaries stays cheap to draw."""
    reach = 16  # the first prefix length that may not fit
    while reach < len(text) and font.size(text[:reach])[0] <= width:
        reach *= 2
    if reach >= len(text) and font.size(text)[0] <= width:
        return text
    if font.size("…")[0] > width:
        return "…"
    low, high = 0, min(reach, len(text))  # text[:low] + "…" fits; text[:high] + "…" not
    while high - low > 1:
        mid = (low + high) // 2
        if font.size(text[:mid] + "…")[0] <= width:
            low = mid
        else:
            high = mid
    return text[:low].rstrip() + "…"


_TAIL = re.compile(r"\s*\([^()]*\)$")


def shorten(font: Measures, text: str, width: int) -> str:
    """``text`` made to fit ``width`` keeping what tells similar titles apart: a trailing
    parenthesis stays whole and the words before it are cut ("Progressive muscle… (7
    groups)"), so two titles that differ only at the end never shorten to the same thing.
    Without one (or when the parenthesis alone is too wide) it is ``ellipsize``."""
    if font.size(text)[0] <= width:
        return text
    tail = _TAIL.search(text)
    if tail is not None and tail.start() > 0:
        ending = " " + tail.group().strip()
        room = width - font.size(ending)[0]
        head = text[: tail.start()]
        if room >= font.size(head[:6] + "…")[0]:
            return ellipsize(font, head, room) + ending
    return ellipsize(font, text, width)


def balanced(lines: list[str], text: str, font: Measures, width: int) -> list[str]:
    """``text`` in as many lines as ``lines`` (its wrapping at ``width``) but with the lines
    as even as they can be, so a caption never leaves one word alone on its last line: the
    narrowest width that still needs no more lines is found by bisection."""
    if len(lines) < 2 or any(not line for line in lines):
        return lines
    low, high = width // 2, width  # high gives len(lines) lines
    while high - low > 2:
        mid = (low + high) // 2
        if len(wrap_text(text, font, mid, len(lines) + 1)) <= len(lines):
            high = mid
        else:
            low = mid
    even = wrap_text(text, font, high, len(lines) + 1)
    return even if len(even) == len(lines) else lines


def clear_layout_caches() -> None:
    """Forget every cached layout (``fit_text``, ``paragraph_lines``): for benchmarks that
    measure a cold layout, and for tests."""
    _fit_text.cache_clear()
    paragraph_lines.cache_clear()
