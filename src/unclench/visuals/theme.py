"""The look: the palettes (dark, light, high contrast), the bundled font, and the base unit
every size derives from.

Colours are plain ``(r, g, b)`` tuples so the pure geometry modules can compute with them
without pygame. ``Fonts`` is the one stateful thing here: it loads the bundled Inter font
once per pixel size and keeps a small LRU of rendered text, because rendering text every
frame is the main CPU cost of a calm, mostly still screen.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pygame

from unclench.core.phases import Phase
from unclench.paths import assets_dir
from unclench.visuals.fonts import Face, FallbackChain, glyph_test, system_faces
from unclench.visuals.line_font import LineFont

RGB = tuple[int, int, int]


@dataclass(frozen=True)
class Palette:
    """Every colour the visuals use. Text colours (``TEXT_COLOURS``: the phase colours are
    drawn as words too) keep a WCAG contrast ratio of at least 4.5:1 against ``background``
    and ``surface``; in the high-contrast palette text and essential graphics
    (``ESSENTIAL_COLOURS``) keep 7:1 (tests check both)."""

    background: RGB
    """The window behind everything: a deep blue-grey night."""
    surface: RGB
    """Cards and panels, one step lighter than the background."""
    surface_edge: RGB
    """A hairline around cards and the body figure's outline."""
    text: RGB
    """Main text: captions, titles."""
    text_dim: RGB
    """Secondary text: hints, side labels, clock."""
    accent_breath: RGB
    """The breathing disc at full lungs (soft teal)."""
    breath_low: RGB
    """The breathing disc at empty lungs (a deeper sea-green)."""
    tense: RGB
    """Warm amber: a muscle group being tensed."""
    release: RGB
    """Cool blue-green: a muscle group letting go."""
    stretch: RGB
    """A stretch's lit regions and hold ring (soft lavender-blue)."""
    warning: RGB
    """Cautions and errors (muted coral)."""
    body: RGB
    """Unlit regions of the body figure."""
    track: RGB
    """The empty part of rings and progress bars."""


DARK = Palette(
    background=(17, 22, 31),
    surface=(27, 34, 46),
    surface_edge=(50, 61, 78),
    text=(226, 232, 238),
    text_dim=(148, 160, 176),
    accent_breath=(102, 201, 186),
    breath_low=(44, 120, 118),
    tense=(240, 168, 82),
    release=(110, 190, 214),
    stretch=(150, 160, 232),
    warning=(232, 128, 112),
    body=(44, 54, 70),
    track=(40, 50, 66),
)

LIGHT = Palette(
    background=(238, 241, 244),
    surface=(250, 251, 252),
    surface_edge=(204, 212, 222),
    text=(28, 36, 48),
    text_dim=(84, 96, 112),
    accent_breath=(20, 118, 108),
    breath_low=(96, 180, 170),
    tense=(150, 80, 10),
    release=(22, 102, 138),
    stretch=(78, 84, 178),
    warning=(172, 52, 40),
    body=(214, 221, 230),
    track=(218, 224, 232),
)

CONTRAST = Palette(
    background=(0, 0, 0),
    surface=(14, 16, 20),
    surface_edge=(200, 205, 212),
    text=(255, 255, 255),
    text_dim=(222, 226, 232),
    accent_breath=(110, 232, 214),
    breath_low=(64, 196, 184),
    tense=(255, 196, 112),
    release=(128, 212, 240),
    stretch=(184, 190, 255),
    warning=(255, 160, 144),
    body=(56, 60, 70),
    track=(70, 76, 88),
)

THEMES: Mapping[str, Palette] = MappingProxyType(
    {"dark": DARK, "light": LIGHT, "contrast": CONTRAST}
)
"""The palettes by the ``theme`` setting's value (the one list of themes)."""

TEXT_COLOURS = ("text", "text_dim", "accent_breath", "tense", "release", "stretch", "warning")
"""The palette fields drawn as text (phase words are drawn in the phase colours)."""
ESSENTIAL_COLOURS = (*TEXT_COLOURS, "breath_low", "surface_edge")
"""Text plus the graphics that carry meaning (the disc at both ends, panel edges)."""


def relative_luminance(colour: RGB) -> float:
    """WCAG 2 relative luminance of an sRGB colour, 0 (black) to 1 (white)."""

    def linear(v: int) -> float:
        s = v / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = colour
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)


def contrast_ratio(a: RGB, b: RGB) -> float:
    """The WCAG contrast ratio of two colours, 1 (same) to 21 (black on white)."""
    high, low = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@lru_cache(maxsize=4)
