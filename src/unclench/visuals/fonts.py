"""Text in any script: the bundled font first, then the system's fonts, chosen per run.

A line is split into runs of characters by the first font that has their glyphs (the
bundled Inter, then fontconfig's fallback order for ``sans-serif``), each run is shaped by
SDL_ttf's HarfBuzz with its script (Arabic joins, Devanagari conjuncts) and direction, the
runs are put in visual order by the Unicode bidi algorithm (python-bidi), and the line is
measured and drawn as one. A character no font has is drawn as U+FFFD (a readable mark,
never an empty box); an invisible one (a joiner, a variation selector) is dropped.

Side effects: ``system_faces`` runs ``fc-match`` once per weight, the first time a
character outside the bundled font is met (results cached for the process); fonts are
opened lazily, one ``pygame.font.Font`` per (file, size, script, direction).
"""

from __future__ import annotations

import ctypes
import glob
import os
import subprocess
import sys
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import pygame

from unclench.visuals.scripts import EMOJI_SCRIPT, script_of

REPLACEMENT = "\ufffd"
FONT_SUFFIXES = (".ttf", ".otf", ".ttc")
# A fallback font whose line is this much taller than the bundled one's is a fixed-size
# bitmap font (Noto Color Emoji draws at 109 px whatever size is asked): its runs are scaled.
BITMAP_RATIO = 1.5


@dataclass(frozen=True)
class Face:
    """A font file fontconfig offers, with the code points it covers."""

    path: str
    ranges: tuple[tuple[int, int], ...]
    colour: bool = False
    starts: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "starts", tuple(start for start, _ in self.ranges))

    def covers(self, char: str) -> bool:
        code = ord(char)
        at = bisect_right(self.starts, code) - 1
        return at >= 0 and code <= self.ranges[at][1]


def parse_charset(text: str) -> tuple[tuple[int, int], ...]:
    """fontconfig's charset notation ("20-7e a0-17f 2013") as sorted inclusive ranges."""
    ranges = []
    for item in text.split():
        start, _, end = item.partition("-")
        try:
            ranges.append((int(start, 16), int(end or start, 16)))
        except ValueError:
            continue
    return tuple(sorted(ranges))


FC_FORMAT = "%{file}\t%{index}\t%{color}\t%{charset}\n"


def parse_faces(output: str) -> tuple[Face, ...]:
    """The faces in ``fc-match -s --format FC_FORMAT`` output, in its order: only files
    SDL_ttf opens (TrueType/OpenType) and only the first face of a collection (pygame
    cannot choose another), each file once."""
    faces: list[Face] = []
    seen: set[str] = set()
    for line in output.splitlines():
        parts = line.split("\t")
        if len(parts) != 4:
            continue
        path, index, colour, charset = parts
        if index != "0" or not path.lower().endswith(FONT_SUFFIXES) or path in seen:
            continue
        seen.add(path)
        faces.append(Face(path, parse_charset(charset), colour.strip() == "True"))
    return tuple(faces)


Runner = Callable[[Sequence[str]], str]


