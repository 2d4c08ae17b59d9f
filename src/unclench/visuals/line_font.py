"""A line of text in any script, measured and drawn as one: what ``Fonts.get`` returns.

The runs come from ``visuals.fonts`` (which font has each character, bidi order); this
module opens the fallback fonts (lazily, once per face, script and direction at this size),
shapes each run through SDL_ttf and puts the pieces on one baseline.
"""

from __future__ import annotations

import contextlib
from dataclasses import replace
from typing import Any

import pygame

from unclench.visuals.fonts import (
    BITMAP_RATIO,
    PRIMARY,
    RTL_SCRIPTS,
    Face,
    FallbackChain,
    Run,
    set_right_to_left,
    visual_runs,
)
from unclench.visuals.scripts import EMOJI_SCRIPT


class LineFont:
    """One pixel size of the bundled font with its fallbacks: what ``Fonts.get`` returns.
    Answers ``size``, ``render`` and the line metrics like a ``pygame.font.Font`` (so the
    layout code and every view use it unchanged), for text in any script. Text the
    bundled font covers takes the same path as before: one ``size`` or ``render`` call."""

    def __init__(self, primary: Any, chain: FallbackChain, size: int) -> None:
        self.primary = primary
        self.chain = chain
        self.pixel_size = size
        self._fonts: dict[tuple[int, str | None, bool], tuple[Any, float, bool]] = {}

    def get_height(self) -> int:
        return int(self.primary.get_height())

    def get_linesize(self) -> int:
        return int(self.primary.get_linesize())

    def get_ascent(self) -> int:
        return int(self.primary.get_ascent())

    def get_descent(self) -> int:
        return int(self.primary.get_descent())

    def _font(self, run: Run) -> tuple[Any, float, bool]:
        """The font for ``run``, its scale, and whether its text must be reversed by hand
        (a right-to-left run when SDL_ttf's direction could not be set)."""
        rtl = run.level % 2 == 1 and run.face != PRIMARY
        key = (run.face, run.script, rtl)
        found = self._fonts.get(key)
        if found is not None:
            return found
        if run.face == PRIMARY:
            found = (self.primary, 1.0, False)
        else:
            found = self._open(self.chain.faces[run.face - 1], run.script, rtl)
        self._fonts[key] = found
        return found

    def _open(self, face: Face, script: str | None, rtl: bool) -> tuple[Any, float, bool]:
        try:
            font = pygame.font.Font(face.path, self.pixel_size)
        except (OSError, ValueError):
            return (self.primary, 1.0, False)
        reverse = rtl and not set_right_to_left(font)
        if script is not None and script != EMOJI_SCRIPT.tag and not reverse:
            with contextlib.suppress(ValueError, AttributeError, pygame.error):
                font.set_script(script)
        height = font.get_height()
        scale = 1.0
        if height > self.primary.get_height() * BITMAP_RATIO:
            scale = self.primary.get_height() / height
        return (font, scale, reverse)

    def size(self, text: str) -> tuple[int, int]:
        """The width and height of ``text`` drawn as one line: the sum of its shaped
        runs (the order runs are drawn in does not change the width)."""
        if self.chain.primary_only(text):
            measured: tuple[int, int] = self.primary.size(text)
            return measured
        width = 0
        for run in self.chain.runs(text):
            # Shaped the way it is drawn: SDL_ttf's advances differ by direction.
            font, scale, _ = self._font(replace(run, level=1) if run.script in RTL_SCRIPTS else run)
            width += round(font.size(run.text)[0] * scale)
        return (width, self.get_height())

    def render(
        self, text: str, antialias: bool, colour: tuple[int, int, int], *_: object
    ) -> pygame.Surface:
        """``text`` as one transparent line: runs shaped, in visual order, on a shared
        baseline; bitmap (emoji) runs scaled to the line."""
        if self.chain.primary_only(text):
            plain: pygame.Surface = self.primary.render(text, antialias, colour)
            return plain
        pieces: list[tuple[pygame.Surface, int]] = []
        for run in visual_runs(self.chain.runs(text)):
            font, scale, reverse = self._font(run)
            shown = run.text[::-1] if reverse else run.text
            piece = font.render(shown, antialias, colour)
            if scale != 1.0:
                piece = _scaled(piece, scale)
            pieces.append((piece, round(font.get_ascent() * scale)))
        baseline = max(ascent for _, ascent in pieces)
        below = max(piece.get_height() - ascent for piece, ascent in pieces)
        width = sum(piece.get_width() for piece, _ in pieces)
        line = pygame.Surface((max(1, width), max(1, baseline + below)), pygame.SRCALPHA)
        x = 0
        for piece, ascent in pieces:
            line.blit(piece, (x, baseline - ascent), special_flags=pygame.BLEND_RGBA_MAX)
            x += piece.get_width()
        return line


def _scaled(piece: pygame.Surface, scale: float) -> pygame.Surface:
    size = (max(1, round(piece.get_width() * scale)), max(1, round(piece.get_height() * scale)))
    try:
        return pygame.transform.smoothscale(piece, size)
    except ValueError:  # not 24/32-bit: plain scaling
        return pygame.transform.scale(piece, size)