def phase_colours(palette: Palette) -> Mapping[Phase, RGB]:
    """The colour each phase is drawn in (its word on the session screen, the name of the
    muscle group being worked): the one table of phase colours, one entry per phase."""
    breath, quiet = palette.accent_breath, palette.text_dim
    return MappingProxyType(
        {
            Phase.INHALE: breath,
            Phase.HOLD: breath,
            Phase.HOLD_OUT: breath,
            Phase.EXHALE: breath,
            Phase.TENSE: palette.tense,
            Phase.RELEASE: palette.release,
            Phase.STRETCH: palette.stretch,
            Phase.REST: quiet,
            Phase.INSTRUCTION: quiet,
        }
    )


def mix(a: RGB, b: RGB, t: float) -> RGB:
    """The colour ``t`` of the way from ``a`` to ``b`` (t clamped to 0..1), rounded."""
    t = min(1.0, max(0.0, t))
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def scale_for(size: tuple[int, int] | pygame.Rect) -> float:
    """The base unit in pixels: 1/100 of the window height, or of 4/3 of its width when the
    window is narrower than 4:3. Every size is a multiple of this, never fixed pixels, so a
    layout looks the same at 640×480 and at 4K (high-DPI safe: it follows real pixels)."""
    width, height = (size.width, size.height) if isinstance(size, pygame.Rect) else size
    return max(1.0, min(float(height), width * 0.75) / 100.0)


class Weight(StrEnum):
    REGULAR = "regular"
    SEMIBOLD = "semibold"


FONT_FILES: dict[Weight, str] = {
    Weight.REGULAR: "Inter-Regular.otf",
    Weight.SEMIBOLD: "Inter-SemiBold.otf",
}


class Fonts:
    """Loads the bundled font once per (weight, pixel size) and caches rendered text.

    ``folder`` defaults to ``assets/fonts``; when a file is missing or unreadable, pygame's
    default font is used instead (the app still runs, just plainer). Characters the bundled
    font lacks are drawn with the system's fonts (``visuals.fonts``: per run, shaped,
    bidi-ordered); ``faces`` replaces fontconfig's list (tests). Side effect: calls
    ``pygame.font.init()`` the first time a font is needed.
    """

    def __init__(
        self,
        folder: Path | None = None,
        text_cache_size: int = 256,
        faces: Callable[[bool], tuple[Face, ...]] = system_faces,
        scale: float = 1.0,
    ) -> None:
        self.scale = scale
        """The user's text size (``text_scale``): every size asked for is multiplied by it.
        It is fixed for the object's life; the app makes new Fonts when it changes, so
        layout caches keyed on the Fonts object never mix sizes."""
        self.folder = folder if folder is not None else assets_dir() / "fonts"
        self._fonts: dict[tuple[Weight, int], LineFont] = {}
        self._chains: dict[Weight, FallbackChain] = {}
        self._probes: dict[Weight, Any] = {}
        self._faces = faces
        self._rendered: OrderedDict[tuple[str, int, Weight, RGB], pygame.Surface] = OrderedDict()
        self._cache_size = text_cache_size
        self.fallback_used = False

    def get(self, size: int, weight: Weight = Weight.REGULAR) -> LineFont:
        """The font of ``size`` pixels times the text scale (at least 6): measures and draws
        like a ``pygame.font.Font``, in any script the machine has a font for."""
        size = max(6, int(size * self.scale))
        key = (weight, size)
        font = self._fonts.get(key)
        if font is None:
            font = LineFont(self._open(size, weight), self.chain(weight), size)
            self._fonts[key] = font
        return font

    def chain(self, weight: Weight = Weight.REGULAR) -> FallbackChain:
        """Which font draws each character at this weight (shared by every size)."""
        chain = self._chains.get(weight)
        if chain is None:
            probe = self._open(16, weight)
            bold = weight is not Weight.REGULAR
            chain = FallbackChain(glyph_test(probe), lambda: self._faces(bold))
            self._probes[weight] = probe  # the test reads this font: keep it open
            self._chains[weight] = chain
        return chain

    def _open(self, size: int, weight: Weight) -> Any:
        if not pygame.font.get_init():
            pygame.font.init()
        path = self.folder / FONT_FILES[weight]
        try:
            return pygame.font.Font(str(path), size)
        except (OSError, FileNotFoundError):
            self.fallback_used = True
            # pygame's default font draws smaller per pixel size; compensate a little.
            return pygame.font.Font(None, round(size * 1.3))

    def render(
        self, text: str, size: int, colour: RGB, weight: Weight = Weight.REGULAR
    ) -> pygame.Surface:
        """An anti-aliased, transparent text surface, from the LRU cache when possible.
        Callers must not draw on the returned surface (it is shared)."""
        key = (text, max(6, int(size)), weight, colour)
        hit = self._rendered.get(key)
        if hit is not None:
            self._rendered.move_to_end(key)
            return hit
        surf: pygame.Surface = self.get(key[1], weight).render(text, True, colour)
        self._rendered[key] = surf
        if len(self._rendered) > self._cache_size:
            self._rendered.popitem(last=False)
        return surf

    @property
    def cached_texts(self) -> int:
        return len(self._rendered)