def _run_fc_match(args: Sequence[str]) -> str:
    try:
        done = subprocess.run(list(args), capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return ""  # no fontconfig: the bundled font alone
    return done.stdout


def discover_faces(bold: bool, run: Runner = _run_fc_match) -> tuple[Face, ...]:
    """fontconfig's fallback list for a sans-serif of this weight (empty without it)."""
    pattern = "sans-serif:weight=bold" if bold else "sans-serif"
    return parse_faces(run(["fc-match", "-s", "--format", FC_FORMAT, pattern]))


@lru_cache(maxsize=2)
def system_faces(bold: bool) -> tuple[Face, ...]:
    """``discover_faces`` once per weight for the process (fonts rarely change under a
    running app; a restart sees new ones)."""
    return discover_faces(bold)


# --- right-to-left through SDL_ttf ------------------------------------------------------
# pygame 2.6 exposes Font.set_script but not SDL_ttf's TTF_SetFontDirection, so HarfBuzz
# would lay an Arabic run out left to right (letters reversed, joins broken). The bundled
# SDL_ttf is called through ctypes with the TTF_Font pointer pygame's Font object holds
# right after its object header; the pointer is checked against the font's own height and
# ascent before use, and when anything differs right-to-left runs are drawn unshaped.


@lru_cache(maxsize=1)
def _sdl_ttf() -> Any:
    if hasattr(sys, "gettotalrefcount"):  # a debug build: another object layout
        return None
    folder = os.path.join(os.path.dirname(pygame.__file__), "..", "pygame.libs")
    candidates = [*glob.glob(os.path.join(folder, "libSDL2_ttf*")), "libSDL2_ttf-2.0.so.0"]
    for name in candidates:
        try:
            lib = ctypes.CDLL(name)
            lib.TTF_SetFontDirection.argtypes = [ctypes.c_void_p, ctypes.c_int]
            lib.TTF_SetFontDirection.restype = ctypes.c_int
            lib.TTF_GlyphIsProvided32.argtypes = [ctypes.c_void_p, ctypes.c_uint32]
            for probe in (lib.TTF_FontHeight, lib.TTF_FontAscent):
                probe.argtypes, probe.restype = [ctypes.c_void_p], ctypes.c_int
        except (OSError, AttributeError):
            continue
        return lib
    return None


TTF_DIRECTION_RTL = 1


def _ttf_pointer(font: Any) -> tuple[Any, int] | None:
    """SDL_ttf and ``font``'s TTF_Font pointer, when both are there and check out."""
    lib = _sdl_ttf()
    if lib is None or type(font) is not pygame.font.Font:
        return None
    header = ctypes.sizeof(ctypes.c_ssize_t) + ctypes.sizeof(ctypes.c_void_p)
    pointer = ctypes.c_void_p.from_address(id(font) + header).value
    if not pointer or lib.TTF_FontHeight(pointer) != font.get_height():
        return None
    if lib.TTF_FontAscent(pointer) != font.get_ascent():
        return None
    return lib, pointer


def set_right_to_left(font: Any) -> bool:
    """Make SDL_ttf shape ``font``'s text right to left; False when it cannot."""
    found = _ttf_pointer(font)
    if found is None:
        return False
    lib, pointer = found
    return bool(lib.TTF_SetFontDirection(pointer, TTF_DIRECTION_RTL) == 0)


def glyph_test(font: Any) -> Callable[[str], bool]:
    """A test of whether ``font`` has a glyph for a character. pygame's ``metrics`` gives
    the .notdef box's metrics for a missing character of the Basic Multilingual Plane, so
    SDL_ttf's TTF_GlyphIsProvided32 is asked; without it a character counts as missing
    when it draws exactly the pixels of a noncharacter (U+FFFF, the .notdef box)."""
    found = _ttf_pointer(font)
    if found is not None:
        lib, pointer = found
        provided = lib.TTF_GlyphIsProvided32
        provided.argtypes, provided.restype = [ctypes.c_void_p, ctypes.c_uint32], ctypes.c_int
        return lambda char: bool(provided(pointer, ord(char)))
    notdef = font.metrics("\uffff")[0]
    notdef_pixels = pygame.image.tobytes(font.render("\uffff", False, (255, 255, 255)), "RGBA")

    def by_pixels(char: str) -> bool:
        metrics = font.metrics(char)[0]
        if metrics is None:
            return False
        if metrics != notdef:
            return True
        drawn = pygame.image.tobytes(font.render(char, False, (255, 255, 255)), "RGBA")
        return drawn != notdef_pixels

    return by_pixels


# --- splitting a line into runs -------------------------------------------------------

PRIMARY = 0
MISSING = -1


@dataclass(frozen=True)
class Run:
    """Consecutive characters drawn with one font, script and direction."""

    text: str
    face: int
    """PRIMARY (the bundled font) or 1 + an index into the system faces."""
    script: str | None
    level: int = 0
    """Bidi embedding level: odd is right to left."""


def _is_neutral(char: str) -> bool:
    """Marks, spaces, punctuation and format characters stay in a shaped run when its font
    has them (a Devanagari vowel sign with its consonant, the space between two Arabic
    words inside one shaped run); elsewhere they go to the bundled font like letters."""
    return unicodedata.category(char)[0] in "MZPC"


def is_invisible(char: str) -> bool:
    """Zero-width characters (marks, joiners, variation selectors): dropped when missing."""
    category = unicodedata.category(char)
    return category[0] == "M" or category in ("Cf", "Cc") or 0xFE00 <= ord(char) <= 0xFE0F


RTL_SCRIPTS = frozenset({"Arab", "Hebr"})
_CJK = frozenset({"Hani", "Hira", "Kana", "Hang"})


class FallbackChain:
    """Which font draws each character: the bundled font (asked through ``has_glyph``),
    then the system faces (loaded only when the bundled font lacks a character).
    Remembers every answer, so a line costs a dictionary look-up per character."""

    def __init__(
        self, has_glyph: Callable[[str], bool], faces: Callable[[], tuple[Face, ...]]
    ) -> None:
        self._has_glyph = has_glyph
        self._load_faces = faces
        self._faces: tuple[Face, ...] | None = None
        self._choice: dict[str, int] = {}
        self._primary: set[str] = set()

    @property
    def faces(self) -> tuple[Face, ...]:
        if self._faces is None:
            self._faces = self._load_faces()
        return self._faces

    def primary_only(self, text: str) -> bool:
        """True when the bundled font has every character of ``text`` (the common case,
        answered by a set comparison once its characters have been seen)."""
        if text.isascii():
            return True  # every font the app opens has printable ASCII
        chars = set(text)
        if chars <= self._primary:
            return True
        for char in chars - self._primary:
            if not self._has_glyph(char):
                return False
            self._primary.add(char)
        return True

    def first_face(self, char: str) -> int:
        """The preferred face with a glyph for ``char``, or MISSING."""
        choice = self._choice.get(char)
        if choice is None:
            choice = self._choose(char)
            self._choice[char] = choice
        return choice

    def _choose(self, char: str) -> int:
        if self._has_glyph(char):
            return PRIMARY
        faces = self.faces
        if script_of(char) is EMOJI_SCRIPT:  # a colour glyph first, as the desktop does
            for index, face in enumerate(faces):
                if face.colour and face.covers(char):
                    return index + 1
        for index, face in enumerate(faces):
            if face.covers(char):
                return index + 1
        return MISSING

    def covers(self, face: int, char: str) -> bool:
        if face == PRIMARY:
            return self._has_glyph(char)
        return face > 0 and self.faces[face - 1].covers(char)

    def runs(self, text: str) -> list[Run]:
        """``text`` in logical order as runs of one face and script (levels all 0; see
        ``visual_runs``). Missing characters become U+FFFD, invisible ones are dropped."""
        runs: list[Run] = []
        chars: list[str] = []
        face, script = MISSING, None
        for char in text:
            shaped = script is not None and script != EMOJI_SCRIPT.tag and script not in _CJK
            if shaped and _is_neutral(char) and self.covers(face, char):
                chars.append(char)
                continue
            choice = self.first_face(char)
            if choice == MISSING:
                if is_invisible(char):
                    continue
                char, choice = REPLACEMENT, self.first_face(REPLACEMENT)
                if choice == MISSING:
                    char, choice = "?", PRIMARY
            found = script_of(char)
            tag = found.tag if found is not None else None
            if choice != face or _splits(script, tag):
                if chars:
                    runs.append(Run("".join(chars), face, script))
                chars, face, script = [], choice, tag
            elif script is None:
                script = tag
            chars.append(char)
        if chars:
            runs.append(Run("".join(chars), face, script))
        return runs


def _splits(current: str | None, new: str | None) -> bool:
    """Whether a change of script inside one font starts a new run: only between two
    scripts shaped differently (Japanese mixes kanji and kana in one run)."""
    if current is None or new is None or current == new:
        return False
    return not (current in _CJK and new in _CJK)


def _levels(text: str) -> list[int]:
    """The bidi embedding level of each character of ``text`` (rules P2–I2 of UAX #9)."""
    from bidi import algorithm

    storage = algorithm.get_empty_storage()
    base = algorithm.get_base_level(text)
    storage["base_level"], storage["base_dir"] = base, ("L", "R")[base]
    algorithm.get_embedding_levels(text, storage)
    algorithm.explicit_embed_and_overrides(storage)
    algorithm.resolve_weak_types(storage)
    algorithm.resolve_neutral_types(storage, False)
    algorithm.resolve_implicit_levels(storage, False)
    return [int(char["level"]) for char in storage["chars"]]


_RTL_CLASSES = frozenset({"R", "AL", "RLE", "RLO", "RLI"})


def has_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(char) in _RTL_CLASSES for char in text)


def visual_runs(runs: list[Run]) -> list[Run]:
    """``runs`` (logical order) split where the bidi level changes and put in the order
    they are drawn, left to right (rule L2: from the highest level down to the lowest odd
    one, reverse every sequence of runs at that level or above)."""
    text = "".join(run.text for run in runs)
    if not has_rtl(text):
        return runs
    levels = _levels(text)
    split: list[Run] = []
    at = 0
    for run in runs:
        start = 0
        for i in range(1, len(run.text) + 1):
            if i == len(run.text) or levels[at + i] != levels[at + start]:
                split.append(Run(run.text[start:i], run.face, run.script, levels[at + start]))
                start = i
        at += len(run.text)
    highest = max(run.level for run in split)
    lowest_odd = min((run.level for run in split if run.level % 2), default=highest + 1)
    for level in range(highest, lowest_odd - 1, -1):
        i = 0
        while i < len(split):
            if split[i].level >= level:
                j = i
                while j < len(split) and split[j].level >= level:
                    j += 1
                split[i:j] = split[i:j][::-1]
                i = j
            else:
                i += 1
    return split
